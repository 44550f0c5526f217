from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices
from nsatu.core.models import Releasability
from nsatu.core.web import limit_releasability
from nsatu.intake.models import Classification
from nsatu.parties.models import Party
from nsatu.pledges.models import PledgeKind

MAX_PASTED_CHARS = 1_000_000
MAX_VERSION = 2**31 - 1


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File (.txt, .html, .pdf)"), required=False, allow_empty_file=True
    )
    text = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        max_length=MAX_PASTED_CHARS,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    pasted_kind = forms.ChoiceField(
        label=_("Pasted text is"),
        choices=[("text", _("plain text")), ("html", _("HTML source"))],
        initial="text",
        required=False,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("Left empty, the document's own title or first line is used."),
    )
    url = forms.URLField(
        label=_("Address (URL)"), max_length=1000, required=False, assume_scheme="https"
    )
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Dates such as “last week” are read against it."),
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.PARTICIPANTS
    )

    def __init__(self, *args: Any, releasabilities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_releasability(self.fields["releasability"], releasabilities)
        if Releasability.PARTICIPANTS not in releasabilities:
            self.fields["releasability"].initial = releasabilities[0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload: UploadedFile[bytes] | None = data.get("file")
        text: str = data.get("text") or ""
        if upload is not None and text.strip():
            raise forms.ValidationError(_("Upload a file or paste a text, not both."))
        if upload is None and not text.strip():
            if "file" not in self.errors and "text" not in self.errors:
                raise forms.ValidationError(_("Upload a file or paste a text: both are empty."))
            return data
        if upload is not None:
            # Refused before a byte is read: a 50 MB upload must not be held in memory to be turned down.
            if upload.size is not None and upload.size > settings.NSATU_MAX_UPLOAD_BYTES:
                self.add_error(
                    "file",
                    _("%(name)s is %(size)s; the limit is %(limit)s.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(upload.size),
                        "limit": filesizeformat(settings.NSATU_MAX_UPLOAD_BYTES),
                    },
                )
                return data
            data["name"] = upload.name or "upload"
            data["data"] = upload.read()
        else:
            data["name"] = "pasted.html" if data.get("pasted_kind") == "html" else "pasted.txt"
            data["data"] = text.encode("utf-8")
        return data


class QueueFilterForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[
            (Classification.NEW_PLEDGE, _("New pledges")),
            ("all", _("All claims")),
            *[(v, label) for v, label in Classification.choices if v != Classification.NEW_PLEDGE],
        ],
    )


class ClaimEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_VERSION)
    donor = forms.ModelChoiceField(
        label=_("Donor"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("— unassigned —"),
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"),
        queryset=Party.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("— none —"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PledgeKind.choices)
    item_type = forms.ModelChoiceField(
        label=_("Item type"),
        queryset=ItemType.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, min_value=0, max_value=2**31 - 1
    )
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    mechanism = forms.CharField(label=_("Mechanism"), required=False, max_length=40)
    date_announced = forms.DateField(
        label=_("Announced on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, parties: QuerySet[Party], item_types: QuerySet[ItemType], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for name in ("donor", "recipient"):
            offer_choices(self, name, parties)
        offer_choices(self, "item_type", item_types)


class ConfirmForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION)
    allow_duplicate = forms.BooleanField(required=False)


class MergeForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION)
    pledge = forms.IntegerField(min_value=1, max_value=2**63 - 1)


class RejectForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=MAX_VERSION)
    reason = forms.CharField(label=_("Why is it rejected?"), max_length=1000)
