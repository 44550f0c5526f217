"""Every page opens for every named person, and sends an anonymous visitor to the login page; the shared layout."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

PEOPLE = ["coordinator", "liaison_de", "liaison_pl", "liaison_no", "planner", "analyst", "auditor"]


def _pages(data) -> list[str]:
    return [
        reverse("dashboards:overview"),
        reverse("needs:list"),
        reverse("needs:list") + "?status=published&capability_area=artillery&q=shell",
        reverse("needs:detail", args=[data.published.pk]),
        reverse("pledges:list"),
        reverse("pledges:list") + "?donor=DEU&status=committed&kind=in_kind&dataset=kiel-ust-r29",
        reverse("pledges:detail", args=[data.norwegian_pledge.pk]),
        reverse("parties:list"),
        reverse("parties:list") + "?group=NATO&kind=nation",
        reverse("parties:detail", args=["DEU"]),
        reverse("catalogue:list"),
        reverse("catalogue:list") + "?capability_area=artillery&standard=NATO&family=155+mm+NATO",
        reverse("catalogue:detail", args=[data.howitzer.pk]),
        reverse("flows:list"),
        reverse("sources:list"),
        reverse("sources:detail", args=["kiel-ust-r29"]),
        reverse("accounts:tokens"),
    ]


@pytest.mark.parametrize("who", PEOPLE)
def test_each_page_renders_for_each_person(request, web_data, as_user, who):
    user = request.getfixturevalue(who)
    client = as_user(user)
    for url in _pages(web_data):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert user.last_name in html or user.username in html, (
            url
        )  # the header names who is logged in
        assert user.role_label in html, url


def test_header_shows_name_role_and_party(web_data, as_user, liaison_de):
    html = as_user(liaison_de).get(reverse("dashboards:overview")).content.decode()
    header = html[html.index('data-testid="current-user"') :]
    assert "Jonas Weber" in header[:400]
    assert "Donor liaison · Germany" in header[:400]


def test_anonymous_visitors_are_sent_to_login(client, web_data):
    login = reverse("accounts:login")
    for url in _pages(web_data):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login + "?next="), url


@pytest.mark.parametrize("who", ["coordinator", "planner"])
def test_pages_carry_no_inline_script_or_style(request, web_data, as_user, who):
    """A later Content-Security-Policy forbids 'unsafe-inline': scripts are files, chart data is JSON."""
    client = as_user(request.getfixturevalue(who))
    forms = [
        reverse("needs:create"),
        reverse("needs:edit", args=[web_data.draft.pk]),
        reverse("pledges:create"),
        reverse("pledges:edit", args=[web_data.german_pledge.pk]),
        reverse("flows:create"),
        reverse("parties:create"),
        reverse("parties:edit", args=["DEU"]),
        reverse("catalogue:create"),
        reverse("catalogue:edit", args=[web_data.howitzer.pk]),
    ]
    for url in [*_pages(web_data), *forms]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        # Nothing is loaded from another host (no CDN): scripts and styles are our static files.
        assert not re.search(r'<(script|link)\b[^>]*(src|href)="(https?:)?//', html), url


def test_static_libraries_come_from_node_modules(client, web_data, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("dashboards:overview")).content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html
    assert "/static/nsatu/nsatu.js" in html
    assert 'hx-headers="{&quot;X-CSRFToken&quot;: ' in html


@pytest.mark.parametrize("who", ["analyst", "auditor"])
def test_read_only_roles_get_404_on_participants_records(request, web_data, as_user, who):
    client = as_user(request.getfixturevalue(who))
    assert client.get(reverse("needs:detail", args=[web_data.submitted.pk])).status_code == 404
    assert (
        client.get(reverse("pledges:detail", args=[web_data.german_pledge.pk])).status_code == 404
    )


def test_footer_credits_sources_on_every_page(web_data, as_user, planner):
    html = as_user(planner).get(reverse("needs:list")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert "Kiel Institute" in footer and "SIPRI" in footer
    assert f'href="{reverse("sources:list")}"' in footer
