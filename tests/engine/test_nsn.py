import pytest

from nsatu.engine.nsn import NsnError, parse_nsn


def test_parses_dashed_nsn_into_class_bureau_serial():
    nsn = parse_nsn("1320-01-234-5678")
    assert (nsn.supply_class, nsn.bureau, nsn.serial) == ("1320", "01", "2345678")
    assert str(nsn) == "1320-01-234-5678"
    assert nsn.digits == "1320012345678"


@pytest.mark.parametrize(
    "bad", ["1320-01-234-567", "1320012345678X", "", "0099-01-234-5678", "13200123456789"]
)
def test_rejects_malformed_nsn(bad):
    with pytest.raises(NsnError, match="NATO Stock Number"):
        parse_nsn(bad)
