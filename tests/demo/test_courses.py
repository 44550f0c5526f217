"""demo_courses_build in a small world: courses, cohorts and the fallback F-16 pledge, each audited."""

from __future__ import annotations

import datetime as dt

import pytest

from nsatu.audit.models import AuditEvent
from nsatu.catalogue.models import ItemType
from nsatu.core.errors import PermissionDenied
from nsatu.core.models import Releasability
from nsatu.demo.courses import DATASET, demo_courses_build
from nsatu.parties.models import Party
from nsatu.pledges.models import Pledge, Tranche
from nsatu.training.models import Cohort, Course

TODAY = dt.date(2026, 2, 10)


def _audited(
    model: type[Course] | type[Cohort] | type[Pledge] | type[Tranche] | type[Party],
) -> bool:
    label = model._meta.label_lower
    events = set(AuditEvent.objects.filter(object_type=label).values_list("object_id", flat=True))
    return {str(pk) for pk in model.objects.values_list("pk", flat=True)} <= events


def test_built_once_through_the_services(parties, coordinator, liaison_de):
    ItemType.objects.create(name="F-16 (AM/BM, C/D)", releasability=Releasability.PUBLIC)
    with pytest.raises(PermissionDenied):
        demo_courses_build(actor=liaison_de, today=TODAY)
    built = demo_courses_build(actor=coordinator, today=TODAY)
    assert (built.created, built.courses, built.cohorts, built.pledge_added) == (True, 2, 2, True)
    conversion = Course.objects.get(skill="pilot")
    assert [c.name for c in conversion.prerequisites.all()] == [
        "English for aviators (illustrative)"
    ]
    assert {c.dataset.key for c in [*Course.objects.all(), *Cohort.objects.all()]} == {DATASET}
    pledge = Pledge.objects.get(dataset__key=DATASET)
    assert (pledge.donor.code, pledge.quantity, pledge.status) == ("NLD", 12, "committed")
    assert [t.available_from for t in pledge.tranches.all()] == [
        dt.date(2026, 5, 1),
        dt.date(2027, 2, 1),
    ]
    # The nations the small world lacked were registered by the coordinator, like every record here.
    assert set(
        Party.objects.filter(code__in=("GBR", "ROU", "NLD")).values_list("code", flat=True)
    ) == {
        "GBR",
        "ROU",
        "NLD",
    }
    assert all(_audited(model) for model in (Course, Cohort, Pledge, Tranche))
    new_parties = Party.objects.filter(code__in=("GBR", "ROU", "NLD")).values_list("pk", flat=True)
    assert (
        AuditEvent.objects.filter(
            action="party.create", object_id__in=[str(pk) for pk in new_parties]
        ).count()
        == 3
    )
    again = demo_courses_build(actor=coordinator, today=TODAY)
    assert (again.created, Course.objects.count(), Cohort.objects.count()) == (False, 2, 2)


def test_without_an_f16_in_the_catalogue_nothing_is_built(parties, coordinator):
    built = demo_courses_build(actor=coordinator, today=TODAY)
    assert (built.created, built.note) == (
        False,
        "no F-16 item type in the catalogue; import equipment",
    )
    assert not Course.objects.exists()
