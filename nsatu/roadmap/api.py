# No `from __future__ import annotations`: ninja reads the endpoints' signatures when they are defined.

from ninja import Router

router = Router(tags=["roadmap"])
