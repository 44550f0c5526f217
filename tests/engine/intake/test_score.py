import json

import pytest

from nsatu.engine.intake import (
    LabelError,
    extract_claims,
    parse_labels,
    read_document,
    score_article,
    totals,
)
from nsatu.engine.intake.documents import kind_for
from nsatu.engine.intake.score import catalogue_names
from tests.engine.intake.corpus import CONSTRUCTED, LABELS, ROOT, needs_articles, reference_matcher

MATCHER = reference_matcher()
_names = catalogue_names(MATCHER)


def _score(labels_path, base):
    scores = []
    for labelled in parse_labels(labels_path.read_text(encoding="utf-8")):
        path = base / labelled.file
        data = path.read_bytes()
        read = read_document(
            data, kind=kind_for(path.name, data), name=path.name, max_bytes=10_000_000
        )
        claims = extract_claims(
            read.text, matcher=MATCHER, published=labelled.published or read.published
        )
        scores.append(score_article(labelled, claims, _names))
    return scores


@needs_articles
def test_the_five_articles_every_trap_handled_and_no_false_pledge():
    scores = _score(LABELS, ROOT)
    assert [s.file[-24:-4] for s in scores] == [
        f"{n:03d}_" + h
        for n, h in enumerate(
            [
                "8a72ebb0dc775fb5",
                "5d24196cbf5aab6f",
                "a58b64d73de0dd44",
                "383273222443319f",
                "deed9532b25b8967",
            ]
        )
    ]
    total = totals(scores)
    assert (total.labelled, total.extracted, total.true_positives) == (0, 0, 0)
    assert (total.traps, total.traps_handled) == (3, 3)
    assert all(
        s.precision is None and s.recall is None for s in scores
    )  # nothing to count, not 100 %


def test_constructed_corpus_every_labelled_pledge_found():
    """Labelled by the convention of issue #17: a package's contents are pledges of their own."""
    labels = CONSTRUCTED / "labels.jsonl"
    scores = _score(labels, labels.parent)
    total = totals(scores)
    assert (total.labelled, total.by_kind["funds"].labelled, total.by_kind["in_kind"].labelled) == (
        12,
        4,
        8,
    )
    assert (total.precision, total.recall, total.f1) == (1.0, 1.0, 1.0), [
        (s.file, s.missed, s.false_positives) for s in scores
    ]
    assert (total.hard_negatives, total.hard_negatives_extracted) == (9, 0)


def test_a_wrong_label_is_reported_as_missed_and_the_claim_as_false_positive():
    line = {
        "file": "c03_usa_pda.txt",
        "published": "2024-09-06",
        "pledges": [
            {
                "donor_iso3": "USA",
                "kind": "funds",
                "amount": 250000000,
                "currency": "USD",
                "date_announced": "2024-08",
            }
        ],
    }
    labelled = parse_labels(json.dumps(line))[0]
    text = (CONSTRUCTED / "c03_usa_pda.txt").read_text(encoding="utf-8")
    score = score_article(
        labelled, extract_claims(text, matcher=MATCHER, published=labelled.published), _names
    )
    # The $250m claim is dated 2024-09-06, not August; the Bradley vehicles, the air defence missiles and the
    # munitions are unlabelled here.
    assert (score.true_positives, len(score.missed), len(score.false_positives)) == (0, 1, 4)
    assert (score.precision, score.recall) == (0.0, 0.0)


def test_a_trap_read_as_a_new_pledge_fails():
    line = {"file": "x", "not_pledges": [{"kind": "funds", "amount": 250000000, "currency": "USD"}]}
    labelled = parse_labels(json.dumps(line))[0]
    text = (CONSTRUCTED / "c03_usa_pda.txt").read_text(encoding="utf-8")
    score = score_article(labelled, extract_claims(text, matcher=MATCHER, published=None), _names)
    assert score.traps_handled == 0 and score.traps_failed[0][1] == "new_pledge"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json", "bad_json"),
        ('{"pledges": []}', "no_file"),
        ('{"file": "a", "published": "yesterday"}', "bad_value"),
        ('{"file": "a", "pledges": {}}', "not_a_list"),
        ('{"file": "a", "pledges": [{"donor_iso3": "USA", "amount": "lots"}]}', "bad_value"),
        ('{"file": "a", "pledges": [{"kind": "loan"}]}', "bad_value"),
        (
            '{"file": "a", "pledges": [{"kind": "in_kind", "date_announced": "2024-13"}]}',
            "bad_value",
        ),
    ],
)
def test_bad_labels_name_the_line_and_field(text, code):
    with pytest.raises(LabelError) as caught:
        parse_labels("\n" + text)
    assert caught.value.code == code
    assert caught.value.params["line"] == 2
