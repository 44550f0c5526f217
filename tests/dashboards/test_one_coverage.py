"""One coverage on every surface: for every published requirement of the demo database, the overview, the
requirement list and detail, the briefing XLSX's `Coverage` sheet, GET /api/needs/coverage and
`requirement_coverage_get` show the same figures (each rounded as its surface shows numbers)."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from nsatu.accounts.models import User
from nsatu.accounts.services import api_token_issue
from nsatu.coverage.rows import STAGE_LABELS
from nsatu.coverage.selectors import requirement_coverage_get
from nsatu.demo.people import DEMO_COORDINATOR
from nsatu.demo.services import demo_build
from nsatu.engine.coverage import STAGES
from nsatu.needs.models import UnitKindChoice

SHOWN = ("announced", "committed", "delivered")  # the stages the overview and the list show
CENT = Decimal("0.01")

type Figures = dict[str, dict[str, Decimal]]


@pytest.fixture
def demo(db, tmp_path) -> User:
    demo_build(data_dir=Path(settings.DATA_DIR), var_dir=tmp_path)
    return User.objects.get(username=DEMO_COORDINATOR)


def _number(text: str) -> Decimal:
    return Decimal(text.split()[0].replace(",", ""))


def _as_shown(value: Decimal) -> Decimal:
    """A figure as the pages' `num` filter writes it: whole, or to the cent."""
    return value if value == value.to_integral_value() else value.quantize(CENT)


def _rows(html: str, table_id: str) -> dict[str, str]:
    table = html[html.index(f'id="{table_id}"') :]
    table = table[: table.index("</table>")]
    return dict(re.findall(r'<tr data-reference="([^"]+)">(.*?)</tr>', table, re.S))


def _cells(row: str) -> dict[str, str]:
    cells = dict(re.findall(r'data-testid="([\w-]+)">(.*?)</td>', row, re.S))
    share = re.search(r'data-value="([^"]+)" data-testid="covered-share"', row)
    assert share, row
    return cells | {"covered_share": share.group(1)}


def _paged(client: Client, url: str, table_id: str, **query: str) -> dict[str, dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for page in range(1, 100):
        html = client.get(url, {**query, "page": page}).content.decode()
        rows = _rows(html, table_id) if f'id="{table_id}"' in html else {}
        if not rows or set(rows) <= set(seen):
            break
        seen |= {ref: _cells(row) for ref, row in rows.items()}
    return seen


def _page_figures(cells: dict[str, str]) -> dict[str, Decimal]:
    return {
        "needed": _number(cells["needed"]),
        **{s: _number(cells[s]) for s in SHOWN},
        "covered_share": Decimal(cells["covered_share"]),
    }


def test_every_surface_shows_the_one_coverage(demo, client):
    view = requirement_coverage_get(user=demo)
    truth: Figures = {
        c.need.reference: {
            "needed": c.need.quantity,
            **c.stages.as_dict(),
            "covered_share": c.covered_share,
        }
        for c in view.result.requirements
    }
    assert len(truth) >= 10, "the demo publishes requirements"
    assert any(f["committed"] > 0 for f in truth.values()), "firm aid of their types counts"

    def shown(ref: str, keys) -> dict[str, Decimal]:
        f = truth[ref]
        return {k: f[k] if k == "covered_share" else _as_shown(f[k]) for k in keys}

    page_keys = ("needed", *SHOWN, "covered_share")
    client.force_login(demo)
    overview = _paged(client, reverse("dashboards:overview"), "overview-requirements")
    assert set(overview) == set(truth)
    assert {ref: _page_figures(c) for ref, c in overview.items()} == {
        ref: shown(ref, page_keys) for ref in truth
    }
    listed = _paged(client, reverse("needs:list"), "requirements", status="published")
    assert set(listed) == set(truth)
    assert {ref: _page_figures(c) for ref, c in listed.items()} == {
        ref: shown(ref, page_keys) for ref in truth
    }

    for ref, requirement in ((c.need.reference, c.need) for c in view.result.requirements):
        html = client.get(reverse("needs:detail", args=[requirement.requirement_id])).content
        text = html.decode()
        stages = {
            s: _number(re.search(rf'data-testid="coverage-{s}">([^<]+)<', text).group(1))
            for s in STAGES
        }
        assert stages == shown(ref, STAGES), ref

    sheet = load_workbook(
        io.BytesIO(client.get(reverse("resilience:briefing", args=["xlsx"])).content),
        read_only=True,
    )["Coverage"]
    header, *rows = sheet.iter_rows(values_only=True)
    xlsx = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(xlsx) == set(truth)
    # The briefing's sheet is the coverage page's download: the same figures under the labels a person reads.
    labels = {"needed": "Needed", "covered_share": "Covered share"} | {
        s: str(STAGE_LABELS[s]) for s in STAGES
    }
    for ref, f in truth.items():
        for key in ("needed", *STAGES, "covered_share"):
            assert xlsx[ref][labels[key]] == pytest.approx(float(f[key]), abs=1e-4), (ref, key)
    kinds = dict(UnitKindChoice.choices)
    assert {ref: (r["Unit kind"], r["Illustrative"]) for ref, r in xlsx.items()} == {
        c.need.reference: (kinds[c.need.unit_kind], "Yes" if c.need.illustrative else "No")
        for c in view.result.requirements
    }

    token = api_token_issue(actor=demo, name="one coverage")[1]
    body = (
        Client()
        .get("/api/needs/coverage", headers={"Authorization": f"Bearer {token}"})
        .json()["requirements"]
    )
    api = {r["reference"]: r for r in body}
    assert set(api) == set(truth)
    for ref, f in truth.items():
        for key in ("needed", *STAGES):
            assert Decimal(api[ref][key]) == f[key], (ref, key)
        assert Decimal(api[ref]["covered_share"]) == pytest.approx(f["covered_share"], abs=1e-4)
