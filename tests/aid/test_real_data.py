"""The ledger over the real registers (Kiel weapons, SIPRI, Oryx as imported): every row on exactly one line,
and per donor and item type each source's own total equals the sum of its figures over the lines."""

from __future__ import annotations

from collections import Counter, defaultdict

from nsatu.aid.selectors import aid_ledger_get
from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge
from tests.exchange.conftest import csv_rows, data_dir, run_import  # noqa: F401  (fixtures)

SIPRI_FILE = "sipri/sipri_trade_register_ukraine_recipient_2014_2024.csv"


def test_the_registers_reconcile_line_by_line(run_import, data_dir, coordinator):  # noqa: F811
    for kind in ("equipment", "kiel-weapons", "sipri", "oryx"):
        run_import(kind)
    ledger = aid_ledger_get(user=coordinator)
    pledges = list(
        Pledge.objects.values(
            "pk", "dataset__key", "donor__code", "item_type_id", "quantity", "delivered_quantity"
        )
    )

    on_lines = Counter(a.pledge_id for line in ledger.lines for a in line.attestations)
    assert set(on_lines) == {p["pk"] for p in pledges} and set(on_lines.values()) == {1}

    canada = next(
        line
        for line in ledger.lines
        if line.donor == "CAN"
        and any(a.dataset == "sipri" for a in line.attestations)
        and any(a.row == 137 and a.dataset == "sipri" for a in line.attestations)
    )
    assert sorted(a.dataset for a in canada.attestations) == ["kiel-weapons", "oryx", "sipri"]
    assert (canada.committed, canada.delivered, canada.disagreements) == (8, 8, ())

    # Each source's own totals per donor and item type, from its rows...
    own: Counter[tuple[str, str, int | None, str]] = Counter()
    for p in pledges:
        key = (p["dataset__key"], p["donor__code"], p["item_type_id"])
        own[(*key, "quantity")] += p["quantity"] or 0
        if p["dataset__key"] == "sipri":
            own[(*key, "delivered")] += p["delivered_quantity"] or 0
    # ... and as the lines show them: each attestation's own figures, once per line.
    shown: Counter[tuple[str, str, int | None, str]] = Counter()
    for line in ledger.lines:
        assert len({a.dataset for a in line.attestations}) == len(line.attestations)
        for a in line.attestations:
            figures = line.figures_of(a.pledge_id)
            quantity = figures.get("committed", figures.get("announced", 0))
            shown[(a.dataset, a.donor, a.item_id, "quantity")] += quantity
            if a.dataset == "sipri":
                shown[(a.dataset, a.donor, a.item_id, "delivered")] += figures.get("delivered", 0)
    assert +shown == +own

    # SIPRI per supplier, read from the file itself.
    by_supplier: dict[str, Counter[str]] = defaultdict(Counter)
    for _line, row in csv_rows(data_dir / SIPRI_FILE):
        supplier = row["supplier"]
        code = "UNKNOWN" if supplier == "unknown supplier(s)" else party_code_for(supplier)
        assert code is not None
        by_supplier[code]["ordered"] += int(row["number_ordered"] or 0)
        by_supplier[code]["delivered"] += int(row["number_delivered"] or 0)
    for code, sums in by_supplier.items():
        ordered = sum(
            v
            for (ds, donor, _i, what), v in shown.items()
            if ds == "sipri" and donor == code and what == "quantity"
        )
        delivered = sum(
            v
            for (ds, donor, _i, what), v in shown.items()
            if ds == "sipri" and donor == code and what == "delivered"
        )
        assert (ordered, delivered) == (sums["ordered"], sums["delivered"]), code

    # A line counts once: its committed figure is one source's, never a sum across sources.
    for line in ledger.lines:
        firm = [line.figures_of(a.pledge_id).get("committed") for a in line.attestations if a.firm]
        assert line.committed in {f for f in firm if f is not None} | {line.delivered, 0}
