"""Old uploads lose their bytes, not their record; a purged check can no longer be written, and says so."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from nsatu.audit.models import AuditEvent
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.exchange.models import Upload, UploadStatus
from nsatu.exchange.upload_selectors import upload_template_get
from nsatu.exchange.upload_services import upload_preview, upload_write, uploads_purge
from nsatu.pledges.models import Pledge
from tests.exchange.upload_helpers import build_world, fill, pledge_rows

pytestmark = pytest.mark.django_db


def _checked(actor, rows) -> Upload:
    content = fill(upload_template_get(user=actor, kind="pledges"), rows)
    return upload_preview(actor=actor, kind="pledges", file_name="p.xlsx", content=content)


def _age(upload: Upload, days: int) -> None:
    Upload.objects.filter(pk=upload.pk).update(
        created_at=upload.created_at - dt.timedelta(days=days)
    )


def test_old_files_are_removed_and_their_records_kept(parties, liaison_de):
    build_world(parties)
    old = _checked(liaison_de, pledge_rows(2))
    fresh = _checked(liaison_de, pledge_rows(3))
    _age(old, 31)

    assert uploads_purge(actor=None, older_than=dt.timedelta(days=30)) == 1

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert bytes(old.content) == b"" and old.purged_at is not None
    assert (old.sha256, old.rows_read, old.status) != ("", 0, "")
    assert bytes(fresh.content) != b"" and fresh.purged_at is None
    event = AuditEvent.objects.filter(action="upload.purge").latest("id")
    assert event.after["uploads"] == [old.pk]
    # Purged once is not purged again.
    assert uploads_purge(actor=None, older_than=dt.timedelta(days=30)) == 0


def test_a_purged_check_is_not_written_and_the_page_says_why(client, parties, liaison_de):
    build_world(parties)
    checked = _checked(liaison_de, pledge_rows(2))
    _age(checked, 40)
    uploads_purge(actor=None, older_than=dt.timedelta(days=30))
    before = Pledge.objects.count()

    with pytest.raises(ValidationError, match="upload it again"):
        upload_write(actor=liaison_de, pk=checked.pk)
    assert Pledge.objects.count() == before
    assert Upload.objects.get(pk=checked.pk).status == UploadStatus.PREVIEWED

    client.force_login(liaison_de)
    page = client.get(reverse("exchange:upload_preview", args=["pledges", checked.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "has been removed" in text
    assert reverse("exchange:upload_write", args=["pledges", checked.pk]) not in text


def test_only_the_console_or_an_administrator_purges(liaison_de, coordinator):
    for actor in (liaison_de, coordinator):
        with pytest.raises(PermissionDenied):
            uploads_purge(actor=actor, older_than=dt.timedelta(days=1))


def test_the_command_takes_the_kept_days(parties, liaison_de, capsys):
    build_world(parties)
    _age(_checked(liaison_de, pledge_rows(2)), 8)
    call_command("purge_uploads", "--days", "10")
    assert "0 upload(s)" in capsys.readouterr().out
    call_command("purge_uploads", "--days", "7")
    assert "1 upload(s)" in capsys.readouterr().out
