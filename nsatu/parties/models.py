from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.models import Record

# The code of the command's own party (NSATU): records the command writes for itself are owned by it.
COMMAND_CODE = "NSATU"


class PartyKind(models.TextChoices):
    NATION = "nation", _("Nation")
    ORGANISATION = "organisation", _("International organisation")
    FUND = "fund", _("Fund or procurement channel")
    COMPANY = "company", _("Company")
    COMMAND = "command", _("Command")


class Group(models.TextChoices):
    NATO = "NATO", _("NATO")
    EU = "EU", _("European Union")
    G7 = "G7", _("G7")
    UDCG = "UDCG", _("Ukraine Defense Contact Group")


class Party(Record):
    code = models.CharField(
        _("code"),
        max_length=16,
        unique=True,
        help_text=_("ISO 3166-1 alpha-3 for nations, a short code otherwise."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=16, choices=PartyKind.choices, default=PartyKind.NATION
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    @property
    def is_nation(self) -> bool:
        return self.kind == PartyKind.NATION


class Membership(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships")
    group = models.CharField(_("group"), max_length=8, choices=Group.choices)
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    dataset = models.ForeignKey(
        "sources.Dataset", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "group"], name="membership_party_group_unique")
        ]
        ordering = ["group"]

    def __str__(self) -> str:
        return f"{self.party.code} ∈ {self.group}"


class Coalition(Record):
    """A capability coalition of the contact group (or a related format): lead parties and members for one area.

    `source_url` is the row's main source; the capability area and the launch month each carry the address of
    the page that states them, and every member (lead or not) its own, on CoalitionMember.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    capability_area = models.CharField(
        _("capability area"), max_length=16, choices=CapabilityArea.choices
    )
    area_source_url = models.URLField(
        _("source of the capability area"), max_length=1000, blank=True
    )
    members = models.ManyToManyField(
        Party,
        through="CoalitionMember",
        related_name="coalitions",
        blank=True,
        verbose_name=_("members"),
    )
    established = models.CharField(
        _("established"), max_length=7, blank=True, help_text=_("YYYY-MM")
    )
    established_source_url = models.URLField(
        _("source of the launch month"), max_length=1000, blank=True
    )
    udcg = models.BooleanField(
        _("contact-group capability coalition"),
        default=False,
        help_text=_(
            "One of the Ukraine Defense Contact Group's capability coalitions, not a related format."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")

    def __str__(self) -> str:
        return self.name

    @property
    def leads(self) -> models.QuerySet[Party]:
        return Party.objects.filter(
            coalition_memberships__coalition=self, coalition_memberships__lead=True
        )


class CoalitionMember(models.Model):
    """A party's place in a coalition, lead or member, with the page that states it.

    Not a Record of its own: whoever may read the coalition reads its membership.
    """

    coalition = models.ForeignKey(
        Coalition, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("coalition")
    )
    party = models.ForeignKey(
        Party,
        on_delete=models.PROTECT,
        related_name="coalition_memberships",
        verbose_name=_("party"),
    )
    lead = models.BooleanField(_("lead"), default=False)
    source_url = models.URLField(_("source address"), max_length=1000, blank=True)
    dataset = models.ForeignKey(
        "sources.Dataset", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "party"], name="coalition_member_unique")
        ]
        ordering = ["-lead", "party__name"]
        verbose_name = _("coalition member")
        verbose_name_plural = _("coalition members")

    def __str__(self) -> str:
        return f"{self.party_id} ∈ {self.coalition_id}"


class GdpFigure(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="gdp_figures")
    year = models.PositiveSmallIntegerField(_("year"))
    usd = models.DecimalField(_("GDP, current USD"), max_digits=24, decimal_places=2)
    dataset = models.ForeignKey("sources.Dataset", on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="gdp_party_year_unique")
        ]
        ordering = ["party", "year"]


class DefenceSpending(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="defence_spending")
    year = models.PositiveSmallIntegerField(_("year"))
    # the workbook's own float, unrounded
    pct_gdp = models.FloatField(
        # xgettext:no-python-format
        _("defence expenditure, % of GDP")
    )
    is_estimate = models.BooleanField(_("estimate"), default=False)
    dataset = models.ForeignKey("sources.Dataset", on_delete=models.PROTECT, related_name="+")
    source_row = models.PositiveIntegerField(null=True, blank=True)
    source_column = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["party", "year"], name="defence_party_year_unique")
        ]
        ordering = ["party", "year"]
