"""Reads on funds (PURL, national funds): the ledger of a fund, computed by nsatu.engine.flows.fund_ledger from
the flows recorded into and out of the fund and the entries its keepers add, over what the reader may see.

The one rule of visibility (docs/funds.md): every figure is a sum over records the reader may read, and
nothing else; a hidden flow or entry adds nothing and changes nothing the reader is shown (no count, no
"some records hidden" note, no total kept elsewhere). The page, the API and the CSV read `fund_ledger_get`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nsatu.agreements.models import EntryKind, FundEntry
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.tables import yes_no
from nsatu.core.visibility import visible_q
from nsatu.engine.flows import IN, OUT, FundLedger, FundLine, eur_value, fund_ledger
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_list
from nsatu.parties.models import Party, PartyKind
from nsatu.parties.selectors import party_visible


def fund_list(*, user: Reader) -> QuerySet[Party]:
    return Party.objects.filter(visible_q(user), kind=PartyKind.FUND).order_by("name")


def fund_get(*, user: Reader, code: str) -> Party:
    fund = fund_list(user=user).filter(code=code.upper()).first()
    if fund is None:
        raise NotFound(code)
    return fund


def fund_flow_list(*, user: Reader, fund: Party) -> QuerySet[Flow]:
    """Flows into and out of a fund (e.g. the PURL packages of the reference table), with their sources."""
    return flow_list(user=user).filter(Q(destination=fund) | Q(source=fund))


def fund_entry_list(*, user: Reader, fund: Party) -> QuerySet[FundEntry]:
    return (
        FundEntry.objects.filter(visible_q(user), fund=fund)
        .select_related("counterparty", "dataset")
        .order_by("date", "id")
    )


def flow_key(flow_id: int) -> str:
    return f"flow:{flow_id}"


def entry_key(entry_id: int) -> str:
    return f"entry:{entry_id}"


def key_id(key: str) -> int:
    return int(key.partition(":")[2])


def _illustrative(record: Flow | FundEntry) -> bool:
    return record.dataset is not None and record.dataset.illustrative


def fund_lines(
    *, fund: Party, flows: Iterable[Flow], entries: Iterable[FundEntry]
) -> list[FundLine]:
    """The engine's lines of a fund: a flow in is money in, a flow out is money spent; an entry by its kind."""
    lines = [
        FundLine(
            key=flow_key(f.pk),
            stage=IN if f.destination_id == fund.pk else OUT,
            counterparty=f.source.code if f.destination_id == fund.pk else f.destination.code,
            amount=f.amount,
            currency=f.currency,
            amount_eur=f.amount_eur,
            illustrative=_illustrative(f),
        )
        for f in flows
    ]
    lines += [
        FundLine(
            key=entry_key(e.pk),
            stage=e.kind,  # the engine names its stages as the entries' kinds
            counterparty=e.counterparty.code,
            amount=e.amount,
            currency=e.currency,
            amount_eur=e.amount_eur,
            records=flow_key(e.flow_id) if e.flow_id else None,
            settles=entry_key(e.settles_id) if e.settles_id else None,
            illustrative=_illustrative(e),
        )
        for e in entries
    ]
    return lines


@dataclass(frozen=True)
class FundLedgerView:
    fund: Party
    ledger: FundLedger
    flows: list[Flow]
    entries: list[FundEntry]
    names: dict[str, str]  # party code -> name, for the parties the reader may see

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    @property
    def entry_rows(self) -> list[tuple[FundEntry, int | None]]:
        """Each entry with the id of the flow it is counted with, or None when it counts on its own."""
        with_flow = {line.key: flow for line, flow in self.ledger.not_counted}
        counted_with = {entry: key_id(flow) for entry, flow in with_flow.items()}
        return [(e, counted_with.get(entry_key(e.pk))) for e in self.entries]


def _mark_settles(entries: list[FundEntry]) -> list[FundEntry]:
    """Mark `settles_seen` (core/refs.py) on a fund's entries as the reader sees them.

    A payment settles a commitment of the same fund (agreements.services), so the entries the reader may see
    are the commitments he may see: one he may not is not named, and the others need no query to name.
    """
    by_pk = {e.pk: e for e in entries}
    for e in entries:
        target = by_pk.get(e.settles_id) if e.settles_id is not None else None
        if target is not None:
            e.settles = target
        e.settles_seen = target is not None  # type: ignore[attr-defined]  # the refs.py mark, set like an annotation
    return entries


def fund_ledger_get(*, user: Reader, code: str) -> FundLedgerView:
    """A fund's ledger over the flows and entries this reader may see (a 404 when the fund is hidden)."""
    fund = fund_get(user=user, code=code)
    flows = list(fund_flow_list(user=user, fund=fund))
    entries = _mark_settles(list(fund_entry_list(user=user, fund=fund)))
    ledger = fund_ledger(fund_lines(fund=fund, flows=flows, entries=entries))
    codes = {line.counterparty for line in ledger.counted}
    names = dict(
        party_visible(user=user).filter(code__in=codes).order_by().values_list("code", "name")
    )
    return FundLedgerView(fund, ledger, flows, entries, names)


LEDGER_COLUMNS: list[Promise] = [
    gettext_lazy("Fund"),
    gettext_lazy("Stage"),
    gettext_lazy("Record"),
    gettext_lazy("Date"),
    gettext_lazy("Counterparty"),
    gettext_lazy("Amount"),
    gettext_lazy("Currency"),
    gettext_lazy("Amount (EUR)"),
    gettext_lazy("ECB rate (per EUR)"),
    gettext_lazy("Rate date"),
    gettext_lazy("Counted"),
    gettext_lazy("Note"),
    gettext_lazy("Illustrative"),
    gettext_lazy("Dataset"),
    gettext_lazy("Source row"),
    gettext_lazy("Source"),
]


def _record_label(key: str) -> str:
    kind, _sep, pk = key.partition(":")
    if kind == "flow":
        return _("flow %(id)s") % {"id": pk}
    return _("entry %(id)s") % {"id": pk}


def fund_ledger_rows(view: FundLedgerView) -> Iterator[list[Any]]:
    """One row per flow and entry of the ledger, saying whether it is counted and, if not, why."""
    records: dict[str, Flow | FundEntry] = {flow_key(f.pk): f for f in view.flows}
    records.update({entry_key(e.pk): e for e in view.entries})
    skipped = {line.key: flow for line, flow in view.ledger.not_counted}
    settled = {line.key: payment for line, payment in view.ledger.settled}
    lines = [*view.ledger.counted, *(line for line, _flow in view.ledger.not_counted)]
    for line in sorted(lines, key=lambda ln: (ln.key.partition(":")[0], key_id(ln.key))):
        record = records[line.key]
        note = ""
        if line.key in skipped:
            note = _("the same money as %(flow)s, counted there") % {
                "flow": _record_label(skipped[line.key])
            }
        elif line.key in settled:
            note = _("settled by %(payment)s: no longer open, the payment counts") % {
                "payment": _record_label(settled[line.key])
            }
        elif line.amount is None:
            note = _("no amount stated: not in the totals")
        elif eur_value(line) is None:
            note = _("no EUR value recorded: counted in %(cur)s only") % {"cur": line.currency}
        counted = line.key not in skipped and line.key not in settled
        yield [
            view.fund.code,
            EntryKind(line.stage).label,
            _record_label(line.key),
            record.date,
            line.counterparty,
            line.amount,
            line.currency or None,
            line.amount_eur,
            record.eur_rate,
            record.eur_rate_date,
            yes_no(counted),
            note or None,
            yes_no(line.illustrative),
            record.dataset.key if record.dataset else None,
            record.source_row,
            record.source_url or None,
        ]


def fund_index_get(*, user: Reader) -> list[tuple[Party, FundLedger]]:
    """Every fund the reader may see with its ledger, read in three queries whatever the number of funds.

    A flow from one fund to another is money out of the first and into the second: it is on both ledgers.
    """
    funds = list(fund_list(user=user))
    ids = [f.pk for f in funds]
    flows = list(flow_list(user=user).filter(Q(destination_id__in=ids) | Q(source_id__in=ids)))
    entries = list(
        FundEntry.objects.filter(visible_q(user), fund_id__in=ids).select_related(
            "counterparty", "dataset"
        )
    )
    return [
        (
            fund,
            fund_ledger(
                fund_lines(
                    fund=fund,
                    flows=[f for f in flows if fund.pk in (f.source_id, f.destination_id)],
                    entries=[e for e in entries if e.fund_id == fund.pk],
                )
            ),
        )
        for fund in funds
    ]


@dataclass(frozen=True)
class FundPage:
    view: FundLedgerView
    parties: QuerySet[Party]  # the counterparties the entry form may offer
    flows: QuerySet[Flow]  # the fund's flows, paged on the page
    commitments: QuerySet[FundEntry]  # what a payment may settle


def fund_page_get(*, user: Reader, code: str) -> FundPage:
    view = fund_ledger_get(user=user, code=code)
    return FundPage(
        view,
        party_visible(user=user).order_by("name"),
        fund_flow_list(user=user, fund=view.fund),
        fund_entry_list(user=user, fund=view.fund).filter(kind=EntryKind.COMMITMENT),
    )
