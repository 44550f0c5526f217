from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.test import RequestFactory

from nsatu.core.templatetags.nsatu_ui import eur_bn, euros, nsn, num, percent, share


def test_figures_have_thousands_separators_and_sensible_decimals():
    assert num(Decimal("200000.00")) == "200,000"
    assert num(Decimal("12.50")) == "12.50"
    assert num(1234567) == "1,234,567"
    assert num(None) == "—"
    assert euros(Decimal("45750000000.499")) == "45,750,000,000"
    assert eur_bn(Decimal("45750000000")) == "45.750"
    assert eur_bn(Decimal("45754321000"), 2) == "45.75"
    assert share(Decimal("0.25")) == "25 %"
    assert percent(2.1177) == "2.12 %"


def test_nsn_is_grouped_and_bad_values_pass_through():
    assert nsn("1025014123456") == "1025-01-412-3456"
    assert nsn("1025-01-412-3456") == "1025-01-412-3456"
    assert nsn("12") == "12"
    assert nsn("") == "—"


def test_query_replace_keeps_filters_and_drops_page():
    request = RequestFactory().get("/pledges/?donor=DEU&page=3")
    template = Template(
        "{% load nsatu_ui %}{% query_replace page=4 %}|{% query_replace format='csv' page='' %}"
    )
    rendered = template.render(Context({"request": request}))
    assert rendered == "?donor=DEU&amp;page=4|?donor=DEU&amp;format=csv"
