"""A coordinator's decisions on the aid ledger: two attestations are one donation (confirm) or two (split).

A decision overrides the matcher until withdrawn; the lines are recomputed from it on every read. Deciding
the same live verdict again changes nothing; the other verdict on a pair replaces the live one (the old one
is withdrawn, both writes audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.aid import rules
from nsatu.aid.models import LinkDecision, Verdict
from nsatu.aid.selectors import link_decision_visible
from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_create
from nsatu.core.actors import Actor
from nsatu.core.errors import NotFound, ValidationError
from nsatu.engine.ledger import REMAINDER
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.selectors import pledge_visible


@dataclass(frozen=True)
class Decided:
    decision: LinkDecision
    changed: bool  # False: the same verdict was already live, nothing was written


def _pair(actor: Actor, first_id: int, second_id: int) -> tuple[Pledge, Pledge]:
    if first_id == second_id:
        raise ValidationError(
            {"second": [_("A record cannot be linked to itself; name two different pledges.")]}
        )
    low, high = sorted((first_id, second_id))
    # Locking the two pledges serialises two coordinators deciding on the same pair at once.
    found = {
        p.pk: p
        for p in pledge_visible(user=actor)
        .select_related("donor", "recipient", "dataset")
        .select_for_update(of=("self",))
        .filter(pk__in=(low, high))
    }
    for field, pk in (("first", first_id), ("second", second_id)):
        if pk not in found:
            raise NotFound(
                _("Pledge %(id)s (%(field)s) was not found.") % {"id": pk, "field": field}
            )
    return found[low], found[high]


def _withdraw(actor: Actor, decision: LinkDecision) -> LinkDecision:
    before = snapshot(decision)
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_by_id = actor.pk
    decision.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_event_record(
        actor=actor,
        action="aid.link_decision.withdraw",
        obj=decision,
        before=before,
        after=snapshot(decision),
    )
    return decision


def _check_decidable(*pledges: Pledge) -> None:
    """A decision the ledger would ignore is refused, not recorded: withdrawn pledges are on no line, and an
    open-remainder offer joins its line by rule (engine.ledger), never by a decision."""
    for pledge in pledges:
        if pledge.status == PledgeStatus.WITHDRAWN:
            raise ValidationError(
                {"second": [_("Pledge %(id)s is withdrawn: it is on no line.") % {"id": pledge.pk}]}
            )
        if pledge.dataset is not None and pledge.dataset.key == REMAINDER:
            raise ValidationError(
                {
                    "second": [
                        _(
                            "Pledge %(id)s is an illustrative open remainder: it joins the line of its "
                            "donor's item type by rule."
                        )
                        % {"id": pledge.pk}
                    ]
                }
            )


def _decide(*, actor: Actor, first_id: int, second_id: int, verdict: str, reason: str) -> Decided:
    rules.check_may_decide(actor)
    first, second = _pair(actor, first_id, second_id)
    _check_decidable(first, second)
    if verdict == Verdict.CONFIRM and (
        (first.donor_id, first.recipient_id, first.kind)
        != (second.donor_id, second.recipient_id, second.kind)
    ):
        raise ValidationError(
            {
                "second": [
                    _(
                        "Pledges %(a)s (%(da)s) and %(b)s (%(db)s) differ in donor, recipient or kind: "
                        "they cannot report one donation."
                    )
                    % {
                        "a": first.pk,
                        "da": first.donor.code,
                        "b": second.pk,
                        "db": second.donor.code,
                    }
                ]
            }
        )
    live = (
        LinkDecision.objects.select_for_update()
        .filter(first=first, second=second, withdrawn_at__isnull=True)
        .first()
    )
    if live is not None and live.verdict == verdict:
        return Decided(live, changed=False)
    if live is not None:
        _withdraw(actor, live)
    decision = LinkDecision(
        first=first,
        second=second,
        verdict=verdict,
        reason=reason,
        decided_by_id=actor.pk,
        decided_at=timezone.now(),
    )
    return Decided(
        record_create(actor=actor, obj=decision, action=f"aid.link_decision.{verdict}"),
        changed=True,
    )


@transaction.atomic
def link_decision_confirm(
    *, actor: Actor, first_id: int, second_id: int, reason: str = ""
) -> Decided:
    """The two records report one donation: they share a line whatever the matcher says."""
    return _decide(
        actor=actor, first_id=first_id, second_id=second_id, verdict=Verdict.CONFIRM, reason=reason
    )


@transaction.atomic
def link_decision_split(
    *, actor: Actor, first_id: int, second_id: int, reason: str = ""
) -> Decided:
    """The two records report two donations: never on one line, not proposed again."""
    return _decide(
        actor=actor, first_id=first_id, second_id=second_id, verdict=Verdict.SPLIT, reason=reason
    )


@transaction.atomic
def link_decision_withdraw(*, actor: Actor, decision_id: int) -> Decided:
    """The matcher decides the pair again. Withdrawing a withdrawn decision changes nothing."""
    rules.check_may_decide(actor)
    visible = link_decision_visible(user=actor).filter(pk=decision_id).values("pk")
    decision = LinkDecision.objects.select_for_update().filter(pk__in=visible).first()
    if decision is None:
        raise NotFound(_("Decision %(id)s was not found.") % {"id": decision_id})
    if decision.withdrawn_at is not None:
        return Decided(decision, changed=False)
    return Decided(_withdraw(actor, decision), changed=True)


@transaction.atomic
def link_decision_record(
    *, actor: Actor, first_id: int, second_id: int, verdict: str, reason: str = ""
) -> Decided:
    """Confirm or split as `verdict` says: the one write behind the decision form and POST /decisions."""
    if verdict not in Verdict.values:
        raise ValidationError(
            {"verdict": [_("Choose confirm (one donation) or split (two donations).")]}
        )
    return _decide(
        actor=actor, first_id=first_id, second_id=second_id, verdict=verdict, reason=reason
    )
