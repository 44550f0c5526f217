"""The reads of the flow pages and API: the index, the CSV rows, the form's choices."""

from __future__ import annotations

from nsatu.core.models import Releasability
from nsatu.flows.models import Flow
from nsatu.flows.selectors import flow_export_rows, flow_form_choices, flow_index_get


def test_the_index_lists_chains_and_totals(web_data, coordinator, liaison_de):
    index = flow_index_get(user=coordinator)
    assert [(f.pk, depth) for f, depth in index.rows][:3] == [
        (web_data.fund_flow.pk, 0),
        (web_data.purchase_flow.pk, 1),
        (web_data.delivery_flow.pk, 2),
    ]
    assert index.totals is not None and index.totals_refused is None and index.may_create
    assert index.by_donor[0][0] == "NOR"
    assert not flow_index_get(user=None).may_create


def test_the_csv_shows_a_parent_only_to_who_may_see_it(web_data, liaison_no, liaison_pl):
    Flow.objects.filter(pk=web_data.fund_flow.pk).update(releasability=Releasability.OWNER)
    parents = {f.pk: parent for f, parent in flow_export_rows(user=liaison_pl)}
    assert parents[web_data.purchase_flow.pk] is None
    # Norway owns the fund flow it kept to itself.
    parents = {f.pk: parent for f, parent in flow_export_rows(user=liaison_no)}
    assert parents[web_data.purchase_flow.pk] == web_data.fund_flow.pk


def test_a_liaison_records_flows_from_its_own_party(web_data, liaison_de):
    choices = flow_form_choices(user=liaison_de)
    assert [p.code for p in choices.sources] == ["DEU"] and choices.own_source == "DEU"
