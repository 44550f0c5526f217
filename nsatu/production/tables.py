"""One row per project: `nsatu export joint-production` keeps its machine column keys (CSV_HEADER); the list
page's CSV and XLSX carry the same facts under the labels a person reads (PAGE_HEADER). Related records are
named through core/refs.py, so a hidden item type, pledge or flow reads "a restricted …"."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from nsatu.core.refs import ref_id, ref_label
from nsatu.core.tables import yes_no
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


PAGE_HEADER: list[Promise] = [
    gettext_lazy("Id"),
    gettext_lazy("Project"),
    gettext_lazy("Item type"),
    gettext_lazy("Status"),
    gettext_lazy("Lead nation"),
    gettext_lazy("Partners"),
    gettext_lazy("Capacity schedule (units per month)"),
    gettext_lazy("Paid by pledges"),
    gettext_lazy("Paid by flows"),
    gettext_lazy("Feeds a plan"),
    gettext_lazy("Why not"),
    gettext_lazy("Announced on"),
    gettext_lazy("Illustrative"),
    gettext_lazy("Dataset"),
    gettext_lazy("Source"),
]


def page_row(page: ProjectPage) -> list[object]:
    """The list page's row: the export's facts, with its yes/no flags in the reader's language."""
    row: list[object] = [v if v != "" else None for v in project_row(page)]
    row[4] = page.project.owner.name if page.project.owner else None
    row[9] = yes_no(not page.gaps)
    row[12] = yes_no(page.illustrative)
    return row
