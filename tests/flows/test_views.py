"""The flows page and its CSV: chains indented, each euro counted once."""

from __future__ import annotations

import re

from django.urls import reverse

from nsatu.audit.models import AuditEvent
from nsatu.core.models import Releasability
from nsatu.flows.models import Flow


def test_flows_indent_children_under_their_parent_and_count_once(web_data, as_user, coordinator):
    html = as_user(coordinator).get(reverse("flows:list")).content.decode()
    order = re.findall(r'<tr class="([^"]+)" data-flow="(\d+)"', html)
    ids = [int(pk) for _cls, pk in order]
    fund, purchase, delivery = (
        web_data.fund_flow.pk,
        web_data.purchase_flow.pk,
        web_data.delivery_flow.pk,
    )
    assert ids.index(purchase) == ids.index(fund) + 1
    assert ids.index(delivery) == ids.index(purchase) + 1
    classes = dict((int(pk), cls) for cls, pk in order)
    assert (
        classes[fund] == "root"
        and classes[purchase] == "child depth-1"
        and classes[delivery] == "child depth-2"
    )
    german = Flow.objects.get(pk=web_data.german_flow.pk)
    # 100 M EUR into PURL counted once, plus the German USD flow at its ECB rate.
    total = 100_000_000 + int(german.amount_eur.quantize(1))
    assert f'data-testid="flow-total">{total:,}<' in html
    assert german.eur_rate_date.isoformat() in html
    assert f"{german.eur_rate:.4f}" in html
    by_recipient = html[html.index('id="flow-by-recipient"') :]
    by_recipient = by_recipient[: by_recipient.index("</table>")]
    # 80 M reached Ukraine through the chain, 20 M stayed in the fund.
    assert f">{80_000_000 + int(german.amount_eur.quantize(1)):,}<" in by_recipient
    assert ">20,000,000<" in by_recipient


def test_flow_with_hidden_parent_is_a_root_for_that_user(web_data, as_user, liaison_pl):
    Flow.objects.filter(pk=web_data.fund_flow.pk).update(releasability=Releasability.OWNER)
    html = as_user(liaison_pl).get(reverse("flows:list")).content.decode()
    order = re.findall(r'<tr class="([^"]+)" data-flow="(\d+)"', html)
    assert ("root", str(web_data.purchase_flow.pk)) in order
    assert str(web_data.fund_flow.pk) not in [pk for _c, pk in order]
    assert "Norway pays into PURL" not in html


def test_flow_csv_lists_each_flow_with_its_parent_and_rate(web_data, as_user, coordinator):
    body = (
        as_user(coordinator)
        .get(reverse("flows:list") + "?format=csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    lines = body.splitlines()
    assert lines[0].startswith(
        "ID,Passed on from flow,From,To,Kind,Date,Amount,Currency,EUR,ECB rate (per EUR)"
    )
    assert len(lines) == 5
    assert any(
        line.startswith(
            f"{web_data.purchase_flow.pk},{web_data.fund_flow.pk},PURL,USA,Money,2025-10-01"
        )
        for line in lines
    )


def test_a_hidden_parent_is_not_named_in_the_page_or_the_csv(web_data, as_user, liaison_pl):
    Flow.objects.filter(pk=web_data.fund_flow.pk).update(releasability=Releasability.OWNER)
    client = as_user(liaison_pl)
    html = client.get(reverse("flows:list")).content.decode()
    row = re.search(rf'<tr [^>]*data-flow="{web_data.purchase_flow.pk}"[^>]*>', html).group(0)
    assert "data-parent" not in row
    child = re.search(rf'<tr [^>]*data-flow="{web_data.delivery_flow.pk}"[^>]*>', html).group(0)
    assert f'data-parent="{web_data.purchase_flow.pk}"' in child
    lines = (
        client.get(reverse("flows:list") + "?format=csv")
        .getvalue()
        .decode("utf-8-sig")
        .splitlines()
    )
    by_id = {line.split(",")[0]: line.split(",")[1] for line in lines[1:]}
    assert by_id[str(web_data.purchase_flow.pk)] == ""
    assert by_id[str(web_data.delivery_flow.pk)] == str(web_data.purchase_flow.pk)
    assert str(web_data.fund_flow.pk) not in by_id


def test_flow_records_that_do_not_add_up_give_a_message_not_a_server_error(
    web_data, as_user, coordinator
):
    # A child that passes on more than its parent brought: the totals would be wrong, so they are withheld.
    Flow.objects.filter(pk=web_data.delivery_flow.pk).update(amount_eur=90_000_000)
    response = as_user(coordinator).get(reverse("flows:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "The flow records do not add up" in html and 'role="alert"' in html
    assert 'data-testid="flow-totals-withheld"' in html and 'data-testid="flow-total"' not in html
    assert (
        f'data-flow="{web_data.delivery_flow.pk}"' in html
    )  # the records themselves are still listed


def test_imported_flows_link_to_their_source(web_data, as_user, coordinator):
    Flow.objects.filter(pk=web_data.german_flow.pk).update(
        dataset=web_data.kiel, source_row=77, source_url="https://example.org/aid/77"
    )
    html = as_user(coordinator).get(reverse("flows:list")).content.decode()
    row = html[html.index(f'data-flow="{web_data.german_flow.pk}"') :]
    row = row[: row.index("</tr>")]
    assert f'<a href="{reverse("sources:detail", args=["kiel-ust-r29"])}">kiel-ust-r29</a>' in row
    assert "row 77" in row and 'href="https://example.org/aid/77"' in row
    body = (
        as_user(coordinator)
        .get(reverse("flows:list") + "?format=csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    assert body.splitlines()[0].endswith(",Dataset,Source row,Source address")
    assert "kiel-ust-r29,77,https://example.org/aid/77" in body


def _flow_form(**overrides) -> dict:
    data = {
        "source": "NOR",
        "destination": "PURL",
        "kind": "money",
        "parent": "",
        "date": "2025-10-15",
        "amount": "25000000",
        "currency": "nok",
        "item_type": "",
        "quantity": "",
        "pledge": "",
        "description": "Second Norwegian payment",
        "releasability": "participants",
    }
    return data | overrides


def test_coordinator_records_a_flow_through_the_form(web_data, as_user, coordinator):
    client = as_user(coordinator)
    assert f'href="{reverse("flows:create")}"' in client.get(reverse("flows:list")).content.decode()
    response = client.post(reverse("flows:create"), _flow_form(), follow=True)
    flow = Flow.objects.get(description="Second Norwegian payment")
    assert response.redirect_chain[-1][0] == reverse("flows:list")
    assert f"Flow {flow.pk} from NOR to PURL recorded." in response.content.decode()
    assert (flow.currency, flow.owner.code) == ("NOK", "NOR") and flow.amount_eur is not None
    assert AuditEvent.objects.filter(action="flow.create", object_id=str(flow.pk)).exists()


def test_flow_form_refuses_bad_input_with_field_messages(web_data, as_user, coordinator):
    client = as_user(coordinator)
    before = Flow.objects.count()
    page = client.get(reverse("flows:create")).content.decode()
    releasability = page[page.index('name="releasability"') :]
    assert 'value="owner"' not in releasability[: releasability.index("</select>")]
    for data, message in [
        (
            _flow_form(releasability="owner"),
            "With this releasability you could not read the record once it is saved.",
        ),
        (_flow_form(parent="987654321"), "No flow with this id is visible to you."),
        (
            _flow_form(kind="material", quantity="0"),
            "Ensure this value is greater than or equal to 1.",
        ),
        (_flow_form(destination="NOR"), "A flow needs two different parties."),
        # Norway's flow goes to PURL, not from PURL: a child starts where its parent ends.
        (
            _flow_form(source="USA", parent=str(web_data.fund_flow.pk)),
            "A child flow starts where its parent ends",
        ),
    ]:
        response = client.post(reverse("flows:create"), data)
        assert response.status_code == 400, message
        assert message in response.content.decode(), message
    assert Flow.objects.count() == before


def test_a_liaison_records_only_what_its_party_sends_and_others_may_not(
    web_data, as_user, liaison_de, planner
):
    client = as_user(liaison_de)
    page = client.get(reverse("flows:create")).content.decode()
    source = page[page.index('name="source"') :]
    source = source[: source.index("</select>")]
    assert '<option value="DEU" selected>Germany</option>' in source and 'value="NOR"' not in source
    before = Flow.objects.count()
    forged = client.post(reverse("flows:create"), _flow_form())
    assert forged.status_code == 400 and "Select a valid choice." in forged.content.decode()
    assert Flow.objects.count() == before
    refused = as_user(planner).get(reverse("flows:create"), follow=True)
    assert refused.redirect_chain[-1][0] == reverse("flows:list")
    assert "Your role (Recipient planner) may not record flows." in refused.content.decode()


def test_flow_form_refuses_an_id_beyond_64_bits_before_the_form_runs(
    web_data, as_user, coordinator
):
    client = as_user(coordinator)
    before = Flow.objects.count()
    response = client.post(reverse("flows:create"), _flow_form(parent="99999999999999999999"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "parent" in body and "larger than any stored number" in body
    assert Flow.objects.count() == before
