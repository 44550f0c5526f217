"""Fixtures of the resilience tests: the small world of tests/resilience/world.py."""

from __future__ import annotations

import pytest

from tests.resilience.world import Small, build_small


@pytest.fixture
def small(parties) -> Small:
    return build_small(parties)
