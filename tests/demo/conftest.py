"""The demo's runs execute at once, as in tests/planning: the worker of `nsatu demo` is not under test here."""

from __future__ import annotations

import pytest

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE
