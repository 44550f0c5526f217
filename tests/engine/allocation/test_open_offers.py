from decimal import Decimal

from nsatu.engine.allocation.open_offers import offer_caps, open_line_units
from nsatu.engine.coverage import Parcel, Stages
from nsatu.engine.ledger import REMAINDER, SIPRI, Attestation, ledger_build


def _stages(committed: int, allocated: int) -> Stages:
    c, a = Decimal(committed), Decimal(allocated)
    return Stages(c, c, a, a, a, a)


def test_a_line_delivered_in_full_offers_nothing_again():
    # SIPRI reports 8 ordered and 8 delivered; the demo's remainder offer of the same line would offer them twice.
    ledger = ledger_build(
        [
            Attestation(1, SIPRI, "CAN", "UKR", "in_kind", 7, quantity=8, delivered=8, year=2022),
            Attestation(2, REMAINDER, "CAN", "UKR", "in_kind", 7, quantity=8, illustrative=True),
        ]
    )
    [line] = ledger.lines
    opened = open_line_units([Parcel(line.id, "CAN", 7, None, _stages(8, 8))])
    assert opened == {line.id: 0}
    assert offer_caps(ledger.lines, opened, {2: 8}) == {2: 0}


def test_the_open_part_goes_to_the_donors_own_entry_first_then_the_remainder():
    ledger = ledger_build(
        [
            Attestation(
                1, SIPRI, "CAN", "UKR", "in_kind", 7, quantity=1200, delivered=208, year=2022
            ),
            Attestation(2, "", "CAN", "UKR", "in_kind", 7, quantity=1200, year=2022),
            Attestation(3, REMAINDER, "CAN", "UKR", "in_kind", 7, quantity=992, illustrative=True),
        ]
    )
    line = ledger.line_of(1)
    assert {a.pledge_id for a in line.attestations} == {1, 2, 3}
    opened = open_line_units([Parcel(line.id, "CAN", 7, None, _stages(1200, 208))])
    assert opened[line.id] == 992
    # The donor's own entry offers the open 992 of its 1,200; the remainder offer adds nothing.
    assert offer_caps(ledger.lines, opened, {2: 1200, 3: 992}) == {2: 992, 3: 0}


def test_an_earmarked_parcel_is_not_part_of_the_open_part():
    opened = open_line_units(
        [
            Parcel("L1", "NOR", 7, 10, _stages(4, 4)),
            Parcel("L1", "NOR", 7, None, _stages(6, 1)),
        ]
    )
    assert opened == {"L1": 5}
