from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nsatu.core.web import actor_of, or_404, paginate
from nsatu.notifications.selectors import notification_list
from nsatu.notifications.services import notification_mark_read


@login_required
def notification_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "notifications/list.html",
        {"page": paginate(request, notification_list(user=actor_of(request)))},
    )


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = or_404(notification_mark_read, actor=actor_of(request), pk=pk)
    if notice.link.startswith("/"):
        return redirect(notice.link)
    return redirect("notifications:list")
