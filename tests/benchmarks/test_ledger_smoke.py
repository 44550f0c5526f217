"""The large-ledger generator at a smoke size: the invariants the services keep hold for every generated line."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import F, Sum

from benchmarks.ledger import KEY, ledger_build, ledger_drop
from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, Tranche


@pytest.fixture
def catalogue(db: None) -> list[ItemType]:
    return [
        ItemType.objects.create(name=name, releasability=Releasability.PUBLIC)
        for name in ("Leopard 2A4", "155 mm shell", "Patriot launcher")
    ]


def test_generated_lines_keep_the_invariants_and_drop_removes_them(
    parties: object, catalogue: list[ItemType]
) -> None:
    figures = ledger_build(pledges=400, seed=7, batch=64, progress=False)
    generated = Pledge.objects.filter(dataset__key=KEY)
    assert figures["pledges"] == generated.count() == 400
    dataset = generated.get(source_row=1).dataset
    assert dataset is not None and dataset.illustrative
    assert not generated.exclude(owner_id=F("donor_id")).exists()
    assert "UKR" not in set(generated.values_list("donor__code", flat=True))
    for pledge in generated.filter(kind="in_kind").annotate(parts=Sum("tranches__quantity")):
        assert pledge.parts == pledge.quantity, pledge.pk
        assert pledge.item_type_id is not None
    assert not generated.filter(kind="funds", amount__isnull=True).exists()
    shares = Counter(generated.values_list("releasability", flat=True))
    assert shares["public"] > shares["owner"] > 0
    assert ledger_drop() >= 400
    assert not Pledge.objects.filter(dataset__key=KEY).exists()
    assert not Tranche.objects.filter(pledge__dataset__key=KEY).exists()


def test_a_seed_gives_the_same_ledger(parties: object, catalogue: list[ItemType]) -> None:
    ledger_build(pledges=50, seed=3, batch=16, progress=False)
    first = list(
        Pledge.objects.filter(dataset__key=KEY).values_list("donor_id", "quantity", "amount")
    )
    ledger_build(pledges=50, seed=3, batch=16, progress=False)
    again = list(
        Pledge.objects.filter(dataset__key=KEY).values_list("donor_id", "quantity", "amount")
    )
    assert first == again
