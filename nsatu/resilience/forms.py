from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from nsatu.catalogue.models import CapabilityArea
from nsatu.core.forms import searchable
from nsatu.core.models import Releasability
from nsatu.engine.interop.scenario import Rule
from nsatu.resilience.horizon import DEFAULT_HORIZON_MONTHS
from nsatu.resilience.models import MAX_HORIZON_MONTHS, CapUnit, RuleKind

RULE_ROWS = 3


class ScenarioForm(forms.Form):
    """The scenario's frame; its rules come from the rule rows beside it."""

    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: today."),
    )
    horizon_months = forms.IntegerField(
        label=_("Horizon (months)"),
        min_value=1,
        max_value=MAX_HORIZON_MONTHS,
        initial=DEFAULT_HORIZON_MONTHS,
        required=False,
        help_text=_("Undelivered supply counts if it arrives within the horizon."),
    )
    with_plan = forms.BooleanField(label=_("Also recompute the allocation plan"), required=False)


class RuleForm(forms.Form):
    donor = forms.ChoiceField(label=_("Donor"), required=False)
    kind = forms.ChoiceField(
        label=_("Rule"), required=False, choices=[("", _("— no rule —")), *RuleKind.choices]
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=120)
    amount = forms.DecimalField(
        label=_("Amount"), required=False, min_value=Decimal(0), max_digits=18, decimal_places=2
    )
    unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=CapUnit.choices, initial=CapUnit.EUR
    )

    def __init__(self, *args: Any, donors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["donor"]).choices = [("", _("— donor —")), *donors]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if not kind:
            return data
        if not data.get("donor"):
            self.add_error("donor", _("Choose the donor this rule is about."))
        if kind == RuleKind.WITHDRAW and not data.get("start"):
            self.add_error("start", _("A withdrawal needs the date it takes effect."))
        if kind == RuleKind.DELAY and not data.get("months"):
            self.add_error("months", _("A delay needs a number of months (1 to 120)."))
        if kind == RuleKind.CAP and data.get("amount") is None:
            self.add_error("amount", _("A cap needs an amount."))
        return data

    def rule(self) -> Rule | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return Rule(
            data["donor"],
            data["kind"],
            start=data.get("start"),
            months=data.get("months") or 0,
            amount=data.get("amount"),
            unit=data.get("unit") or CapUnit.EUR,
        )


if TYPE_CHECKING:
    _RuleForms = forms.BaseFormSet[RuleForm]
else:  # Django's formset classes take no type argument at run time
    _RuleForms = forms.BaseFormSet


class BaseRuleFormSet(_RuleForms):
    def rules(self) -> list[Rule]:
        return [r for f in self.forms if (r := f.rule()) is not None]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        seen: set[tuple[str, str]] = set()
        for form in self.forms:
            rule = form.rule()
            if rule is None:
                continue
            if (rule.donor, rule.kind) in seen:
                raise forms.ValidationError(
                    _("Give each donor at most one rule of each kind (%(donor)s has two).")
                    % {"donor": rule.donor}
                )
            seen.add((rule.donor, rule.kind))


# formset_factory builds a subclass of the formset it is given; the stubs know only its base.
RuleFormSet = cast(
    type[BaseRuleFormSet],
    forms.formset_factory(
        RuleForm, formset=BaseRuleFormSet, extra=RULE_ROWS, max_num=10, validate_max=True
    ),
)


class SaveScenarioForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    releasability = forms.ChoiceField(
        label=_("Releasability"), choices=Releasability.choices, initial=Releasability.COMMAND
    )


class FleetFilterForm(forms.Form):
    grouping = forms.ChoiceField(
        label=_("Group by"),
        required=False,
        choices=[("area", _("Capability area")), ("calibre", _("Capability area and calibre"))],
    )
    area = forms.ChoiceField(label=_("Capability area"), required=False)
    donor = forms.ChoiceField(label=_("Donor"), required=False)
    q = forms.CharField(label=_("Item type contains"), required=False, max_length=100)

    def __init__(self, *args: Any, donors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", _("— all areas —")),
            *CapabilityArea.choices,
        ]
        cast(forms.ChoiceField, self.fields["donor"]).choices = [("", _("— all donors —")), *donors]
        searchable(self.fields["donor"])
