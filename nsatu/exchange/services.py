"""Importing datasets: one service per file, one audit event per import, all or nothing.

`actor` None is the system (an operator at the console); a logged-in user must be a coordinator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nsatu.aid.tasks import donor_lines_refresh_enqueue
from nsatu.audit.services import audit_event_record
from nsatu.core.actors import Actor, Role, require_role
from nsatu.core.errors import PermissionDenied, ValidationError
from nsatu.core.models import Releasability
from nsatu.exchange.context import BATCH_ROWS, ImportContext, Issue
from nsatu.exchange.csvfile import file_digest
from nsatu.exchange.errors import ImportFailed
from nsatu.exchange.registry import DEMO_IMPORTS, IMPORTERS, Importer
from nsatu.parties.countries import ORGANISATIONS
from nsatu.parties.models import Party, PartyKind
from nsatu.pledges.models import Pledge
from nsatu.sources.models import Dataset, ImportIssue

BASELINE_PARTIES = [
    ("UKR", "Ukraine", PartyKind.NATION),
    ("NSATU", ORGANISATIONS["NSATU"][0], PartyKind.COMMAND),
    ("EU", ORGANISATIONS["EU"][0], PartyKind.ORGANISATION),
    ("PURL", ORGANISATIONS["PURL"][0], PartyKind.FUND),
    ("NATO", ORGANISATIONS["NATO"][0], PartyKind.ORGANISATION),
]


@dataclass(frozen=True)
class ImportResult:
    kind: str
    dataset: str  # the Dataset key
    file: str
    sha256: str
    rows_read: int
    created: int
    updated: int
    unchanged: int
    deleted: int
    records: dict[str, int] = field(default_factory=dict)  # model label -> records of this dataset
    issues: list[Issue] = field(default_factory=list)
    parties_created: list[str] = field(default_factory=list)
    item_types_created: list[str] = field(default_factory=list)
    skipped: bool = False  # the file was imported before with the same content
    batches: int = 0  # batches a streaming importer wrote (each at most the import's batch size)
    largest_batch: int = 0

    @property
    def records_imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        """One line for a console or a log: what was read, what changed, how many issues."""
        if self.skipped:
            return _(
                "%(kind)s: %(file)s — unchanged since its last import (sha256 %(sha)s…), skipped"
            ) % {"kind": self.kind, "file": self.file, "sha": self.sha256[:12]}
        return _(
            "%(kind)s: %(file)s — %(rows)s rows read; records %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(deleted)s removed; %(issues)s issue(s)"
        ) % {
            "kind": self.kind,
            "file": self.file,
            "rows": self.rows_read,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "issues": len(self.issues),
        }


def _check_may_import(actor: Actor | None) -> None:
    if actor is None:
        return
    require_role(actor, Role.COORDINATOR, action=_("import datasets"))


@transaction.atomic
def party_ensure_baseline(*, actor: Actor | None) -> list[Party]:
    """The parties every import needs (recipient, command, EU, PURL fund, NATO); creates only what is missing."""
    _check_may_import(actor)
    parties, created = [], []
    for code, name, kind in BASELINE_PARTIES:
        party, new = Party.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "releasability": Releasability.PUBLIC}
        )
        parties.append(party)
        if new:
            created.append(code)
    if created:
        audit_event_record(
            actor=actor,
            action="party.baseline",
            object_type="parties.party",
            object_id=",".join(created),
            after={"created": created},
        )
    return parties


def _label(path: Path, data_dir: Path) -> str:
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


@transaction.atomic
def dataset_import(
    *,
    actor: Actor | None,
    kind: str,
    path: Path,
    progress: bool = False,
    data_dir: Path | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_ROWS,
) -> ImportResult:
    """Import one file of a known kind; raises ImportFailed (nothing written) when the file is bad.

    `dry_run` reads and checks everything, then rolls this unit of work back: the result says what the
    import would do. Large files are read and written `batch_size` rows at a time, within this one
    transaction: a problem anywhere in the file still leaves nothing written.
    """
    _check_may_import(actor)
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise ValidationError(
            _("Unknown import kind %(kind)r; known kinds: %(all)s")
            % {"kind": kind, "all": ", ".join(IMPORTERS)}
        )
    path = Path(path)
    label = _label(path, Path(data_dir or settings.DATA_DIR))
    # A missing or empty file is refused before anything is touched; the digest describes these bytes.
    digest = file_digest(path, label)
    party_ensure_baseline(actor=actor)
    dataset, new = Dataset.objects.get_or_create(key=kind, defaults={"title": importer.title})
    before = None if new else _import_figures(dataset)
    ctx = ImportContext(dataset=dataset, label=label, progress=progress, batch_size=batch_size)
    importer.run(ctx, path)
    _donor_pages_refresh(dataset=dataset, ctx=ctx)
    _issues_replace(dataset, ctx.issues)
    _dataset_describe_import(dataset, importer=importer, label=label, digest=digest, ctx=ctx)
    result = _result(kind=kind, dataset=dataset, label=label, digest=digest, ctx=ctx)
    audit_event_record(
        actor=actor, action=f"import.{kind}", obj=dataset, before=before, after=_event_after(result)
    )
    if dry_run:
        # Only this function's own atomic block is marked: an outer unit of work goes on.
        transaction.set_rollback(True)
    return result


def _donor_pages_refresh(*, dataset: Dataset, ctx: ImportContext) -> None:
    """An import writes pledges in bulk, which sends no signal: the donor pages of the donors whose pledges it
    may have changed are computed again once it commits (aid/tasks.py; nothing is queued on a rollback)."""
    outcome = ctx.outcome
    if not outcome.by_model.get(Pledge._meta.label) or not (
        outcome.created or outcome.updated or outcome.deleted
    ):
        return
    # Read only if a page could use the result (the queryset is evaluated after that test).
    donors = Pledge.objects.filter(dataset=dataset).values_list("donor__code", flat=True)
    donor_lines_refresh_enqueue(donors=donors.distinct())


def _import_figures(dataset: Dataset) -> dict[str, object]:
    return {
        "sha256": dataset.sha256,
        "file_path": dataset.file_path,
        "rows_read": dataset.rows_read,
        "records_imported": dataset.records_imported,
    }


def _issues_replace(dataset: Dataset, issues: list[Issue]) -> None:
    ImportIssue.objects.filter(dataset=dataset).delete()
    ImportIssue.objects.bulk_create(
        [
            ImportIssue(
                dataset=dataset,
                row=i.row,
                column=i.column[:100],
                severity=i.severity,
                reason=i.reason,
            )
            for i in issues
        ]
    )


def _dataset_describe_import(
    dataset: Dataset, *, importer: Importer, label: str, digest: str, ctx: ImportContext
) -> None:
    dataset.title = importer.title
    dataset.publisher = importer.publisher
    dataset.citation = importer.citation
    dataset.licence = importer.licence
    dataset.origin_url = importer.origin_url
    dataset.file_path = label
    dataset.sha256 = digest
    dataset.rows_read = ctx.outcome.rows_read
    dataset.records_imported = ctx.outcome.records
    dataset.imported_at = timezone.now()
    dataset.save()


def _result(
    *, kind: str, dataset: Dataset, label: str, digest: str, ctx: ImportContext
) -> ImportResult:
    outcome = ctx.outcome
    return ImportResult(
        kind=kind,
        dataset=dataset.key,
        file=label,
        sha256=digest,
        rows_read=outcome.rows_read,
        created=outcome.created,
        updated=outcome.updated,
        unchanged=outcome.unchanged,
        deleted=outcome.deleted,
        records=dict(outcome.by_model),
        issues=list(ctx.issues),
        parties_created=list(ctx.parties.created),
        item_types_created=ctx.item_types_created,
        batches=outcome.batches,
        largest_batch=outcome.largest_batch,
    )


def _event_after(result: ImportResult) -> dict[str, object]:
    return {
        "file": result.file,
        "sha256": result.sha256,
        "rows_read": result.rows_read,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "deleted": result.deleted,
        "records": result.records,
        "issues": len(result.issues),
        "parties_created": result.parties_created,
        "item_types_created": len(result.item_types_created),
    }


def _unchanged_since_import(*, kind: str, path: Path, label: str) -> ImportResult | None:
    dataset = Dataset.objects.filter(key=kind).first()
    if dataset is None or dataset.imported_at is None or dataset.file_path != label:
        return None
    digest = file_digest(path, label)
    if digest != dataset.sha256:
        return None
    return ImportResult(
        kind=kind,
        dataset=dataset.key,
        file=label,
        sha256=digest,
        rows_read=dataset.rows_read,
        created=0,
        updated=0,
        unchanged=dataset.records_imported,
        deleted=0,
        skipped=True,
    )


@transaction.atomic
def dataset_import_all(
    *, actor: Actor | None, data_dir: Path, progress: bool = False
) -> list[ImportResult]:
    """Every dataset of the demo (DEMO_IMPORTS) in dependency order, as one transaction.

    A file already imported with the same content is skipped: restarting the demo must not put back what
    users changed since through the services (a pledge moved up the ladder, a requirement closed).
    """
    _check_may_import(actor)
    data_dir = Path(data_dir)
    results: list[ImportResult] = []
    for kind, relative in DEMO_IMPORTS:
        path = data_dir / relative
        done = _unchanged_since_import(kind=kind, path=path, label=_label(path, data_dir))
        results.append(
            done
            or dataset_import(
                actor=actor, kind=kind, path=path, progress=progress, data_dir=data_dir
            )
        )
    return results


@transaction.atomic
def dataset_derived_save(
    *,
    actor: Actor | None,
    key: str,
    title: str,
    publisher: str,
    citation: str,
    licence: str,
    rows_read: int,
    records_imported: int,
) -> Dataset:
    """Describe a dataset the application derives itself (no file), as an import describes its file.

    Its records are written afterwards by the services of their domains, each with its own event.
    """
    _check_may_import(actor)
    dataset, new = Dataset.objects.get_or_create(key=key, defaults={"title": title})
    before = None if new else _derived_figures(dataset)
    dataset.title = title
    dataset.publisher = publisher
    dataset.citation = citation
    dataset.licence = licence
    dataset.rows_read = rows_read
    dataset.records_imported = records_imported
    dataset.imported_at = timezone.now()
    dataset.save()
    audit_event_record(
        actor=actor,
        action="dataset.derive",
        obj=dataset,
        before=before,
        after=_derived_figures(dataset),
    )
    return dataset


def _derived_figures(dataset: Dataset) -> dict[str, object]:
    return {
        "title": dataset.title,
        "rows_read": dataset.rows_read,
        "records_imported": dataset.records_imported,
    }


__all__ = [
    "ImportFailed",
    "ImportResult",
    "PermissionDenied",
    "dataset_derived_save",
    "dataset_import",
    "dataset_import_all",
    "party_ensure_baseline",
]
