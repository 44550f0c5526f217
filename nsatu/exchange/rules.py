"""Who may fill in and upload which template: the roles that may create its records, asked of each domain's own
rules (the services called for every row check again, record by record)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from nsatu.core.actors import Reader
from nsatu.core.errors import PermissionDenied
from nsatu.exchange.models import UploadKind
from nsatu.logistics import rules as logistics_rules
from nsatu.needs import rules as needs_rules
from nsatu.pledges import rules as pledges_rules
from nsatu.training import rules as training_rules

MAY_CREATE: dict[str, Callable[[Reader], bool]] = {
    UploadKind.PLEDGES: pledges_rules.may_create,
    UploadKind.REQUIREMENTS: needs_rules.may_create,
    UploadKind.SHIPMENTS: logistics_rules.may_plan_shipments,
    UploadKind.COURSES: training_rules.may_create,
}


def may_upload(actor: Reader, kind: str) -> bool:
    return kind in MAY_CREATE and MAY_CREATE[kind](actor)


def check_may_upload(actor: Reader, kind: str) -> None:
    if not may_upload(actor, kind):
        raise PermissionDenied(
            _("Your role may not create %(what)s, so it may not upload them.")
            % {"what": UploadKind(kind).label.lower()}
        )


def uploadable_kinds(actor: Reader) -> list[tuple[str, str]]:
    """(kind, label) of the templates this actor may fill in and upload."""
    return [(k, str(UploadKind(k).label)) for k in UploadKind.values if may_upload(actor, k)]
