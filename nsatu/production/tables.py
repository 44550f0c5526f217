"""One row per project for the page's CSV, the API and `nsatu export joint-production`: related records named
through core/refs.py, so a hidden item type, pledge or flow reads "a restricted …"."""

from __future__ import annotations

from nsatu.core.refs import ref_id, ref_label
from nsatu.production.selectors import ProjectPage

CSV_HEADER = [
    "id",
    "name",
    "item_type",
    "status",
    "lead",
    "partners",
    "capacity_schedule",
    "funds_pledges",
    "flows",
    "feeds_plan",
    "why_not",
    "announced_on",
    "illustrative",
    "dataset",
    "source_url",
]


def project_row(page: ProjectPage) -> list[object]:
    p = page.project
    partners = "; ".join(
        f"{x.name} ({x.get_role_display()}{', ' + x.country if x.country else ''})"
        for x in page.partners
    )
    schedule = "; ".join(f"{c.from_month:%Y-%m}: {c.units_per_month}" for c in page.capacities)
    pledges = "; ".join(
        str(ref_id(f, "pledge") or ref_label(f, "pledge")) for f in page.funding if f.pledge_id
    )
    flows = "; ".join(
        str(ref_id(f, "flow") or ref_label(f, "flow")) for f in page.funding if f.flow_id
    )
    return [
        p.pk,
        p.name,
        ref_label(p, "item_type"),
        p.get_status_display(),
        p.owner.code if p.owner else "",
        partners,
        schedule,
        pledges,
        flows,
        "yes" if not page.gaps else "no",
        " ".join(page.gaps),
        p.announced_on,
        "yes" if page.illustrative else "",
        p.dataset.key if p.dataset else "",
        p.source_url,
    ]
