"""Packages: contents as the pledge, a total split by mechanism, headline and body telling the same news.
Sentences written for the test."""

from tests.engine.intake.patterns import new_pledges, rows


def test_package_contents_are_the_pledge_of_the_donor_named_before():
    assert rows(
        "Canada announced a new package on Monday.\n\n"
        "The package includes four Leopard 2 tanks, 36,000 rounds of ammunition and 10 drones."
    ) == [
        ("new_pledge", "CAN", "in_kind", None, "", 4, "Leopard 2 tanks"),
        ("new_pledge", "CAN", "in_kind", None, "", 36_000, "rounds of ammunition"),
        ("new_pledge", "CAN", "in_kind", None, "", 10, "drones"),
    ]


def test_a_valued_package_gives_one_funds_record_and_one_per_named_system():
    assert rows(
        "Australia will send another A$100 million in military assistance, "
        "including 49 M1A1 Abrams tanks."
    ) == [
        ("new_pledge", "AUS", "funds", 100_000_000, "AUD", None, ""),
        ("new_pledge", "AUS", "in_kind", None, "", 49, "M1A1 Abrams tanks"),
    ]


def test_a_value_for_one_system_sits_on_that_system():
    assert rows("Slovakia will deliver 16 Zuzana 2 howitzers paid for with €90 million.") == [
        ("new_pledge", "SVK", "in_kind", 90_000_000, "EUR", 16, "Zuzana 2 howitzers")
    ]


def test_a_total_split_by_mechanism_is_the_sum_of_its_parts():
    claims = rows(
        "The United States announced $500 million in new aid: $300 million under the Presidential "
        "Drawdown Authority and $200 million through USAI."
    )
    assert [(c[0], c[3]) for c in claims] == [
        ("not_a_pledge", 500_000_000),
        ("new_pledge", 300_000_000),
        ("new_pledge", 200_000_000),
    ]


def test_the_headline_repeating_the_body_yields_one_claim():
    text = (
        "Spain pledges €1 billion in military aid to Ukraine\n\n"
        "Spain will provide €1 billion in military aid to Ukraine this year, the prime minister said "
        "on Monday."
    )
    assert new_pledges(text) == [("new_pledge", "ESP", "funds", 1_000_000_000, "EUR", None, "")]


def test_a_headline_naming_a_system_gives_way_to_the_counted_body():
    text = (
        "France to deliver CAESAR howitzers\n\n"
        "France will deliver 12 CAESAR howitzers to Ukraine, the minister announced on Monday."
    )
    assert new_pledges(text) == [("new_pledge", "FRA", "in_kind", None, "", 12, "CAESAR howitzers")]


def test_a_list_introduced_by_a_colon_is_the_package_contents():
    text = (
        "Under the new tranche, the Pentagon will provide further capabilities. Included in the "
        "tranche are:\n\nThree Bradley fighting vehicles;\n\nUp to 9,000 rounds of 105 mm ammunition; and\n\n"
        "Two counter-battery radars.\n"
    )
    assert [(r[1], r[5], r[6]) for r in new_pledges(text)] == [
        ("USA", 3, "Bradley fighting vehicles"),
        ("USA", 9_000, "rounds"),
        ("USA", 2, "radars"),
    ]


def test_the_contents_of_a_package_dated_before_are_background():
    text = (
        "Italy pledged €50 million on Monday.\n"
        "In January, Rome had announced another package. That package included 20 mortars and 8 radars.\n"
    )
    assert [r[:2] for r in rows(text)] == [
        ("new_pledge", "ITA"),
        ("background", "ITA"),
        ("background", "ITA"),
    ]


def test_a_civil_and_military_total_yields_its_military_part():
    assert rows(
        "Iceland will raise its support by ISK 9 billion, of which ISK 6 billion goes to air defence "
        "and ISK 3 billion to civilian support."
    ) == [
        ("not_a_pledge", "ISL", "funds", 9_000_000_000, "ISK", None, ""),
        ("new_pledge", "ISL", "funds", 6_000_000_000, "ISK", None, ""),
        ("not_a_pledge", "ISL", "funds", 3_000_000_000, "ISK", None, ""),
    ]


def test_a_price_beside_a_count_sits_on_that_item():
    claims = rows(
        "Ireland unveiled a €90 million package on Monday. A further €20 million will buy helmets, "
        "and 300 mine detectors at a cost of €6 million will be supplied."
    )
    assert claims == [
        ("new_pledge", "IRL", "funds", 90_000_000, "EUR", None, ""),
        ("not_a_pledge", "IRL", "funds", 20_000_000, "EUR", None, ""),
        ("new_pledge", "IRL", "in_kind", 6_000_000, "EUR", 300, "mine detectors"),
    ]


def test_a_headline_sum_restated_through_a_conversion_is_one_pledge():
    text = (
        "Norway gives $500 million to Ukraine's air defence\n\n"
        "Norway will give NOK 5.3 billion (about $500 million) to Ukraine's air defence, the "
        "government said on Monday.\n"
    )
    assert new_pledges(text) == [("new_pledge", "NOR", "funds", 5_300_000_000, "NOK", None, "")]


def test_the_platform_that_munitions_are_for_is_not_pledged():
    assert new_pledges(
        "Estonia will send €20 million of rockets for HIMARS and spare parts for the M109 fleet."
    ) == [("new_pledge", "EST", "funds", 20_000_000, "EUR", None, "")]
