"""The demo's national picture as of the day it is built: dates ahead, funds that can buy, badges on what is
illustrative."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.demo import funds, offers
from nsatu.demo.services import ILLUSTRATIVE_DATASETS, demo_build
from nsatu.engine.valuation import to_eur
from nsatu.exchange.requirements import add_months
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.planning.instance import month_date
from nsatu.pledges.models import FIRM_STATUSES, Pledge, PledgeKind, Tranche
from nsatu.sources.models import Dataset


@pytest.fixture
def built(db, tmp_path):
    return demo_build(data_dir=Path(settings.DATA_DIR), var_dir=tmp_path)


def test_no_requirement_is_needed_before_the_demo_is_built(built):
    today = timezone.localdate()
    # 27 from the illustrative requirements file, 1 submitted for the coordinator to validate (nsatu.demo.work)
    assert Requirement.objects.filter(illustrative=True).count() == 28
    assert not Requirement.objects.filter(needed_by__lt=today).exists()
    published = Requirement.objects.filter(status=RequirementStatus.PUBLISHED)
    assert published.count() == 13
    for r in published:
        assert today < r.needed_by <= add_months(today, 24), r.reference
    # One published requirement per restated need, priorities and dates that agree.
    by_priority = sorted(published, key=lambda r: (r.priority, r.needed_by))
    assert [r.needed_by for r in by_priority] == sorted(r.needed_by for r in published)
    kinds = {r.reference: (r.unit_kind, r.period) for r in published}
    assert kinds["UA-SR-14"] == ("rounds", "month") and kinds["UA-SR-24"] == ("items", "day")
    assert kinds["UA-SR-27"] == ("funds", "year")


def test_the_demo_datasets_are_illustrative_once(built, tmp_path):
    marked = Dataset.objects.filter(illustrative=True).values_list("key", flat=True)
    assert (
        set(marked)
        == set(ILLUSTRATIVE_DATASETS)
        == {
            "planning-scenario",
            "funds-scenario",
            "training-scenario",
            "production-scenario",
            "council-scenario",
        }
    )
    assert AuditEvent.objects.filter(action="dataset.illustrative").count() == 5
    assert not Dataset.objects.get(key="sipri").illustrative
    demo_build(data_dir=Path(settings.DATA_DIR), var_dir=tmp_path)
    assert AuditEvent.objects.filter(action="dataset.illustrative").count() == 5


def _purl_rows() -> dict[int, dict[str, str]]:
    with (Path(settings.DATA_DIR) / funds.PURL_FILE).open(encoding="utf-8", newline="") as f:
        return {n: row for n, row in enumerate(csv.DictReader(f), start=2)}


def test_purl_packages_become_funds_a_plan_can_spend(built):
    pledges = Pledge.objects.filter(dataset__key=funds.DATASET).select_related("donor")
    rows = _purl_rows()
    with_amount = {n for n, row in rows.items() if row["amount"]}
    assert built.funds.created and pledges.count() == len(with_amount) == 12
    assert set(built.funds.skipped_rows) == set(rows) - with_amount
    next_month = month_date(timezone.localdate().replace(day=1), 1)
    for pledge in pledges:
        row_number = int(pledge.notes.split("row ")[1].split(",")[0])
        row = rows[row_number]
        on = dt.date.fromisoformat(row["date"] if len(row["date"]) == 10 else row["date"] + "-01")
        expected = to_eur(Decimal(row["amount"]), row["currency"], on).amount_eur
        assert pledge.amount == expected.quantize(Decimal("0.01")), row_number
        assert (pledge.kind, pledge.currency, pledge.mechanism) == (PledgeKind.FUNDS, "EUR", "PURL")
        assert pledge.status in FIRM_STATUSES and "Illustrative" in pledge.notes
        assert row["source_url"] in pledge.notes
        joint = ";" in row["contributors"]
        assert pledge.donor.code == ("PURL" if joint else row["contributors"])
        assert [t.available_from for t in pledge.tranches.all()] == [next_month]
    netherlands = pledges.get(donor__code="NLD")
    assert netherlands.amount == Decimal("500000000.00")  # stated in EUR: the file's figure


def test_offers_arrive_from_next_month_and_shells_find_their_family(built):
    next_month = month_date(timezone.localdate().replace(day=1), 1)
    first = Tranche.objects.filter(pledge__dataset__key=offers.DATASET).order_by("available_from")
    assert first.first().available_from == next_month
    excalibur = ItemType.objects.get(name="M-982 Excalibur")
    assert excalibur.provides_family.name == "155mm NATO"
    shells = Requirement.objects.get(reference="UA-SR-14")
    # Firm aid of the shells' family exists: coverage cannot show the requirement at 0.
    assert Pledge.objects.filter(
        item_type__provides_family=shells.ammunition_family, status__in=FIRM_STATUSES
    ).exists()
    assert AuditEvent.objects.filter(
        action="item_type.update", object_id=str(excalibur.pk), actor__username="coord.ribeiro"
    ).exists()


def test_the_p1_needs_have_sourced_unit_costs_funds_can_buy_at(built):
    for cost in funds.UNIT_COSTS:
        item = ItemType.objects.get(name=cost.item_type)
        expected = to_eur(cost.amount, cost.currency, cost.on).amount_eur.quantize(Decimal("0.01"))
        assert item.unit_value_eur == expected and item.unit_value_source == cost.source_url
        assert AuditEvent.objects.filter(
            action="item_type.reference_figures",
            object_id=str(item.pk),
            actor__username="coord.ribeiro",
        ).exists()
    shell = ItemType.objects.get(name=funds.SHELL_155)
    assert shell.unit_value_eur == Decimal("5000.00")  # EUR 1.1 bn / 220,000 rounds
    assert shell.provides_family.name == "155mm NATO" and shell.capability_area == "artillery"
    interceptor = ItemType.objects.get(name="Interceptor drone")
    assert Requirement.objects.get(reference="UA-SR-24").item_type == interceptor
