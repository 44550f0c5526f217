"""The planner's requirement form reads in Ukrainian, labels and workflow included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.downloads import in_ukrainian

pytestmark = pytest.mark.django_db


def test_the_new_requirement_form_reads_in_ukrainian(web_data, as_user, planner):
    client = as_user(planner)
    with in_ukrainian(client):
        page = client.get(reverse("needs:create")).content.decode()
    assert "<h1>Нова потреба</h1>" in page
    assert "Сімейство боєприпасів" in page and "Створити чернетку" in page
    assert "Ammunition family" not in page


def test_the_workflow_reads_in_ukrainian(web_data, as_user, coordinator):
    client = as_user(coordinator)
    with in_ukrainian(client):
        page = client.get(reverse("needs:detail", args=[web_data.submitted.pk])).content.decode()
    assert "Порядок опрацювання" in page and "Погодити" in page
