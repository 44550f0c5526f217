"""The compatibility graph: item types linked to the ammunition families they fire and to their maintenance
(spare-part) families. Two types are compatible when they share either; a connected component is a set of
types that one chain of ammunition or spares partly serves."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from nsatu.engine.interop.fleet import Item

AMMUNITION = "ammunition"
MAINTENANCE = "maintenance"


@dataclass(frozen=True)
class Edge:
    item_id: int
    kind: str  # AMMUNITION or MAINTENANCE
    family: str


@dataclass(frozen=True)
class Graph:
    edges: tuple[Edge, ...]

    def _index(self) -> dict[tuple[str, str], set[int]]:
        index: dict[tuple[str, str], set[int]] = defaultdict(set)
        for e in self.edges:
            index[(e.kind, e.family)].add(e.item_id)
        return index

    def families(self, item_id: int, kind: str) -> tuple[str, ...]:
        return tuple(
            sorted(e.family for e in self.edges if e.item_id == item_id and e.kind == kind)
        )

    def members(self, kind: str, family: str) -> tuple[int, ...]:
        return tuple(
            sorted({e.item_id for e in self.edges if e.kind == kind and e.family == family})
        )

    def neighbours(self, item_id: int) -> set[int]:
        """Types sharing an ammunition or a maintenance family with `item_id` (not itself)."""
        index = self._index()
        mine = {(e.kind, e.family) for e in self.edges if e.item_id == item_id}
        return {other for key in mine for other in index[key]} - {item_id}

    def components(self, item_ids: Iterable[int]) -> list[tuple[int, ...]]:
        """The given types grouped by what links them (directly or through others among them)."""
        wanted = set(item_ids)
        by_item: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for e in self.edges:
            if e.item_id in wanted:
                by_item[e.item_id].add((e.kind, e.family))
        parent = {i: i for i in wanted}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[tuple[str, str], int] = {}
        for item_id in sorted(wanted):
            for key in sorted(by_item[item_id]):
                if key in owner:
                    parent[find(item_id)] = find(owner[key])
                else:
                    owner[key] = item_id
        groups: dict[int, list[int]] = defaultdict(list)
        for i in sorted(wanted):
            groups[find(i)].append(i)
        return sorted((tuple(g) for g in groups.values()), key=lambda g: (-len(g), g))


def compatibility_graph(items: Iterable[Item]) -> Graph:
    edges: list[Edge] = []
    for item in sorted(items, key=lambda i: i.id):
        edges.extend(Edge(item.id, AMMUNITION, f) for f in item.families)
        edges.append(Edge(item.id, MAINTENANCE, item.maintenance_family))
    return Graph(tuple(edges))
