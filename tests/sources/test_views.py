"""The sources pages: datasets, import issues, attribution."""

from __future__ import annotations

from django.urls import reverse


def test_sources_page_shows_datasets_issue_counts_and_attribution(web_data, as_user, analyst):
    client = as_user(analyst)
    html = client.get(reverse("sources:list")).content.decode()
    row = html[html.index("Kiel Institute Ukraine Support Tracker, release 29</a>") :]
    row = row[: row.index("</tr>")]
    assert "1,079" in row and "2026-05-01 12:00" in row
    assert '">2</a></td>' in row  # two import issues
    attribution = html[html.index('id="attribution"') :]
    assert (
        "Trebesch et al., Ukraine Support Tracker, Kiel Institute for the World Economy"
        in attribution
    )
    assert "ODC-PDDL-1.0" in attribution
    detail = client.get(reverse("sources:detail", args=["kiel-ust-r29"])).content.decode()
    assert "delivery to Russia, skipped" in detail and ">342<" in detail and "supplier" in detail
    assert client.get(reverse("sources:detail", args=["no-such-dataset"])).status_code == 404
