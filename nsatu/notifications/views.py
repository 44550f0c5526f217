from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nsatu.core.web import (
    SERVICE_ERRORS,
    actor_of,
    download_response,
    or_404,
    paginate,
    refuse,
    wants_download,
)
from nsatu.notifications.forms import NoticePreferencesForm
from nsatu.notifications.models import Notification
from nsatu.notifications.selectors import notice_preferences_get, notification_list
from nsatu.notifications.services import notice_preferences_set, notification_mark_read


def _header() -> list[str]:
    return [_("When"), _("Kind"), _("Subject"), _("Message"), _("Link"), _("Read at")]


def _rows(notices: Iterable[Notification]) -> Iterator[list[object]]:
    for n in notices:
        yield [
            timezone.localtime(n.created_at).replace(tzinfo=None, microsecond=0),
            n.get_kind_display() if n.kind else None,
            n.subject,
            n.body,
            n.link or None,
            timezone.localtime(n.read_at).replace(tzinfo=None, microsecond=0)
            if n.read_at
            else None,
        ]


@login_required
def notification_index(request: HttpRequest) -> HttpResponseBase:
    notices = notification_list(user=actor_of(request))
    if wants_download(request):
        return download_response(request, "notifications.csv", _header(), _rows(notices))
    return render(request, "notifications/list.html", {"page": paginate(request, notices)})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = or_404(notification_mark_read, actor=actor_of(request), pk=pk)
    if notice.link.startswith("/"):
        return redirect(notice.link)
    return redirect("notifications:list")


@login_required
def notice_preferences(request: HttpRequest) -> HttpResponse:
    """The notice section of the profile page (an htmx fragment there), or a page of its own."""
    user = actor_of(request)
    form = NoticePreferencesForm(request.POST or None, initial=notice_preferences_get(user=user))
    if request.method == "POST" and form.is_valid():
        try:
            notice_preferences_set(actor=user, deliveries=form.cleaned_data)
        except SERVICE_ERRORS as exc:
            refuse(request, exc)
        else:
            messages.success(request, _("Your choices for notices were saved."))
            return redirect("accounts:profile")
    # django-htmx sets `request.htmx` when the profile page asks for the section alone.
    template = "_preferences.html" if getattr(request, "htmx", False) else "preferences.html"
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, f"notifications/{template}", {"form": form}, status=status)
