"""Retention of accommodation needs: people.erase_accommodation deletes them
MEDVIRK_ACCOMMODATION_RETENTION_MONTHS after the person's last seat ended, never while
they hold a current or future seat, through the periodic-job registry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.ops.domain import claim_and_handle, job_named, run_job
from medvirk.people.domain.accommodation import EXPIRED, accommodations_due
from medvirk.people.models import Accommodation, Person
from tests.clock import freeze_time
from tests.factories.people import MembershipFactory, PersonFactory
from tests.periodic import noon

JOB = "people.erase_accommodation"
LEFT = datetime.date(2026, 3, 15)
DUE = datetime.date(2026, 9, 15)  # six months later (the default)


def with_needs(person: Person) -> Accommodation:
    return Accommodation.objects.create(
        person=person,
        needs="Trenger teleslynge og pauser.",
        consent_purpose="Tilrettelegging",
        consent_given_at=timezone.now(),
    )


def left_on(day: datetime.date, *, early: bool = False) -> Person:
    person = PersonFactory()
    if early:
        MembershipFactory(
            person=person,
            starts_on=datetime.date(2024, 1, 1),
            ends_on=datetime.date(2027, 12, 31),
            ended_on=day,
        )
    else:
        MembershipFactory(person=person, starts_on=datetime.date(2024, 1, 1), ends_on=day)
    with_needs(person)
    return person


def run_on(day: datetime.date) -> Any:
    with freeze_time(noon(day)):
        return run_job(JOB, now=noon(day))


@pytest.mark.parametrize("early", [False, True])
def test_needs_are_deleted_on_the_day_not_the_day_before(db: Any, early: bool) -> None:
    person = left_on(LEFT, early=early)

    before = run_on(DUE - datetime.timedelta(days=1))
    assert before.items_done == 0
    assert Accommodation.objects.filter(person=person).exists()

    on_the_day = run_on(DUE)
    assert on_the_day.items_done == 1
    assert not Accommodation.objects.filter(person=person).exists()
    entry = ActivityLog.objects.get(action=EXPIRED)
    assert entry.object_id == str(person.pk)
    assert entry.data == {"deleted": 1, "retention_months": 6}
    # The log never holds the needs.
    assert "teleslynge" not in str(entry.data) + entry.object_repr


def test_a_current_or_future_seat_keeps_the_needs(db: Any) -> None:
    sitting = left_on(LEFT)
    MembershipFactory(
        person=sitting, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2027, 12, 31)
    )
    coming = left_on(LEFT)
    MembershipFactory(
        person=coming, starts_on=datetime.date(2027, 1, 1), ends_on=datetime.date(2028, 12, 31)
    )
    later_seat = left_on(LEFT)
    MembershipFactory(
        person=later_seat, starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2026, 4, 1)
    )
    never_seated = PersonFactory()
    with_needs(never_seated)

    assert run_on(DUE).items_done == 0
    assert Accommodation.objects.count() == 4


def test_nothing_else_is_touched_and_a_second_run_does_nothing(db: Any) -> None:
    gone = left_on(LEFT)
    stays = left_on(datetime.date(2026, 6, 1))

    assert run_on(DUE).items_done == 1
    again = run_on(DUE)

    assert again.items_done == 0
    assert again.items_failed == 0
    assert list(Accommodation.objects.values_list("person_id", flat=True)) == [stays.pk]
    assert Person.objects.filter(pk=gone.pk).exists()
    assert gone.memberships.count() == 1
    assert ActivityLog.objects.filter(action=EXPIRED).count() == 1


def test_the_retention_is_configurable(db: Any, settings: Any) -> None:
    settings.MEDVIRK_ACCOMMODATION_RETENTION_MONTHS = 1
    person = left_on(LEFT)
    now = noon(datetime.date(2026, 4, 15))

    assert list(accommodations_due(now)) == [person.accommodation]


def test_a_run_that_lost_the_race_handles_nothing(db: Any) -> None:
    """The claim (lock_claim) of an item another run has deleted changes no row."""
    person = left_on(LEFT)
    job, now = job_named(JOB), noon(DUE)
    pk = person.accommodation.pk

    with freeze_time(now):
        assert claim_and_handle(job, pk, now) is True
        assert claim_and_handle(job, pk, now) is False

    assert ActivityLog.objects.filter(action=EXPIRED).count() == 1
