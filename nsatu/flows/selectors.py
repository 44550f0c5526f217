from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.catalogue.selectors import item_type_get, item_type_refs_mark, item_type_visible
from nsatu.core.actors import Reader
from nsatu.core.errors import NotFound, ValidationError
from nsatu.core.paging import page_of
from nsatu.core.refs import field_ref, mark_visible_refs, optional_ref
from nsatu.core.visibility import readable_releasabilities, visible_q
from nsatu.engine.flows import FlowChainError, FlowEdge, FlowTotals, flow_totals
from nsatu.flows import rules
from nsatu.flows.models import Flow
from nsatu.parties.models import Party
from nsatu.parties.selectors import party_get, party_visible
from nsatu.pledges.models import Pledge
from nsatu.pledges.selectors import pledge_get, pledge_visible


def flow_visible(*, user: Reader) -> QuerySet[Flow]:
    return Flow.objects.filter(visible_q(user))


def flow_list(
    *,
    user: Reader,
    source: str | None = None,
    destination: str | None = None,
    kind: str | None = None,
    order: Sequence[str] = (),
) -> QuerySet[Flow]:
    qs = flow_visible(user=user).select_related(
        "source", "destination", "parent", "item_type", "dataset"
    )
    qs = item_type_refs_mark(qs, user=user)
    if source:
        qs = qs.filter(source__code=source)
    if destination:
        qs = qs.filter(destination__code=destination)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by(*(order or ("-date", "id")))


def flow_get(*, user: Reader, pk: int) -> Flow:
    flow = flow_list(user=user).filter(pk=pk).first()
    if flow is None:
        raise NotFound(pk)
    return flow


def flow_totals_visible(*, user: Reader) -> FlowTotals:
    """Totals in EUR over the flows this user may see, each euro counted once along its chain.

    A child whose parent is hidden from the user is treated as a root of what the user sees, so totals never
    reveal the hidden parent's amount.
    """
    rows = list(
        flow_visible(user=user)
        .filter(amount_eur__isnull=False)
        .values("pk", "parent_id", "source__code", "destination__code", "amount_eur")
    )
    visible_ids = {r["pk"] for r in rows}
    edges = [
        FlowEdge(
            r["pk"],
            r["parent_id"] if r["parent_id"] in visible_ids else None,
            r["source__code"],
            r["destination__code"],
            r["amount_eur"] or Decimal(0),
        )
        for r in rows
    ]
    try:
        return flow_totals(edges)
    except FlowChainError as exc:
        raise ValidationError(_("The flow records do not add up: %(why)s") % {"why": exc}) from exc


def flow_root_list(
    *,
    user: Reader,
    source: str | None = None,
    destination: str | None = None,
    kind: str | None = None,
    order: Sequence[str] = (),
) -> QuerySet[Flow]:
    """Flows that start a chain as this user sees it: no parent, or a parent hidden from the user."""
    visible_ids = flow_visible(user=user).values("pk")
    listed = flow_list(user=user, source=source, destination=destination, kind=kind, order=order)
    return listed.filter(Q(parent__isnull=True) | ~Q(parent__in=visible_ids))


def flow_chains_expand(*, user: Reader, roots: list[Flow]) -> list[tuple[Flow, int]]:
    """Each root followed by its visible descendants, depth first, with their depth (0 for a root).

    One query per level of the chain, so a page of roots costs a handful of queries whatever its size.
    """
    children: dict[int, list[Flow]] = defaultdict(list)
    seen = {f.pk for f in roots}
    frontier = list(seen)
    while frontier:
        level = list(flow_list(user=user).filter(parent_id__in=frontier))
        frontier = []
        for flow in level:
            if flow.pk in seen or flow.parent_id is None:
                continue
            seen.add(flow.pk)
            children[flow.parent_id].append(flow)
            frontier.append(flow.pk)
    ordered: list[tuple[Flow, int]] = []

    def walk(flow: Flow, depth: int) -> None:
        ordered.append((flow, depth))
        for child in children[flow.pk]:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    return ordered


def flow_list_marked(
    *,
    user: Reader,
    source: str | None = None,
    destination: str | None = None,
    kind: str | None = None,
) -> QuerySet[Flow]:
    """flow_list with `parent_seen` and `pledge_seen`: whether the user may see the flow's parent and pledge.

    A visible flow may pass on a hidden one; the hidden parent's id alone would reveal that it exists.
    """
    flows = flow_list(user=user, source=source, destination=destination, kind=kind)
    flows = mark_visible_refs(flows, field="parent", visible=flow_visible(user=user))
    return mark_visible_refs(flows, field="pledge", visible=pledge_visible(user=user))


def flow_get_marked(*, user: Reader, pk: int) -> Flow:
    flow = flow_list_marked(user=user).filter(pk=pk).first()
    if flow is None:
        raise NotFound(pk)
    return flow


def flow_export_rows(
    *,
    user: Reader,
    source: str | None = None,
    destination: str | None = None,
    kind: str | None = None,
    order: Sequence[str] = (),
) -> Iterator[tuple[Flow, int | None]]:
    """The flows of a CSV export, each with its parent's id when the user may see the parent; read in chunks."""
    flows = flow_list(user=user, source=source, destination=destination, kind=kind, order=order)
    flows = mark_visible_refs(flows, field="parent", visible=flow_visible(user=user))
    for flow in flows.iterator(chunk_size=500):
        yield flow, flow.parent_id if getattr(flow, "parent_seen", False) else None


def flow_input_resolve(*, user: Reader, data: dict[str, Any]) -> dict[str, Any]:
    """The input of a write with its codes and ids replaced by the records; one the user may not see is a
    field error."""
    resolved = dict(data)
    source, destination = data["source"], data["destination"]
    resolved["source"] = field_ref(
        "source", source, lambda: party_get(user=user, code=source.upper())
    )
    resolved["destination"] = field_ref(
        "destination", destination, lambda: party_get(user=user, code=destination.upper())
    )
    parent, item_pk, pledge_pk = data["parent"], data["item_type"], data["pledge"]
    resolved["parent"] = optional_ref("parent", parent, lambda: flow_get(user=user, pk=parent))
    resolved["item_type"] = optional_ref(
        "item_type", item_pk, lambda: item_type_get(user=user, pk=item_pk)
    )
    resolved["pledge"] = optional_ref(
        "pledge", pledge_pk, lambda: pledge_get(user=user, pk=pledge_pk)
    )
    return resolved


@dataclass(frozen=True)
class FlowIndex:
    page: Page[Flow]
    # The roots of the page, each followed by its visible descendants, with their depth
    rows: list[tuple[Flow, int]]
    totals: FlowTotals | None
    # Why the totals are withheld: records that do not add up would give wrong totals
    totals_refused: ValidationError | None
    may_create: bool

    @property
    def by_donor(self) -> list[tuple[str, Decimal]]:
        return sorted(self.totals.by_donor.items(), key=lambda kv: -kv[1]) if self.totals else []

    @property
    def by_recipient(self) -> list[tuple[str, Decimal]]:
        if not self.totals:
            return []
        return sorted(self.totals.by_recipient.items(), key=lambda kv: -kv[1])


def flow_index_get(
    *,
    user: Reader,
    source: str | None = None,
    destination: str | None = None,
    kind: str | None = None,
    page: str | None = None,
    order: Sequence[str] = (),
) -> FlowIndex:
    # Pages are cut by chain, so a child is always listed under its parent; the order is the roots'.
    roots = flow_root_list(
        user=user, source=source, destination=destination, kind=kind, order=order
    )
    cut = page_of(roots, page)
    totals: FlowTotals | None = None
    refused: ValidationError | None = None
    try:
        totals = flow_totals_visible(user=user)
    except ValidationError as exc:
        refused = exc
    return FlowIndex(
        page=cut,
        rows=flow_chains_expand(user=user, roots=list(cut.object_list)),
        totals=totals,
        totals_refused=refused,
        may_create=rules.may_create(user),
    )


@dataclass(frozen=True)
class FlowFormChoices:
    sources: QuerySet[Party]
    destinations: QuerySet[Party]
    flows: QuerySet[Flow]
    item_types: QuerySet[ItemType]
    pledges: QuerySet[Pledge]
    releasabilities: list[str]
    # The source the form proposes: a liaison's own party
    own_source: str | None


def flow_form_choices(*, user: Reader) -> FlowFormChoices:
    """What the form of a new flow offers; a liaison records what its own party sends."""
    parties = party_visible(user=user).order_by("name")
    liaison = user if rules.sends_for_own_party_only(user) else None
    sources = parties
    if liaison is not None:
        sources = parties.filter(pk=liaison.party_id) if liaison.party_id else parties.none()
    return FlowFormChoices(
        sources=sources,
        destinations=parties,
        flows=flow_visible(user=user),
        item_types=item_type_visible(user=user).order_by("name"),
        pledges=pledge_visible(user=user),
        releasabilities=readable_releasabilities(
            user, owner_id=liaison.party_id if liaison else None
        ),
        own_source=liaison.party.code if liaison and liaison.party else None,
    )
