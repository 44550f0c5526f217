"""Page fixtures: the scenario of tests/web/scenario.py and a logged-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.scenario import WebData, build_web_data


@pytest.fixture
def web_data(parties, people, coordinator) -> WebData:
    return build_web_data(parties, coordinator)


@pytest.fixture
def as_user(client: Client):
    def login(user) -> Client:
        client.force_login(user)
        return client

    return login
