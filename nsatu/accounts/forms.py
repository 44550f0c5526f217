from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from nsatu.accounts.models import TOKEN_DAYS_DEFAULT, TOKEN_DAYS_MAX


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("e.g. 'planning spreadsheet' — shown in the list so you can revoke it later."),
    )

    valid_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=TOKEN_DAYS_MAX,
        initial=TOKEN_DAYS_DEFAULT,
        required=False,
        help_text=_("At most a year; the token stops working after that."),
    )
    totp = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        required=False,
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        help_text=_("A coordinator's token needs the same second factor as his login."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, needs_code: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["totp"].required = True
        else:
            del self.fields["totp"]

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Say what the token is for."))
        return name

    def clean_valid_days(self) -> int:
        days = self.cleaned_data.get("valid_days")
        return TOKEN_DAYS_DEFAULT if days is None else int(days)

    def clean_totp(self) -> str:
        return str(self.cleaned_data.get("totp") or "").strip()


class OtpTokenForm(forms.Form):
    token = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("Enter the six digits the app shows.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


class ProfileForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        help_text=_("Where notices you choose to receive by e-mail are sent."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
