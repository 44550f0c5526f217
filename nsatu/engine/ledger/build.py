"""Lines out of scored links and decisions, and the figures of each line."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from nsatu.engine.ledger.blocks import candidates
from nsatu.engine.ledger.match import _match, match_at_least, match_score
from nsatu.engine.ledger.records import (
    LINK_AT,
    ORYX,
    PRECEDENCE,
    PROPOSE_AT,
    REMAINDER,
    SIPRI,
    WITHDRAWN,
    AidLine,
    Attestation,
    Decision,
    Figure,
    Ledger,
    Match,
    _why,
)


class _Members(dict[int, set[int]]):
    """The members of each group, made on first use: most records of a big ledger stay alone."""

    def __missing__(self, root: int) -> set[int]:
        found = self[root] = {root}
        return found


class _Datasets(dict[int, set[str]]):
    """The imported datasets of each group, made on first use from the record's own (`own`)."""

    def __init__(self, own: dict[int, str]) -> None:
        super().__init__()
        self.own = own

    def __missing__(self, root: int) -> set[str]:
        found = self[root] = {self.own[root]} if root in self.own else set()
        return found


class _Lines:
    """Union-find over pledge ids, each group knowing its imported datasets and its members."""

    def __init__(self, ids: Iterable[int], datasets: dict[int, str]) -> None:
        self.parent = {i: i for i in ids}
        self.members = _Members()
        self.datasets = _Datasets(datasets)  # datasets: each imported record's own

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def split_apart(self, a: int, b: int, splits: dict[int, set[int]]) -> bool:
        """Whether joining the groups of a and b would put a split pair on one line."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        return any(splits.get(m, set()) & self.members[large] for m in self.members[small])

    def may_join(self, a: int, b: int, splits: dict[int, set[int]]) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.datasets[ra] & self.datasets[rb]:
            return False
        return not self.split_apart(a, b, splits)

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members[rb]  # made first if rb was alone: pop() would not make it
        self.datasets[ra] |= self.datasets[rb]
        del self.members[rb], self.datasets[rb]


# PROPOSE_AT in the hundredths the score is counted in (0.50 is 50 / 100 exactly).
_PROPOSE_POINTS = round(PROPOSE_AT * 100)


def _rank(dataset: str) -> int:
    return PRECEDENCE.index(dataset) if dataset in PRECEDENCE else len(PRECEDENCE)


def _own_figures(a: Attestation) -> list[Figure]:
    if a.dataset == REMAINDER:
        return [Figure(a.dataset, a.pledge_id, "offered", a.quantity)] if a.quantity else []
    figures = []
    if a.quantity is not None:
        stage = "committed" if a.firm else "announced"
        figures.append(Figure(a.dataset, a.pledge_id, stage, a.quantity))
    if a.dataset == ORYX:
        if a.status == "delivered" and a.quantity is not None:
            figures.append(Figure(a.dataset, a.pledge_id, "delivered", a.quantity))
    elif a.delivered is not None:
        figures.append(Figure(a.dataset, a.pledge_id, "delivered", a.delivered))
    return figures


def _committed(attestations: Sequence[Attestation]) -> int:
    firm = [a for a in attestations if a.firm and a.quantity is not None and a.dataset != REMAINDER]
    if not firm:
        return 0
    best = min(_rank(a.dataset) for a in firm)
    return max(a.quantity or 0 for a in firm if _rank(a.dataset) == best)


def _delivered(attestations: Sequence[Attestation]) -> int:
    sipri = [a.delivered for a in attestations if a.dataset == SIPRI and a.delivered is not None]
    if sipri:
        return max(sipri)
    oryx = [
        a.quantity
        for a in attestations
        if a.dataset == ORYX and a.status == "delivered" and a.quantity is not None
    ]
    return max(oryx) if oryx else 0


def _single(a: Attestation) -> AidLine:
    """A line of one record (most lines of a big ledger): _line's figures without its sorting and sets."""
    own = a.dataset != REMAINDER
    if a.dataset == SIPRI and a.delivered is not None:
        delivered = a.delivered
    elif a.dataset == ORYX and a.status == "delivered" and a.quantity is not None:
        delivered = a.quantity
    else:
        delivered = 0
    firm = a.quantity if own and a.firm and a.quantity is not None else 0
    committed = max(firm, delivered)
    only_announced = own and a.status == "announced" and a.quantity is not None
    announced = max(committed, a.quantity or 0) if only_announced else committed
    disagree = only_announced and committed and a.quantity != committed
    return AidLine(
        id=f"L{a.pledge_id}",
        donor=a.donor,
        recipient=a.recipient,
        kind=a.kind,
        item_id=a.item_id,
        attestations=(a,),
        links=(),
        announced=announced,
        committed=committed,
        delivered=delivered,
        value_eur=a.value_eur if own else None,
        figures=tuple(_own_figures(a)),
        disagreements=("announced",) if disagree else (),
        illustrative=a.illustrative,
    )


def _line(attestations: list[Attestation], links: list[Match]) -> AidLine:
    if len(attestations) == 1 and not links:
        return _single(attestations[0])
    return _line_of_many(attestations, links)


def _line_of_many(attestations: list[Attestation], links: list[Match]) -> AidLine:
    attestations.sort(key=lambda a: (_rank(a.dataset), a.dataset, a.pledge_id))
    head = min(attestations, key=lambda a: a.pledge_id)
    figures = tuple(f for a in attestations for f in _own_figures(a))
    delivered = _delivered(attestations)
    committed = max(_committed(attestations), delivered)
    announced_only = [
        a.quantity
        for a in attestations
        if a.status == "announced" and a.quantity is not None and a.dataset != REMAINDER
    ]
    announced = max([committed, *announced_only])
    disagreements = tuple(
        stage
        for stage in ("committed", "delivered", "announced")
        if len({f.value for f in figures if f.stage == stage}) > 1
        or (stage == "announced" and any(q != committed for q in announced_only) and committed)
    )
    value = next(
        (a.value_eur for a in attestations if a.value_eur is not None and a.dataset != REMAINDER),
        None,
    )
    items = {a.item_id for a in attestations if a.item_id is not None}
    item_id = head.item_id
    if item_id is None and len(items) == 1:
        item_id = next(iter(items))
    elif len(items) > 1:
        # Linked over an alias or a family: the line names the type of its leading source.
        item_id = next(a.item_id for a in attestations if a.item_id is not None)
    return AidLine(
        id=f"L{head.pledge_id}",
        donor=head.donor,
        recipient=head.recipient,
        kind=head.kind,
        item_id=item_id,
        attestations=tuple(attestations),
        links=tuple(sorted(links, key=lambda m: (m.first, m.second))),
        announced=announced,
        committed=committed,
        delivered=delivered,
        value_eur=value,
        figures=figures,
        disagreements=disagreements,
        illustrative=all(a.illustrative for a in attestations),
    )


def _decided(decisions: Sequence[Decision]) -> dict[tuple[int, int], bool]:
    verdicts: dict[tuple[int, int], bool] = {}
    for d in decisions:
        first, second = sorted((d.first, d.second))
        verdicts[(first, second)] = d.link
    return verdicts


def ledger_build(attestations: Iterable[Attestation], decisions: Sequence[Decision] = ()) -> Ledger:
    live = sorted((a for a in attestations if a.status != WITHDRAWN), key=lambda a: a.pledge_id)
    by_id = {a.pledge_id: a for a in live}
    verdicts = _decided(decisions)
    splits: dict[int, set[int]] = defaultdict(set)
    for (first, second), link in verdicts.items():
        if not link and first in by_id and second in by_id:
            splits[first].add(second)
            splits[second].add(first)

    buckets: dict[tuple[str, str, str], list[Attestation]] = defaultdict(list)
    remainders: list[Attestation] = []
    for a in live:
        if a.dataset == REMAINDER:
            remainders.append(a)
        else:
            buckets[(a.donor, a.recipient, a.kind)].append(a)

    scored: dict[tuple[int, int], Match] = {}
    for group in buckets.values():
        for x, y in candidates(group):
            match = match_at_least(group[x], group[y], _PROPOSE_POINTS)
            if match is not None:
                scored[(match.first, match.second)] = match
    # A decided pair shows the matcher's evidence whatever its score (the blocks hold only those that can
    # reach PROPOSE_AT); match_score is None for a pair that shares nothing.
    for pair in verdicts:
        if pair not in scored and pair[0] in by_id and pair[1] in by_id:
            match = match_score(by_id[pair[0]], by_id[pair[1]])
            if match is not None:
                scored[pair] = match
    confirmed: list[Match] = []
    for (first, second), link in verdicts.items():
        if not link or first not in by_id or second not in by_id:
            continue
        if by_id[first].dataset == REMAINDER or by_id[second].dataset == REMAINDER:
            continue
        base = scored.get((first, second))
        why = (*(base.why if base else ()), _why("confirmed"))
        confirmed.append(_match(first, second, base.score if base else 0.0, why, "confirm"))

    lines = _Lines(
        (a.pledge_id for a in live if a.dataset != REMAINDER),
        {a.pledge_id: a.dataset for a in live if a.dataset != REMAINDER and a.imported},
    )
    used: list[Match] = []
    conflicts: list[Match] = []
    # A split holds against confirmations too: one that would join a split pair through other records
    # (confirm 10-11, confirm 11-12, split 10-12) is left out, and reported for a coordinator to settle.
    for match in sorted(confirmed, key=lambda m: (m.first, m.second)):
        if lines.split_apart(match.first, match.second, splits):
            conflicts.append(match)
            continue
        lines.join(match.first, match.second)
        used.append(match)
    automatic = sorted(
        (m for pair, m in scored.items() if pair not in verdicts and m.score >= LINK_AT),
        key=lambda m: (-m.score, m.first, m.second),
    )
    for match in automatic:
        if lines.may_join(match.first, match.second, splits):
            lines.join(match.first, match.second)
            used.append(match)
    proposals = tuple(
        sorted(
            (
                m
                for pair, m in scored.items()
                if pair not in verdicts
                and PROPOSE_AT <= m.score < LINK_AT
                and lines.find(m.first) != lines.find(m.second)
            ),
            key=lambda m: (-m.score, m.first, m.second),
        )
    )

    groups: dict[int, list[Attestation]] = defaultdict(list)
    for a in live:
        if a.dataset != REMAINDER:
            groups[lines.find(a.pledge_id)].append(a)
    links: dict[int, list[Match]] = defaultdict(list)
    for match in used:
        links[lines.find(match.first)].append(match)
    _attach_remainders(remainders, groups, links)
    # A line's id is its smallest pledge id: lines in id order are their groups in that order.
    heads = sorted((min(a.pledge_id for a in members), root) for root, members in groups.items())
    built = [_line(groups[root], links.get(root, [])) for _, root in heads]
    index = {a.pledge_id: n for n, line in enumerate(built) for a in line.attestations}
    return Ledger(tuple(built), proposals, index, tuple(conflicts))


def _attach_remainders(
    remainders: list[Attestation],
    groups: dict[int, list[Attestation]],
    links: dict[int, list[Match]],
) -> None:
    """Each remainder offer joins the line of its donor's item type with the largest open part."""
    by_item: dict[tuple[str, str, str, int | None], list[int]] = defaultdict(list)
    for root, members in groups.items():
        head = members[0]
        for item in {a.item_id for a in members}:
            by_item[(head.donor, head.recipient, head.kind, item)].append(root)
    for offer in remainders:
        roots = by_item.get((offer.donor, offer.recipient, offer.kind, offer.item_id), [])
        if not roots or offer.item_id is None:
            groups[offer.pledge_id] = [offer]
            continue

        def open_part(root: int) -> tuple[int, int]:
            members = groups[root]
            delivered = _delivered(members)
            committed = max(_committed(members), delivered)
            return committed - delivered, -min(a.pledge_id for a in members)

        home = max(roots, key=open_part)
        anchor = min(a.pledge_id for a in groups[home] if a.dataset != REMAINDER)
        groups[home].append(offer)
        first, second = sorted((anchor, offer.pledge_id))
        links[home].append(_match(first, second, 1.0, [_why("remainder")]))
