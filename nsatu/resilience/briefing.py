"""The contact-group briefing as a PDF (ReportLab, with its own vector charts); briefing_xlsx.py writes the XLSX.

ReportLab draws the PDF and its charts in one pure-Python library with wheels: no system libraries (WeasyPrint
needs Pango and a browser-like layout engine) and no second plotting stack (matplotlib) to keep in step.
Both files are built from the same nsatu.resilience.briefing_selectors.Briefing, so they carry the same figures.
"""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, SimpleDocTemplate, Spacer

from nsatu.resilience.briefing_layout import (
    MAX_GAP_ROWS,
    Doc,
    day,
    pct,
    rule_text,
    units,
    units_2,
    units_by_kind,
)
from nsatu.resilience.briefing_selectors import Briefing
from nsatu.resilience.selectors import group_label

HEADLINE_GAPS = 3


def _cover(d: Doc) -> list[Flowable]:
    b = d.b
    h = b.horizon
    return [
        d.p(_("Contact-group briefing: coverage, gaps, fragmentation, resilience"), d.h1),
        d.p(
            _(
                "As of %(as_of)s; undelivered supply counts if it arrives by %(end)s (%(months)s months). Prepared "
                "%(when)s%(for)s."
            )
            % {
                "as_of": day(h.as_of),
                "end": day(h.end),
                "months": h.months,
                "when": date_format(b.generated_at, "SHORT_DATETIME_FORMAT") + " UTC",
                "for": _(" for %(who)s") % {"who": b.prepared_for} if b.prepared_for else "",
            }
        ),
        d.p(
            _(
                "Only records releasable to the reader are counted. Fielded equipment is the fleet register: SIPRI "
                "delivered numbers per donor and type, Oryx where SIPRI reports no delivery, plus receipts recorded "
                "here; the Kiel tracker's commitments are not deliveries. The United States scenario stops every "
                "undelivered US pledge arriving on or after the as-of date. Rules: docs/interoperability.md."
            )
        ),
        d.p(
            _(
                "Public data: SIPRI Arms Transfers Database; Oryx; Kiel Institute Ukraine Support Tracker "
                "(Trebesch et al.). Requirements marked illustrative are public statements, not official requests."
            )
        ),
    ]


def _headline(d: Doc) -> list[Flowable]:
    """The figures a reader takes into the meeting, on the first page; the pages after give their detail."""
    b = d.b
    result = b.coverage.result
    needed: dict[str, Decimal] = defaultdict(Decimal)
    committed: dict[str, Decimal] = defaultdict(Decimal)
    for a in result.areas:
        needed[a.unit_kind] += Decimal(a.needed)
        committed[a.unit_kind] += Decimal(a.stages.committed)
    gaps = sorted(
        (c for c in result.requirements if c.gap > 0),
        key=lambda c: (c.need.priority, -c.gap, c.need.reference),
    )
    rows: list[list[str]] = [
        [
            _("Published requirements"),
            _("%(n)s, of which %(full)s fully covered and %(gaps)s with a gap")
            % {
                "n": units(sum(a.requirements for a in result.areas)),
                "full": units(sum(a.fully_covered for a in result.areas)),
                "gaps": units(len(gaps)),
            },
        ]
    ]
    for kind, need in needed.items():
        rows.append(
            [
                _("Committed against the need (%(unit)s)")
                % {"unit": b.unit_labels.get(kind, kind).lower()},
                _("%(committed)s of %(needed)s (%(share)s)")
                % {
                    "committed": units(committed[kind]),
                    "needed": units(need),
                    "share": pct(committed[kind] / need if need else 0),
                },
            ]
        )
    if gaps:
        rows.append(
            [
                _("Most pressing gaps"),
                "; ".join(
                    _("%(ref)s %(title)s: %(gap)s missing")
                    % {"ref": c.need.reference, "title": c.need.title, "gap": units(c.gap)}
                    for c in gaps[:HEADLINE_GAPS]
                ),
            ]
        )
    rows.append(
        [
            _("Fielded fleet"),
            _("%(units)s units of %(types)s platform types in %(areas)s capability areas")
            % {
                "units": units(sum(f.units for f in b.fragmentation)),
                "types": units(sum(f.type_count for f in b.fragmentation)),
                "areas": len(b.fragmentation),
            },
        ]
    )
    losing = [r for r in b.comparison.by_requirement if r.change != 0]
    for effect in b.comparison.effects:
        rows.append(
            [
                _("If the United States stops"),
                _("%(units)s stop counting; %(n)s requirements lose coverage")
                % {"units": units_by_kind(effect.stopped), "n": len(losing)},
            ]
        )
    rows.append(
        [
            _("Requirements depending on a single donor"),
            units(len(b.concentration.single_donor)),
        ]
    )
    return [d.p(_("Headline figures"), d.h2), d.table([_("Figure"), _("Value")], rows)]


def _coverage(d: Doc) -> list[Flowable]:
    b = d.b
    result = b.coverage.result
    areas = result.areas
    out: list[Flowable] = [
        d.p(_("Coverage"), d.h1),
        d.p(
            _(
                "The one coverage of published requirements: committed aid (committed, allocated, shipped, "
                "delivered) against the quantity needed, each stage capped at each requirement's need. Areas "
                "are kept per unit kind: rounds are never added to items."
            )
        ),
    ]
    out.append(
        d.bars(
            [b.area_unit(a.capability_area, a.unit_kind) for a in areas],
            [(_("Committed share of the need"), [float(a.covered_share) * 100 for a in areas])],
            max_value=100,
            unit=" %",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Requirements"),
                _("Needed"),
                _("Committed"),
                _("Delivered"),
                _("Share"),
                _("Fully covered"),
            ],
            [
                [
                    b.area_unit(a.capability_area, a.unit_kind),
                    a.requirements,
                    units(a.needed),
                    units(a.stages.committed),
                    units(a.stages.delivered),
                    pct(a.covered_share),
                    a.fully_covered,
                ]
                for a in areas
            ],
        )
    )
    gaps = sorted(
        (c for c in result.requirements if c.gap > 0),
        key=lambda c: (c.need.priority, -c.gap, c.need.reference),
    )[:MAX_GAP_ROWS]
    out += [
        d.p(_("Gaps"), d.h2),
        d.p(_("Published requirements not fully covered, most pressing first.")),
    ]
    out.append(
        d.table(
            [
                _("Priority"),
                _("Reference"),
                _("Requirement"),
                _("Needed"),
                _("Committed"),
                _("Gap"),
                _("Announced"),
            ],
            [
                [
                    c.need.priority,
                    c.need.reference,
                    c.need.title,
                    units(c.need.quantity),
                    units(c.stages.committed),
                    units(c.gap),
                    units(c.stages.announced),
                ]
                for c in gaps
            ],
        )
    )
    return out


def _fragmentation(d: Doc) -> list[Flowable]:
    b = d.b
    rows = b.fragmentation
    out: list[Flowable] = [
        CondPageBreak(90 * mm),
        d.p(_("Fragmentation"), d.h1),
        d.p(
            _(
                "Fielded platform types per capability area. Effective types = 1 / Herfindahl index of the units per "
                "type; burden = ammunition families + maintenance families the area must sustain."
            )
        ),
    ]
    out.append(
        d.bars(
            [b.area(f.group) for f in rows],
            [
                (_("Types"), [float(f.type_count) for f in rows]),
                (_("Effective types"), [round(f.effective_types, 1) for f in rows]),
            ],
            max_value=None,
            unit="",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Units"),
                _("Types"),
                _("Effective types"),
                _("Ammunition families"),
                _("Maintenance families"),
                _("Burden"),
            ],
            [
                [
                    b.area(f.group),
                    units(f.units),
                    f.type_count,
                    units_2(f.effective_types),
                    len(f.ammunition_families),
                    len(f.maintenance_families),
                    f.burden,
                ]
                for f in rows
            ],
        )
    )
    out += [d.p(_("By calibre"), d.h2)]
    out.append(
        d.table(
            [_("Group"), _("Types"), _("Effective types"), _("Burden"), _("Types (units)")],
            [
                [
                    group_label(f.group),
                    f.type_count,
                    units_2(f.effective_types),
                    f.burden,
                    "; ".join(f"{name} ({q})" for _i, name, q in f.types),
                ]
                for f in b.calibres
            ],
        )
    )
    return out


def _resilience(d: Doc) -> list[Flowable]:
    b = d.b
    c = b.comparison
    out: list[Flowable] = [
        CondPageBreak(90 * mm),
        d.p(_("Resilience"), d.h1),
        d.p(
            _(
                "Scenario: the United States withdraws from %(date)s; its undelivered pledges "
                "stop counting. Coverage by "
                "capability area, baseline beside the scenario."
            )
            % {"date": day(c.as_of)}
        ),
    ]
    for effect in c.effects:
        out.append(
            d.p(
                _("%(rule)s: %(units)s on %(lines)s supply lines stop counting.")
                % {
                    "rule": rule_text(effect.rule, b.donor(effect.rule.donor)),
                    "units": units_by_kind(effect.stopped),
                    "lines": effect.lines,
                }
            )
        )
    out.append(
        d.bars(
            [b.area_unit(a.key, a.unit_kind) for a in c.by_area],
            [
                (_("Baseline"), [float(a.base_mean) * 100 for a in c.by_area]),
                (_("United States stops"), [float(a.scenario_mean) * 100 for a in c.by_area]),
            ],
            max_value=100,
            unit=" %",
        )
    )
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Needed"),
                _("Baseline"),
                _("Scenario"),
                _("Change"),
                _("Mean share before"),
                _("Mean share after"),
            ],
            [
                [
                    b.area_unit(a.key, a.unit_kind),
                    units(a.quantity),
                    units(a.base),
                    units(a.scenario),
                    units(a.change),
                    pct(a.base_mean),
                    pct(a.scenario_mean),
                ]
                for a in c.by_area
            ],
        )
    )
    changed = [r for r in c.by_requirement if r.change != 0]
    out += [d.p(_("Requirements that lose coverage"), d.h2)]
    out.append(
        d.table(
            [
                _("Reference"),
                _("Requirement"),
                _("Needed"),
                _("Baseline"),
                _("Scenario"),
                _("Change"),
            ],
            [
                [
                    r.key,
                    r.label,
                    units(r.quantity),
                    units(r.base),
                    units(r.scenario),
                    units(r.change),
                ]
                for r in changed
            ]
            or [["—", _("none"), "", "", "", ""]],
        )
    )
    out += [
        d.p(_("Concentration"), d.h2),
        d.p(
            _(
                "Donor shares of the committed units covering each area's requirements; HHI 1 means a single donor."
            )
        ),
    ]
    out.append(
        d.table(
            [
                _("Capability area"),
                _("Units"),
                _("Donors"),
                _("Largest donor"),
                _("Share"),
                _("HHI"),
            ],
            [
                [
                    b.area_unit(k.key, k.unit_kind),
                    units(k.units),
                    k.donors,
                    b.donor(k.top[0]) if k.top else "—",
                    pct(k.top[1]) if k.top else "—",
                    units_2(k.hhi),
                ]
                for k in b.concentration.areas
            ],
        )
    )
    out += [d.p(_("Requirements depending on a single donor"), d.h2)]
    out.append(
        d.table(
            [_("Reference"), _("Requirement"), _("Donor"), _("Units")],
            [
                [k.key, k.label, b.donor(k.shares[0][0]), units(k.units)]
                for k in b.concentration.single_donor
            ]
            or [["—", _("none"), "", ""]],
        )
    )
    return out


def briefing_pdf(b: Briefing) -> bytes:
    buf = io.BytesIO()
    d = Doc(b)

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(d.font, 7)
        canvas.drawString(
            15 * mm,
            10 * mm,
            _("NSATU coordination · briefing as of %(d)s") % {"d": day(b.horizon.as_of)},
        )
        canvas.drawRightString(195 * mm, 10 * mm, _("page %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        title=_("Contact-group briefing"),
        author="nsatu",
        subject=_("Coverage, gaps, fragmentation, resilience"),
    )
    story = [
        *_cover(d),
        *_headline(d),
        Spacer(1, 4 * mm),
        *_coverage(d),
        *_fragmentation(d),
        *_resilience(d),
    ]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
