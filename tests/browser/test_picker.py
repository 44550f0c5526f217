"""A long item-type picker is searched, not scrolled: typing a few letters narrows the options (Tom Select over the
plain <select> that offer_choices marks), and the one chosen is what the form submits."""

from __future__ import annotations

import pytest
from django.db import transaction

from nsatu.catalogue.models import CapabilityArea, ItemType
from nsatu.core.models import Releasability
from nsatu.pledges.models import Pledge
from tests.fixtures.scenario import build_web_data

pytestmark = pytest.mark.browser

# Enough for a list worth searching (nsatu.js leaves a list of fewer than 15 choices plain).
NAMES = (
    "Leopard 2A6",
    "Leopard 1A5",
    "PzH 2000",
    "IRIS-T SLM",
    "Gepard",
    *(f"Utility truck {n}" for n in range(1, 16)),
)


def test_typing_narrows_the_item_type_picker_and_the_choice_is_submitted(
    chromium, console_errors, parties, coordinator, liaison_de
):
    with transaction.atomic():
        build_web_data(parties, coordinator)
        for name in NAMES:
            ItemType.objects.get_or_create(
                name=name,
                defaults={
                    "capability_area": CapabilityArea.ARMOUR,
                    "releasability": Releasability.PUBLIC,
                },
            )
    offered = ItemType.objects.count()
    leopards = sorted(
        ItemType.objects.filter(name__icontains="leop").values_list("name", flat=True)
    )
    chosen = ItemType.objects.get(name="Leopard 1A5")
    with chromium.running():
        page = chromium.page(liaison_de.username)
        page.goto(chromium.base_url + "/pledges/new/")
        # The wrapper takes the click: with the empty choice selected Tom Select keeps its input off-screen.
        page.locator("#id_item_type + .ts-wrapper .ts-control").click()
        options = page.locator("#id_item_type-ts-dropdown .option")
        # Every item type (and the empty choice) before typing, once the dropdown has drawn them.
        page.wait_for_function(
            "n => document.querySelectorAll('#id_item_type-ts-dropdown .option').length >= n",
            arg=offered,
        )
        page.keyboard.type("leop")
        page.wait_for_function(
            "() => document.querySelectorAll('#id_item_type-ts-dropdown .option').length === 2"
        )
        narrowed = sorted(options.all_inner_texts())
        options.filter(has_text="Leopard 1A5").click()
        assert page.locator("#id_item_type").input_value() == str(chosen.pk)
        page.get_by_label("Quantity").fill("3")
        page.get_by_role("button", name="Record pledge").click()
        page.wait_for_url(lambda url: "/pledges/new/" not in url)
    assert console_errors == []
    assert narrowed == leopards == ["Leopard 1A5", "Leopard 2A6"]
    pledge = Pledge.objects.latest("pk")
    assert pledge.item_type_id == chosen.pk and pledge.quantity == 3
