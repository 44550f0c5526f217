from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from nsatu.accounts.forms import ApiTokenForm, OtpTokenForm, ProfileForm
from nsatu.accounts.models import ApiToken, User
from nsatu.accounts.otp import WRONG_CODE, secret_of, totp_device_pending, totp_key_new
from nsatu.accounts.rules import needs_second_factor
from nsatu.accounts.selectors import api_token_list, totp_device_confirmed
from nsatu.accounts.services import (
    api_token_issue,
    api_token_revoke,
    totp_device_confirm,
    totp_device_verify,
    user_language_set,
    user_profile_update,
)
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.web import (
    SERVICE_ERRORS,
    actor_of,
    download_response,
    form_errors_from,
    or_404,
    paginate,
    refuse,
    wants_download,
)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        if isinstance(user, User):
            messages.success(
                self.request,
                _("Logged in as %(name)s (%(role)s).")
                % {"name": user.get_full_name() or user.username, "role": user.role_label},
            )
            _apply_language(response, user.language)
        return response


def _apply_language(response: HttpResponse, language: str) -> None:
    """The user's language from now on: LocaleMiddleware reads the cookie on every request that follows."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


class LogoutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


@login_required
def api_tokens(request: HttpRequest) -> HttpResponseBase:
    user = actor_of(request)
    needs_code = settings.NSATU_REQUIRE_OTP and needs_second_factor(user)
    form = ApiTokenForm(request.POST or None, needs_code=needs_code)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_issue(
                actor=user,
                name=form.cleaned_data["name"],
                valid_days=form.cleaned_data["valid_days"],
                totp=form.cleaned_data.get("totp", ""),
            )
        except ValidationError as exc:
            if not form_errors_from(form, exc):
                refuse(request, exc)
        except SERVICE_ERRORS as exc:
            refuse(request, exc)
        else:
            if issued is None:
                form.add_error("totp", str(WRONG_CODE))
                return _tokens_page(request, user=user, form=form, raw=None)
            token, raw = issued
            # The raw value is rendered once in this response, never put in a message (messages live in a cookie).
            messages.success(
                request,
                _("Token %(name)s created. Copy it now: it will not be shown again.")
                % {"name": token.name},
            )
            form = ApiTokenForm(needs_code=needs_code)
    return _tokens_page(request, user=user, form=form, raw=raw)


TOKEN_COLUMNS = [
    _l("Name"),
    _l("Prefix"),
    _l("Created"),
    _l("Last used"),
    _l("Expires"),
    _l("State"),
]


def _token_rows(tokens: Iterable[ApiToken]) -> Iterator[list[object]]:
    now = timezone.now()
    for t in tokens:
        state = (
            _("revoked") if t.revoked_at else _("expired") if t.expires_at <= now else _("active")
        )
        yield [t.name, f"nsatu_{t.prefix}…", t.created_at, t.last_used_at, t.expires_at, state]


def _tokens_page(
    request: HttpRequest, *, user: Actor, form: ApiTokenForm, raw: str | None
) -> HttpResponseBase:
    if request.method == "GET" and wants_download(request):
        tokens = api_token_list(user=user)
        return download_response(request, "api-tokens.csv", TOKEN_COLUMNS, _token_rows(tokens))
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "raw": raw,
            "now": timezone.now(),
            "tokens": paginate(request, api_token_list(user=user)),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_POST
def api_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        done = or_404(api_token_revoke, actor=actor_of(request), pk=pk)
    except SERVICE_ERRORS as exc:
        refuse(request, exc)
        return redirect("accounts:tokens")
    name = done.token.name
    if done.already:
        messages.info(request, _("Token %(name)s was already revoked.") % {"name": name})
    else:
        messages.success(
            request, _("Token %(name)s revoked; it no longer opens the API.") % {"name": name}
        )
    return redirect("accounts:tokens")


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout answer: the login page's look, how long, and 429 so that scripts back off."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


PENDING_KEY = "otp_pending_key"


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    if totp_device_confirmed(user=user) is not None:
        return redirect("accounts:otp_verify")
    # the key waits in the session, so a reload shows the same key and a GET writes nothing
    key = request.session.get(PENDING_KEY) or totp_key_new()
    request.session[PENDING_KEY] = key
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(actor=user, key=key, token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            del request.session[PENDING_KEY]
            django_otp.login(request, device)
            messages.success(request, _("Authenticator app enrolled; this session is verified."))
            return redirect(_next_url(request))
    pending = totp_device_pending(user=user, key=key)
    context = {
        "form": form,
        "secret": secret_of(pending),
        "config_url": pending.config_url,
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/otp_setup.html", context)


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_verify(actor=actor_of(request), token=form.cleaned_data["token"])
        except ValidationError as exc:
            form.add_error("token", exc.message_dict.get("token", exc.messages))
        else:
            if device is not None:
                django_otp.login(request, device)
                return redirect(_next_url(request))
            form.add_error("token", str(WRONG_CODE))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")}
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required: a signed-in account
    initial = {"email": user.email, "language": user.language}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = user_profile_update(
                actor=user,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            if not form_errors_from(form, exc):
                refuse(request, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            response = redirect("accounts:profile")
            _apply_language(response, saved.language)
            return response
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """The header's language switch: stored on the user (applied at every login) and in the cookie now."""
    user = request.user
    assert isinstance(user, User)  # login_required: a signed-in account
    # Back to the page the switch was on: its address comes with the request (Referer), not in the page, so a
    # page never repeats the address it was asked by (a 404's included).
    back = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("dashboards:overview")
    try:
        saved = user_language_set(actor=user, language=request.POST.get("language", ""))
    except ValidationError as exc:
        refuse(request, exc)
        return redirect(back)
    response = redirect(back)
    _apply_language(response, saved.language)
    return response
