"""The tables the agreement pages offer as CSV and XLSX (core.web.download_response): headers a person reads,
typed values (dates as dates, euros as Decimal), related records named through core/refs.py. The machine
export (`nsatu export`, nsatu/exchange) keeps its own column keys."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from nsatu.agreements.frameworks import FrameworkPage
from nsatu.agreements.models import Agreement
from nsatu.core.refs import ref_label
from nsatu.core.tables import yes_no
from nsatu.engine.flows import FundLedger
from nsatu.parties.models import Party

AGREEMENT_HEADER: list[Promise] = [
    gettext_lazy("Id"),
    gettext_lazy("Agreement"),
    gettext_lazy("Kind"),
    gettext_lazy("Parties"),
    gettext_lazy("Signed on"),
    gettext_lazy("Duration"),
    gettext_lazy("Status"),
    gettext_lazy("Stated funding"),
    gettext_lazy("Concluded under"),
    gettext_lazy("Dataset"),
    gettext_lazy("Source row"),
    gettext_lazy("Sources"),
]


def agreement_rows(agreements: Iterable[Agreement]) -> Iterator[list[object]]:
    for a in agreements:
        yield [
            a.pk,
            a.title,
            a.get_kind_display(),
            ", ".join(p.code for p in a.parties.all()),
            a.signed_on,
            a.duration_text or None,
            a.get_status_display(),
            a.stated_funding or None,
            ref_label(a, "framework", title=True) or None,
            a.dataset.key if a.dataset else None,
            a.source_row,
            " ".join(a.sources) or None,
        ]


FRAMEWORK_HEADER: list[Promise] = [
    gettext_lazy("Id"),
    gettext_lazy("Framework"),
    gettext_lazy("Signed on"),
    gettext_lazy("Signatories"),
    gettext_lazy("Agreements under it"),
    gettext_lazy("Burden-sharing rule"),
    gettext_lazy("Yearly baseline (EUR)"),
    gettext_lazy("Source"),
]


def framework_rows(frameworks: Iterable[Agreement]) -> Iterator[list[object]]:
    for f in frameworks:
        yield [
            f.pk,
            f.title,
            f.signed_on,
            getattr(f, "n_signatories", 0),
            getattr(f, "n_agreements", 0),
            f.rule or None,
            f.baseline_eur,
            f.source_url or None,
        ]


SIGNATORY_HEADER: list[Promise] = [
    gettext_lazy("Code"),
    gettext_lazy("Signatory"),
    gettext_lazy("Joined on"),
    gettext_lazy("Source"),
    gettext_lazy("Agreements under it"),
    gettext_lazy("Committed (EUR)"),
    gettext_lazy("Delivered (EUR)"),
    gettext_lazy("Fair share (EUR)"),
    gettext_lazy("Military aid per Kiel (EUR)"),
]


def signatory_rows(page: FrameworkPage) -> list[list[object]]:
    """The signatory table of a framework page, one row per signatory."""
    return [
        [
            r.party.code,
            r.party.name,
            r.signatory.joined_on if r.signatory else None,
            (r.signatory.source_url or None) if r.signatory else None,
            "; ".join(a.title for a in r.agreements) or None,
            r.total.committed_eur,
            r.total.delivered_eur,
            r.fair.fair_eur if r.fair else None,
            r.fair.gave_eur if r.fair else None,
        ]
        for r in page.rows
    ]


FUND_HEADER: list[Promise] = [
    gettext_lazy("Code"),
    gettext_lazy("Fund"),
    gettext_lazy("Contributed (EUR)"),
    gettext_lazy("Committed (EUR)"),
    gettext_lazy("Spent (EUR)"),
    gettext_lazy("Balance (EUR)"),
    gettext_lazy("Flows recorded"),
]


def fund_rows(funds: Iterable[tuple[Party, FundLedger]]) -> Iterator[list[object]]:
    for fund, ledger in funds:
        yield [
            fund.code,
            fund.name,
            ledger.contributed.eur,
            ledger.committed,
            ledger.spent.eur,
            ledger.balance,
            yes_no(ledger.recorded),
        ]
