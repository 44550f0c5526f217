from __future__ import annotations

from django.http import HttpRequest

from nsatu.core.actors import Actor, is_signed_in
from nsatu.notifications.selectors import notification_unread_count

# Set by the landing page, which computes "My work"; the header reads it here at no cost on every other page.
MY_WORK_SESSION_KEY = "my_work_total"


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    """The header's unread count (one query per page for a logged-in user, none otherwise) and the
    count of what awaits the user as the landing page last found it."""
    user = getattr(request, "user", None)
    if not isinstance(user, Actor) or not is_signed_in(user):
        return {}
    return {
        "unread_notifications": notification_unread_count(user=user),
        "my_work_count": int(request.session.get(MY_WORK_SESSION_KEY) or 0),
    }
