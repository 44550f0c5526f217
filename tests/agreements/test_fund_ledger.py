"""A fund's ledger comes from the flows recorded for it: the PURL page's contributions are the flows into PURL of
data/reference/purl_packages.csv, by contributor and per currency, and page, API and CSV give the same figures."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Sum

from nsatu.agreements.funds import fund_ledger_get
from nsatu.agreements.services import fund_entry_record
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.core.templatetags.nsatu_ui import euros
from nsatu.engine.valuation import to_eur
from nsatu.flows.models import Flow
from nsatu.flows.services import flow_create
from nsatu.parties.models import Party, PartyKind
from nsatu.sources.models import Dataset

M = Decimal(1_000_000)
DAY = dt.date(2025, 8, 5)


def _source_figures(path: Path) -> tuple[dict[str, Decimal], dict[str, dict[str, Decimal]], int]:
    """Read from the CSV itself: EUR value per contributor of each row with one contributor and an amount
    (at the ECB rate of the row's date), the amounts per currency, and how many contributions state none."""
    eur: dict[str, Decimal] = defaultdict(Decimal)
    per_currency: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    without = 0
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            who = [c.strip() for c in row["contributors"].split(";") if c.strip()]
            if len(who) != 1 or not row["amount"]:
                without += len(who)
                continue
            year, month, *day = (int(p) for p in row["date"].split("-"))
            on = dt.date(year, month, day[0] if day else 1)
            amount = Decimal(row["amount"])
            eur[who[0]] += to_eur(amount, row["currency"], on).amount_eur.quantize(Decimal("0.01"))
            per_currency[who[0]][row["currency"]] += amount
    return dict(eur), {k: dict(v) for k, v in per_currency.items()}, without


@pytest.fixture
def purl(run_import, data_dir):
    run_import("memberships")
    run_import("purl")
    return _source_figures(data_dir / "reference/purl_packages.csv")


def test_purl_contributions_are_the_flows_into_purl_by_contributor(purl, coordinator):
    eur, per_currency, without = purl
    ledger = fund_ledger_get(user=coordinator, code="PURL").ledger
    into_purl = Flow.objects.filter(destination__code="PURL").aggregate(s=Sum("amount_eur"))["s"]
    assert ledger.contributed.eur == into_purl == sum(eur.values())
    assert (
        ledger.contributed.eur > 1_800 * M
    )  # the €1.86 bn the page used to list beside "€0 contributed"
    assert {p.party: p.total.eur for p in ledger.by_contributor if p.total.eur} == eur
    assert {
        p.party: p.total.by_currency for p in ledger.by_contributor if p.total.by_currency
    } == per_currency
    # USD stays USD: the per-currency figures are the file's own sums, never converted into one another
    assert ledger.contributed.by_currency == {
        "EUR": 850 * M,
        "USD": 1_032 * M,
        "CAD": 200 * M,
    }
    assert ledger.contributed.unvalued == {}
    # joint packages (split not stated) and rows without an amount stay a gap, in no figure
    assert ledger.contributed.without_amount == without == 19
    assert (ledger.spent.eur, ledger.committed, ledger.balance) == (0, 0, ledger.contributed.eur)


def test_page_api_and_csv_agree_on_the_purl_ledger(purl, coordinator, as_user, api):
    eur, _per_currency, _without = purl
    total = sum(eur.values())
    client = as_user(coordinator)
    html = client.get("/agreements/funds/PURL/").content.decode()
    assert f'data-testid="contributions">{euros(total)}<' in html
    assert f'data-testid="balance">{euros(total)}<' in html
    cards = html.split('data-testid="contributions"')[1].split('data-testid="balance"')[0]
    contributed_card, rest = cards.split('data-testid="commitments"')
    # money came in, none went out yet: only the outgoing figures say nothing is recorded
    assert "no flows recorded" not in contributed_card and "no flows recorded" in rest
    germany = re.search(r'<tr data-party="DEU">.*?</tr>', html, re.S)
    assert germany is not None and f'<td class="num">{euros(eur["DEU"])}</td>' in germany.group(0)
    assert "150,000,000 EUR; 500,000,000 USD" in germany.group(0)
    assert "19 records state no amount" in html
    # Norway's PURL money is all in joint packages: its EUR figure is a gap, not a zero
    norway = re.search(r'<tr data-party="NOR">.*?</tr>', html, re.S)
    assert norway is not None and '<td class="num">—</td>' in norway.group(0)

    body = api(coordinator).get("/api/agreements/funds/purl").body
    assert Decimal(body["contributions_eur"]) == total
    assert Decimal(body["balance_eur"]) == total
    assert body["recorded"] is True and body["contributed"]["without_amount"] == 19
    assert {
        p["party"]: Decimal(p["eur"]) for p in body["by_contributor"] if p["by_currency"]
    } == eur
    assert body["contributed"]["by_currency"] == {
        "EUR": "850000000.00",
        "USD": "1032000000.00",
        "CAD": "200000000.00",
    }

    download = client.get("/agreements/funds/PURL/", {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.getvalue().decode().lstrip("\ufeff"))))
    assert len(rows) == Flow.objects.filter(destination__code="PURL").count() == 28
    counted = [r for r in rows if r["Stage"] == "Contribution in" and r["Counted"] == "Yes"]
    assert sum(Decimal(r["Amount (EUR)"]) for r in counted if r["Amount (EUR)"]) == total
    nordic = [r for r in rows if r["Source row"] == "3"]
    assert {r["Note"] for r in nordic} == {"no amount stated: not in the totals"}
    assert all(r["Source"].startswith("http") for r in rows)


def test_a_fund_with_no_flows_shows_zero_and_says_so(coordinator, as_user, api, parties):
    Party.objects.create(
        code="UADF",
        name="Ukraine Assistance Fund",
        kind=PartyKind.FUND,
        releasability=Releasability.PUBLIC,
    )
    html = as_user(coordinator).get("/agreements/funds/UADF/").content.decode()
    assert 'data-testid="contributions">0<' in html and 'data-testid="balance">0<' in html
    assert 'data-testid="no-flows"' in html and "no flows recorded" in html
    body = api(coordinator).get("/api/agreements/funds/uadf").body
    assert (body["recorded"], body["contributions_eur"], body["balance_eur"]) == (False, "0", "0")
    assert body["by_contributor"] == [] and body["contributed"]["records"] == 0


def test_a_restricted_flow_adds_nothing_for_a_reader_who_cannot_see_it(
    coordinator, liaison_no, liaison_pl, as_user, api, parties
):
    """The rule: every figure is a sum over the records the reader may read. A hidden flow changes nothing the
    reader is shown: the page and the API read exactly as if it did not exist."""
    purl, nor = parties["PURL"], parties["NOR"]
    flow_create(
        actor=coordinator,
        source=parties["DEU"],
        destination=purl,
        amount=100 * M,
        currency="EUR",
        date=DAY,
        releasability=Releasability.PARTICIPANTS,
    )
    client = as_user(liaison_pl)
    page_before = client.get("/agreements/funds/PURL/").content.decode()
    api_before = api(liaison_pl).get("/api/agreements/funds/purl").body

    hidden = flow_create(
        actor=liaison_no,
        source=nor,
        destination=purl,
        amount=50 * M,
        currency="EUR",
        date=DAY,
        description="Norwegian contribution, owner only",
        releasability=Releasability.OWNER,
    )
    assert api(liaison_pl).get("/api/agreements/funds/purl").body == api_before
    page_after = client.get("/agreements/funds/PURL/").content.decode()
    token = re.compile(r"[A-Za-z0-9]{64}")  # the CSRF token, new on each page
    assert token.sub("", page_after) == token.sub("", page_before)
    assert fund_ledger_get(user=liaison_pl, code="PURL").ledger.contributed.eur == 100 * M
    # its owner counts it
    own = fund_ledger_get(user=liaison_no, code="PURL").ledger
    assert own.contributed.eur == 150 * M and {p.party for p in own.by_contributor} == {
        "DEU",
        "NOR",
    }
    assert hidden.pk


def test_an_entry_recording_a_flow_counts_once_and_a_payment_settles_its_commitment(
    coordinator, parties
):
    purl, nor, usa = parties["PURL"], parties["NOR"], parties["USA"]
    paid_in = flow_create(
        actor=coordinator, source=nor, destination=purl, amount=100 * M, currency="EUR", date=DAY
    )
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="contribution",
        counterparty=nor,
        flow=paid_in,
        date=DAY,
        amount=100 * M,
        currency="EUR",
    )
    contract = fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="commitment",
        counterparty=usa,
        date=DAY,
        amount=70 * M,
        currency="EUR",
    )
    ledger = fund_ledger_get(user=coordinator, code="PURL").ledger
    assert (ledger.contributed.eur, ledger.committed, ledger.uncommitted) == (
        100 * M,
        70 * M,
        30 * M,
    )
    paid_out = flow_create(
        actor=coordinator, source=purl, destination=usa, amount=65 * M, currency="EUR", date=DAY
    )
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="spending",
        counterparty=usa,
        flow=paid_out,
        settles=contract,
        date=DAY,
        amount=65 * M,
        currency="EUR",
    )
    view = fund_ledger_get(user=coordinator, code="PURL")
    ledger = view.ledger
    # the contract is paid: its 70 M no longer open, the 65 M paid counted once, as spent and as committed
    assert (ledger.open_commitments.eur, ledger.spent.eur, ledger.committed) == (0, 65 * M, 65 * M)
    assert (ledger.balance, ledger.uncommitted) == (35 * M, 35 * M)
    assert [flow for _e, flow in view.entry_rows] == [paid_in.pk, None, paid_out.pk]


def test_entries_name_flows_and_commitments_of_their_own_fund_only(coordinator, parties):
    purl, nor, usa = parties["PURL"], parties["NOR"], parties["USA"]
    elsewhere = flow_create(
        actor=coordinator,
        source=nor,
        destination=parties["UKR"],
        amount=M,
        currency="EUR",
        date=DAY,
    )
    paid_in = flow_create(
        actor=coordinator, source=nor, destination=purl, amount=10 * M, currency="EUR", date=DAY
    )
    common = {"actor": coordinator, "fund": purl, "date": DAY, "amount": M, "currency": "EUR"}
    with pytest.raises(ValidationError, match="neither enters nor leaves"):
        fund_entry_record(kind="contribution", counterparty=nor, flow=elsewhere, **common)
    with pytest.raises(ValidationError, match="cannot be recorded as Spending"):
        fund_entry_record(kind="spending", counterparty=usa, flow=paid_in, **common)
    income = fund_entry_record(kind="contribution", counterparty=nor, flow=paid_in, **common)
    with pytest.raises(ValidationError, match="is not a commitment of"):
        fund_entry_record(kind="spending", counterparty=usa, settles=income, **common)
    with pytest.raises(ValidationError, match="Only a payment"):
        fund_entry_record(kind="commitment", counterparty=usa, settles=income, **common)


def test_the_overdraft_check_counts_the_flows_into_the_fund(coordinator, parties):
    purl = parties["PURL"]
    flow_create(
        actor=coordinator,
        source=parties["NOR"],
        destination=purl,
        amount=100 * M,
        currency="EUR",
        date=DAY,
    )
    fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="spending",
        counterparty=parties["USA"],
        date=DAY,
        amount=80 * M,
        currency="EUR",
    )
    with pytest.raises(ValidationError, match=r"its balance is EUR 20,000,000\.00"):
        fund_entry_record(
            actor=coordinator,
            fund=purl,
            kind="spending",
            counterparty=parties["USA"],
            date=DAY,
            amount=30 * M,
            currency="EUR",
        )


def test_the_page_records_a_payment_that_settles_a_commitment(coordinator, as_user, parties):
    purl = parties["PURL"]
    flow_create(
        actor=coordinator,
        source=parties["NOR"],
        destination=purl,
        amount=100 * M,
        currency="EUR",
        date=DAY,
    )
    contract = fund_entry_record(
        actor=coordinator,
        fund=purl,
        kind="commitment",
        counterparty=parties["USA"],
        date=DAY,
        amount=40 * M,
        currency="EUR",
    )
    client = as_user(coordinator)
    entry = {"kind": "spending", "counterparty": "USA", "date": "2025-08-06", "currency": "EUR"}
    wrong = client.post("/agreements/funds/PURL/", {**entry, "amount": "1", "settles": "999999"})
    assert wrong.status_code == 400
    assert "No commitment with this id of this fund is visible to you." in wrong.content.decode()
    paid = client.post(
        "/agreements/funds/PURL/", {**entry, "amount": "40000000", "settles": str(contract.pk)}
    )
    assert paid.status_code == 302
    html = client.get("/agreements/funds/PURL/").content.decode()
    assert 'data-testid="commitments">40,000,000<' in html
    assert (
        'data-testid="spending">40,000,000<' in html and 'data-testid="balance">60,000,000<' in html
    )
    assert f"settles commitment {contract.pk}" in html
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get("/agreements/funds/PURL/", {"format": "csv"})
                .getvalue()
                .decode()
                .lstrip("\ufeff")
            )
        )
    )
    [closed] = [r for r in rows if r["Record"] == f"entry {contract.pk}"]
    assert closed["Counted"] == "No" and closed["Note"].startswith("settled by entry")


def test_illustrative_records_are_badged_on_the_fund_page(coordinator, as_user, parties):
    scenario = Dataset.objects.create(key="funds-demo", title="Demo funds", illustrative=True)
    Flow.objects.create(
        source=parties["NOR"],
        destination=parties["PURL"],
        amount=5 * M,
        currency="EUR",
        amount_eur=5 * M,
        date=DAY,
        owner=parties["NOR"],
        releasability=Releasability.PUBLIC,
        dataset=scenario,
        source_row=2,
    )
    html = as_user(coordinator).get("/agreements/funds/PURL/").content.decode()
    assert (
        html.count('data-testid="illustrative"') == 2
    )  # the note above the figures and the flow's row


def test_the_fund_list_gives_each_fund_the_figures_of_its_own_page(purl, coordinator, as_user):
    Party.objects.create(
        code="UADF",
        name="Ukraine Assistance Fund",
        kind=PartyKind.FUND,
        releasability=Releasability.PUBLIC,
    )
    html = as_user(coordinator).get("/agreements/funds/").content.decode()
    total = fund_ledger_get(user=coordinator, code="PURL").ledger.contributed.eur
    row = re.search(r'<tr data-fund="PURL">.*?</tr>', html, re.S)
    assert row is not None and f'<td class="num">{euros(total)}</td>' in row.group(0)
    empty = re.search(r'<tr data-fund="UADF">.*?</tr>', html, re.S)
    assert empty is not None and "no flows recorded" in empty.group(0)
