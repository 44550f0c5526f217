"""Who may do what to shipments and repair orders: the services enforce these, the pages and the API ask them."""

from __future__ import annotations

from nsatu.core.actors import Reader, Role, has_role
from nsatu.logistics import workflow
from nsatu.logistics.models import RepairOrder, Shipment

SHIPPERS = (Role.COORDINATOR, Role.DONOR_LIAISON)
RECEIVERS = (Role.RECIPIENT_PLANNER,)
LATE_CHECKERS = (Role.COORDINATOR,)
REPAIR_RECORDERS = (Role.RECIPIENT_PLANNER, Role.COORDINATOR)
REPAIR_UPDATERS = (Role.RECIPIENT_PLANNER, Role.COORDINATOR, Role.DONOR_LIAISON)


def may_plan_shipments(actor: Reader) -> bool:
    return has_role(actor, *SHIPPERS)


def ships_own_nation_only(actor: Reader) -> bool:
    """A liaison plans, moves and cancels only its own nation's shipments; the command any donor's."""
    return has_role(actor, Role.DONOR_LIAISON)


def own_donor_code(actor: Reader) -> str | None:
    """The donor a liaison ships for when it names none."""
    if not ships_own_nation_only(actor) or actor is None or actor.party is None:
        return None
    return actor.party.code


def may_ship_for(actor: Reader, donor_id: int) -> bool:
    if not has_role(actor, *SHIPPERS) or actor is None:
        return False
    return not ships_own_nation_only(actor) or actor.party_id == donor_id


def may_advance(actor: Reader, shipment: Shipment) -> bool:
    """The donor side records the next milestone (dispatched, at hub, handed over) of its shipment."""
    return workflow.next_step(shipment.status) is not None and may_ship_for(
        actor, shipment.donor_id
    )


def may_cancel(actor: Reader, shipment: Shipment) -> bool:
    return shipment.status in workflow.CANCELLABLE and may_ship_for(actor, shipment.donor_id)


def receives(actor: Reader, shipment: Shipment) -> bool:
    """Only the recipient's planners confirm what arrived."""
    return (
        has_role(actor, *RECEIVERS)
        and actor is not None
        and actor.party_id == shipment.recipient_id
    )


def may_record_receipt(actor: Reader, shipment: Shipment) -> bool:
    return shipment.status in workflow.RECEIVABLE and receives(actor, shipment)


def may_check_late(actor: Reader) -> bool:
    return has_role(actor, *LATE_CHECKERS)


def may_record_repairs(actor: Reader) -> bool:
    return has_role(actor, *REPAIR_RECORDERS)


def may_update_repairs(actor: Reader) -> bool:
    return has_role(actor, *REPAIR_UPDATERS)


def may_update_repair(actor: Reader, order: RepairOrder) -> bool:
    """A liaison updates only the repairs its own nation's facilities carry out."""
    if not may_update_repairs(actor) or actor is None:
        return False
    return actor.role != Role.DONOR_LIAISON or actor.party_id == order.facility_party_id
