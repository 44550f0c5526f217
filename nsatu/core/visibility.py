"""The one rule of who may read what. Every selector builds its queryset on `visible_q`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Exists, Expression, OuterRef, Q
from django.utils.translation import gettext as _

from nsatu.core.actors import PartyLabel, Reader, Role, is_signed_in
from nsatu.core.errors import ValidationError
from nsatu.core.models import Releasability

if TYPE_CHECKING:
    from django.db.models.sql.query import Query


class SharedWith(Expression):
    """True where the record (at `prefix` from the queried model) was shared with `party_id` by its owner.

    The record's model is known only once the Q meets a queryset, so the EXISTS subquery is built then; the
    callers of `visible_q` stay as they are. A subquery, not a join: a record shared with several parties must
    not come back once per party (and count several times in a total).
    """

    conditional = True
    output_field = BooleanField()

    def __init__(self, *, party_id: int, prefix: str) -> None:
        super().__init__()
        self.party_id, self.prefix = party_id, prefix

    def resolve_expression(
        self,
        query: Query | None = None,
        allow_joins: bool = True,
        reuse: set[str] | None = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Any:  # an Exists in its place, not this expression itself as the stubs' Self has it
        from django.contrib.contenttypes.models import ContentType

        from nsatu.core.models import RecordShare

        if query is None:
            raise TypeError("SharedWith is resolved against the query of a model")
        model: Any = query.model
        for name in filter(None, self.prefix.split("__")):
            model = model._meta.get_field(name).related_model
        shares = RecordShare.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef(f"{self.prefix}pk"),
            party_id=self.party_id,
        )
        return Exists(shares).resolve_expression(query, allow_joins, reuse, summarize, for_save)


def visible_q(user: Reader, *, prefix: str = "") -> Q:
    rel = f"{prefix}releasability"
    owner = f"{prefix}owner"
    public = Q(**{rel: Releasability.PUBLIC})
    if user is None or not is_signed_in(user):
        return public
    role = user.role
    party_id = user.party_id
    own = (
        (Q(**{f"{owner}_id": party_id}) | Q(SharedWith(party_id=party_id, prefix=prefix)))
        if party_id
        else Q(pk__in=[])
    )
    if role == Role.COORDINATOR:
        return (
            public | Q(**{f"{rel}__in": [Releasability.PARTICIPANTS, Releasability.COMMAND]}) | own
        )
    if role in (Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER):
        return public | Q(**{rel: Releasability.PARTICIPANTS}) | own
    # Analysts and auditors read public data only; the auditor reads the trail through the audit app.
    return public


def readable_releasabilities(user: Reader, *, owner_id: int | None) -> list[str]:
    """The releasabilities under which `user` could still read a record owned by `owner_id`.

    The rule of `visible_q`, asked before a write: a user must not create a record that disappears from their
    own view the moment it is saved.
    """
    if user is None or not is_signed_in(user):
        return [Releasability.PUBLIC]
    if owner_id is not None and owner_id == user.party_id:
        return list(Releasability.values)
    role = user.role
    if role == Role.COORDINATOR:
        return [Releasability.PUBLIC, Releasability.PARTICIPANTS, Releasability.COMMAND]
    if role in (Role.DONOR_LIAISON, Role.RECIPIENT_PLANNER):
        return [Releasability.PUBLIC, Releasability.PARTICIPANTS]
    return [Releasability.PUBLIC]


def releasability_check(
    *, actor: Reader, owner: PartyLabel | None, owner_id: int | None, releasability: str
) -> None:
    """Refuse, naming the releasability field, a record the user could not read once written.

    Only the command writes records owned by other parties; liaisons and planners write their own party's, and a
    service refuses anything else with 403, which this check must not pre-empt with a misleading 422.
    """
    if actor is None or actor.role != Role.COORDINATOR:
        return
    allowed = readable_releasabilities(actor, owner_id=owner_id)
    if releasability not in allowed:
        raise ValidationError(
            {
                "releasability": [
                    _(
                        'A record of %(owner)s marked "%(rel)s" would not be readable by you '
                        "once saved. Choose one of: "
                        "%(allowed)s."
                    )
                    % {
                        "owner": owner.name if owner is not None else _("no owner"),
                        "rel": Releasability(releasability).label,
                        "allowed": ", ".join(str(Releasability(r).label) for r in allowed),
                    }
                ]
            }
        )
