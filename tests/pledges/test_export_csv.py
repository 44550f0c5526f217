"""The pledge CSV export (issue #18): the plain-cursor lines a download streams are byte for byte the file the
general writer makes of the typed rows — every reader, every order, texts a spreadsheet would run, quoted texts,
hidden links, figures as SQLite may hold them — and it reads the ledger in chunks."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory

from nsatu.core.models import Releasability
from nsatu.core.paging import sort_of
from nsatu.core.web import download_response
from nsatu.needs.models import Requirement, RequirementStatus
from nsatu.parties.models import Party
from nsatu.pledges import export_selectors
from nsatu.pledges.export_selectors import pledge_export_rows
from nsatu.pledges.models import Pledge, PledgeStatus
from nsatu.pledges.views import DOWNLOAD_HEADER, SORTS, _download_rows
from nsatu.sources.models import Dataset

pytestmark = pytest.mark.django_db

TEXTS = [
    "=1+2",
    "+49 30 123",
    "-minus",
    "@at",
    "\ttab first",
    "\rreturn first",
    "comma, inside",
    'quote " inside',
    "line\nbreak",
    "bell\x07 rings",
    "form\x0cfeed",
    "ünïcödé – dash",
    "  spaces  ",
    "",
    "'already",
    "x\r\ny",
    "\u2028sep",
    "end\t",
    "=",
    ",",
    '"',
    "Plain shells",
]
FIGURES = [
    None,
    Decimal("0.10"),
    Decimal("1234567.89"),
    Decimal("0"),
    Decimal("99999999999.99"),
    Decimal("12345678901234.57"),
    Decimal("0.01"),
    Decimal("5"),
]
# Figures SQLite may hold when a row was written by hand: more places than the field's, beyond 15 digits.
SQLITE_FLOATS = [
    2.675,
    0.001,
    12345678901234.57,
    1e-9,
    0.125,
    1.005,
    7,
    123456789012.345,
    3.0,
    -0.0,
]


@pytest.fixture
def ledger(parties, web_data):
    odd = Party.objects.create(
        code="KOR", name='Korea, "Republic" of', releasability=Releasability.PUBLIC
    )
    formula = Party.objects.create(
        code="=XX", name="=cmd|' /C calc'!A0", releasability=Releasability.PUBLIC
    )
    hidden = Requirement.objects.create(
        reference="UA-C-99, restricted",
        title="Hidden",
        capability_area="air_defence",
        quantity=Decimal(4),
        priority=1,
        owner=parties["UKR"],
        status=RequirementStatus.PUBLISHED,
        releasability=Releasability.COMMAND,
        needed_by=dt.date(2026, 10, 31),
    )
    dataset = Dataset.objects.create(key="illustrative-x", title="X", illustrative=True)
    donors = [odd, formula, parties["DEU"], parties["POL"]]
    statuses = [s for s, _ in PledgeStatus.choices]
    releasabilities = [
        Releasability.PUBLIC,
        Releasability.OWNER,
        Releasability.COMMAND,
        Releasability.PARTICIPANTS,
    ]
    made = []
    for n, text in enumerate(TEXTS):
        amount = FIGURES[n % len(FIGURES)]
        made.append(
            Pledge.objects.create(
                donor=donors[n % 4],
                owner=donors[n % 4],
                recipient=parties["UKR"] if n % 5 else odd,
                kind="funds" if amount is not None else "in_kind",
                item_type=web_data.howitzer if n % 3 == 0 else None,
                description=text,
                quantity=None if n % 2 else n * 7,
                amount=amount,
                currency=["", "EUR", "=1,", '"x', "\t"][n % 5],
                value_eur=FIGURES[(n + 3) % len(FIGURES)],
                status=statuses[n % len(statuses)],
                announced_on=None if n % 4 == 1 else dt.date(2024, 1 + n % 12, 1 + n % 3),
                year=None if n % 3 else 2020 + n,
                requirement=hidden if n % 2 else (web_data.published if n % 3 else None),
                dataset=dataset if n % 4 == 0 else None,
                source_row=n if n % 2 else None,
                source_url=["", "https://x.org/a,b", '=HYPERLINK("x")', "https://x.org/" + text][
                    n % 4
                ],
                releasability=releasabilities[n // 2 % 4],
            )
        )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for pledge, value in zip(made, SQLITE_FLOATS, strict=False):
                cursor.execute(
                    "UPDATE pledges_pledge SET value_eur = %s WHERE id = %s", [value, pledge.pk]
                )
    return made


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _general_file(user, fields) -> bytes:
    """The file the general writer (a cell check and a csv writer call per line) makes of the typed rows."""
    typed = list(_download_rows(pledge_export_rows(user=user, order=fields)))
    request = RequestFactory().get("/pledges/", {"format": "csv"})
    return _body(download_response(request, "pledges.csv", DOWNLOAD_HEADER, typed))


@pytest.mark.parametrize(
    "reader",
    [
        "coord.ribeiro",
        "liaison.de.weber",
        "liaison.pl.nowak",
        "planner.ua.kovalenko",
        "analyst.lindqvist",
    ],
)
def test_the_streamed_file_is_the_general_writers_for_every_order(ledger, people, as_user, reader):
    user = people[reader]
    client = as_user(user)
    for key in [None, *SORTS, *(f"-{k}" for k in SORTS)]:
        fields = sort_of(key, SORTS, default="-announced").fields
        query = {"format": "csv"} | ({"sort": key} if key else {})
        streamed = _body(client.get("/pledges/", query))
        assert streamed == _general_file(user, fields), key
        assert streamed.count(b"\r\n") > 2


def test_a_liaison_reads_no_other_nations_owner_only_pledge(ledger, web_data, as_user, liaison_pl):
    text = _body(as_user(liaison_pl).get("/pledges/", {"format": "csv"})).decode("utf-8-sig")
    assert "Classified package" not in text  # Germany's owner-only pledge
    assert "UA-C-99" not in text  # a requirement for the command only
    assert "a restricted requirement" in text.lower()


def test_formulas_are_neutralised_and_texts_quoted(ledger, as_user, coordinator):
    text = _body(as_user(coordinator).get("/pledges/", {"format": "csv"})).decode("utf-8-sig")
    assert ",'=1+2," in text and ",'+49 30 123," in text
    assert '"Korea, ""Republic"" of"' in text
    assert ",'=XX,'=cmd|' /C calc'!A0," in text
    assert '"comma, inside"' in text


def test_amount_and_value_are_declared_alike():
    # One reader of figures serves both columns (export_selectors._export_figure).
    amount, value = (Pledge._meta.get_field(n) for n in ("amount", "value_eur"))
    assert (amount.max_digits, amount.decimal_places) == (value.max_digits, value.decimal_places)


def test_the_ledger_is_read_in_chunks(ledger, coordinator, monkeypatch):
    monkeypatch.setattr(export_selectors, "EXPORT_CHUNK_ROWS", 4)
    export = pledge_export_rows(user=coordinator, order=("-announced_on", "-pk"))
    sizes = [len(chunk) for chunk in export.plain_chunks()]
    assert len(sizes) > 3 and max(sizes) == 4
    assert sum(sizes) == len(list(pledge_export_rows(user=coordinator).rows))
