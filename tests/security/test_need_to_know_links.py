"""Need-to-know through links and derived results (issue #14, points 1 and 2).

Plants *links* (a record every reader may see pointing at one he may not: an earmark, a claim, a plan line, a
shipment line, an agreement link, an intake match, an aid-line attestation, a flow's parent...) for every
foreign key between records found in the app registry, and a *derived result* (an allocation run computed by
the command after planting, over a command-only requirement and pledge). Then, for every role, every page and
API list (and its CSV), every export (`nsatu export … --as`, CSV and JSON), and the detail pages of every
linking record, checks that no hidden record's marker (its reference, title, description) or id appears.

Deterministic and planted once: it takes a fixed set of links rather than random examples, so its runtime
stays modest (the counts are printed at the end of the session).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models
from django.test import Client, TestCase, override_settings

from nsatu.accounts.models import User
from nsatu.catalogue.models import CapabilityArea, ItemType, Standard
from nsatu.core.models import Record, Releasability
from nsatu.demo.people import DEMO_PEOPLE
from nsatu.exchange.exports import TABLES
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import Party
from nsatu.planning.models import AllocationRun, RunStatus
from nsatu.planning.services import allocation_run_create
from nsatu.pledges.models import Pledge, PledgeStatus, Tranche
from tests.conftest import PARTIES
from tests.security.endpoints import FORMATS, all_endpoints
from tests.security.labels import raw_in_csv_header, raw_in_page
from tests.security.record_maker import dependency_kwargs, make, next_id
from tests.security.test_need_to_know import may_read, normalised, readable

# A child is shown only with its parent, never on its own: a link to a hidden parent is not a link.
PART_OF = {
    ("logistics.ShipmentLine", "shipment"),
    ("planning.PlanLine", "run"),
    ("planning.Shortfall", "run"),
    ("pledges.Tranche", "pledge"),
    ("agreements.Commitment", "agreement"),
    ("training.Cohort", "course"),
    ("intake.Claim", "document"),
    ("resilience.ScenarioRule", "scenario"),
    ("agreements.FundEntry", "settles"),  # a settlement is an entry of the same fund ledger
    # An ordered pair (first < second): `first` plants the same link, the dependency made after it.
    ("aid.LinkDecision", "second"),
    ("planning.Shortfall", "requirement"),  # a derived result: the runs below plant real ones
}
# Parties and users are the frame every record hangs on, public by construction in this test.
FRAME = (Party,)
# Hidden from every reader of the test (no user belongs to the USA), and hidden from all but the command.
HIDDEN = (("owner", "USA"), ("command", "NSATU"))
TASKS_NOW = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
COUNTS: dict[str, int] = {
    "routes": 0,
    "roles": 0,
    "links": 0,
    "derived": 0,
    "responses": 0,
    "leaks": 0,
}


def link_fields() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    """Every foreign key from a model to a record model that may be released more narrowly."""
    found = []
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        for field in model._meta.concrete_fields:
            target = field.related_model
            if (
                field.is_relation
                and isinstance(target, type)
                and issubclass(target, Record)
                and not issubclass(target, FRAME)
                and target is not get_user_model()
                and field.name != "owner"
                and (model._meta.label, field.name) not in PART_OF
            ):
                found.append((model, field))
    return found


def _make_link(
    model: type[models.Model],
    field: models.Field[Any, Any],
    target: Any,
    *,
    marker: str,
    party: Party,
) -> Any:
    """A public row of `model` whose `field` is `target`, with the fewest other links: an agreement link
    names a pledge or a flow, never both, so optional links are added one at a time."""
    full = dependency_kwargs(model, party=party)
    required = {k: v for k, v in full.items() if not model._meta.get_field(k).null}
    optional = [k for k in full if k not in required and k != field.name]
    error: AssertionError | None = None
    for extra in [None, *optional]:
        deps = required | ({extra: full[extra]} if extra else {}) | {field.name: target}
        try:
            return make(
                model,
                marker=marker,
                releasability=Releasability.PUBLIC,
                owner=party,
                party=party,
                deps=deps,
                marks_text=False,
            )
        except AssertionError as exc:
            error = exc
    raise AssertionError(f"cannot link {model.__name__}.{field.name}: {error}")


def _id_pattern(pk: int) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![0-9])" + str(pk).encode() + rb"(?![0-9])")


class LinksAndDerived(TestCase):
    """Planted once for all roles; each role's test reads every surface."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.parties = {
            code: Party.objects.create(
                code=code, name=name, kind=kind, releasability=Releasability.PUBLIC
            )
            for code, name, kind in PARTIES
        }
        cls.people = {
            p.username: User.objects.create_user(
                username=p.username,
                role=p.role,
                party=cls.parties[p.party_code] if p.party_code else None,
            )
            for p in DEMO_PEOPLE
        }
        # (label, hidden record, its releasability and owner, the visible record pointing at it)
        cls.planted: list[tuple[str, Any, Any]] = []
        deu = cls.parties["DEU"]
        for model, field in link_fields():
            target_model = field.related_model
            assert isinstance(target_model, type)
            for releasability, owner_code in HIDDEN:
                owner = cls.parties[owner_code]
                label = f"{model._meta.label}.{field.name}@{releasability}"
                n = len(cls.planted)
                target = make(
                    target_model,
                    marker=f"qzxh{n}x",
                    releasability=releasability,
                    owner=owner,
                    party=owner,
                )
                link = _make_link(model, field, target, marker=f"vis{n}x", party=deu)
                if getattr(link, field.attname) != target.pk:  # made without the optional link
                    model._default_manager.filter(pk=link.pk).update(**{field.name: target})
                    link.refresh_from_db()
                cls.planted.append((label, target, link))
        cls.runs = cls._derived()
        # Rows made without an explicit id (a run's lines) may share a number with a planted record.
        taken: dict[int, int] = {}
        for model in apps.get_models():
            for pk in model._default_manager.values_list("pk", flat=True):
                if isinstance(pk, int):
                    taken[pk] = taken.get(pk, 0) + 1
        cls.shared_ids = {
            label for label, target, _link in cls.planted if taken.get(target.pk, 0) > 1
        }
        endpoints = all_endpoints()
        cls.lists = [e for e in endpoints if not e.params or e.is_format]
        cls.details = [e for e in endpoints if e.params and not e.is_format]

    @classmethod
    def _derived(cls) -> list[AllocationRun]:
        """A command-only need and a command-only Norwegian offer, planned by the command after planting."""
        ukr, nor, pol = cls.parties["UKR"], cls.parties["NOR"], cls.parties["POL"]
        tank = ItemType.objects.create(
            pk=next_id(),
            name="Leopard 2A6 qzxdrvtype",
            capability_area=CapabilityArea.ARMOUR,
            standard=Standard.NATO,
            releasability=Releasability.PUBLIC,
            unit_mass_t=Decimal(60),
        )
        secret_need = Requirement.objects.create(
            pk=next_id(),
            reference="UA-QZXDRVREQ",
            title="qzxdrvreq eastern brigade",
            capability_area=CapabilityArea.ARMOUR,
            quantity=Decimal(12),
            priority=1,
            item_type=tank,
            status=RequirementStatus.PUBLISHED,
            owner=ukr,
            releasability=Releasability.COMMAND,
            needed_by=dt.date(2026, 6, 30),
        )
        open_need = Requirement.objects.create(
            pk=next_id(),
            reference="UA-OPEN-01",
            title="Tanks for the open need",
            capability_area=CapabilityArea.ARMOUR,
            quantity=Decimal(4),
            priority=2,
            item_type=tank,
            status=RequirementStatus.PUBLISHED,
            owner=ukr,
            releasability=Releasability.PARTICIPANTS,
            needed_by=dt.date(2026, 6, 30),
        )
        offers = []
        for donor, quantity, releasability, text in (
            (nor, 8, Releasability.COMMAND, "qzxdrvpledge from Norwegian stocks"),
            (pol, 3, Releasability.PARTICIPANTS, "Polish tanks"),
        ):
            pledge = Pledge.objects.create(
                pk=next_id(),
                donor=donor,
                owner=donor,
                recipient=ukr,
                item_type=tank,
                quantity=quantity,
                status=PledgeStatus.COMMITTED,
                releasability=releasability,
                announced_on=dt.date(2026, 1, 5),
                description=text,
            )
            Tranche.objects.create(
                pk=next_id(),
                pledge=pledge,
                available_from=dt.date(2026, 2, 1),
                quantity=quantity,
                transit_months=1,
            )
            offers.append(pledge)
        runs = []
        # Two runs, so that the comparison page has two to set side by side.
        for horizon in (24, 12):
            with override_settings(TASKS=TASKS_NOW):
                run = allocation_run_create(
                    actor=cls.people["coord.ribeiro"],
                    parameters={"start": "2026-01", "horizon": horizon},
                )
            run.refresh_from_db()
            assert run.status == RunStatus.DONE, run.error_message
            assert run.lines.filter(requirement=secret_need).exists(), "no hidden need planned"
            runs.append(run)
        cls.derived_hidden = [(secret_need, "qzxdrvreq"), (offers[0], "qzxdrvpledge")]
        cls.open_need = open_need
        return runs

    def hidden_for(self, viewer: User) -> list[tuple[str, bytes, re.Pattern[bytes]]]:
        """(what, marker, id pattern) of every planted record this viewer may not read."""
        hidden = [
            (label, f"qzxh{n}x".encode(), _id_pattern(target.pk))
            for n, (label, target, _link) in enumerate(self.planted)
            if not may_read(viewer, target, None)
        ]
        for record, marker in self.derived_hidden:
            if not may_read(viewer, record, None):
                hidden.append(
                    (f"run {type(record).__name__}", marker.encode(), _id_pattern(record.pk))
                )
        return hidden

    def urls(self) -> list[str]:
        found = []
        for endpoint in self.lists:
            if endpoint.is_format:
                found += [endpoint.fill(fmt) for fmt in FORMATS]
            else:
                found += [endpoint.fill(""), endpoint.fill("") + "?format=csv"]
        # The detail surfaces of every visible record that points at a hidden one, and of the runs: each id
        # in the routes of its own app (an id filled into another app's route finds nothing there, since
        # every planted id is unique; trying them all cost ~6,000 requests per role).
        ids: dict[str, set[str]] = {}
        for _l, _t, link in self.planted:
            ids.setdefault(link._meta.app_label, set()).add(str(link.pk))
            if getattr(link, "shipment_id", None):
                ids.setdefault("logistics", set()).add(str(link.shipment_id))
        ids.setdefault("planning", set()).update(str(run.pk) for run in self.runs)
        for endpoint in self.details:
            if all(converter == "int" for converter, _name in endpoint.params):
                app = endpoint.name.split(":")[0]
                found += [endpoint.fill(i) for i in sorted(ids.get(app, ()))]
        a, b = (run.pk for run in self.runs)
        found += [
            f"/planning/proposals/?run={a}",
            f"/planning/compare/?a={a}&b={b}",
            f"/api/planning/lines?run={a}",
        ]
        return found

    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def check(self, username: str) -> None:
        viewer = self.people[username]
        client = Client()
        client.force_login(viewer)
        hidden = self.hidden_for(viewer)
        assert hidden, f"nothing is hidden from {username}: the test checks nothing"
        leaks: list[str] = []

        def look(where: str, content: bytes) -> None:
            COUNTS["responses"] += 1
            text = normalised(content).lower()
            for what, marker, pk in hidden:
                if what in self.shared_ids:
                    pk = None  # its id is also another row's: only its words can tell
                at = text.find(marker)
                if at >= 0:
                    leaks.append(
                        f"{where} names hidden {what}: ...{text[max(0, at - 120) : at + 40]!r}"
                    )
                elif pk is not None and (m := pk.search(text)) is not None:
                    leaks.append(
                        f"{where} shows the id of hidden {what}: "
                        f"...{text[max(0, m.start() - 120) : m.end() + 40]!r}"
                    )

        raw: list[str] = []
        for url in self.urls():
            response = client.get(url)
            assert response.status_code < 500, f"{url} as {username}: {response.status_code}"
            if response.status_code == 200:
                content = readable(response)
                look(url, content)
                raw += [f"{url}: {r}" for r in self.raw_labels(response, content)]
        for table in sorted(TABLES):
            for fmt in ("csv", "json"):
                target = Path(self.tmp.name) / f"{table}.{fmt}"
                try:
                    call_command(
                        "export",
                        table,
                        "--format",
                        fmt,
                        "--as",
                        username,
                        "-o",
                        str(target),
                        stderr=io.StringIO(),
                    )
                except CommandError:  # a table that needs options (defence-spending: a year)
                    continue
                look(f"nsatu export {table} --format {fmt} --as {username}", target.read_bytes())
        COUNTS["roles"] += 1
        COUNTS["routes"] = len(self.lists) + len(self.details)
        COUNTS["links"] = len(self.planted)
        COUNTS["derived"] = len(self.runs)
        COUNTS["leaks"] += len(leaks)
        kinds = sorted({leak.split(" hidden ")[1].split(":")[0] for leak in leaks})
        assert not leaks, f"{len(leaks)} leaks to {username} of {kinds}:\n" + "\n".join(leaks[:40])
        # The same walk, read as a person reads it (issue #16): no stored code instead of its label.
        assert not raw, f"{len(raw)} raw codes shown to {username}:\n" + "\n".join(raw[:60])

    @staticmethod
    def raw_labels(response: Any, content: bytes) -> list[str]:
        kind = response.get("Content-Type", "")
        if kind.startswith("text/html"):
            return raw_in_page(content)
        if kind.startswith("text/csv"):
            return raw_in_csv_header(content)
        return []


def _role_test(username: str) -> Any:
    def test(self: LinksAndDerived) -> None:
        self.check(username)

    test.__name__ = f"test_no_link_or_derived_result_leaks_to_{username.replace('.', '_')}"
    return test


for _person in DEMO_PEOPLE:
    _t = _role_test(_person.username)
    setattr(LinksAndDerived, _t.__name__, _t)
