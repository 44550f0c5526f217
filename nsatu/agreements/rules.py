"""Who may do what to agreements and fund ledgers: the services enforce these, the pages and the API ask them."""

from __future__ import annotations

from nsatu.agreements.models import Agreement
from nsatu.core.actors import Reader, Role, has_role

LINKERS = (Role.COORDINATOR, Role.DONOR_LIAISON)
REGISTRARS = (Role.COORDINATOR,)
LEDGER_KEEPERS = (Role.COORDINATOR,)
# What the edit form may change on an agreement (its parties are set beside these).
EDITABLE_FIELDS = (
    "title",
    "kind",
    "status",
    "signed_on",
    "duration_years",
    "areas",
    "stated_funding",
    "source_url",
    "framework",
    "framework_source_url",
    "rule",
    "baseline_eur",
    "releasability",
)


def _answers_for_own_nation(actor: Reader) -> bool:
    return has_role(actor, Role.DONOR_LIAISON)


def may_link(actor: Reader, agreement: Agreement) -> bool:
    """The command links to any agreement; a liaison only to one its own nation is a party to."""
    if not has_role(actor, *LINKERS) or actor is None:
        return False
    if not _answers_for_own_nation(actor):
        return True
    own = actor.party_id
    # Every party to it counts, also one this actor may not read: signing is not a matter of visibility.
    return own is not None and agreement.parties.filter(pk=own).exists()


def may_link_record_of(actor: Reader, donor_id: int | None) -> bool:
    """A liaison links only its own nation's pledges and flows."""
    if not has_role(actor, *LINKERS) or actor is None:
        return False
    return not _answers_for_own_nation(actor) or donor_id == actor.party_id


def may_register_agreements(actor: Reader) -> bool:
    return has_role(actor, *REGISTRARS)


def may_keep_ledgers(actor: Reader) -> bool:
    return has_role(actor, *LEDGER_KEEPERS)
