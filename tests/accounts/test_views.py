from __future__ import annotations

from django.urls import reverse

from nsatu.accounts.models import ApiToken
from nsatu.accounts.selectors import api_token_caller
from nsatu.accounts.services import api_token_issue
from tests.conftest import PASSWORD


def test_user_creates_sees_once_and_revokes_a_token(db, as_user, liaison_de):
    client = as_user(liaison_de)
    response = client.post(reverse("accounts:tokens"), {"name": "planning spreadsheet"})
    assert response.status_code == 200
    html = response.content.decode()
    raw = html.split('data-testid="new-token">')[1].split("<")[0]
    assert raw.startswith("nsatu_")
    assert "Copy it now: it will not be shown again." in html
    assert api_token_caller(raw=raw).user == liaison_de
    # Shown once: the list afterwards has the prefix only.
    again = client.get(reverse("accounts:tokens")).content.decode()
    assert raw not in again and raw[:14] + "…" in again
    token = ApiToken.objects.get(user=liaison_de)
    revoked = client.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)
    assert "Token planning spreadsheet revoked" in revoked.content.decode()
    assert api_token_caller(raw=raw) is None


def test_nobody_sees_or_revokes_another_users_token(db, as_user, liaison_de, liaison_pl):
    token, raw = api_token_issue(actor=liaison_pl, name="warsaw script")
    client = as_user(liaison_de)
    assert "warsaw script" not in client.get(reverse("accounts:tokens")).content.decode()
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    assert api_token_caller(raw=raw).user == liaison_pl


def test_token_needs_a_name(db, as_user, planner):
    response = as_user(planner).post(reverse("accounts:tokens"), {"name": "  "})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_login_page_and_password_login(client, planner):
    page = client.get(reverse("accounts:login"))
    assert page.status_code == 200
    assert b'<label for="id_username">' in page.content
    bad = client.post(
        reverse("accounts:login"), {"username": planner.username, "password": "wrong"}
    )
    assert bad.status_code == 200
    assert b"not correct" in bad.content
    ok = client.post(
        reverse("accounts:login"), {"username": planner.username, "password": PASSWORD}, follow=True
    )
    assert ok.redirect_chain[-1][0] == reverse("dashboards:overview")
    assert b"Logged in as Olena Kovalenko (Recipient planner)." in ok.content
    out = client.post(reverse("accounts:logout"), follow=True)
    assert b"You have been logged out." in out.content
    assert client.get(reverse("dashboards:overview")).status_code == 302
