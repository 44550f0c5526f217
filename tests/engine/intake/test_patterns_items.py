"""Equipment: model numbers are no quantities, and a catalogue name counts only in a military context, never
as a country name, a day number or a common word. Sentences written for the test."""

from tests.engine.intake.patterns import catalogue, rows

# Names shaped like the ones that misfired: a country in parentheses, a bare number, a common first word.
TRAPS = catalogue(
    "M270 (Norway)", "FH-70 (14)", "Black Hornet", "Archer", "Leopard 2A4", "Leopard 2A6"
)


def test_model_numbers_are_not_quantities():
    assert rows("Germany will send Leopard 2 tanks to Ukraine.") == [
        ("new_pledge", "DEU", "in_kind", None, "", None, "Leopard 2 tanks")
    ]
    assert rows("Japan will send 14 Type 90 tanks.") == [
        ("new_pledge", "JPN", "in_kind", None, "", 14, "tanks")
    ]
    assert rows("Turkey will send 12 T-155 Firtina howitzers.") == [
        ("new_pledge", "TUR", "in_kind", None, "", 12, "Firtina howitzers")
    ]


def test_a_country_name_is_never_equipment():
    assert rows("Norway will train Ukrainian pilots.", matcher=TRAPS) == []
    assert rows("Norway will send 6 M270 launchers.", matcher=TRAPS) == [
        ("new_pledge", "NOR", "in_kind", None, "", 6, "M270 launchers")
    ]


def test_a_day_number_is_never_equipment():
    assert rows("On day 14 of the war, Poland sent 20 tanks.", matcher=TRAPS) == [
        ("new_pledge", "POL", "in_kind", None, "", 20, "tanks")
    ]


def test_a_common_word_needs_a_military_context():
    assert rows("Sweden condemned the attack in the Black Sea.", matcher=TRAPS) == []
    assert rows("Norway sent its archer team to the games.", matcher=TRAPS) == []
    assert rows("Norway will send 14 Black Hornet drones.", matcher=TRAPS) == [
        ("new_pledge", "NOR", "in_kind", None, "", 14, "Black Hornet drones")
    ]
