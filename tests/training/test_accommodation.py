"""Accommodation needs offered to a course's organiser: only for people with a place who
chose to share them with this course, while their consent stands; every read logged
with the person ids, never the needs; never the platform admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from medvirk.common.models import ActivityLog
from medvirk.people.domain.accommodation import (
    give_accommodation_consent,
    withdraw_accommodation_consent,
)
from medvirk.training.domain.enrolments import (
    accommodation_summary,
    set_accommodation_sharing,
    sign_up,
)
from medvirk.training.enums import EnrolmentStatus
from tests.factories.training import TrainingCourseFactory
from tests.meetings.attendance_helpers import fresh
from tests.training.conftest import World, person_with_account


def _with_needs(name: str, needs: str) -> tuple[Any, Any]:
    person, user = person_with_account(name)
    give_accommodation_consent(person, by=fresh(user), needs=needs, purpose="Formål")
    return person, user


def test_organiser_reads_only_what_was_shared_for_this_course(world: World) -> None:
    kari, kari_user = _with_needs("Kari Nordmann", "Tolk for hørselshemmede")
    _ola, ola_user = _with_needs("Ola Nordmann", "Rullestolplass")
    sign_up(world.course, by=fresh(kari_user), share_accommodation=True)
    sign_up(world.course, by=fresh(ola_user), share_accommodation=False)
    # Kari shares with this course only: another course by the same organiser sees nothing.
    other = TrainingCourseFactory(organiser=world.course.organiser)
    sign_up(other, by=fresh(kari_user), share_accommodation=False)

    summary = accommodation_summary(world.course, by=fresh(world.organiser.admin))

    assert summary == [(kari, "Tolk for hørselshemmede")]
    assert accommodation_summary(other, by=fresh(world.organiser.admin)) == []
    entries = ActivityLog.objects.filter(action="training.accommodation.viewed").order_by("pk")
    assert entries[0].data == {"course": world.course.pk, "people": [kari.pk]}
    assert "Tolk" not in str(entries[0].data)


def test_withdrawn_consent_or_sharing_hides_the_needs(world: World) -> None:
    kari, kari_user = _with_needs("Kari Nordmann", "Tolk")
    enrolment = sign_up(world.course, by=fresh(kari_user), share_accommodation=True)

    set_accommodation_sharing(enrolment, by=fresh(kari_user), share=False)
    assert accommodation_summary(world.course, by=fresh(world.organiser.admin)) == []
    set_accommodation_sharing(enrolment, by=fresh(kari_user), share=True)
    withdraw_accommodation_consent(kari, by=fresh(kari_user))
    assert accommodation_summary(world.course, by=fresh(world.organiser.admin)) == []
    assert ActivityLog.objects.filter(action="training.enrolment.sharing_changed").count() == 2


def test_waiting_list_needs_are_not_shown(world: World) -> None:
    _kari, kari_user = _with_needs("Kari Nordmann", "Tolk")
    enrolment = sign_up(world.course, by=fresh(kari_user), share_accommodation=True)
    enrolment.status = EnrolmentStatus.WAITING
    enrolment.save()
    assert accommodation_summary(world.course, by=fresh(world.organiser.admin)) == []


@pytest.mark.parametrize("persona", ["member_a", "admin_b", "platform_admin", "attendee"])
def test_nobody_else_reads_them(world: World, persona: str, request: Any) -> None:
    _kari, kari_user = _with_needs("Kari Nordmann", "Tolk")
    sign_up(world.course, by=fresh(kari_user), share_accommodation=True)
    users = {
        "member_a": world.organiser.member,
        "admin_b": request.getfixturevalue("org_b").admin,
        "platform_admin": request.getfixturevalue("platform_admin"),
        "attendee": kari_user,
    }
    with pytest.raises(PermissionDenied):
        accommodation_summary(world.course, by=fresh(users[persona]))
    assert not ActivityLog.objects.filter(action="training.accommodation.viewed").exists()


def test_only_the_person_changes_their_sharing(world: World) -> None:
    _kari, kari_user = _with_needs("Kari Nordmann", "Tolk")
    enrolment = sign_up(world.course, by=fresh(kari_user))
    with pytest.raises(PermissionDenied):
        set_accommodation_sharing(enrolment, by=fresh(world.organiser.admin), share=True)


def test_a_course_read_is_on_each_person_read(world: World) -> None:
    """The person finds the read among their own (people.accommodation.read on them)."""
    kari, kari_user = _with_needs("Kari Nordmann", "Tolk for hørselshemmede")
    sign_up(world.course, by=fresh(kari_user), share_accommodation=True)

    accommodation_summary(world.course, by=fresh(world.organiser.admin))

    entry = ActivityLog.objects.get(action="people.accommodation.read")
    assert entry.object_id == str(kari.pk)
    assert entry.actor == world.organiser.admin
    assert entry.organisation == world.course.organiser
    assert entry.data == {"as": "organiser", "about": str(world.course), "course": world.course.pk}
