"""NATO Stock Numbers: 13 digits = 4 supply class (NSC) + 2 codification bureau (NCB) + 7 serial."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[\s-]")


class NsnError(ValueError):
    pass


@dataclass(frozen=True)
class Nsn:
    supply_class: str
    bureau: str
    serial: str

    @property
    def digits(self) -> str:
        return f"{self.supply_class}{self.bureau}{self.serial}"

    def __str__(self) -> str:
        return f"{self.supply_class}-{self.bureau}-{self.serial[:3]}-{self.serial[3:]}"


def parse_nsn(value: str) -> Nsn:
    digits = _SEPARATORS.sub("", value)
    if not digits.isdigit() or len(digits) != 13:
        raise NsnError(
            f"NATO Stock Number {value!r} must have 13 digits (4 supply class, 2 bureau, 7 serial)"
        )
    supply_class, bureau, serial = digits[:4], digits[4:6], digits[6:]
    if supply_class.startswith("00"):
        # Federal supply groups run from 10 to 99; a class below 1000 does not exist.
        raise NsnError(f"NATO Stock Number {value!r}: supply class {supply_class} does not exist")
    return Nsn(supply_class, bureau, serial)
