"""The model's growing columns and the union-find behind its components."""

from __future__ import annotations

import itertools
import math

from nsatu.engine.allocation.columns import Columns, UnionFind


def test_a_set_is_rooted_at_its_smallest_member_whatever_the_order_of_the_unions() -> None:
    pairs = [(4, 1), (2, 5), (5, 4), (0, 6)]
    for order in itertools.permutations(pairs):
        uf = UnionFind()
        for _ in range(7):
            uf.new()
        for x, y in order:
            uf.union(x, y)
        assert [uf.find(x) for x in range(7)] == [0, 1, 1, 3, 1, 1, 0]


def test_columns_are_stored_compressed_with_their_rows() -> None:
    cols = Columns()
    first = cols.rows(2, 5.0, owner=0)
    side = cols.rows(1, 9.0, owner=-1)
    cols.col(0, 1, 2, 3, 0, [first, side], [1.0, 2.0], integer=True, hub=4, mass=2.0)
    cols.col(1, 0, 0, 4, 0, [first + 1], [-1.0], cost=3.0)
    assert (first, side) == (0, 2)
    assert cols.start == [0, 2, 3] and cols.index == [0, 2, 1] and cols.value == [1.0, 2.0, -1.0]
    assert cols.row_upper == [5.0, 5.0, 9.0] and cols.owner_row == [0, 0, -1]
    assert cols.integer == [1, 0] and cols.cost == [0.0, 3.0] and cols.upper == [math.inf] * 2
    assert cols.meta == [(0, 1, 2, 3, 0, 4), (1, 0, 0, 4, 0, -1)] and cols.mass == [2.0, 0.0]
