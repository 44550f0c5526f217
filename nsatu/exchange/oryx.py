"""Oryx list of heavy weapons supplied to Ukraine (JasonWu00's scrape): one pledge per Ukraine-bound row.

The scrape's known faults are reported row by row, never dropped or imported silently:
- recipient Russia (Iranian, Belarusian, Chinese deliveries): skipped;
- supplier "NONE": kept under the party "Unknown supplier(s)" with a warning (the equipment did reach Ukraine);
- count 0: kept with an empty quantity and a warning (Oryx lists the type without a number);
- supplier "NATO": the organisation NATO, with an info note;
- a row repeating an earlier row cell for cell (same id): skipped as a duplicate.
Status: delivered when is_delivered is True, otherwise committed.

The scrape turned every character outside ASCII into a space before reading a name, so its file says
"120mm Panzerm rser M113": the names are read back as Oryx spells them (see `oryx_name`).
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from nsatu.catalogue.models import ItemType
from nsatu.core.models import Releasability
from nsatu.exchange.common import pledges_sync, ukraine
from nsatu.exchange.context import ImportContext
from nsatu.exchange.csvfile import read_csv
from nsatu.parties.countries import party_code_for
from nsatu.pledges.models import Pledge, PledgeKind, PledgeStatus

COLUMNS = (
    "id",
    "vehicle_name",
    "vehicle_type",
    "supplier",
    "supplier_abbr",
    "recipient",
    "recipient_abbr",
    "count",
    "is_delivered",
    "is_soviet",
    "proof",
    "year_first_produced",
)


# Where the letters went: the scraper replaced each non-ASCII character of a list entry by a space before parsing.
SCRAPER_RULE = (
    "https://github.com/JasonWu00/ua-ru-losses-scraper/blob/"
    "f6179e6b2a23d2915735a4f2e9853df42cc66fbc/oryx_parser.py#L44-L46"
)
ORYX_PAGE = "https://www.oryxspioenkop.com/2022/04/answering-call-heavy-weaponry-supplied.html"
# The file cannot give the lost letters back: the names of the list that have such letters, as the page spells them.
ORYX_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("120mm Panzermörser M113", ORYX_PAGE),
    ("122mm 2S1 Goździk", ORYX_PAGE),
    ("155mm T-155 Fırtına", ORYX_PAGE),
    ("NM189 Ingeniørpanservogn Armoured Engineering Vehicle", ORYX_PAGE),
)


def scrape_damage(name: str) -> str:
    """A name as the scraper wrote it."""
    return "".join(c if c.isascii() else " " for c in name)


_RESTORED = {scrape_damage(name): name for name, _source in ORYX_SPELLINGS}


def oryx_name(raw: str) -> str:
    """The name as Oryx spells it: a known name the scrape damaged is restored letter for letter, and a run of
    spaces (a character lost next to a space) becomes one."""
    raw = raw.strip()
    return " ".join(_RESTORED.get(raw, raw).split())


def _item_type(
    ctx: ImportContext, name: str, raw: str, category: str, line: int, url: str
) -> ItemType:
    found = ctx.items.match(name, category)
    if found is None and name != raw:
        # An earlier import created the item type under the damaged name: it takes the restored one.
        found = ctx.items.match(raw, category)
        if (
            found is not None
            and found.dataset_id == ctx.dataset.pk
            and found.name == " ".join(raw.split())
        ):
            ctx.items.rename(found, name)
    return found or ctx.items.get_or_create(
        name, category, dataset=ctx.dataset, source_row=line, source_url=url
    )


def import_oryx(ctx: ImportContext, path: Path) -> None:
    table = read_csv(path, label=ctx.label, required=COLUMNS)
    seen: dict[tuple[str, ...], int] = {}
    parsed = []
    for row in ctx.track(table.rows, "oryx"):
        signature = tuple(row.cells[c] for c in table.header)
        if signature in seen:
            ctx.skip(
                row.line,
                "id",
                _("duplicate of row %(row)s (every cell the same, id %(id)s)")
                % {"row": seen[signature], "id": row["id"]},
            )
            continue
        seen[signature] = row.line
        recipient = row["recipient"]
        if recipient.casefold() != "ukraine":
            ctx.skip(
                row.line,
                "recipient",
                _("delivery to %(r)s by %(s)s, not aid to Ukraine")
                % {"r": recipient, "s": row["supplier"]},
            )
            continue
        supplier = row["supplier"]
        if supplier.upper() == "NONE":
            code: str | None = "UNKNOWN"
            ctx.warn(
                row.line,
                "supplier",
                _(
                    "supplier given as NONE: kept under 'Unknown supplier(s)' (code "
                    "UNKNOWN); the donor is not stated"
                ),
            )
        else:
            code = party_code_for(supplier)
            if code is None:
                table.problem(
                    row,
                    "supplier",
                    _("unknown supplier %(name)r: not a country name this system knows")
                    % {"name": supplier},
                )
            elif code == "NATO":
                ctx.info(
                    row.line,
                    "supplier",
                    _("supplier NATO: recorded as the organisation NATO, not a nation"),
                )
        count = table.integer(row, "count")
        if count == 0:
            ctx.warn(
                row.line,
                "count",
                _("count is 0: the type is listed without a number; kept with an empty quantity"),
            )
        delivered = table.boolean(row, "is_delivered")
        soviet = table.boolean(row, "is_soviet")
        first = table.integer(row, "year_first_produced", required=False, minimum=1900)
        url = row["proof"] if row["proof"].startswith(("http://", "https://")) else ""
        if row["proof"] and not url:
            ctx.warn(
                row.line,
                "proof",
                _("%(v)r is not a web address; not kept as the source") % {"v": row["proof"]},
            )
        if not row["vehicle_name"].strip(" '\""):
            table.problem(row, "vehicle_name", _("the vehicle name is empty"))
        parsed.append((row, code, count, delivered, soviet, first, url))
    table.raise_if_problems()
    ctx.outcome.rows_read = len(table.rows)

    recipient_party = ukraine(ctx)
    pledges = []
    for row, code, count, delivered, soviet, first, url in parsed:
        assert code is not None
        donor = ctx.parties.get(code)
        raw = row["vehicle_name"].strip()
        name = oryx_name(raw)
        if name != raw:
            ctx.info(
                row.line,
                "vehicle_name",
                _("%(raw)r read as %(name)r: the scrape lost the letters outside ASCII")
                % {"raw": raw, "name": name},
            )
        category = row["vehicle_type"]
        item_type = _item_type(ctx, name, raw, category, row.line, url)
        notes = [_("Oryx type: %(t)s.") % {"t": category}]
        if first is not None:
            notes.append(_("First produced %(y)s.") % {"y": first})
        if soviet:
            notes.append(_("Soviet design."))
        pledges.append(
            Pledge(
                donor=donor,
                recipient=recipient_party,
                kind=PledgeKind.IN_KIND,
                item_type=item_type,
                description=name[:500],
                quantity=count or None,
                status=PledgeStatus.DELIVERED if delivered else PledgeStatus.COMMITTED,
                notes=" ".join(notes),
                owner=donor,
                releasability=Releasability.PUBLIC,
                dataset=ctx.dataset,
                source_row=row.line,
                source_url=url[:1000],
            )
        )
    pledges_sync(ctx, pledges)
