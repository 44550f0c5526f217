"""The time-based notices (a claim about to expire, a shipment late): checks the domains above register here.

This app sits below the domains whose records fall due, so it cannot ask them; each domain keeps its check in
its own `notices` module, found by name when `nsatu notices --due` runs, as the admin finds `admin` modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

# A check emits the notices due at `now` through `notice_emit` and answers how many it emitted.
type DueCheck = Callable[[dt.datetime], int]

_CHECKS: dict[str, DueCheck] = {}


def due_check_register(name: str, check: DueCheck) -> None:
    _CHECKS[name] = check


def due_checks() -> dict[str, DueCheck]:
    autodiscover_modules("notices")
    return dict(sorted(_CHECKS.items()))
