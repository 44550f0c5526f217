"""`nsatu intake --score` on labels written by the convention of issue #17 (texts written for the test)."""

import io
import json

from django.core.management import call_command

TEXTS = {
    "01.txt": (
        "Sweden and Norway pledge new air defence aid\n\n"
        "Sweden is pledging $275 million and Norway about $135 million in new air defence aid, "
        "the ministers said on Monday.\n\n"
        "Since 2022, Sweden has provided more than $8 billion in military aid.\n"
    ),
    "02.txt": (
        "EU agrees new tranche\n\n"
        "The EU agreed on Friday a tranche of €500 million under the European Peace Facility.\n\n"
        "The package includes 40 drones.\n\n"
        "Germany will send €100 million more next year, the minister added.\n"
    ),
}
LABELS = [
    {
        "file": "01.txt",
        "url": "https://example.org/01",
        "published": "2025-03-10",
        "pledges": [
            {
                "donor_iso3": "SWE",
                "recipient_iso3": "UKR",
                "kind": "funds",
                "item": None,
                "quantity": None,
                "amount": 275000000,
                "currency": "USD",
                "date_announced": "2025-03-10",
                "mechanism": None,
                "evidence": "Sweden is pledging $275 million",
            },
            {
                "donor_iso3": "NOR",
                "recipient_iso3": "UKR",
                "kind": "funds",
                "amount": 135000000,
                "currency": "USD",
                "date_announced": None,
                "evidence": "Norway about $135 million",
            },
        ],
        "non_pledges": ["Sweden has provided more than $8 billion — cumulative total since 2022"],
    },
    {
        "file": "02.txt",
        "url": "https://example.org/02",
        "published": "2025-03-07",
        "pledges": [
            {
                "donor_iso3": "EUU",
                "recipient_iso3": "UKR",
                "kind": "funds",
                "amount": 500000000,
                "currency": "EUR",
                "date_announced": "2025-03",
                "mechanism": "EPF",
                "evidence": "a tranche of €500 million",
            },
            {
                "donor_iso3": "EU",
                "recipient_iso3": "UKR",
                "kind": "in_kind",
                "item": "drones",
                "quantity": 40,
                "evidence": "40 drones",
            },
        ],
        # A label that disagrees with the extractor on purpose: the scorer must say so.
        "non_pledges": ["Germany will send €100 million more next year — said to be a plan"],
    },
]


def _run(tmp_path):
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("\n".join(json.dumps(line) for line in LABELS) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("intake", "--score", str(labels), stdout=out)
    return out.getvalue().splitlines()


def test_issue_convention_is_accepted_and_scored_by_kind(tmp_path, db):
    lines = _run(tmp_path)
    overall = next(line for line in lines if line.startswith("overall"))
    assert overall.split()[1:] == ["4", "5", "4", "0.80", "1.00", "0/0"]
    assert "F1 overall: 0.89 (precision 0.80, recall 1.00)" in lines
    funds = next(line for line in lines if line.strip().startswith("funds:"))
    assert "labelled 3, extracted 4, matched 3" in funds
    in_kind = next(line for line in lines if line.strip().startswith("in kind:"))
    assert "labelled 1, extracted 1, matched 1" in in_kind
    assert "hard negatives extracted as new pledges: 1 of 2 (0.50)" in lines
    assert any(
        "hard negative extracted in 02.txt" in line and "€100 million" in line for line in lines
    )
