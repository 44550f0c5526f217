"""`nsatu intake --score`: run the extraction over labelled articles and compare (no database writes)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from nsatu.engine.intake import (
    ArticleScore,
    DocumentError,
    ItemEntry,
    ItemMatcher,
    LabelledArticle,
    extract_claims,
    kind_for,
    read_document,
    score_article,
    totals,
)
from nsatu.engine.intake.score import Totals, catalogue_names
from nsatu.intake.texts import document_error_text

REFERENCE_EQUIPMENT = "reference/equipment_types.csv"


@dataclass(frozen=True)
class ScoreRun:
    scores: list[ArticleScore]
    problems: list[str]


def reference_matcher() -> ItemMatcher:
    """The shipped equipment reference table, for scoring on a database whose catalogue is still empty."""
    path = Path(settings.DATA_DIR) / REFERENCE_EQUIPMENT
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return ItemMatcher.from_entries(
        ItemEntry(id=-n, name=row["name"]) for n, row in enumerate(rows, start=1)
    )


def resolve(file: str, *, labels_dir: Path) -> Path | None:
    path = Path(file)
    if path.is_absolute():
        return path if path.is_file() else None
    for base in (labels_dir, Path.cwd(), Path(settings.BASE_DIR)):
        if (base / path).is_file():
            return base / path
    return None


def score_labels(
    articles: list[LabelledArticle], *, labels_dir: Path, matcher: ItemMatcher
) -> ScoreRun:
    scores: list[ArticleScore] = []
    problems: list[str] = []
    names = catalogue_names(matcher)
    for article in articles:
        path = resolve(article.file, labels_dir=labels_dir)
        if path is None:
            problems.append(
                _(
                    "line %(line)s: %(file)s not found (tried beside the labels, here and in the "
                    "project)"
                )
                % {"line": article.line, "file": article.file}
            )
            continue
        data = path.read_bytes()
        try:
            read = read_document(
                data,
                kind=kind_for(path.name, data),
                name=path.name,
                max_bytes=settings.NSATU_MAX_UPLOAD_BYTES,
            )
        except DocumentError as exc:
            problems.append(document_error_text(exc.code, exc.params))
            continue
        claims = extract_claims(
            read.text, matcher=matcher, published=article.published or read.published
        )
        scores.append(score_article(article, claims, names))
    return ScoreRun(scores=scores, problems=problems)


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def summary_lines(total: Totals) -> list[str]:
    """F1 overall, precision/recall/F1 by kind, and the share of hard negatives read as new pledges."""
    lines = [
        _("F1 overall: %(f1)s (precision %(p)s, recall %(r)s)")
        % {"f1": _ratio(total.f1), "p": _ratio(total.precision), "r": _ratio(total.recall)}
    ]
    kinds = {"funds": _("funds"), "in_kind": _("in kind")}
    for kind, counts in total.by_kind.items():
        lines.append(
            _(
                "  %(kind)s: labelled %(l)s, extracted %(e)s, matched %(m)s, precision %(p)s, "
                "recall %(r)s, F1 %(f1)s"
            )
            % {
                "kind": kinds.get(kind, kind),
                "l": counts.labelled,
                "e": counts.extracted,
                "m": counts.true_positives,
                "p": _ratio(counts.precision),
                "r": _ratio(counts.recall),
                "f1": _ratio(counts.f1),
            }
        )
    if total.hard_negatives:
        lines.append(
            _("hard negatives extracted as new pledges: %(n)s of %(of)s (%(share)s)")
            % {
                "n": total.hard_negatives_extracted,
                "of": total.hard_negatives,
                "share": _ratio(total.hard_negatives_extracted / total.hard_negatives),
            }
        )
    return lines


def report_lines(run: ScoreRun) -> list[str]:
    lines = [
        f"{_('file'):<48} {_('labelled'):>8} {_('extracted'):>9} {_('matched'):>7} {_('precision'):>9} "
        f"{_('recall'):>6} {_('traps'):>7}"
    ]
    for s in run.scores:
        lines.append(
            f"{s.file[-48:]:<48} {s.labelled:>8} {s.extracted:>9} {s.true_positives:>7} "
            f"{_ratio(s.precision):>9} {_ratio(s.recall):>6} {f'{s.traps_handled}/{s.traps}':>7}"
        )
    total = totals(run.scores)
    lines.append(
        f"{_('overall'):<48} {total.labelled:>8} {total.extracted:>9} {total.true_positives:>7} "
        f"{_ratio(total.precision):>9} {_ratio(total.recall):>6} "
        f"{f'{total.traps_handled}/{total.traps}':>7}"
    )
    lines.extend(summary_lines(total))
    for s in run.scores:
        for label in s.missed:
            lines.append(
                _("  missed in %(file)s: %(donor)s %(what)s (%(evidence)s)")
                % {
                    "file": s.file,
                    "donor": label.donor_iso3,
                    "evidence": label.evidence[:80],
                    "what": f"{label.amount} {label.currency}"
                    if label.amount is not None
                    else f"{label.quantity} {label.item}",
                }
            )
        for claim in s.false_positives:
            lines.append(
                _("  false positive in %(file)s: %(donor)s “%(evidence)s” — %(reason)s")
                % {
                    "file": s.file,
                    "donor": claim.donor or "?",
                    "evidence": claim.evidence,
                    "reason": claim.reason,
                }
            )
        for negative, claim in s.hard_negatives_extracted:
            lines.append(
                _("  hard negative extracted in %(file)s: “%(phrase)s” (%(reason)s) as %(what)s")
                % {
                    "file": s.file,
                    "phrase": negative.phrase[:80],
                    "reason": negative.reason or "-",
                    "what": claim.evidence,
                }
            )
        for trap, how in s.traps_failed:
            lines.append(
                _("  trap %(how)s in %(file)s: %(what)s (%(evidence)s)")
                % {
                    "how": how,
                    "file": s.file,
                    "evidence": trap.evidence[:80],
                    "what": f"{trap.amount} {trap.currency}"
                    if trap.amount is not None
                    else trap.item,
                }
            )
    lines.extend(run.problems)
    return lines
