from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from nsatu.catalogue.models import ItemType
from nsatu.core.forms import offer_choices, searchable
from nsatu.core.models import Releasability
from nsatu.logistics.models import DiscrepancyKind, RepairStatus, ShipmentStatus
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

DATE = forms.DateInput(attrs={"type": "date"})
MAX_INT = 2**31 - 1


class BoardFilterForm(forms.Form):
    donor = forms.ChoiceField(label=_("Donor"), required=False)

    def __init__(self, *args: Any, donors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["donor"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All donors")), *donors]
        searchable(field)


class ShipmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ShipmentStatus.choices],
    )
    donor = forms.ChoiceField(label=_("Donor"), required=False)
    hub = forms.TypedChoiceField(label=_("Hub"), required=False, coerce=int, empty_value=None)
    handover_from = forms.DateField(label=_("Handover planned from"), required=False, widget=DATE)
    handover_to = forms.DateField(label=_("Handover planned to"), required=False, widget=DATE)

    def __init__(
        self,
        *args: Any,
        donors: list[tuple[str, str]],
        hubs: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        donor = self.fields["donor"]
        hub = self.fields["hub"]
        assert isinstance(donor, forms.ChoiceField) and isinstance(hub, forms.ChoiceField)
        donor.choices = [("", _("All donors")), *donors]
        hub.choices = [("", _("All hubs")), *hubs]
        searchable(donor)
        searchable(hub)

    def chosen(self) -> dict[str, Any]:
        """The filters to apply: those given and valid; an invalid one is shown on the form and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in self.fields if name not in self.errors}


class RepairFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *RepairStatus.choices]
    )


class ShipmentForm(forms.Form):
    """One line per form: most movements carry one item type; more lines go through the API."""

    donor = forms.ModelChoiceField(
        label=_("Donor"), queryset=Party.objects.none(), to_field_name="code"
    )
    origin = forms.CharField(label=pgettext_lazy("shipment", "Origin"), max_length=200)
    origin_lat = forms.FloatField(
        label=_("Origin latitude"), min_value=-90, max_value=90, required=False
    )
    origin_lon = forms.FloatField(
        label=_("Origin longitude"), min_value=-180, max_value=180, required=False
    )
    hub = forms.CharField(
        label=_("Hub"), max_length=300, help_text=_("The hub's name as listed on the hubs page.")
    )
    handover_point = forms.CharField(label=_("Handover point"), max_length=200)
    planned_dispatch = forms.DateField(label=_("Planned dispatch"), widget=DATE)
    planned_at_hub = forms.DateField(label=_("Planned at hub"), widget=DATE)
    planned_handover = forms.DateField(label=_("Planned handover"), widget=DATE)
    item_type = forms.ModelChoiceField(label=_("Item type"), queryset=ItemType.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_INT)
    pledge = forms.ModelChoiceField(
        label=_("Against pledge"),
        queryset=Pledge.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"),
        initial=Releasability.PARTICIPANTS,
        choices=[
            (Releasability.PARTICIPANTS, Releasability.PARTICIPANTS.label),
            (Releasability.PUBLIC, Releasability.PUBLIC.label),
        ],
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        donors: QuerySet[Party],
        item_types: QuerySet[ItemType],
        pledges: QuerySet[Pledge],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "donor", donors)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "pledge", pledges)


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s, s.label)
            for s in (ShipmentStatus.DISPATCHED, ShipmentStatus.AT_HUB, ShipmentStatus.HANDED_OVER)
        ],
    )
    on = forms.DateField(label=_("On"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_INT)


class ReceiptForm(forms.Form):
    """Accepted units and at most one discrepancy per line; fields are named by line id."""

    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_INT)

    def __init__(self, *args: Any, line_ids: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line_ids = line_ids
        for pk, label in line_ids:
            self.fields[f"accepted_{pk}"] = forms.IntegerField(
                label=_("%(item)s: accepted") % {"item": label},
                min_value=0,
                max_value=MAX_INT,
                initial=0,
            )
            self.fields[f"kind_{pk}"] = forms.ChoiceField(
                label=_("discrepancy"),
                required=False,
                choices=[("", _("— none —")), *DiscrepancyKind.choices],
            )
            self.fields[f"short_{pk}"] = forms.IntegerField(
                label=_("units"), min_value=0, max_value=MAX_INT, required=False
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("note"), max_length=500, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for pk, label in self.line_ids:
            if data.get(f"short_{pk}") and not data.get(f"kind_{pk}"):
                self.add_error(
                    f"kind_{pk}", _("%(item)s: say what the discrepancy is.") % {"item": label}
                )
        return data

    def rows(self) -> list[tuple[int, BoundField, BoundField, BoundField, BoundField]]:
        return [
            (
                pk,
                self[f"accepted_{pk}"],
                self[f"kind_{pk}"],
                self[f"short_{pk}"],
                self[f"note_{pk}"],
            )
            for pk, _label in self.line_ids
        ]


class RepairForm(forms.Form):
    item_type = forms.ModelChoiceField(label=_("Item type"), queryset=ItemType.objects.none())
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_INT)
    facility = forms.CharField(label=_("Facility"), max_length=200)
    facility_party = forms.ModelChoiceField(
        label=_("Facility nation"), queryset=Party.objects.none(), to_field_name="code"
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE)
    expected_return = forms.DateField(label=_("Expected return"), widget=DATE)

    def __init__(
        self, *args: Any, item_types: QuerySet[ItemType], parties: QuerySet[Party], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_choices(self, "item_type", item_types)
        offer_choices(self, "facility_party", parties)


class RepairStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (s, s.label)
            for s in (RepairStatus.IN_REPAIR, RepairStatus.RETURNED, RepairStatus.WRITTEN_OFF)
        ],
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=MAX_INT)
