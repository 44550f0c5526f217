"""Writes of the resilience app: saving and deleting scenarios, each one unit of work."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Reader, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability, full_clean_or_raise
from nsatu.core.visibility import releasability_check
from nsatu.engine.interop.scenario import Rule, ScenarioError, check_rules
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_visible
from nsatu.resilience import rules as rights
from nsatu.resilience.horizon import DEFAULT_HORIZON_MONTHS
from nsatu.resilience.models import MAX_HORIZON_MONTHS, Scenario, ScenarioRule
from nsatu.resilience.scenarios import scenario_get


def _rules_checked(*, actor: Actor, rules: list[Rule]) -> dict[str, Party]:
    if not rules:
        raise ValidationError(
            {
                "rules": [
                    _(
                        "A scenario needs at least one rule (a donor that withdraws, delays or "
                        "caps its support)."
                    )
                ]
            }
        )
    try:
        check_rules(rules)
    except ScenarioError as exc:
        raise ValidationError(
            {"rules": [_("%(where)s: %(message)s") % {"where": exc.where, "message": exc.message}]}
        ) from exc
    codes = {r.donor for r in rules}
    donors = {p.code: p for p in party_visible(user=actor).filter(code__in=codes)}
    unknown = sorted(codes - set(donors))
    if unknown:
        raise ValidationError(
            {"rules": [_("Unknown donor(s): %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    return donors


@transaction.atomic
def scenario_create(
    *,
    actor: Reader,
    name: str,
    rules: list[Rule],
    horizon_months: int = DEFAULT_HORIZON_MONTHS,
    as_of: dt.date | None = None,
    description: str = "",
    releasability: str = Releasability.COMMAND,
) -> Scenario:
    # Reader: the console without --as is refused here with the reason.
    require_role(actor, *rights.SCENARIO_WRITERS, action=_("save scenarios"))
    assert actor is not None  # require_role has refused an absent actor
    releasability_check(
        actor=actor, owner=actor.party, owner_id=actor.party_id, releasability=releasability
    )
    if not name.strip():
        raise ValidationError({"name": [_("Give the scenario a name.")]})
    if not 1 <= horizon_months <= MAX_HORIZON_MONTHS:
        raise ValidationError(
            {
                "horizon_months": [
                    _("The horizon is 1 to %(max)s months.") % {"max": MAX_HORIZON_MONTHS}
                ]
            }
        )
    donors = _rules_checked(actor=actor, rules=rules)
    scenario = Scenario(
        name=name.strip(),
        description=description,
        horizon_months=horizon_months,
        as_of=as_of,
        created_by_id=actor.pk,
        owner_id=actor.party_id,
        releasability=releasability,
    )
    full_clean_or_raise(scenario)
    scenario.save()
    saved = []
    for rule in rules:
        row = ScenarioRule(
            scenario=scenario,
            donor=donors[rule.donor],
            kind=rule.kind,
            start=rule.start,
            months=rule.months or None,
            amount=rule.amount,
            unit=rule.unit if rule.kind == "cap" else "",
        )
        full_clean_or_raise(row, exclude=["scenario"])
        row.save()
        saved.append(row)
    audit_event_record(
        actor=actor,
        action="scenario.create",
        obj=scenario,
        after={
            **snapshot(scenario),
            "rules": [snapshot(r) | {"donor": r.donor.code} for r in saved],
        },
    )
    return scenario


@transaction.atomic
def scenario_delete(*, actor: Actor, scenario_id: int) -> Scenario:
    """Delete a saved scenario and its rules; the deleted record is returned for its name."""
    scenario = scenario_get(user=actor, pk=scenario_id)
    require_role(actor, *rights.SCENARIO_WRITERS, action=_("delete scenarios"))
    if not rights.owns(actor, scenario):
        raise PermissionDenied(
            _("Only %(owner)s may delete scenario %(name)s.")
            % {"owner": scenario.owner, "name": scenario.name}
        )
    before = {
        **snapshot(scenario),
        "rules": [
            snapshot(r) | {"donor": r.donor.code} for r in scenario.rules.select_related("donor")
        ],
    }
    pk = scenario.pk
    scenario.delete()
    audit_event_record(
        actor=actor,
        action="scenario.delete",
        object_type="resilience.scenario",
        object_id=str(pk),
        before=before,
    )
    return scenario
