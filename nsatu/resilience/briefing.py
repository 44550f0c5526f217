"""The contact-group briefing as a PDF (ReportLab, with its own vector charts); briefing_xlsx.py writes the XLSX.

ReportLab draws the PDF and its charts in one pure-Python library with wheels: no system libraries (WeasyPrint
needs Pango and a browser-like layout engine) and no second plotting stack (matplotlib) to keep in step.
Both files are built from the same nsatu.resilience.selectors.Briefing, so they carry the same figures.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, PageBreak, SimpleDocTemplate, Spacer

from nsatu.resilience.briefing_layout import MAX_GAP_ROWS, Doc, pct, rule_text, units, units_by_kind
from nsatu.resilience.selectors import Briefing


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
                "as_of": h.as_of,
                "end": h.end,
                "months": h.months,
                "when": b.generated_at.strftime("%Y-%m-%d %H:%M UTC"),
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


def _coverage(d: Doc) -> list[Flowable]:
    b = d.b
    result = b.coverage.result
    areas = result.areas
    out: list[Flowable] = [
        PageBreak(),
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
            [48, 20, 24, 22, 22, 18, 20],
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
            [14, 22, 62, 22, 20, 20, 20],
        )
    )
    return out


def _fragmentation(d: Doc) -> list[Flowable]:
    b = d.b
    rows = b.fragmentation
    out: list[Flowable] = [
        PageBreak(),
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
                    f"{f.effective_types:.2f}",
                    len(f.ammunition_families),
                    len(f.maintenance_families),
                    f.burden,
                ]
                for f in rows
            ],
            [42, 22, 16, 24, 26, 26, 18],
        )
    )
    out += [d.p(_("By calibre"), d.h2)]
    out.append(
        d.table(
            [_("Group"), _("Types"), _("Effective types"), _("Burden"), _("Types (units)")],
            [
                [
                    f.group,
                    f.type_count,
                    f"{f.effective_types:.2f}",
                    f.burden,
                    "; ".join(f"{name} ({q})" for _i, name, q in f.types),
                ]
                for f in b.calibres
            ],
            [36, 14, 20, 14, 86],
        )
    )
    return out


def _resilience(d: Doc) -> list[Flowable]:
    b = d.b
    c = b.comparison
    out: list[Flowable] = [
        PageBreak(),
        d.p(_("Resilience"), d.h1),
        d.p(
            _(
                "Scenario: the United States withdraws from %(date)s; its undelivered pledges "
                "stop counting. Coverage by "
                "capability area, baseline beside the scenario."
            )
            % {"date": c.as_of}
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
            [40, 24, 22, 22, 20, 22, 22],
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
            [24, 70, 22, 20, 20, 16],
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
                    f"{k.hhi:.2f}",
                ]
                for k in b.concentration.areas
            ],
            [42, 24, 16, 46, 20, 16],
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
            [26, 90, 40, 20],
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
            _("NSATU coordination · briefing as of %(d)s") % {"d": b.horizon.as_of},
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
    story = [*_cover(d), Spacer(1, 4 * mm), *_coverage(d), *_fragmentation(d), *_resilience(d)]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
