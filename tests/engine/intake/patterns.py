"""Shared by the pattern tests: each claim as one comparable row (class, donor, kind, amount, currency, qty, item)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from nsatu.engine.intake import ClaimCandidate, ItemEntry, ItemMatcher, extract_claims
from tests.engine.intake.corpus import reference_matcher

MATCHER = reference_matcher()
PUBLISHED = dt.date(2025, 3, 10)


def rows(
    text: str, *, matcher: ItemMatcher = MATCHER, published: dt.date | None = PUBLISHED
) -> list[tuple[object, ...]]:
    # The rules' reading: these tests pin what each rule does; the learned filter after them is tested in
    # test_learned.py (it demotes a few of these sentences' pledges, docs/intake.md says which).
    return [_row(c) for c in extract_claims(text, matcher=matcher, published=published, model=None)]


def new_pledges(text: str, **kwargs: object) -> list[tuple[object, ...]]:
    return [r for r in rows(text, **kwargs) if r[0] == "new_pledge"]  # type: ignore[arg-type]


def _row(c: ClaimCandidate) -> tuple[object, ...]:
    amount = (
        int(c.amount) if isinstance(c.amount, Decimal) and c.amount == int(c.amount) else c.amount
    )
    return (c.classification, c.donor, c.kind, amount, c.currency, c.quantity, c.item_text)


def catalogue(*names: str | tuple[str, tuple[str, ...]]) -> ItemMatcher:
    entries = []
    for n, name in enumerate(names, start=1):
        if isinstance(name, tuple):
            entries.append(ItemEntry(n, name[0], name[1]))
        else:
            entries.append(ItemEntry(n, name))
    return ItemMatcher.from_entries(entries)
