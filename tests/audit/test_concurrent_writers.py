import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction

from nsatu.audit.selectors import audit_chain_verify
from nsatu.needs.services import requirement_create


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_unbroken_chain(planner):
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(10):
                with transaction.atomic():
                    requirement_create(
                        actor=planner,
                        title=f"writer {n} need {i}",
                        capability_area="drones",
                        description="interceptor drones",
                        quantity=Decimal(1),
                    )
        except BaseException as exc:  # reported from the main thread below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = audit_chain_verify()
    assert report.intact, report.reason
    assert report.events == 40
