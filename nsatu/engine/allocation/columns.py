"""Growing lists of a model's columns and rows, and the union-find that groups them into components."""

from __future__ import annotations

import math


class Columns:
    """The columns (CSC) and rows of a model as they are added, before they become arrays."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.start: list[int] = [0]
        self.index: list[int] = []
        self.value: list[float] = []
        self.meta: list[tuple[int, int, int, int, int, int]] = []  # kind, a, b, month, owner, hub
        self.mass: list[float] = []
        self.row_upper: list[float] = []
        self.owner_row: list[int] = []

    def rows(self, count: int, upper: float, owner: int) -> int:
        first = len(self.row_upper)
        self.row_upper.extend([upper] * count)
        self.owner_row.extend([owner] * count)
        return first

    def col(
        self,
        kind: int,
        a: int,
        b: int,
        month: int,
        owner: int,
        rows: list[int],
        values: list[float],
        cost: float = 0.0,
        upper: float = math.inf,
        integer: bool = False,
        hub: int = -1,
        mass: float = 0.0,
    ) -> None:
        self.cost.append(cost)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        self.index.extend(rows)
        self.value.extend(values)
        self.start.append(len(self.index))
        self.meta.append((kind, a, b, month, owner, hub))
        self.mass.append(mass)


class UnionFind:
    """Each set's root is its smallest member, whatever the order of the unions."""

    def __init__(self) -> None:
        self.parent: list[int] = []

    def new(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)
