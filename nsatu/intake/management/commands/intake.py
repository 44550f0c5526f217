"""nsatu intake PATH... : store documents (files or folders) and read claims out of them.
nsatu intake --score LABELS.jsonl : precision and recall of the extraction against hand-labelled articles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from nsatu.accounts.selectors import user_by_username
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.core.web import error_text
from nsatu.engine.intake import EXTENSIONS_READ, LabelError, parse_labels
from nsatu.intake.scoring import reference_matcher, report_lines, score_labels
from nsatu.intake.selectors import item_matcher
from nsatu.intake.services import document_ingest
from nsatu.intake.texts import label_error_text


def _files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in EXTENSIONS_READ
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(_("%(path)s: no such file or folder") % {"path": path})
    return found


class Command(BaseCommand):
    help = "Store documents and read pledge claims out of them, or score the reading against labelled articles."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="*", type=Path, help="files (.txt, .html, .pdf) or folders of them"
        )
        parser.add_argument(
            "--score",
            type=Path,
            metavar="LABELS.jsonl",
            help="compare the extraction with these labels; stores nothing",
        )
        parser.add_argument(
            "--user", help="store as this user (role and party); default: the command line"
        )
        parser.add_argument(
            "--published", type=dt.date.fromisoformat, help="publication date, YYYY-MM-DD"
        )
        parser.add_argument("--url", default="", help="the document's address")
        parser.add_argument(
            "--releasability", default=Releasability.PARTICIPANTS, choices=Releasability.values
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["score"]:
            self._score(options["score"])
            return
        if not options["paths"]:
            raise CommandError(_("Name files or folders to read, or --score LABELS.jsonl."))
        actor = None
        if options["user"]:
            actor = user_by_username(username=options["user"])
            if actor is None or not actor.is_active:
                raise CommandError(_("No active user %(u)s.") % {"u": options["user"]})
        matcher = item_matcher(user=actor)
        failed = 0
        for path in _files(options["paths"]):
            try:
                stored = document_ingest(
                    actor=actor,
                    name=path.name,
                    data=path.read_bytes(),
                    matcher=matcher,
                    url=options["url"],
                    published_on=options["published"],
                    releasability=options["releasability"],
                )
            except (ValidationError, PermissionDenied) as exc:
                failed += 1
                self.stderr.write(f"{path}: {error_text(exc)}")
                continue
            new = sum(1 for c in stored.claims if c.classification == "new_pledge")
            self.stdout.write(
                _("%(path)s: document %(id)s, %(n)s claim(s), %(new)s new pledge(s)")
                % {"path": path, "id": stored.document.pk, "n": len(stored.claims), "new": new}
            )
            for claim in stored.claims:
                what = (
                    f"{claim.amount} {claim.currency}"
                    if claim.amount is not None
                    else f"{claim.quantity or ''} {claim.item_text}".strip()
                )
                self.stdout.write(
                    f"  [{claim.classification}] {claim.donor_code or '?'} {what} "
                    f"({claim.confidence}): {claim.reason}"
                )
        if failed:
            raise CommandError(_("%(n)s file(s) were not stored.") % {"n": failed})

    def _score(self, labels: Path) -> None:
        try:
            articles = parse_labels(labels.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(_("%(path)s: no such file") % {"path": labels}) from None
        except LabelError as exc:
            raise CommandError(f"{labels}: {label_error_text(exc.code, exc.params)}") from None
        matcher = item_matcher(user=None)
        if not matcher.by_key:
            self.stdout.write(
                _("The catalogue is empty; item names come from the shipped equipment table.")
            )
            matcher = reference_matcher()
        run = score_labels(articles, labels_dir=labels.parent, matcher=matcher)
        self.stdout.write("\n".join(report_lines(run)))
        if run.problems:
            raise CommandError(
                _("%(n)s labelled article(s) could not be read.") % {"n": len(run.problems)}
            )
