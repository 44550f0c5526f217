from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nsatu.core.web import or_404, paginate
from nsatu.notifications.selectors import notification_get, notification_list
from nsatu.notifications.services import notification_mark_read


@login_required
def notification_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/list.html",
        {"page": paginate(request, notification_list(user=request.user))},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    notice = or_404(notification_get, user=user, pk=pk)
    notification_mark_read(actor=user, notification=notice)
    if notice.link.startswith("/"):
        return redirect(notice.link)
    return redirect("notifications:list")
