"""Refuse an .xlsx (a zip archive) that would unpack into far more than it weighs, before openpyxl inflates it.

A few hundred kilobytes of deflated zeros unpack into gigabytes; openpyxl reads every sheet's XML into memory, so
such a "zip bomb" would take the import (and the machine) down. The real NATO workbook unpacks to 0.8 MB with a
ratio of at most 14 per member; the limits below leave ample room for honest workbooks.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from nsatu.exchange.errors import ImportFailed, Problem

MAX_MEMBERS = 10_000
MAX_RATIO = 200  # XML compresses well, but not two-hundredfold in an honest workbook


def check_xlsx_archive(path: Path, label: str) -> None:
    size = path.stat().st_size
    if size > settings.NSATU_MAX_UPLOAD_BYTES:
        raise ImportFailed(
            [
                Problem(
                    label,
                    None,
                    "",
                    _("the file is %(size)s; the limit is %(limit)s")
                    % {
                        "size": filesizeformat(size),
                        "limit": filesizeformat(settings.NSATU_MAX_UPLOAD_BYTES),
                    },
                )
            ]
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFailed(
            [
                Problem(
                    label, None, "", _("not a readable Excel .xlsx workbook (%(e)s)") % {"e": exc}
                )
            ]
        ) from None
    if len(members) > MAX_MEMBERS:
        raise ImportFailed(
            [
                Problem(
                    label,
                    None,
                    "",
                    _(
                        "the workbook archive holds %(n)s files; an .xlsx holds far fewer (limit %(limit)s)"
                    )
                    % {"n": len(members), "limit": MAX_MEMBERS},
                )
            ]
        )
    unpacked = sum(m.file_size for m in members)
    limit = settings.NSATU_MAX_XLSX_UNPACKED_BYTES
    if unpacked > limit:
        raise ImportFailed(
            [
                Problem(
                    label,
                    None,
                    "",
                    _(
                        "the workbook would unpack to %(size)s; the limit is %(limit)s (is it an archive bomb?)"
                    )
                    % {"size": filesizeformat(unpacked), "limit": filesizeformat(limit)},
                )
            ]
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and ratio > MAX_RATIO:
            raise ImportFailed(
                [
                    Problem(
                        f"{label} [{member.filename}]",
                        None,
                        "",
                        _(
                            "this part of the workbook would unpack %(ratio)d times its packed size (limit %(limit)s); "
                            "is it an archive bomb?"
                        )
                        % {"ratio": ratio, "limit": MAX_RATIO},
                    )
                ]
            )
