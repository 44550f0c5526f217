"""Two writers edit the same version of a requirement, a pledge or a plan line at the same moment, through the API, on
PostgreSQL: one wins, the other gets 409 naming what changed, and neither change is lost silently."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from nsatu.audit.models import AuditEvent
from nsatu.core.models import Releasability
from nsatu.planning.models import AllocationRun, LineState, PlanLine, RunStatus
from nsatu.pledges.models import Pledge, PledgeStatus
from tests.fixtures.api import ApiCaller, Response
from tests.fixtures.scenario import _requirement

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers itself"
    ),
    pytest.mark.django_db(transaction=True),
]


def race(*writes: Callable[[], Response]) -> list[Response]:
    barrier = threading.Barrier(len(writes))
    results: list[Any] = [None] * len(writes)

    def run(n: int) -> None:
        try:
            barrier.wait()
            results[n] = writes[n]()
        except BaseException as exc:  # reported from the main thread below
            results[n] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(writes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def one_wins(responses: list[Response]) -> tuple[int, Response]:
    statuses = sorted(r.status for r in responses)
    assert statuses == [200, 409], [(r.status, r.body) for r in responses]
    winner = next(n for n, r in enumerate(responses) if r.status == 200)
    return winner, responses[1 - winner]


def test_requirement_two_planners_one_409(parties, people, planner, api):
    requirement = _requirement("UA-RACE-1", "draft", parties, description="Counter-battery radars")
    first, second = api(planner), ApiCaller(api(planner).token)
    path = f"/api/requirements/{requirement.pk}"
    events = AuditEvent.objects.count()

    responses = race(
        lambda: first.patch(path, {"version": 1, "title": "Radars, revised by A"}),
        lambda: second.patch(path, {"version": 1, "quantity": "250"}),
    )
    winner, loser = one_wins(responses)

    requirement.refresh_from_db()
    assert requirement.version == 2
    if winner == 0:
        assert requirement.title == "Radars, revised by A" and requirement.quantity == Decimal(100)
        assert "title" in loser.body["detail"] and "Radars, revised by A" in loser.body["detail"]
    else:
        assert requirement.title == "Requirement UA-RACE-1" and requirement.quantity == Decimal(250)
        assert "quantity" in loser.body["detail"] and "250" in loser.body["detail"]
    assert AuditEvent.objects.count() == events + 1


def test_pledge_two_liaisons_one_409(parties, people, liaison_de, api):
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        owner=parties["DEU"],
        description="155 mm shells",
        quantity=1000,
        status=PledgeStatus.ANNOUNCED,
        releasability=Releasability.PARTICIPANTS,
    )
    path = f"/api/pledges/{pledge.pk}"
    first, second = api(liaison_de), ApiCaller(api(liaison_de).token)

    responses = race(
        lambda: first.patch(path, {"version": 1, "quantity": 1200}),
        lambda: second.patch(path, {"version": 1, "description": "155 mm shells, lot 2"}),
    )
    winner, loser = one_wins(responses)

    pledge.refresh_from_db()
    assert pledge.version == 2
    if winner == 0:
        assert (pledge.quantity, pledge.description) == (1200, "155 mm shells")
        assert "quantity" in loser.body["detail"] and "1200" in loser.body["detail"]
    else:
        assert (pledge.quantity, pledge.description) == (1000, "155 mm shells, lot 2")
        assert "description" in loser.body["detail"]


def test_plan_line_accept_and_decline_at_once_one_409(
    parties, people, liaison_de, coordinator, api
):
    requirement = _requirement(
        "UA-RACE-2", "published", parties, releasability=Releasability.PARTICIPANTS
    )
    pledge = Pledge.objects.create(
        donor=parties["DEU"],
        recipient=parties["UKR"],
        owner=parties["DEU"],
        description="Radars",
        quantity=4,
        status=PledgeStatus.COMMITTED,
        releasability=Releasability.PARTICIPANTS,
    )
    run = AllocationRun.objects.create(
        owner=parties["NSATU"],
        releasability=Releasability.COMMAND,
        status=RunStatus.QUEUED,
        created_by=coordinator,
    )
    line = PlanLine.objects.create(
        run=run,
        pledge=pledge,
        requirement=requirement,
        source_kind="tranche",
        source_id="t1",
        quantity=4,
        arrival=dt.date(2026, 3, 1),
        month=3,
        value=1.0,
        owner=parties["DEU"],
        releasability=Releasability.COMMAND,
    )
    first, second = api(liaison_de), ApiCaller(api(liaison_de).token)

    responses = race(
        lambda: first.post(f"/api/planning/lines/{line.pk}/accept", {"version": 1}),
        lambda: second.post(
            f"/api/planning/lines/{line.pk}/decline", {"version": 1, "reason": "needed at home"}
        ),
    )
    winner, loser = one_wins(responses)

    line.refresh_from_db()
    pledge.refresh_from_db()
    assert line.version == 2
    assert "state" in loser.body["detail"]
    if winner == 0:
        assert line.state == LineState.ACCEPTED and pledge.status == PledgeStatus.ALLOCATED
    else:
        assert line.state == LineState.DECLINED and line.decline_reason == "needed at home"
        assert pledge.status == PledgeStatus.COMMITTED
