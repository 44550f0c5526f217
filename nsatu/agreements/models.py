from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.core.models import Record


class AgreementKind(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral security agreement")
    MULTILATERAL = "multilateral", _("Multilateral framework or declaration")
    MEMORANDUM = "memorandum", _("Coalition memorandum")


class AgreementStatus(models.TextChoices):
    NEGOTIATING = "negotiating", _("Negotiating")
    SIGNED = "signed", _("Signed")
    RATIFIED = "ratified", _("Ratified")
    EXPIRED = "expired", _("Expired")


class Agreement(Record):
    """A security agreement with Ukraine or a framework of several parties; owned by the partner that signed it."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AgreementKind.choices, default=AgreementKind.BILATERAL
    )
    parties = models.ManyToManyField(
        "parties.Party",
        through="Signatory",
        related_name="agreements",
        verbose_name=_("parties"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.SIGNED
    )
    signed_on = models.DateField(
        _("signed on"), null=True, blank=True, help_text=_("Empty when no source gives the date.")
    )
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), null=True, blank=True)
    duration_text = models.CharField(_("duration as in source"), max_length=200, blank=True)
    areas = models.CharField(
        _("areas of cooperation"),
        max_length=500,
        blank=True,
        help_text=_("Separated by semicolons."),
    )
    stated_funding = models.CharField(_("stated funding as in source"), max_length=500, blank=True)
    source_urls = models.TextField(
        _("further sources"), blank=True, help_text=_("One web address per line.")
    )
    framework = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concluded_under",
        verbose_name=_("concluded under framework"),
        help_text=_("Empty when no source says the agreement was concluded under a framework."),
    )
    framework_source_url = models.URLField(
        _("source for the framework"), max_length=1000, blank=True
    )
    rule = models.CharField(
        _("burden-sharing rule"),
        max_length=500,
        blank=True,
        help_text=_("How the framework shares the effort among its signatories, as stated."),
    )
    baseline_eur = models.DecimalField(
        _("yearly baseline (EUR)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("A sum the signatories share by their share of the signatories' GDP."),
    )

    class Meta:
        ordering = ["signed_on", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def sources(self) -> list[str]:
        return [u for u in [self.source_url, *self.source_urls.splitlines()] if u]


class Signatory(models.Model):
    """A party to an agreement; for a framework, when it joined and the page that says so."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE)
    party = models.ForeignKey("parties.Party", on_delete=models.CASCADE)
    joined_on = models.DateField(
        _("joined on"), null=True, blank=True, help_text=_("Empty when no source gives the date.")
    )
    source_url = models.URLField(_("source"), max_length=1000, blank=True)

    class Meta:
        # The table Django made for the plain many-to-many relation before it carried a source.
        db_table = "agreements_agreement_parties"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="signatory_unique"),
        ]


class Commitment(models.Model):
    """One year's commitment under an agreement: an amount in its currency, or a share of the partner's GDP."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    eur_rate = models.DecimalField(
        _("EUR rate"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    eur_rate_date = models.DateField(_("rate date"), null=True, blank=True)
    gdp_share_pct = models.DecimalField(
        _("share of GDP (%)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    text = models.CharField(_("as in source"), max_length=500, blank=True)

    class Meta:
        ordering = ["agreement", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "year"], name="commitment_agreement_year_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=False) | models.Q(gdp_share_pct__isnull=False),
                name="commitment_amount_or_share",
            ),
        ]


class AgreementLink(models.Model):
    """A pledge or a flow that fulfils an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links")
    pledge = models.ForeignKey(
        "pledges.Pledge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreement_links",
    )
    flow = models.ForeignKey(
        "flows.Flow",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agreement_links",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pledge__isnull=False, flow__isnull=True)
                | models.Q(pledge__isnull=True, flow__isnull=False),
                name="agreement_link_pledge_xor_flow",
            ),
            models.UniqueConstraint(
                fields=["agreement", "pledge"], name="agreement_link_pledge_unique"
            ),
            models.UniqueConstraint(
                fields=["agreement", "flow"], name="agreement_link_flow_unique"
            ),
        ]


class EntryKind(models.TextChoices):
    CONTRIBUTION = "contribution", _("Contribution in")
    COMMITMENT = "commitment", _("Commitment")
    SPENDING = "spending", _("Spending")


class FundEntry(Record):
    """One line of a fund's ledger (NATO assistance fund, PURL, a national fund, the EU facility).

    Contributions bring money in; commitments earmark it (a contract signed); spending pays it out. Neither the
    committed nor the spent total may exceed what came in: a fund cannot go below zero. The ledger a page shows
    is computed from these entries together with the flows into and out of the fund (docs/funds.md).
    """

    fund = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="ledger", verbose_name=_("fund")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    counterparty = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, related_name="+", verbose_name=_("counterparty")
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    amount_eur = models.DecimalField(_("amount (EUR)"), max_digits=18, decimal_places=2)
    eur_rate = models.DecimalField(_("EUR rate"), max_digits=14, decimal_places=6)
    eur_rate_date = models.DateField(_("rate date"))
    # The flow this entry records: when the reader sees that flow, the ledger counts the flow, not the entry.
    flow = models.ForeignKey(
        "flows.Flow", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    settles = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settled_by",
        verbose_name=_("settles commitment"),
        help_text=_("The commitment this payment settles; it is then no longer open."),
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="fund_entry_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund.code} {self.kind} {self.amount} {self.currency}"
