"""A surface names a related record only through core/refs.py (issue #14, point 1).

A record the reader may see can point at one he may not (an earmark, a claim, a plan line, a shipment line, an
agreement link, an intake match). Its reference, title or id would tell him the hidden record exists, so pages,
exports and API schemas name it through `ref_link` / `seen_ref` (templates) and `ref_label` / `ref_id` /
`ref_shown` (Python), which check the reader's visibility. These checks read the source and fail when a
template, an export or an API schema reads a related record's fields around that rule.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "nsatu"
# Foreign keys from one record to another record that may be released more narrowly.
LINKS = (
    "requirement",
    "pledge",
    "parent",
    "flow",
    "agreement",
    "settles",
    "earmark",
    "tranche",
    "item_type",
    "hub",
    "framework",
    "coalition",
    "project",
)
TEMPLATE_READ = re.compile(
    r"\b(?P<obj>[a-z_]+)\.(?P<link>" + "|".join(LINKS) + r")(?P<rest>_id\b|\.[a-z_]+|\b)"
)

# Reads of a related record's fields that are not links to a possibly hidden record: the row is the record
# itself, built by its selector from what the reader may see. Each says why.
SUBJECT_READS = {
    (
        "planning/templates/planning/run_production.html",
        "t.project",
    ): "rows of production_taken_get, built from joint_project_visible: the project is the row's subject",
    (
        "production/templates/production/project_detail.html",
        "p.project",
    ): "the page of the project itself (joint_project_page_get through joint_project_visible)",
    (
        "planning/templates/planning/report.html",
        "o.requirement",
    ): "over-coverage rows come from the reader's own coverage (requirement_coverage_get)",
    (
        "dashboards/templates/dashboards/overview.html",
        "row.requirement",
    ): "a row of the reader's coverage: the requirement is its subject",
    (
        "dashboards/templates/dashboards/item_type_detail.html",
        "row.requirement",
    ): "a row of the reader's coverage: the requirement is its subject",
    (
        "dashboards/templates/dashboards/requirement_detail.html",
        "a.pledge_id",
    ): "an aid line's attestations are built from pledge_visible only",
    (
        "aid/templates/aid/_source_label.html",
        "s.pledge_id",
    ): "an aid line's attestations are built from pledge_visible only",
    (
        "coverage/templates/coverage/coverage.html",
        "r.requirement_id",
    ): "a coverage row per requirement the reader may see",
    (
        "resilience/templates/resilience/_comparison.html",
        "need.requirement_id",
    ): "the scenario's needs are the reader's own coverage inputs",
    (
        "resilience/templates/resilience/consolidation.html",
        "need.requirement_id",
    ): "the scenario's needs are the reader's own coverage inputs",
    (
        "resilience/templates/resilience/consolidation.html",
        "o.pledge_id",
    ): "offers built from pledge_visible",
    (
        "resilience/templates/resilience/consolidation.html",
        "keep.pledge_id",
    ): "duplicate groups built from pledge_visible",
    (
        "resilience/templates/resilience/consolidation.html",
        "r.pledge_id",
    ): "duplicate groups built from pledge_visible",
    (
        "resilience/templates/resilience/fleet.html",
        "o.pledge_id",
    ): "fleet offers built from pledge_visible",
    (
        "flows/templates/flows/flow_list.html",
        "flow.parent_id",
    ): "written only at depth > 0, under a parent the reader sees (flows.selectors.flow_tree)",
    (
        "logistics/templates/logistics/hubs.html",
        "m.hub",
    ): "a throughput month's hub is a label: hub_throughput groups hidden hubs under restricted_label",
    (
        "coalitions/templates/coalitions/coalition_detail.html",
        "r.requirement_id",
    ): "a row of the reader's coverage report (coverage_report_get): the requirement is its subject",
}
# Links still named around the rule, listed so that this test stays a ratchet: a new one fails, and a fixed one
# must be removed from here. None is left (issue #14, point 1).
PENDING_TEMPLATE_READS: set[tuple[str, str]] = set()
PENDING_SCHEMA_FIELDS: set[tuple[str, str, str]] = set()
# Schema fields named like a link whose value is built by a selector from what the reader may see.
SCHEMA_SUBJECT_FIELDS = {
    ("aid/api.py", "LineOut", "item_type"): "aid.selectors sets item_id only when item_type_seen",
    ("logistics/api.py", "HubMonthOut", "hub"): "hub_throughput's label, restricted when hidden",
    ("resilience/api.py", "FleetRowOut", "item_type"): "fleet rows of item_type_list's types only",
    ("training/api.py", "ReadinessOut", "item_type"): "readiness names visible item types only",
}
# Python modules that turn records into rows or bodies for a reader. Views are read too: a row builder or a
# message written in a view names related records as much as one in tables.py.
EXPORT_MODULES = ("exports.py", "rows.py", "downloads.py", "tables.py", "views.py", "*_views.py")
PENDING_EXPORT_READS: set[tuple[str, str]] = set()


def _template_reads() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.rglob("templates/**/*.html"):
        rel = str(path.relative_to(ROOT))
        for m in TEMPLATE_READ.finditer(path.read_text()):
            rest = m.group("rest")
            # `obj.requirement_id` and `obj.requirement.title` are reads; `obj.requirement` alone too.
            read = f"{m.group('obj')}.{m.group('link')}" + (rest if rest == "_id" else "")
            found.add((rel, read))
    return found


def test_templates_name_related_records_through_the_rule() -> None:
    reads = _template_reads()
    unexplained = sorted(reads - set(SUBJECT_READS) - PENDING_TEMPLATE_READS)
    assert not unexplained, (
        "these templates read a related record's fields without {% ref_link %} / |seen_ref "
        f"(core/refs.py): {unexplained}"
    )


def test_pending_template_reads_still_exist() -> None:
    gone = sorted((PENDING_TEMPLATE_READS | set(SUBJECT_READS)) - _template_reads())
    assert not gone, f"fixed or moved, remove from this test's lists: {gone}"


def _through_rule(node: ast.AST) -> bool:
    text = ast.unparse(node)
    return "ref_" in text or "_seen" in text


def _schema_fields() -> list[tuple[str, str, str, bool]]:
    rows = []
    for path in ROOT.rglob("api.py"):
        rel = str(path.relative_to(ROOT))
        for cls in ast.walk(ast.parse(path.read_text())):
            if not isinstance(cls, ast.ClassDef) or not cls.name.endswith("Out"):
                continue
            resolvers = {
                f.name.removeprefix("resolve_"): f
                for f in cls.body
                if isinstance(f, ast.FunctionDef) and f.name.startswith("resolve_")
            }
            for stmt in cls.body:
                if (
                    isinstance(stmt, ast.AnnAssign)
                    and isinstance(stmt.target, ast.Name)
                    and stmt.target.id in LINKS
                ):
                    name = stmt.target.id
                    ok = name in resolvers and _through_rule(resolvers[name])
                    rows.append((rel, cls.name, name, ok))
    return rows


def test_api_schemas_resolve_links_through_the_rule() -> None:
    fields = _schema_fields()
    assert fields, "no API schema names a related record: the check reads nothing"
    bad = sorted(
        (rel, cls, name)
        for rel, cls, name, ok in fields
        if not ok and (rel, cls, name) not in SCHEMA_SUBJECT_FIELDS
    )
    assert not sorted(set(bad) - PENDING_SCHEMA_FIELDS), (
        "these API schemas name a related record without a resolver through core/refs.py: "
        f"{sorted(set(bad) - PENDING_SCHEMA_FIELDS)}"
    )
    fixed = sorted(PENDING_SCHEMA_FIELDS - set(bad))
    assert not fixed, f"fixed, remove from PENDING_SCHEMA_FIELDS: {fixed}"
    gone = sorted(set(SCHEMA_SUBJECT_FIELDS) - {(rel, cls, name) for rel, cls, name, _ok in fields})
    assert not gone, f"moved or renamed, remove from SCHEMA_SUBJECT_FIELDS: {gone}"


class _LinkReads(ast.NodeVisitor):
    """`x.requirement.title`, `x.pledge_id` and the like, outside a call to a refs.py function."""

    def __init__(self) -> None:
        self.reads: set[str] = set()
        self._guarded = 0

    def visit_Call(self, node: ast.Call) -> None:
        name = ast.unparse(node.func)
        guarded = name.startswith(("ref_", "mark_"))
        self._guarded += guarded
        self.generic_visit(node)
        self._guarded -= guarded

    def visit_IfExp(self, node: ast.IfExp) -> None:
        # `line.requirement if ref_seen(line, "requirement") else None`
        guarded = _through_rule(node.test)
        self._guarded += guarded
        self.generic_visit(node)
        self._guarded -= guarded

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if not self._guarded and isinstance(node.value, ast.Name):
            attr = node.attr
            if attr in LINKS or attr.removesuffix("_id") in LINKS:
                self.reads.add(f"{node.value.id}.{attr}")
        self.generic_visit(node)


def _export_reads() -> set[tuple[str, str]]:
    found = set()
    for name in EXPORT_MODULES:
        for path in ROOT.rglob(name):
            visitor = _LinkReads()
            visitor.visit(ast.parse(path.read_text()))
            found |= {(str(path.relative_to(ROOT)), r) for r in visitor.reads}
    return found


# Reads in exports where the record is the row's subject, or the value is not a link.
EXPORT_SUBJECT_READS = {
    ("exchange/exports.py", "row.requirement_id"): "coverage rows of requirements the reader sees",
    ("exchange/exports.py", "line.shipment"): "a line's own shipment",
    ("coverage/rows.py", "need.requirement_id"): "the reader's coverage inputs",
    ("coverage/rows.py", "a.pledge_id"): "attestations built from pledge_visible",
    ("coverage/rows.py", "f.pledge_id"): "flows of the reader's coverage inputs",
    ("coverage/rows.py", "rc.need"): "not a link",
    ("exchange/exports.py", "m.hub"): "hub_throughput's label, restricted when the hub is hidden",
    (
        "planning/downloads.py",
        "o.requirement",
    ): "over-coverage rows come from the reader's own coverage",
    (
        "planning/downloads.py",
        "taken.project",
    ): "rows of run_production_get, built from joint_project_visible",
    ("logistics/tables.py", "m.hub"): "hub_throughput's label, restricted when the hub is hidden",
    (
        "production/tables.py",
        "f.pledge_id",
    ): "whether a funding names a pledge; named through ref_id/ref_label",
    (
        "production/tables.py",
        "f.flow_id",
    ): "whether a funding names a flow; named through ref_id/ref_label",
    ("production/tables.py", "page.project"): "the row's own subject, from joint_project_visible",
    (
        "agreements/views.py",
        "link.pledge_id",
    ): "the link the writer has just made, to a pledge he chose",
    (
        "agreements/views.py",
        "link.flow_id",
    ): "the link the writer has just made, to a flow he chose",
    (
        "agreements/views.py",
        "page.agreement",
    ): "the page of the agreement itself (agreement_page_get)",
    ("agreements/views.py", "page.framework"): "the page of the framework itself",
    ("coalitions/views.py", "data.coalition"): "the page of the coalition itself",
    (
        "intake/views.py",
        "confirmed.pledge",
    ): "the pledge the reader's own confirmation has just written",
    ("intake/views.py", "merged.pledge"): "the pledge the reader has just chosen to merge into",
    ("logistics/views.py", "route.hub"): "a form's route, built from hubs the writer may use",
    (
        "needs/views.py",
        "page.requirement",
    ): "the page of the requirement itself (requirement_page_get)",
    (
        "planning/views.py",
        "claim.requirement",
    ): "the claim the writer has just made on a requirement he sees",
    ("pledges/views.py", "data.pledge"): "the page of the pledge itself",
    ("pledges/views.py", "page.pledge"): "the page of the pledge itself",
    ("production/views.py", "page.project"): "the page of the project itself",
    (
        "roadmap/views.py",
        "m.coalition_id",
    ): "a form's initial value, the milestone's own field, for its editor",
}


def test_exports_name_related_records_through_the_rule() -> None:
    reads = _export_reads()
    unexplained = sorted(reads - set(EXPORT_SUBJECT_READS) - PENDING_EXPORT_READS)
    assert not unexplained, (
        f"these exports read a related record without ref_label/ref_id (core/refs.py): {unexplained}"
    )


@pytest.mark.parametrize(
    "source",
    [
        "<td>{{ p.requirement.reference }}</td>",
        "<a href=\"{% url 'pledges:detail' line.pledge_id %}\">",
        "{% if pledge.requirement %}{{ pledge.requirement }}{% endif %}",
        "<td>{{ line.item_type.name }}</td>",
        "{{ shipment.hub.name }} ({{ shipment.hub.country.name }})",
    ],
)
def test_the_template_check_catches_a_bare_read(source: str) -> None:
    assert TEMPLATE_READ.search(source)


def test_the_export_check_catches_a_bare_read() -> None:
    visitor = _LinkReads()
    visitor.visit(ast.parse("rows = [[p.requirement.reference, line.pledge_id] for p in x]"))
    assert visitor.reads == {"p.requirement", "line.pledge_id"}
    guarded = _LinkReads()
    guarded.visit(ast.parse('rows = [[ref_label(p, "requirement"), ref_id(line, "pledge")]]'))
    assert guarded.reads == set()
