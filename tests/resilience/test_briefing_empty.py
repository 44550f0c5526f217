"""A briefing of an empty ledger still prints: the PDF's charts once crashed ReportLab with no categories."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.django_db


def test_the_pdf_briefing_of_an_empty_database(as_user, coordinator):
    response = as_user(coordinator).get("/resilience/briefing.pdf")
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nothing to chart yet." in text
