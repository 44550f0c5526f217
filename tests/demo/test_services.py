"""demo_build on the real data: a database a user could have produced through the product.

Every record the demo's builders create has its audit event, and the chain of events verifies intact.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from nsatu.audit.models import AuditEvent
from nsatu.audit.selectors import audit_chain_verify
from nsatu.demo.services import demo_build
from nsatu.exchange.services import dataset_import_all
from nsatu.logistics.models import Discrepancy, Receipt, RepairOrder, Shipment
from nsatu.pledges.models import Pledge

# Written by the demo's builders (the imports before them leave one event per import, by design).
BUILT = {
    "accounts.user",
    "sources.dataset",
    "catalogue.itemtype",  # the generic 155 mm round funds can buy (nsatu.demo.funds)
    "pledges.pledge",
    "pledges.tranche",
    "logistics.shipment",
    "logistics.shipmentline",
    "logistics.receipt",
    "logistics.discrepancy",
    "logistics.repairorder",
    "training.course",
    "training.cohort",
    "production.jointproject",  # the illustrative joint production project (nsatu.demo.production)
    "production.projectcapacity",
    "production.projectfunding",
    "production.projectpartner",
    "roadmap.milestone",  # illustrative milestones and a Council decision with its actions (nsatu.demo.council)
    "roadmap.milestonelink",
    "council.meeting",
    "council.decision",
    "council.action",
    "council.actionlink",
    # The hand-offs that give each role work (nsatu.demo.work): a submitted requirement, a queued run that
    # the test's immediate task backend solves at once, and the notices those hand-offs send.
    "needs.requirement",
    "core.referencecounter",
    "planning.allocationrun",
    "planning.planline",
    "planning.shortfall",
    "notifications.notification",
}
# Written without an event of their own, each covered by another: the counter that numbers references (the
# record it numbers has the event), a run's lines and shortfalls (its `allocation_run.done` event counts them),
# a notice (the hand-off it tells of has the event).
UNAUDITED_BY_DESIGN = {
    "core.referencecounter",
    "planning.planline",
    "planning.shortfall",
    "notifications.notification",
}


def _records() -> dict[str, set[int]]:
    return {
        model._meta.label_lower: set(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models()
        if model is not AuditEvent
    }


def _audited(label: str, pks: set[int]) -> set[int]:
    ids = AuditEvent.objects.filter(object_type=label, object_id__in=[str(pk) for pk in pks])
    return {int(pk) for pk in ids.values_list("object_id", flat=True)}


@pytest.fixture
def data_dir() -> Path:
    return Path(settings.DATA_DIR)


def test_every_record_the_demo_builds_has_its_event_and_the_chain_holds(db, data_dir, tmp_path):
    dataset_import_all(actor=None, data_dir=data_dir)
    imported = _records()
    built = demo_build(data_dir=data_dir, var_dir=tmp_path)
    assert all(result.skipped for result in built.imports)
    assert built.offers.created and built.funds.created
    assert built.courses.created and built.shipments.created
    new = {
        label: pks - imported.get(label, set())
        for label, pks in _records().items()
        if pks - imported.get(label, set())
    }
    assert set(new) == BUILT
    unaudited = {
        label: pks - _audited(label, pks)
        for label, pks in new.items()
        if label not in UNAUDITED_BY_DESIGN
    }
    assert {label: pks for label, pks in unaudited.items() if pks} == {}
    report = audit_chain_verify()
    assert report.intact and report.events == AuditEvent.objects.count(), report.reason


def test_the_demo_acts_as_its_people_and_a_restart_changes_nothing(db, data_dir, tmp_path):
    first = demo_build(data_dir=data_dir, var_dir=tmp_path)
    received = Shipment.objects.get(reference="DEMO-SHP-01")
    assert received.status == "received"
    receipt, damaged = Receipt.objects.get(line__shipment=received), Discrepancy.objects.get()
    assert (receipt.quantity, receipt.recorded_by.username) == (5, "planner.ua.kovalenko")
    assert (damaged.kind, damaged.quantity) == ("damaged", 1)
    actors = set(
        AuditEvent.objects.exclude(action__startswith="import.")
        # The imports' own writes: the baseline parties, the item-values import's reference figures.
        .exclude(action__in=("party.baseline", "user.create", "item_type.reference_figures"))
        .values_list("actor_label", flat=True)
    )
    assert actors == {"coord.ribeiro", "planner.ua.kovalenko", "system"}
    # The worker, not a person, solves the run the demo queues (here the test's immediate task backend).
    system = AuditEvent.objects.filter(actor_label="system").exclude(action__startswith="import.")
    assert {a.split(".")[0] for a in system.values_list("action", flat=True)} <= {
        "allocation_run",
        "party",
        "user",
        "item_type",
    }
    counts = (Pledge.objects.count(), Shipment.objects.count(), RepairOrder.objects.count())
    again = demo_build(data_dir=data_dir, var_dir=tmp_path)
    assert again.password == first.password
    assert not (
        again.offers.created
        or again.funds.created
        or again.courses.created
        or again.shipments.created
    )
    assert (again.funds.pledges, again.funds.amount_eur) == (
        first.funds.pledges,
        first.funds.amount_eur,
    )
    assert (again.offers.pledges, again.offers.tranches) == (
        first.offers.pledges,
        first.offers.tranches,
    )
    assert (Pledge.objects.count(), Shipment.objects.count(), RepairOrder.objects.count()) == counts
    assert audit_chain_verify().intact
