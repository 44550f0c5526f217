"""Reads of the Excel upload: the lists a template offers and an upload accepts (what THIS user may see and use,
through the domains' own form selectors), and an upload as its uploader reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Model, TextChoices
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.catalogue.selectors import item_type_refs_mark
from nsatu.core.actors import Actor
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.refs import ref_label
from nsatu.core.visibility import readable_releasabilities
from nsatu.exchange.models import Upload, UploadKind, UploadStatus
from nsatu.exchange.upload_columns import SHEETS
from nsatu.exchange.upload_lists import Book, Choices
from nsatu.exchange.upload_template import template_workbook
from nsatu.logistics.hub_selectors import hub_list
from nsatu.logistics.selectors import shipment_form_get, shipment_recipient
from nsatu.needs.models import PeriodChoice, UnitKindChoice
from nsatu.needs.selectors import requirement_form_choices
from nsatu.parties.models import Party
from nsatu.pledges.models import PledgeKind, PledgeStatus
from nsatu.pledges.selectors import pledge_form_choices
from nsatu.pledges.workflow import CREATE_STATUSES
from nsatu.training.models import Skill
from nsatu.training.selectors import course_form_choices


def _text_choices(choices: type[TextChoices], values: Iterable[str] | None = None) -> Choices:
    wanted = list(values) if values is not None else list(choices.values)
    result = Choices()
    for value in wanted:
        result.add(str(choices(value).label), value, value)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value in wanted:
                result.lookup.setdefault(str(choices(value).label).lower(), value)
    return result


def _records[M: Model](records: Iterable[M], label: str = "name", *codes: str) -> Choices:
    result = Choices()
    for record in records:
        result.add(str(getattr(record, label)), record, *(str(getattr(record, c)) for c in codes))
    return result


def _parties(parties: Iterable[Party]) -> Choices:
    return _records(parties, "name", "code")


def _releasabilities(allowed: Iterable[str]) -> Choices:
    return _text_choices(Releasability, [r for r in Releasability.values if r in set(allowed)])


def _pledges_book(user: Actor) -> Book:
    form = pledge_form_choices(user=user)
    parties = _parties(form.recipients)
    return {
        "donors": _parties(form.donors),
        "parties": parties,
        "recipients": parties,
        "pledge_kinds": _text_choices(PledgeKind),
        "item_types": _records(form.item_types),
        "pledge_statuses": _text_choices(PledgeStatus, CREATE_STATUSES),
        "requirements": _records(form.requirements, "reference"),
        "releasabilities": _releasabilities(form.releasabilities),
        "hubs": _records(hub_list(user=user)),
    }


def _requirements_book(user: Actor) -> Book:
    form = requirement_form_choices(user=user)
    return {
        "capability_areas": _text_choices(CapabilityArea),
        "item_types": _records(form.item_types),
        "ammunition_families": _records(form.families),
        "unit_kinds": _text_choices(UnitKindChoice),
        "periods": _text_choices(PeriodChoice),
        "releasabilities": _releasabilities(readable_releasabilities(user, owner_id=user.party_id)),
    }


def _shipments_book(user: Actor) -> Book:
    form = shipment_form_get(user=user)
    pledges = Choices()
    for pledge in item_type_refs_mark(form.pledges, user=user).select_related("donor"):
        what = ref_label(pledge, "item_type") or pledge.description
        label = f"#{pledge.pk} {pledge.donor.code}: {what} ({pledge.quantity or '-'})"
        pledges.add(label, pledge, f"#{pledge.pk}")
    try:
        recipients = _parties([shipment_recipient(user=user)])
    except ValidationError:
        recipients = Choices()
    return {
        "donors": _parties(form.donors),
        "recipients": recipients,
        "hubs": _records(form.hubs),
        "item_types": _records(form.item_types),
        "pledges": pledges,
        "releasabilities": _releasabilities([Releasability.PUBLIC, Releasability.PARTICIPANTS]),
    }


def _courses_book(user: Actor) -> Book:
    form = course_form_choices(user=user)
    return {
        "hosts": _parties(form.hosts),
        "skills": _text_choices(Skill),
        "item_types": _records(form.item_types),
        "releasabilities": _releasabilities(form.releasabilities),
    }


BOOKS = {
    UploadKind.PLEDGES: _pledges_book,
    UploadKind.REQUIREMENTS: _requirements_book,
    UploadKind.SHIPMENTS: _shipments_book,
    UploadKind.COURSES: _courses_book,
}


def upload_book_get(*, user: Actor, kind: str) -> Book:
    """The lists of a kind's template as `user` may use them: a liaison's own nation as donor, the item types,
    hubs, requirements and pledges he may see. The upload accepts exactly these as references."""
    return BOOKS[UploadKind(kind)](user)


def upload_get(*, user: Actor, pk: int) -> Upload:
    """An upload, read by its uploader only (it holds his file and what it would write); the file itself is
    not read: a page shows what was found in it, and only the write reads it again."""
    upload = Upload.objects.defer("content").filter(pk=pk, uploaded_by_id=user.pk).first()
    if upload is None:
        raise NotFound(pk)
    return upload


def upload_template_get(*, user: Actor, kind: str) -> bytes:
    """The fill-in workbook of `kind`, its drop-downs holding what `user` may use."""
    return template_workbook(sheet=SHEETS[kind], book=upload_book_get(user=user, kind=kind))


@dataclass(frozen=True)
class Cell:
    type: (
        str  # "date", "number" or "text": the page formats each as the reader's language writes it
    )
    value: object


@dataclass(frozen=True)
class UploadPage:
    upload: Upload
    columns: list[str]
    rows: list[tuple[int, list[Cell]]]
    counts: list[tuple[str, int]]
    problems: list[dict[str, object]]
    may_write: bool


RECORD_LABELS = {
    "pledges.pledge": _("Pledges"),
    "pledges.tranche": _("Tranches"),
    "needs.requirement": _("Requirements"),
    "logistics.shipment": _("Shipments"),
    "logistics.shipmentline": _("Shipment lines"),
    "training.course": _("Courses"),
}


def _typed(cell: list[str]) -> Cell:
    kind, text = cell
    if kind == "d":
        return Cell("date", dt.date.fromisoformat(text))
    if kind == "n":
        return Cell("number", Decimal(text))
    return Cell("text", text)


def upload_page_get(*, user: Actor, pk: int, kind: str) -> UploadPage:
    """An upload's preview (or outcome) as its uploader reads it."""
    upload = upload_get(user=user, pk=pk)
    if upload.kind != kind:
        raise NotFound(pk)
    sheet = SHEETS[kind]
    preview = upload.preview or {}
    keys = [k for k in preview.get("columns", []) if any(c.key == k for c in sheet.columns)]
    counts = (
        upload.records_written
        if upload.status == UploadStatus.WRITTEN
        else preview.get("counts", {})
    )
    return UploadPage(
        upload=upload,
        columns=[str(sheet.column(k).label) for k in keys],
        rows=[(row[0], [_typed(c) for c in row[1:]]) for row in preview.get("rows", [])],
        counts=[(str(RECORD_LABELS.get(label, label)), n) for label, n in counts.items()],
        problems=list(upload.problems),
        may_write=upload.status == UploadStatus.PREVIEWED
        and upload.to_write > 0
        and upload.purged_at is None,
    )
