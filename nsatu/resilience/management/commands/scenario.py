from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nsatu.accounts.cli import reader_for
from nsatu.core.errors import NotFound, PermissionDenied, ValidationError
from nsatu.engine.interop.scenario import Rule, ScenarioError
from nsatu.resilience.briefing_layout import units_by_kind
from nsatu.resilience.horizon import DEFAULT_HORIZON_MONTHS, horizon_for
from nsatu.resilience.presets import US_STOPS, preset_rules
from nsatu.resilience.selectors import scenario_compare
from nsatu.resilience.services import scenario_create


def _parts(value: str, n: int, example: str) -> list[str]:
    parts = value.split(":")
    if len(parts) != n or not all(parts[:2]):
        raise CommandError(f"{value!r}: expected {example}")
    return parts


class Command(BaseCommand):
    help = (
        "Compare coverage under a scenario with the baseline, by capability area and requirement; "
        "optionally save it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--preset", choices=[US_STOPS], help="a named scenario")
        parser.add_argument("--withdraw", action="append", default=[], metavar="DONOR:YYYY-MM-DD")
        parser.add_argument("--delay", action="append", default=[], metavar="DONOR:MONTHS")
        parser.add_argument(
            "--cap",
            action="append",
            default=[],
            metavar="DONOR:AMOUNT[:units]",
            help="in EUR unless ':units' follows",
        )
        parser.add_argument(
            "--as-of", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: today)"
        )
        parser.add_argument("--horizon-months", type=int, default=DEFAULT_HORIZON_MONTHS)
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="what this user may see (default: public records only); needed to --save",
        )
        parser.add_argument("--save", metavar="NAME", help="save the scenario under this name")

    def _rules(self, options: dict[str, Any], as_of: dt.date) -> list[Rule]:
        rules = preset_rules(options["preset"], as_of=as_of) if options["preset"] else []
        try:
            for value in options["withdraw"]:
                donor, day = _parts(value, 2, "DONOR:YYYY-MM-DD")
                rules.append(Rule(donor.upper(), "withdraw", start=dt.date.fromisoformat(day)))
            for value in options["delay"]:
                donor, months = _parts(value, 2, "DONOR:MONTHS")
                rules.append(Rule(donor.upper(), "delay", months=int(months)))
            for value in options["cap"]:
                parts = value.split(":")
                donor, amount = _parts(":".join(parts[:2]), 2, "DONOR:AMOUNT[:units]")
                unit = parts[2] if len(parts) > 2 else "EUR"
                rules.append(Rule(donor.upper(), "cap", amount=Decimal(amount), unit=unit))
        except (ValueError, InvalidOperation) as exc:
            raise CommandError(f"bad rule: {exc}") from exc
        if not rules:
            raise CommandError("give --preset or at least one --withdraw, --delay or --cap")
        return rules

    def handle(self, *args: Any, **options: Any) -> None:
        user = reader_for(options["as_user"])
        horizon = horizon_for(as_of=options["as_of"], months=options["horizon_months"])
        rules = self._rules(options, horizon.as_of)
        try:
            c = scenario_compare(user=user, rules=rules, horizon=horizon)
        except ScenarioError as exc:
            raise CommandError(f"{exc.where}: {exc.message}") from exc
        out = self.stdout.write
        out(f"As of {c.as_of}, horizon {c.horizon}.")
        for e in c.effects:
            out(
                f"  {e.rule.describe()}: {units_by_kind(e.stopped)} stop, "
                f"{units_by_kind(e.delayed)} delayed "
                f"({e.lines} aid parcels)"
            )
        out(
            f"{'capability area':<16} {'unit':<6} {'needed':>12} {'baseline':>10} {'scenario':>10} {'change':>8} "
            f"{'mean before':>11} {'mean after':>10}"
        )
        for d in c.by_area:
            out(
                f"{d.key:<16} {d.unit_kind:<6} {d.quantity:>12,.0f} {d.base:>10,.0f} "
                f"{d.scenario:>10,.0f} {d.change:>8,.0f} {d.base_mean:>11.1%} {d.scenario_mean:>10.1%}"
            )
        out("requirements whose coverage changes:")
        for d in c.by_requirement:
            if d.change:
                out(
                    f"  {d.key} {d.label[:40]:<40} {d.quantity:>10,.0f} {d.base:>8,.0f} -> {d.scenario:>8,.0f}"
                )
        if options["save"]:
            try:
                saved = scenario_create(
                    actor=user,
                    name=options["save"],
                    rules=rules,
                    horizon_months=horizon.months,
                    as_of=options["as_of"],
                )
            except (PermissionDenied, ValidationError, NotFound) as exc:
                raise CommandError(f"not saved: {exc}") from exc
            out(f"saved as scenario {saved.pk} {saved.name!r}")
