"""Pieces several importers share: the recipient, pledge upserts, dataset-scoped lookups."""

from __future__ import annotations

from collections.abc import Sequence

from nsatu.exchange.context import ImportContext
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge

RECIPIENT = "UKR"

# Everything an import sets on a pledge; a re-import overwrites these and leaves the rest (ids, tranches) alone.
PLEDGE_FIELDS = (
    "donor_id",
    "recipient_id",
    "kind",
    "item_type_id",
    "description",
    "quantity",
    "quantity_uncertain",
    "delivered_quantity",
    "delivered_uncertain",
    "status",
    "year",
    "notes",
    "owner_id",
    "releasability",
    "source_url",
    "source_row",
)


def ukraine(ctx: ImportContext) -> Party:
    return ctx.parties.get(RECIPIENT)


def pledges_sync(
    ctx: ImportContext, pledges: Sequence[Pledge], *, by_description: bool = False
) -> list[Pledge]:
    """Upsert the pledges of this dataset by source row (and item text where one row lists several items)."""
    if by_description:

        def key(p: Pledge) -> tuple[int | None, str]:
            return (p.source_row, p.description)
    else:

        def key(p: Pledge) -> tuple[int | None, str]:
            return (p.source_row, "")

    return ctx.sync(
        Pledge,
        existing=Pledge.objects.filter(dataset=ctx.dataset),
        new=pledges,
        key=key,
        fields=PLEDGE_FIELDS,
    )
