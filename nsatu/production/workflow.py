"""A project's status ladder, and which statuses let its capacity and funding feed a plan."""

from __future__ import annotations

from nsatu.production.models import ProjectStatus as S

STEPS: dict[str, tuple[str, ...]] = {
    S.PROPOSED: (S.AGREED, S.CANCELLED),
    S.AGREED: (S.PRODUCING, S.CANCELLED),
    S.PRODUCING: (S.CLOSED, S.CANCELLED),
    S.CLOSED: (),
    S.CANCELLED: (),
}
# A proposed project has no contract to buy from; a closed or cancelled one makes nothing more.
FEEDS_PLAN = (S.AGREED, S.PRODUCING)


def may_move(current: str, to: str) -> bool:
    return to == current or to in STEPS.get(current, ())
