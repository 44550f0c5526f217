"""Reads of the aid ledger. The lines are computed by nsatu.engine.ledger from the pledges the reader may see
(pledge_visible) and the coordinators' live decisions: a line's figures come from the attestations this reader
sees, and a line none of whose attestations he sees does not exist for him."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nsatu.aid import rules
from nsatu.aid.models import LinkDecision
from nsatu.catalogue.selectors import item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound
from nsatu.core.refs import mark_visible_refs
from nsatu.engine.designations import fold
from nsatu.engine.interop.duplicates import DuplicateGroup, duplicates
from nsatu.engine.interop.fleet import Record
from nsatu.engine.ledger import (
    ENTERED,
    SIPRI,
    AidLine,
    Attestation,
    Decision,
    Ledger,
    Match,
    designation_keys,
    ledger_build,
)
from nsatu.needs.selectors import requirement_visible
from nsatu.pledges.models import PledgeStatus
from nsatu.pledges.selectors import pledge_visible

STAGE_LABELS: dict[str, Promise] = {
    "announced": _("announced"),
    "committed": _("committed"),
    "delivered": _("delivered"),
    "offered": _("offered (open remainder)"),
}

# A pledge row as the ledger reads it, one tuple per row in this order (`_Reading` unpacks it). The item type's
# aliases come as their stored text, decoded once per item type rather than once per row: a big donor's page
# reads hundreds of thousands of rows naming a few hundred item types (issue #18).
_FIELDS = (
    "pk",
    "dataset__key",
    "dataset__title",
    "dataset__illustrative",
    "donor__code",
    "donor__name",
    "recipient__code",
    "kind",
    "item_type_id",
    "item_type__name",
    "aliases_text",
    "item_type__provides_family__name",
    "description",
    "quantity",
    "delivered_quantity",
    "status",
    "announced_on",
    "year",
    "value_eur",
    "amount",
    "currency",
    "requirement_id",
    "source_row",
    "source_url",
    "item_type_seen",
    "requirement_seen",
)


@dataclass(frozen=True)
class Source:
    """One attestation as a page shows it: the record's own words and where it comes from."""

    attestation: Attestation
    donor_name: str
    item_name: str
    dataset_title: str
    description: str
    source_url: str

    @property
    def pledge_id(self) -> int:
        return self.attestation.pledge_id

    @property
    def dataset(self) -> str:
        return self.attestation.dataset

    @property
    def status_label(self) -> str:
        status = self.attestation.status
        return str(PledgeStatus(status).label) if status in PledgeStatus.values else status


@dataclass(frozen=True)
class LineView:
    line: AidLine
    donor_name: str
    item_name: str
    sources: tuple[Source, ...]

    @property
    def id(self) -> str:
        return self.line.id

    def sources_text(self) -> str:
        return line_sources_text(self.line)

    @property
    def disagreement_labels(self) -> list[str]:
        return [str(STAGE_LABELS.get(stage, stage)) for stage in self.line.disagreements]


@dataclass(frozen=True)
class SourceFigures:
    """One attestation's figures beside the line's, for the side-by-side table."""

    source: Source
    committed: int | None
    delivered: int | None
    announced: int | None
    offered: int | None


@dataclass(frozen=True)
class ProposalView:
    match: Match
    first: Source
    second: Source
    first_line: str
    second_line: str


@dataclass(frozen=True)
class AidLineDetail:
    view: LineView
    figures: tuple[SourceFigures, ...]
    decisions: tuple[
        LinkDecision, ...
    ]  # every decision on a pair of its attestations, withdrawn ones too
    proposals: tuple[ProposalView, ...]  # open questions involving one of its attestations
    may_decide: bool


@dataclass(frozen=True)
class _Read:
    ledger: Ledger
    sources: dict[int, Source]


class _Reading:
    """Turns the reader's pledge rows into attestations, remembering what repeats from row to row: the aliases
    of an item type and the designation keys of an item type with a description (a register repeats a few
    hundred of them)."""

    def __init__(self) -> None:
        self._aliases: dict[str | None, tuple[str, ...]] = {}
        self._keys: dict[tuple[int | None, str], tuple[str, ...]] = {}

    def aliases(self, text: str | None) -> tuple[str, ...]:
        found = self._aliases.get(text)
        if found is None:
            stored = (json.loads(text) if text else None) or []
            found = self._aliases[text] = tuple(a for a in stored if isinstance(a, str))
        return found

    def keys(self, item_id: int | None, texts: tuple[str, ...]) -> tuple[str, ...]:
        # texts: the item type's name and aliases (none when unseen: item_id is then None) after the description
        found = self._keys.get((item_id, texts[1]))
        if found is None:
            found = self._keys[(item_id, texts[1])] = designation_keys(*texts)
        return found

    def attestation(self, row: tuple[Any, ...]) -> Attestation:
        pk, dataset, _, illustrative, donor, _, recipient, kind, item_id, name = row[:10]
        aliases_text, family, description, quantity, delivered, status = row[10:16]
        announced_on, year, value_eur, amount, currency, requirement_id, source_row = row[16:23]
        item_seen, requirement_seen = row[24:26]
        # An item type the reader may not see is not named, nor matched on: the pledge stands on its own words.
        if item_seen:
            keys = self.keys(item_id, (name or "", description, *self.aliases(aliases_text)))
        else:
            item_id, family, keys = None, None, self.keys(None, ("", description))
        return Attestation(
            pledge_id=pk,
            dataset=dataset or ENTERED,
            donor=donor,
            recipient=recipient,
            kind=kind,
            item_id=item_id,
            families=(family,) if family else (),
            keys=keys,
            quantity=quantity,
            delivered=delivered,
            status=status,
            announced_on=announced_on,
            year=year,
            # An amount in euros is its own value in euros; another currency waits for its conversion.
            value_eur=value_eur if value_eur is not None or currency != "EUR" else amount,
            # An earmark for a requirement the reader may not see is no earmark to him (core/refs.py).
            requirement_id=requirement_id if requirement_seen else None,
            illustrative=bool(illustrative),
            row=source_row,
        )


def _source(attestation: Attestation, row: tuple[Any, ...]) -> Source:
    return Source(
        attestation=attestation,
        donor_name=row[5],
        item_name=(row[9] or "") if row[24] else "",
        dataset_title=row[2] or "",
        description=row[12],
        source_url=row[23],
    )


def _rows(*, user: Reader, donor: str | None) -> list[tuple[Any, ...]]:
    visible = pledge_visible(user=user)
    if donor:
        # The ledger matches records within one donor only (engine/ledger/build.py: buckets by donor, remainders
        # joining their donor's lines), so one donor's records read alone give exactly that donor's lines.
        visible = visible.filter(donor__code=donor)
    marked = mark_visible_refs(visible, field="item_type", visible=item_type_visible(user=user))
    marked = mark_visible_refs(marked, field="requirement", visible=requirement_visible(user=user))
    marked = marked.annotate(aliases_text=Cast("item_type__aliases", TextField()))
    return list(marked.order_by("pk").values_list(*_FIELDS))


def _read(*, user: Reader, donor: str | None = None) -> _Read:
    reading = _Reading()
    sources: dict[int, Source] = {}
    for row in _rows(user=user, donor=donor):
        sources[row[0]] = _source(reading.attestation(row), row)
    decisions = link_decisions_live(seen=set(sources))
    ledger = ledger_build((s.attestation for s in sources.values()), decisions)
    return _Read(ledger, sources)


def link_decisions_live(*, seen: set[int]) -> list[Decision]:
    """The coordinators' live decisions between two records the reader sees (`seen`: visible pledge ids);
    any other pair has no attestation to act on. Every report built on the matcher passes them."""
    return [
        Decision(first, second, verdict == "confirm")
        for first, second, verdict in LinkDecision.objects.filter(
            withdrawn_at__isnull=True
        ).values_list("first_id", "second_id", "verdict")
        if first in seen and second in seen
    ]


def aid_ledger_get(*, user: Reader, donor: str | None = None) -> Ledger:
    """The reconciled aid ledger the reader may see; with `donor`, that donor's lines alone (the same lines).
    The lines alone: no page text of each record (`_read`'s sources) is built."""
    reading = _Reading()
    attestations = [reading.attestation(row) for row in _rows(user=user, donor=donor)]
    decisions = link_decisions_live(seen={a.pledge_id for a in attestations})
    return ledger_build(attestations, decisions)


def _view(line: AidLine, sources: dict[int, Source]) -> LineView:
    own = tuple(sources[a.pledge_id] for a in line.attestations)
    named = next((s for s in own if s.attestation.item_id == line.item_id and s.item_name), None)
    item_name = named.item_name if named else (own[0].description if own else "")
    return LineView(line, own[0].donor_name if own else line.donor, item_name, own)


def _matches(view: LineView, q: str) -> bool:
    needle = fold(q)
    texts = [view.donor_name, view.line.donor, view.item_name, view.line.id]
    texts += [s.description for s in view.sources]
    return any(needle in fold(t) for t in texts if t)


def aid_line_list(
    *,
    user: Reader,
    donor: str | None = None,
    item_type: int | None = None,
    q: str | None = None,
) -> list[LineView]:
    return _filtered(_read(user=user), donor=donor, item_type=item_type, q=q)


def _filtered(
    read: _Read, *, donor: str | None, item_type: int | None, q: str | None
) -> list[LineView]:
    views = []
    for line in read.ledger.lines:
        if donor and line.donor != donor.upper():
            continue
        if item_type and all(a.item_id != item_type for a in line.attestations):
            continue
        view = _view(line, read.sources)
        if q and not _matches(view, q):
            continue
        views.append(view)
    views.sort(key=lambda v: (v.donor_name, fold(v.item_name), -v.line.committed, v.line.id))
    return views


def _line_number(view: LineView) -> int:
    digits = view.line.id.lstrip("L")
    return int(digits) if digits.isdigit() else 0


# The columns the ledger's list sorts on (`order` as core.paging.sort_of gives it; its "pk" is the line's id).
_LINE_ORDER: dict[str, Callable[[LineView], Any]] = {
    "pk": _line_number,
    "line": _line_number,
    "donor": lambda v: v.donor_name,
    "item": lambda v: fold(v.item_name),
    "announced": lambda v: v.line.announced or 0,
    "committed": lambda v: v.line.committed or 0,
    "delivered": lambda v: v.line.delivered or 0,
    "value": lambda v: v.line.value_eur or 0,
}


def _ordered(views: list[LineView], order: Sequence[str]) -> list[LineView]:
    """The ledger is computed, not queried: its lines are sorted here, last key first (sorts are stable)."""
    for field in reversed(order):
        key = _LINE_ORDER.get(field.lstrip("-"))
        if key is not None:
            views.sort(key=key, reverse=field.startswith("-"))
    return views


def _proposal(match: Match, read: _Read) -> ProposalView:
    return ProposalView(
        match,
        read.sources[match.first],
        read.sources[match.second],
        read.ledger.line_of(match.first).id,
        read.ledger.line_of(match.second).id,
    )


def aid_proposal_list(*, user: Reader) -> list[ProposalView]:
    read = _read(user=user)
    return [_proposal(m, read) for m in read.ledger.proposals]


def link_decision_visible(*, user: Reader) -> QuerySet[LinkDecision]:
    """Decisions on two records the user may both see (the pair itself says what they are)."""
    seen = pledge_visible(user=user).values("pk")
    return LinkDecision.objects.filter(first__in=seen, second__in=seen)


def link_decision_get(*, user: Reader, pk: int) -> LinkDecision:
    decision = (
        link_decision_visible(user=user)
        .select_related("decided_by", "withdrawn_by")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise NotFound(pk)
    return decision


def _side_by_side(view: LineView) -> tuple[SourceFigures, ...]:
    rows = []
    for source in view.sources:
        own = view.line.figures_of(source.pledge_id)
        rows.append(
            SourceFigures(
                source,
                own.get("committed"),
                own.get("delivered"),
                own.get("announced"),
                own.get("offered"),
            )
        )
    return tuple(rows)


def aid_line_get(*, user: Reader, line_id: str) -> AidLineDetail:
    read = _read(user=user)
    line = read.ledger.line(line_id)
    if line is None:
        raise NotFound(line_id)
    view = _view(line, read.sources)
    ids = [a.pledge_id for a in line.attestations]
    decisions = tuple(
        link_decision_visible(user=user)
        .filter(Q(first__in=ids) | Q(second__in=ids))
        .select_related("decided_by", "withdrawn_by")
        .order_by("-decided_at", "-id")
    )
    on_line = set(ids)
    proposals = tuple(
        _proposal(m, read)
        for m in read.ledger.proposals
        if m.first in on_line or m.second in on_line
    )
    return AidLineDetail(view, _side_by_side(view), decisions, proposals, rules.may_decide(user))


@dataclass(frozen=True)
class AidLineIndex:
    rows: list[LineView]
    donors: list[tuple[str, str]]  # (code, name) of the donors of the lines the user sees
    proposals: int
    may_decide: bool


def aid_line_index_get(
    *,
    user: Reader,
    donor: str | None = None,
    item_type: int | None = None,
    q: str | None = None,
    order: Sequence[str] = (),
) -> AidLineIndex:
    read = _read(user=user)
    donors = sorted(
        {(s.attestation.donor, s.donor_name) for s in read.sources.values()},
        key=lambda d: (d[1], d[0]),
    )
    return AidLineIndex(
        rows=_ordered(_filtered(read, donor=donor, item_type=item_type, q=q), order),
        donors=donors,
        proposals=len(read.ledger.proposals),
        may_decide=rules.may_decide(user),
    )


@dataclass(frozen=True)
class ProposalPage:
    rows: list[ProposalView]
    may_decide: bool


def aid_proposal_page_get(*, user: Reader) -> ProposalPage:
    return ProposalPage(aid_proposal_list(user=user), rules.may_decide(user))


def _stage_word(dataset: str, stage: str) -> str:
    # SIPRI counts what was ordered: its number is the order, not a commitment in the Kiel sense
    return "ordered" if dataset == SIPRI and stage == "committed" else stage


def line_sources_text(line: AidLine) -> str:
    """Each attestation of a line with its own figures, for a table cell or a CSV column (the line CSV and
    `nsatu export aid-lines` alike): 'sipri row 40: 8 ordered, 8 delivered; oryx row 35: 8 delivered'."""
    parts = []
    for a in line.attestations:  # in the ledger's order of precedence
        if a.dataset == ENTERED:
            name = f"entered pledge {a.pledge_id}"
        else:
            name = f"{a.dataset} row {a.row}" if a.row else f"{a.dataset} pledge {a.pledge_id}"
        figures = [
            f"{f.value} {_stage_word(a.dataset, f.stage)}"
            for f in line.figures
            if f.pledge_id == a.pledge_id
        ]
        if a.kind == "funds" and a.value_eur is not None:
            figures.append(f"EUR {a.value_eur}")
        parts.append(f"{name}: {', '.join(figures) or 'no figure'}")
    return "; ".join(parts)


_DUPLICATE_FIELDS = (
    "pk",
    "dataset__key",
    "donor__code",
    "item_type_id",
    "quantity",
    "delivered_quantity",
    "status",
    "source_row",
    "source_url",
    "announced_on",
    "year",
)


def duplicate_group_list(*, user: Reader) -> list[DuplicateGroup]:
    """The one duplicate report (the planning report and the consolidation page read it): the in-kind records
    the reader sees, grouped by the ledger's matcher with the coordinators' decisions. An item type the
    reader may not see is not matched on."""
    marked = mark_visible_refs(
        pledge_visible(user=user).filter(kind="in_kind"),
        field="item_type",
        visible=item_type_visible(user=user),
    )
    records = [
        Record(
            pledge_id=r["pk"],
            dataset=r["dataset__key"] or "",
            donor=r["donor__code"],
            item_id=r["item_type_id"] if r["item_type_seen"] else None,
            quantity=r["quantity"],
            delivered=r["delivered_quantity"],
            status=r["status"],
            row=r["source_row"],
            url=r["source_url"],
            announced_on=r["announced_on"],
            year=r["year"],
        )
        for r in marked.order_by("pk").values(*_DUPLICATE_FIELDS, "item_type_seen")
    ]
    decisions = link_decisions_live(seen={r.pledge_id for r in records})
    return duplicates(records, decisions=decisions)
