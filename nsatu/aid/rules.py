"""Who may decide on the aid ledger: the command's coordinators link or split attestations; everyone signed in
reads the lines made of what they may see (nsatu.aid.selectors)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nsatu.core.actors import Reader, Role, has_role, require_role

DECIDERS = (Role.COORDINATOR,)


def may_decide(actor: Reader) -> bool:
    return has_role(actor, *DECIDERS)


def check_may_decide(actor: Reader) -> None:
    require_role(actor, *DECIDERS, action=_("decide whether two records report one donation"))
