from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from nsatu.audit.models import AuditEvent
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge, PledgeStatus


def test_planner_cannot_change_a_german_pledge(web_data, as_user, planner):
    client = as_user(planner)
    url = reverse("pledges:detail", args=[web_data.german_pledge.pk])
    assert 'action="' + reverse("pledges:status", args=[web_data.german_pledge.pk]) not in (
        client.get(url).content.decode()
    )
    events = AuditEvent.objects.count()
    response = client.post(
        reverse("pledges:status", args=[web_data.german_pledge.pk]),
        {"status": "allocated", "version": "1"},
        follow=True,
    )
    assert "Your role (Recipient planner) may not record pledges." in response.content.decode()
    fresh = Pledge.objects.get(pk=web_data.german_pledge.pk)
    assert fresh.status == PledgeStatus.COMMITTED
    assert fresh.version == 1
    assert AuditEvent.objects.count() == events


def test_polish_liaison_cannot_change_a_german_pledge(web_data, as_user, liaison_pl):
    response = as_user(liaison_pl).post(
        reverse("pledges:status", args=[web_data.german_pledge.pk]),
        {"status": "withdrawn"},
        follow=True,
    )
    assert "A liaison of Poland may not write pledges of Germany." in response.content.decode()
    assert Pledge.objects.get(pk=web_data.german_pledge.pk).status == PledgeStatus.COMMITTED


def test_polish_liaison_gets_404_on_a_german_owner_only_pledge(web_data, as_user, liaison_pl):
    client = as_user(liaison_pl)
    assert (
        client.get(reverse("pledges:detail", args=[web_data.german_secret.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("pledges:status", args=[web_data.german_secret.pk]), {"status": "committed"}
        ).status_code
        == 404
    )
    assert "Classified package" not in client.get(reverse("pledges:list")).content.decode()
    assert (
        "Classified package"
        not in client.get(reverse("parties:detail", args=["DEU"])).content.decode()
    )


def test_german_liaison_sees_and_moves_own_pledge(web_data, as_user, liaison_de):
    client = as_user(liaison_de)
    html = client.get(reverse("pledges:detail", args=[web_data.german_pledge.pk])).content.decode()
    assert ">Mark allocated<" in html
    assert ">Withdraw<" in html
    assert ">Mark delivered<" not in html  # one step at a time
    response = client.post(
        reverse("pledges:status", args=[web_data.german_pledge.pk]),
        {"status": "allocated", "version": "1"},
        follow=True,
    )
    assert (
        f"Pledge {web_data.german_pledge.pk} of Germany is now Allocated.".encode()
        in response.content
    )
    assert Pledge.objects.get(pk=web_data.german_pledge.pk).status == PledgeStatus.ALLOCATED
    secret = client.get(reverse("pledges:detail", args=[web_data.german_secret.pk]))
    assert secret.status_code == 200


def test_skipping_a_step_is_refused_with_the_ladder_message(web_data, as_user, coordinator):
    response = as_user(coordinator).post(
        reverse("pledges:status", args=[web_data.polish_pledge.pk]),
        {"status": "delivered", "version": "1"},
        follow=True,
    )
    assert "A pledge moves one step up the ladder" in response.content.decode()
    assert Pledge.objects.get(pk=web_data.polish_pledge.pk).status == PledgeStatus.ANNOUNCED


def test_liaison_records_a_pledge_for_own_nation_only(web_data, as_user, liaison_de, parties):
    client = as_user(liaison_de)
    form = client.get(reverse("pledges:create")).content.decode()
    assert '<option value="DEU" selected>Germany</option>' in form
    assert '<option value="POL"' not in form.split('name="recipient"')[0]  # not offered as donor
    data = {
        "donor": "DEU",
        "recipient": "UKR",
        "kind": "in_kind",
        "item_type": web_data.howitzer.pk,
        "description": "",
        "quantity": "6",
        "amount": "",
        "currency": "",
        "status": "announced",
        "announced_on": "2025-11-20",
        "requirement": web_data.published.pk,
        "mechanism": "bilateral",
        "notes": "",
        "releasability": "participants",
    }
    response = client.post(reverse("pledges:create"), data, follow=True)
    created = Pledge.objects.get(donor=parties["DEU"], item_type=web_data.howitzer)
    assert response.redirect_chain[-1][0] == reverse("pledges:detail", args=[created.pk])
    assert b"Pledge of Germany recorded as Announced." in response.content
    assert created.announced_on == dt.date(2025, 11, 20)
    # A forged donor is refused by the form (not among the choices) and nothing is written.
    before = Pledge.objects.count()
    forged = client.post(reverse("pledges:create"), data | {"donor": "POL"})
    assert forged.status_code == 400
    assert "Select a valid choice." in forged.content.decode()
    assert Pledge.objects.count() == before


def test_funds_pledge_without_amount_names_the_field(web_data, as_user, coordinator):
    client = as_user(coordinator)
    before = Pledge.objects.count()
    response = client.post(
        reverse("pledges:create"),
        {
            "donor": "NOR",
            "recipient": "UKR",
            "kind": "funds",
            "status": "announced",
            "releasability": "participants",
            "currency": "nok",
        },
    )
    assert response.status_code == 400
    assert "A funds pledge needs an amount." in response.content.decode()
    assert Pledge.objects.count() == before


def test_planner_is_told_they_may_not_record_pledges(web_data, as_user, planner):
    response = as_user(planner).get(reverse("pledges:create"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("pledges:list")
    assert "Your role (Recipient planner) may not record pledges." in response.content.decode()


def test_list_filters_and_source_display(web_data, as_user, coordinator):
    client = as_user(coordinator)
    html = client.get(reverse("pledges:list") + "?dataset=kiel-ust-r29").content.decode()
    assert "kiel-ust-r29" in html and "row 412" in html
    assert "Germany" not in html.split("<tbody>")[-1]
    html = client.get(reverse("pledges:list") + "?donor=POL&status=announced").content.decode()
    assert reverse("pledges:detail", args=[web_data.polish_pledge.pk]) in html
    assert reverse("pledges:detail", args=[web_data.german_pledge.pk]) not in html
    detail = client.get(
        reverse("pledges:detail", args=[web_data.german_pledge.pk])
    ).content.decode()
    assert "https://www.bundesregierung.de/example" in detail
    assert "2025-06-01" in detail and "20,000" in detail  # the tranche
    assert 'aria-current="step">Committed<' in detail


def test_pledge_csv_is_excel_safe(web_data, as_user, liaison_de, parties):
    Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        owner=parties["DEU"],
        description='=HYPERLINK("http://x")',
        quantity=1,
        releasability=Releasability.PUBLIC,
        value_eur=Decimal("1.00"),
    )
    body = (
        as_user(liaison_de)
        .get(reverse("pledges:list") + "?donor=DEU&format=csv")
        .getvalue()
        .decode("utf-8-sig")
    )
    assert "'=HYPERLINK" in body
    assert "Classified package" in body  # the liaison's own owner-only pledge


def test_pledge_list_query_count_does_not_grow_with_rows(
    web_data, as_user, coordinator, parties, django_assert_max_num_queries
):
    for n in range(40):
        Pledge.objects.create(
            donor=parties["USA" if n % 2 else "NOR"],
            recipient=parties["UKR"],
            owner=parties["USA" if n % 2 else "NOR"],
            item_type=web_data.howitzer,
            quantity=n + 1,
            requirement=web_data.published,
            dataset=web_data.kiel,
            source_row=n,
            releasability=Releasability.PUBLIC,
        )
    client = as_user(coordinator)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("pledges:list"))
    assert response.status_code == 200
    assert response.content.decode().count('<ol class="ladder"') >= 40


def test_huge_or_odd_item_type_filter_is_refused_or_ignored_not_a_server_error(
    web_data, as_user, coordinator
):
    client = as_user(coordinator)
    # A number no id can be is refused before the page, naming the field (nsatu.core.inputs); what the
    # filter form cannot read is ignored. Never a server error.
    for value in ("99999999999999999999", str(2**63), str(2**63 - 1)):
        response = client.get(reverse("pledges:list") + f"?item_type={value}")
        assert response.status_code in (200, 400), value
        if response.status_code == 400:
            assert "item_type" in response.content.decode(), value
    assert (
        client.get(reverse("pledges:list") + "?item_type=99999999999999999999").status_code == 400
    )
    for value in ("-1", "abc"):
        assert client.get(reverse("pledges:list") + f"?item_type={value}").status_code == 200


def _pledge_form(**overrides) -> dict:
    data = {
        "donor": "DEU",
        "recipient": "UKR",
        "kind": "in_kind",
        "item_type": "",
        "description": "IRIS-T SLM",
        "quantity": "2",
        "amount": "",
        "currency": "",
        "status": "announced",
        "announced_on": "",
        "requirement": "",
        "mechanism": "",
        "notes": "",
        "releasability": "participants",
    }
    return data | overrides


def test_the_command_is_offered_only_releasabilities_it_can_read_back(
    web_data, as_user, coordinator, liaison_de
):
    client = as_user(coordinator)
    form = client.get(reverse("pledges:create")).content.decode()
    releasability = form[form.index('name="releasability"') :]
    releasability = releasability[: releasability.index("</select>")]
    assert 'value="command"' in releasability and 'value="owner"' not in releasability
    # The German liaison records Germany's own pledges and may keep them to Germany.
    assert 'value="owner"' in as_user(liaison_de).get(reverse("pledges:create")).content.decode()
    before = Pledge.objects.count()
    forged = as_user(coordinator).post(
        reverse("pledges:create"), _pledge_form(releasability="owner")
    )
    assert forged.status_code == 400
    assert (
        "With this releasability you could not read the record once it is saved. Choose one of: Public, "
        "All participants, Command only."
    ) in forged.content.decode()
    assert Pledge.objects.count() == before


def test_liaison_edits_own_pledge_and_a_stale_save_is_refused(web_data, as_user, liaison_de):
    client = as_user(liaison_de)
    pledge = web_data.german_pledge
    detail = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert f'href="{reverse("pledges:edit", args=[pledge.pk])}"' in detail
    page = client.get(reverse("pledges:edit", args=[pledge.pk])).content.decode()
    assert (
        'name="version" value="1"' in page
        and 'name="donor"' not in page
        and 'name="status"' not in page
    )
    data = {
        "kind": "in_kind",
        "item_type": web_data.shell.pk,
        "description": "",
        "quantity": "60000",
        "amount": "",
        "currency": "",
        "announced_on": "2025-03-01",
        "requirement": web_data.published.pk,
        "mechanism": "",
        "notes": "Second lot from Rheinmetall",
        "releasability": "participants",
        "version": "1",
    }
    saved = client.post(reverse("pledges:edit", args=[pledge.pk]), data, follow=True)
    assert f"Pledge {pledge.pk} of Germany saved.".encode() in saved.content
    fresh = Pledge.objects.get(pk=pledge.pk)
    assert (fresh.quantity, fresh.notes, fresh.version) == (60000, "Second lot from Rheinmetall", 2)
    stale = client.post(reverse("pledges:edit", args=[pledge.pk]), data | {"quantity": "70000"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "was changed by someone else (version 2, you edited version 1)" in html
    assert "Reload the current version" in html
    assert Pledge.objects.get(pk=pledge.pk).quantity == 60000


def test_an_imported_pledge_offers_only_earmark_and_notes(web_data, as_user, liaison_no):
    page = (
        as_user(liaison_no)
        .get(reverse("pledges:edit", args=[web_data.norwegian_pledge.pk]))
        .content.decode()
    )
    assert 'name="requirement"' in page and 'name="notes"' in page
    assert 'name="amount"' not in page and 'name="quantity"' not in page
    assert "its figures are the source's" in page


def test_others_cannot_edit_a_german_pledge(web_data, as_user, planner, liaison_pl):
    url = reverse("pledges:edit", args=[web_data.german_pledge.pk])
    for person in (planner, liaison_pl):
        client = as_user(person)
        detail = client.get(
            reverse("pledges:detail", args=[web_data.german_pledge.pk])
        ).content.decode()
        assert f'href="{url}"' not in detail and 'id="tranche-add"' not in detail
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse(
            "pledges:detail", args=[web_data.german_pledge.pk]
        )
        assert (
            "Only the command or a liaison of Germany may edit pledge" in response.content.decode()
        )
    forged = as_user(liaison_pl).post(
        url,
        {
            "kind": "in_kind",
            "item_type": web_data.shell.pk,
            "quantity": "1",
            "notes": "x",
            "version": "1",
        },
    )
    assert forged.status_code == 403
    assert "A liaison of Poland may not write pledges of Germany." in forged.content.decode()
    assert Pledge.objects.get(pk=web_data.german_pledge.pk).version == 1
    assert (
        as_user(liaison_pl)
        .get(reverse("pledges:edit", args=[web_data.german_secret.pk]))
        .status_code
        == 404
    )


def test_liaison_adds_a_tranche_from_the_detail_page(web_data, as_user, liaison_de):
    client = as_user(liaison_de)
    url = reverse("pledges:tranche_add", args=[web_data.german_pledge.pk])
    detail = client.get(
        reverse("pledges:detail", args=[web_data.german_pledge.pk])
    ).content.decode()
    assert 'id="tranche-add"' in detail
    added = client.post(
        url, {"available_from": "2025-09-01", "quantity": "10000", "amount": ""}, follow=True
    )
    html = added.content.decode()
    assert f"Tranche available from 2025-09-01 added to pledge {web_data.german_pledge.pk}." in html
    assert "2025-09-01" in html and "10,000" in html
    assert AuditEvent.objects.filter(action="tranche.create").count() == 1
    # 20,000 + 10,000 are planned of 50,000: 25,000 more would exceed the pledge; the field says so.
    too_many = client.post(url, {"available_from": "2025-12-01", "quantity": "25000"})
    assert too_many.status_code == 400
    assert (
        "Tranches would total 55000, more than the pledge&#x27;s 50000."
        in too_many.content.decode()
    )
    empty = client.post(url, {"available_from": "2025-12-01"})
    assert (
        empty.status_code == 400
        and "A tranche needs a quantity or an amount." in empty.content.decode()
    )
    assert web_data.german_pledge.tranches.count() == 2


def test_a_tranche_for_anothers_pledge_is_refused(web_data, as_user, liaison_pl):
    response = as_user(liaison_pl).post(
        reverse("pledges:tranche_add", args=[web_data.german_pledge.pk]),
        {"available_from": "2025-09-01", "quantity": "1"},
        follow=True,
    )
    assert "A liaison of Poland may not write pledges of Germany." in response.content.decode()
    assert web_data.german_pledge.tranches.count() == 1
    assert (
        as_user(liaison_pl)
        .get(reverse("pledges:tranche_add", args=[web_data.german_pledge.pk]))
        .status_code
        == 405
    )
