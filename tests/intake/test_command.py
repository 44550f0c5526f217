import io

import pytest
from django.core.management import CommandError, call_command

from nsatu.intake.models import SourceDocument
from tests.engine.intake.corpus import ARTICLES, CONSTRUCTED, LABELS


def test_a_folder_is_stored_once(donors, catalogue):
    out = io.StringIO()
    call_command("intake", str(CONSTRUCTED), stdout=out)
    assert (
        SourceDocument.objects.count() == 5
    )  # the .txt and .html files; labels.jsonl is not a document
    assert "c04_fra_caesar.txt: document" in out.getvalue()
    assert "[new_pledge] FRA" in out.getvalue()
    err = io.StringIO()
    with pytest.raises(CommandError, match="5 file"):
        call_command("intake", str(CONSTRUCTED), stdout=io.StringIO(), stderr=err)
    assert "already stored" in err.getvalue()
    assert SourceDocument.objects.count() == 5


def test_score_prints_precision_and_recall_per_article(db):
    out = io.StringIO()
    call_command("intake", "--score", str(CONSTRUCTED / "labels.jsonl"), stdout=out)
    lines = out.getvalue().splitlines()
    overall = next(line for line in lines if line.startswith("overall"))
    # Labelled by issue #17's convention: a package's contents are pledges of their own.
    assert overall.split()[1:] == ["12", "12", "12", "1.00", "1.00", "0/0"]
    if not ARTICLES.is_dir():
        return  # the seed articles are read from ../shared/data beside the checkout, never shipped
    out = io.StringIO()
    call_command("intake", "--score", str(LABELS), stdout=out)
    assert next(line for line in out.getvalue().splitlines() if line.startswith("overall")).split()[
        1:
    ] == ["0", "0", "0", "n/a", "n/a", "3/3"]


def test_score_refuses_a_broken_label_file(tmp_path, db):
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"file": "a.txt"}\n{oops\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2 is not JSON"):
        call_command("intake", "--score", str(labels))
    labels.write_text('{"file": "missing.txt"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="could not be read"):
        call_command("intake", "--score", str(labels), stdout=io.StringIO())
