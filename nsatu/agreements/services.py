"""Writes on agreements and fund ledgers. Each checks the actor (nsatu.agreements.rules), writes an audit event
and is one transaction of its own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.agreements import rules
from nsatu.agreements.fund_services import fund_entry_record
from nsatu.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementLink,
    AgreementStatus,
    Commitment,
)
from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.core.actors import Actor, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability, full_clean_or_raise
from nsatu.flows.models import Flow
from nsatu.flows.valuation import flow_valuation
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

__all__ = [
    "agreement_create",
    "agreement_link",
    "agreement_link_flow",
    "agreement_link_pledge",
    "agreement_unlink",
    "agreement_update",
    "commitment_create",
    "commitment_update",
    "fund_entry_record",
]


def _may_link(actor: Actor, agreement: Agreement, donor_id: int | None) -> None:
    require_role(actor, *rules.LINKERS, action=_("link records to agreements"))
    if not rules.may_link(actor, agreement):
        raise PermissionDenied(
            _("%(party)s is not a party to %(agr)s.") % {"party": actor.party, "agr": agreement}
        )
    if not rules.may_link_record_of(actor, donor_id):
        raise PermissionDenied(_("A liaison links only its own nation's pledges and flows."))


@transaction.atomic
def agreement_link(
    *, actor: Actor, agreement: Agreement, pledge: Pledge | None = None, flow: Flow | None = None
) -> AgreementLink:
    """Link the pledge, or else the flow, a page or a request names."""
    if pledge is not None:
        return agreement_link_pledge(actor=actor, agreement=agreement, pledge=pledge)
    if flow is None:
        raise ValidationError({"pledge": [_("Give either a pledge id or a flow id.")]})
    return agreement_link_flow(actor=actor, agreement=agreement, flow=flow)


@transaction.atomic
def agreement_link_pledge(*, actor: Actor, agreement: Agreement, pledge: Pledge) -> AgreementLink:
    _may_link(actor, agreement, pledge.donor_id)
    if AgreementLink.objects.filter(agreement=agreement, pledge=pledge).exists():
        raise ValidationError(
            {
                "pledge": [
                    _("Pledge %(id)s is already linked to %(agr)s.")
                    % {"id": pledge.pk, "agr": agreement}
                ]
            }
        )
    if not agreement.parties.filter(pk=pledge.donor_id).exists():
        raise ValidationError(
            {
                "pledge": [
                    _("Pledge %(id)s is by %(donor)s, which is not a party to %(agr)s.")
                    % {"id": pledge.pk, "donor": pledge.donor, "agr": agreement}
                ]
            }
        )
    link = AgreementLink(agreement=agreement, pledge=pledge, linked_by_id=actor.pk)
    return record_create(actor=actor, obj=link, action="agreement.link_pledge")


@transaction.atomic
def agreement_link_flow(*, actor: Actor, agreement: Agreement, flow: Flow) -> AgreementLink:
    _may_link(actor, agreement, flow.source_id)
    if AgreementLink.objects.filter(agreement=agreement, flow=flow).exists():
        raise ValidationError(
            {
                "flow": [
                    _("Flow %(id)s is already linked to %(agr)s.")
                    % {"id": flow.pk, "agr": agreement}
                ]
            }
        )
    if not agreement.parties.filter(pk=flow.source_id).exists():
        raise ValidationError(
            {
                "flow": [
                    _("Flow %(id)s comes from %(src)s, which is not a party to %(agr)s.")
                    % {"id": flow.pk, "src": flow.source, "agr": agreement}
                ]
            }
        )
    link = AgreementLink(agreement=agreement, flow=flow, linked_by_id=actor.pk)
    return record_create(actor=actor, obj=link, action="agreement.link_flow")


def _check_agreement(
    *,
    kind: str,
    parties: list[Party],
    status: str,
    signed_on: dt.date | None,
    source_url: str,
    framework: Agreement | None,
    framework_source_url: str,
    baseline_eur: Decimal | None,
    agreement: Agreement | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if len({p.pk for p in parties}) < 2:
        errors["parties"] = [_("An agreement needs at least two parties.")]
    signed = (AgreementStatus.SIGNED, AgreementStatus.RATIFIED, AgreementStatus.EXPIRED)
    if status in signed and signed_on is None:
        errors["signed_on"] = [
            _("A %(s)s agreement needs its signing date.") % {"s": AgreementStatus(status).label}
        ]
    if not source_url:
        errors["source_url"] = [_("Name the source the agreement rests on.")]
    if framework is not None:
        if framework.kind != AgreementKind.MULTILATERAL:
            errors["framework"] = [_("%(f)s is not a multilateral framework.") % {"f": framework}]
        elif agreement is not None and framework.pk == agreement.pk:
            errors["framework"] = [_("An agreement is not concluded under itself.")]
        elif kind == AgreementKind.MULTILATERAL:
            errors["framework"] = [_("A framework is not concluded under another framework.")]
        if not framework_source_url:
            # The link is a fact like any other: it needs the page that states it.
            errors["framework_source_url"] = [
                _("Name the source that says the agreement was concluded under this framework.")
            ]
    if baseline_eur is not None and kind != AgreementKind.MULTILATERAL:
        errors["baseline_eur"] = [_("Only a multilateral framework shares a baseline.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def agreement_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    parties: list[Party],
    owner: Party,
    status: str = AgreementStatus.SIGNED,
    signed_on: dt.date | None = None,
    duration_years: int | None = None,
    areas: str = "",
    stated_funding: str = "",
    source_url: str = "",
    framework: Agreement | None = None,
    framework_source_url: str = "",
    rule: str = "",
    baseline_eur: Decimal | None = None,
    releasability: str = Releasability.PUBLIC,
) -> Agreement:
    """Register an agreement, e.g. the G7 joint declaration of 12 July 2023 with its signatories."""
    require_role(actor, *rules.REGISTRARS, action=_("register agreements"))
    _check_agreement(
        kind=kind,
        parties=parties,
        status=status,
        signed_on=signed_on,
        source_url=source_url,
        framework=framework,
        framework_source_url=framework_source_url,
        baseline_eur=baseline_eur,
    )
    agreement = Agreement(
        title=title,
        kind=kind,
        status=status,
        signed_on=signed_on,
        duration_years=duration_years,
        duration_text=_("%(n)s years") % {"n": duration_years} if duration_years else "",
        areas=areas,
        stated_funding=stated_funding,
        source_url=source_url,
        framework=framework,
        framework_source_url=framework_source_url if framework else "",
        rule=rule,
        baseline_eur=baseline_eur,
        owner=owner,
        releasability=releasability,
    )
    agreement = record_create(actor=actor, obj=agreement, action="agreement.create")
    agreement.parties.set(parties)
    return agreement


class AgreementChanges(TypedDict, total=False):
    """The fields an edit may change (rules.EDITABLE_FIELDS); one left out keeps its value."""

    title: str
    kind: str
    status: str
    signed_on: dt.date | None
    duration_years: int | None
    areas: str
    stated_funding: str
    source_url: str
    framework: Agreement | None
    framework_source_url: str
    rule: str
    baseline_eur: Decimal | None
    releasability: str


@transaction.atomic
def agreement_update(
    *,
    actor: Actor,
    agreement: Agreement,
    expected_version: int | None,
    parties: list[Party],
    **changes: Unpack[AgreementChanges],
) -> Agreement:
    """Edit an agreement's facts and its parties; a signatory that stays keeps its date and source."""
    require_role(actor, *rules.REGISTRARS, action=_("edit agreements"))
    given: dict[str, Any] = dict(changes)
    merged = {f: given.get(f, getattr(agreement, f)) for f in rules.EDITABLE_FIELDS}
    _check_agreement(
        kind=merged["kind"],
        parties=parties,
        status=merged["status"],
        signed_on=merged["signed_on"],
        source_url=merged["source_url"],
        framework=merged["framework"],
        framework_source_url=merged["framework_source_url"],
        baseline_eur=merged["baseline_eur"],
        agreement=agreement,
    )
    if merged["framework"] is None:
        merged["framework_source_url"] = ""
    if merged["duration_years"] != agreement.duration_years:
        years = merged["duration_years"]
        merged["duration_text"] = _("%(n)s years") % {"n": years} if years else ""
    updated = record_update(
        actor=actor,
        obj=agreement,
        changes=merged,
        expected_version=expected_version,
        action="agreement.update",
    )
    before = sorted(agreement.parties.values_list("code", flat=True))
    after = sorted(p.code for p in parties)
    if before != after:
        updated.parties.set(parties)
        audit_event_record(
            actor=actor,
            action="agreement.parties",
            obj=updated,
            before={"parties": before},
            after={"parties": after},
        )
    return updated


def _commitment_values(
    *,
    agreement: Agreement,
    year: int,
    amount: Decimal | None,
    currency: str,
    gdp_share_pct: Decimal | None,
) -> dict[str, Any]:
    """The amount in EUR at the ECB rate of the signing date (else 1 January of the year), as the importer does."""
    if (amount is None) == (gdp_share_pct is None):
        raise ValidationError(
            {"amount": [_("Give either an amount with its currency or a share of GDP.")]}
        )
    if amount is None:
        return {
            "amount": None,
            "currency": "",
            "amount_eur": None,
            "eur_rate": None,
            "eur_rate_date": None,
            "gdp_share_pct": gdp_share_pct,
        }
    if not currency:
        raise ValidationError({"currency": [_("Give the currency of the amount.")]})
    on = agreement.signed_on or dt.date(year, 1, 1)
    valuation = flow_valuation(amount=amount, currency=currency.upper(), on=on)
    return {"amount": amount, "currency": currency.upper(), "gdp_share_pct": None, **valuation}


@transaction.atomic
def commitment_save(
    *,
    actor: Actor,
    agreement: Agreement,
    year: int,
    amount: Decimal | None = None,
    currency: str = "",
    gdp_share_pct: Decimal | None = None,
    text: str = "",
) -> Commitment:
    """A year's commitment as the page's one form states it: added when the year is new, else edited."""
    existing = Commitment.objects.filter(agreement=agreement, year=year).first()
    if existing is None:
        return commitment_create(
            actor=actor,
            agreement=agreement,
            year=year,
            amount=amount,
            currency=currency,
            gdp_share_pct=gdp_share_pct,
            text=text,
        )
    return commitment_update(
        actor=actor,
        commitment=existing,
        amount=amount,
        currency=currency,
        gdp_share_pct=gdp_share_pct,
        text=text,
    )


@transaction.atomic
def commitment_create(
    *,
    actor: Actor,
    agreement: Agreement,
    year: int,
    amount: Decimal | None = None,
    currency: str = "",
    gdp_share_pct: Decimal | None = None,
    text: str = "",
) -> Commitment:
    require_role(actor, *rules.REGISTRARS, action=_("record yearly commitments"))
    if agreement.commitments.filter(year=year).exists():
        raise ValidationError(
            {
                "year": [
                    _("%(agr)s already has a commitment for %(y)s: edit it.")
                    % {"agr": agreement, "y": year}
                ]
            }
        )
    values = _commitment_values(
        agreement=agreement,
        year=year,
        amount=amount,
        currency=currency,
        gdp_share_pct=gdp_share_pct,
    )
    commitment = Commitment(agreement=agreement, year=year, text=text, **values)
    return record_create(actor=actor, obj=commitment, action="agreement.commitment_create")


@transaction.atomic
def commitment_update(
    *,
    actor: Actor,
    commitment: Commitment,
    amount: Decimal | None = None,
    currency: str = "",
    gdp_share_pct: Decimal | None = None,
    text: str = "",
) -> Commitment:
    """Change one year's commitment; the year itself stays (a commitment of another year is another row)."""
    require_role(actor, *rules.REGISTRARS, action=_("record yearly commitments"))
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    before = snapshot(current)
    values = _commitment_values(
        agreement=current.agreement,
        year=current.year,
        amount=amount,
        currency=currency,
        gdp_share_pct=gdp_share_pct,
    )
    for name, value in {**values, "text": text}.items():
        setattr(current, name, value)
    full_clean_or_raise(current)
    current.save()
    # Commitment is a plain row of its agreement, not a versioned record: the event keeps before and after.
    audit_event_record(
        actor=actor,
        action="agreement.commitment_update",
        obj=current,
        before=before,
        after=snapshot(current),
    )
    return current


@transaction.atomic
def agreement_unlink(*, actor: Actor, link: AgreementLink) -> None:
    """Remove a pledge's or a flow's link: the same people who may link it may unlink it."""
    pledge, flow = link.pledge, link.flow
    donor_id = pledge.donor_id if pledge is not None else (flow.source_id if flow else None)
    _may_link(actor, link.agreement, donor_id)
    before = snapshot(link)
    pk = link.pk
    link.delete()
    audit_event_record(
        actor=actor,
        action="agreement.unlink",
        object_type="agreements.agreementlink",
        object_id=str(pk),
        before=before,
        after=None,
    )
