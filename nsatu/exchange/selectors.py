"""Reads of the exchange app: the export tables, as one user may read them."""

from __future__ import annotations

from nsatu.core.actors import Reader
from nsatu.core.tables import Table
from nsatu.exchange.exports import TABLES, Options


def export_table_get(*, name: str, user: Reader, options: Options) -> Table:
    """Table `name` as `user` reads it; None reads only what the public may."""
    return TABLES[name](user=user, options=options)
