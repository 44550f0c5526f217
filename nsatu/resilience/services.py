"""Writes of the resilience app: saving and deleting scenarios. They never commit; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Role, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability, full_clean_or_raise
from nsatu.engine.interop.scenario import Rule, ScenarioError, check_rules
from nsatu.parties.selectors import party_visible
from nsatu.resilience.models import MAX_HORIZON_MONTHS, Scenario, ScenarioRule

# Command staff and Ukraine's planners model donors stepping back; donors do not model one another.
MAY_SAVE = (Role.COORDINATOR, Role.RECIPIENT_PLANNER)


def _rules_checked(*, actor: Any, rules: list[Rule]) -> dict[str, Any]:
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
    actor: Any,
    name: str,
    rules: list[Rule],
    horizon_months: int = 12,
    as_of: dt.date | None = None,
    description: str = "",
    releasability: str = Releasability.COMMAND,
) -> Scenario:
    require_role(actor, *MAY_SAVE, action=_("save scenarios"))
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
def scenario_delete(*, actor: Any, scenario: Scenario) -> None:
    require_role(actor, *MAY_SAVE, action=_("delete scenarios"))
    if scenario.owner_id != actor.party_id:
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
