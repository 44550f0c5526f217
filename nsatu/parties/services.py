from __future__ import annotations

from typing import Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.services import record_create, record_update
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability
from nsatu.parties.models import Party, PartyKind
from nsatu.parties.rules import EDITABLE_FIELDS, check_may_create_party, check_may_edit_party


def _check_code(code: str, kind: str) -> None:
    if kind == PartyKind.NATION and pycountry.countries.get(alpha_3=code) is None:
        raise ValidationError(
            {"code": [_("%(code)s is not an ISO 3166-1 alpha-3 country code.") % {"code": code}]}
        )
    if not code or len(code) > 16 or not code.replace("-", "").isalnum():
        raise ValidationError({"code": [_("A party code is 1 to 16 letters, digits or dashes.")]})


@transaction.atomic
def party_create(*, actor: Actor, code: str, name: str, kind: str = PartyKind.NATION) -> Party:
    check_may_create_party(actor)
    code = code.strip().upper()
    _check_code(code, kind)
    if Party.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": [_("A party with code %(code)s already exists.") % {"code": code}]}
        )
    party = Party(
        code=code,
        name=name.strip(),
        kind=kind,
        owner_id=actor.party_id,
        releasability=Releasability.PUBLIC,
    )
    return record_create(actor=actor, obj=party, action="party.create")


@transaction.atomic
def party_update(
    *, actor: Actor, party: Party, expected_version: int | None, changes: dict[str, Any]
) -> Party:
    check_may_edit_party(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be edited: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    if "kind" in changes:
        _check_code(party.code, changes["kind"])
    return record_update(
        actor=actor,
        obj=party,
        changes=changes,
        expected_version=expected_version,
        action="party.update",
    )
