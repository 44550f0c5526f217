from __future__ import annotations

from typing import Any

import pycountry
from django.db import transaction
from django.utils.translation import gettext as _

from nsatu.audit.chain import snapshot
from nsatu.audit.services import audit_event_record, record_create, record_update
from nsatu.core.actors import Actor
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability, full_clean_or_raise
from nsatu.parties.models import Coalition, CoalitionMember, Party, PartyKind
from nsatu.parties.rules import (
    EDITABLE_FIELDS,
    check_may_create_party,
    check_may_edit_coalition,
    check_may_edit_party,
)


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


# --- coalitions ---------------------------------------------------------------------------------
# A coalition's membership rows are not versioned records of their own: each write first reads the coalition under
# a row lock at the version the editor saw (a stale page answers 409), then leaves its own audit event.


def _coalition_locked(*, actor: Actor, coalition: Coalition, expected_version: int | None) -> None:
    check_may_edit_coalition(actor)
    record_update(
        actor=actor,
        obj=coalition,
        changes={},
        expected_version=expected_version,
        action="coalition.update",
    )


def _membership(coalition: Coalition, party: Party) -> CoalitionMember:
    row = CoalitionMember.objects.filter(coalition=coalition, party=party).first()
    if row is None:
        raise ValidationError(
            {
                "party": [
                    _("%(party)s is not a member of %(coalition)s.")
                    % {"party": party.name, "coalition": coalition.name}
                ]
            }
        )
    return row


@transaction.atomic
def coalition_member_add(
    *,
    actor: Actor,
    coalition: Coalition,
    party: Party,
    lead: bool = False,
    source_url: str = "",
    expected_version: int | None = None,
) -> CoalitionMember:
    _coalition_locked(actor=actor, coalition=coalition, expected_version=expected_version)
    if CoalitionMember.objects.filter(coalition=coalition, party=party).exists():
        raise ValidationError(
            {
                "party": [
                    _("%(party)s is already a member of %(coalition)s.")
                    % {"party": party.name, "coalition": coalition.name}
                ]
            }
        )
    row = CoalitionMember(coalition=coalition, party=party, lead=lead, source_url=source_url)
    return record_create(actor=actor, obj=row, action="coalition.member.add")


@transaction.atomic
def coalition_member_remove(
    *,
    actor: Actor,
    coalition: Coalition,
    party: Party,
    expected_version: int | None = None,
) -> None:
    _coalition_locked(actor=actor, coalition=coalition, expected_version=expected_version)
    row = _membership(coalition, party)
    before = snapshot(row)
    audit_event_record(actor=actor, action="coalition.member.remove", obj=row, before=before)
    row.delete()


@transaction.atomic
def coalition_lead_set(
    *,
    actor: Actor,
    coalition: Coalition,
    party: Party,
    lead: bool,
    source_url: str | None = None,
    expected_version: int | None = None,
) -> CoalitionMember:
    """Make a member a lead (or a plain member again); a new source address replaces the row's."""
    _coalition_locked(actor=actor, coalition=coalition, expected_version=expected_version)
    row = _membership(coalition, party)
    url = row.source_url if source_url is None else source_url
    if row.lead == lead and row.source_url == url:
        return row
    before = snapshot(row)
    row.lead, row.source_url = lead, url
    full_clean_or_raise(row)
    row.save(update_fields=["lead", "source_url"])
    audit_event_record(
        actor=actor, action="coalition.member.lead", obj=row, before=before, after=snapshot(row)
    )
    return row


MEMBERSHIP_ACTIONS = ("add", "add_lead", "lead", "unlead", "remove")


@transaction.atomic
def coalition_membership_change(
    *,
    actor: Actor,
    coalition: Coalition,
    party: Party,
    action: str,
    source_url: str = "",
    expected_version: int | None = None,
) -> CoalitionMember | None:
    """One change the coalition page asks for, by its action (MEMBERSHIP_ACTIONS); None once removed."""
    if action in ("add", "add_lead"):
        return coalition_member_add(
            actor=actor,
            coalition=coalition,
            party=party,
            lead=action == "add_lead",
            source_url=source_url,
            expected_version=expected_version,
        )
    if action in ("lead", "unlead"):
        return coalition_lead_set(
            actor=actor,
            coalition=coalition,
            party=party,
            lead=action == "lead",
            source_url=source_url or None,
            expected_version=expected_version,
        )
    if action == "remove":
        coalition_member_remove(
            actor=actor, coalition=coalition, party=party, expected_version=expected_version
        )
        return None
    raise ValidationError({"action": [_("%(a)r is not a membership change.") % {"a": action}]})
