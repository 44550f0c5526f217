from __future__ import annotations

from django.http import HttpRequest

from nsatu.core.actors import Actor, is_signed_in
from nsatu.notifications.selectors import notification_unread_count


def unread_notifications(request: HttpRequest) -> dict[str, int]:
    """The header's unread count; one query per page for a logged-in user, none otherwise."""
    user = getattr(request, "user", None)
    if not isinstance(user, Actor) or not is_signed_in(user):
        return {}
    return {"unread_notifications": notification_unread_count(user=user)}
