"""A course's life (draft, sessions, published, cancelled) and who may do what in which
state: the permissions as persona × state."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import rules
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.training.domain.courses import (
    add_session,
    cancel_course,
    create_course,
    publish_course,
    remove_session,
    update_course,
)
from medvirk.training.domain.enrolments import sign_up
from medvirk.training.enums import CourseFormat, CourseStatus
from medvirk.training.models import Course
from tests.factories.training import EnrolmentFactory, TrainingCourseFactory
from tests.meetings.attendance_helpers import fresh
from tests.training.conftest import World, person_with_account


def _data(**changes: Any) -> dict[str, Any]:
    return {
        "title": "Grunnkurs for brukerrepresentanter",
        "description": "To kvelder om rollen.",
        "format": CourseFormat.IN_PERSON,
        "capacity": 12,
        "signup_deadline": timezone.localdate() + datetime.timedelta(days=10),
        "catalogue_course": None,
        **changes,
    }


def _session(**changes: Any) -> dict[str, Any]:
    return {
        "date": timezone.localdate() + datetime.timedelta(days=14),
        "starts_at": datetime.time(17),
        "ends_at": datetime.time(20),
        "place": "Frivillighetshuset",
        "accessibility": "Trinnfri adkomst.",
        **changes,
    }


def test_draft_sessions_publish_and_log(org_a: Any) -> None:
    admin = fresh(org_a.admin)
    course = create_course(organiser=org_a.organisation, by=admin, data=_data())
    assert course.status == CourseStatus.DRAFT

    with pytest.raises(ValidationError) as caught:
        publish_course(course, by=admin)
    assert caught.value.messages == ["Legg til minst én samling før du publiserer kurset."]

    add_session(course, by=admin, data=_session())
    published = publish_course(course, by=fresh(org_a.admin))

    assert published.status == CourseStatus.PUBLISHED
    assert list(
        ActivityLog.objects.filter(action__startswith="training.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["training.course.created", "training.session.added", "training.course.published"]


def test_course_validation_names_the_fields(org_a: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        create_course(
            organiser=org_a.organisation,
            by=fresh(org_a.admin),
            data=_data(title="", capacity=0, format="webinar"),
        )
    assert set(caught.value.message_dict) == {"title", "capacity", "format"}


def test_session_validation(world: World) -> None:
    admin = fresh(world.organiser.admin)
    with pytest.raises(ValidationError) as caught:
        add_session(
            world.course,
            by=admin,
            data=_session(
                date=world.course.signup_deadline - datetime.timedelta(days=1),
                ends_at=datetime.time(9),
                place="",
            ),
        )
    assert set(caught.value.message_dict) == {"date", "ends_at", "place"}


def test_deadline_not_after_the_first_session(world: World) -> None:
    data = _data(signup_deadline=world.sessions[0].date + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as caught:
        update_course(world.course, by=fresh(world.organiser.admin), data=data)
    assert "signup_deadline" in caught.value.message_dict


def test_capacity_not_below_those_signed_up(world: World) -> None:
    for name in ("Kari A", "Ola B"):
        sign_up(world.course, by=fresh(person_with_account(name)[1]))
    with pytest.raises(ValidationError) as caught:
        update_course(world.course, by=fresh(world.organiser.admin), data=_data(capacity=1))
    assert "capacity" in caught.value.message_dict


def test_last_session_of_a_published_course_stays(world: World) -> None:
    admin = fresh(world.organiser.admin)
    remove_session(world.sessions[1], by=admin)
    with pytest.raises(ValidationError):
        remove_session(world.sessions[0], by=admin)


def test_cancel_mails_everyone_signed_up_or_waiting(world: World) -> None:
    kari, _ku = person_with_account("Kari Nordmann")
    ola, _ou = person_with_account("Ola Nordmann")
    EnrolmentFactory(course=world.course, person=kari)
    EnrolmentFactory(course=world.course, person=ola, status="waiting")

    with pytest.raises(ValidationError) as caught:
        cancel_course(world.course, by=fresh(world.organiser.admin), reason=" ")
    assert "reason" in caught.value.message_dict
    cancelled = cancel_course(
        world.course, by=fresh(world.organiser.admin), reason="For få påmeldte."
    )

    assert cancelled.status == CourseStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == ["kari@example.org", "ola@example.org"]
    assert all("For få påmeldte." in m.body for m in mail.outbox)
    assert ActivityLog.objects.get(action="training.course.cancelled").data == {"told": 2}


# --- Permissions: persona × state ------------------------------------------------------

PERSONAS = ["anonymous", "member_a", "admin_a", "admin_b", "secretariat", "platform_admin"]
STATES = [CourseStatus.DRAFT, CourseStatus.PUBLISHED, CourseStatus.CANCELLED]

# (permission, state) -> personas that have it; organisation A organises the course.
EXPECTED = {
    "training.view_course": {
        CourseStatus.DRAFT: {"admin_a", "platform_admin"},
        CourseStatus.PUBLISHED: set(PERSONAS),
        CourseStatus.CANCELLED: {"admin_a", "platform_admin"},
    },
    "training.change_course": {
        CourseStatus.DRAFT: {"admin_a", "platform_admin"},
        CourseStatus.PUBLISHED: {"admin_a", "platform_admin"},
        CourseStatus.CANCELLED: set(),
    },
    "training.publish_course": {
        CourseStatus.DRAFT: {"admin_a", "platform_admin"},
        CourseStatus.PUBLISHED: set(),
        CourseStatus.CANCELLED: set(),
    },
    "training.cancel_course": {
        CourseStatus.DRAFT: set(),
        CourseStatus.PUBLISHED: {"admin_a", "platform_admin"},
        CourseStatus.CANCELLED: set(),
    },
    "training.record_attendance": {
        CourseStatus.DRAFT: set(),
        CourseStatus.PUBLISHED: {"admin_a", "platform_admin"},
        CourseStatus.CANCELLED: set(),
    },
    # Health data: never the platform admin.
    "training.view_accommodations": {
        CourseStatus.DRAFT: set(),
        CourseStatus.PUBLISHED: {"admin_a"},
        CourseStatus.CANCELLED: set(),
    },
}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("perm", sorted(EXPECTED))
def test_permissions_by_persona_and_state(
    org_a: Any, org_b: Any, secretariat: Any, platform_admin: Any, perm: str, state: str
) -> None:
    from django.contrib.auth.models import AnonymousUser

    course = TrainingCourseFactory(organiser=org_a.organisation, status=state)
    users = {
        "anonymous": AnonymousUser(),
        "member_a": fresh(org_a.member),
        "admin_a": fresh(org_a.admin),
        "admin_b": fresh(org_b.admin),
        "secretariat": fresh(secretariat),
        "platform_admin": fresh(platform_admin),
    }
    allowed = {name for name, user in users.items() if rules.has_perm(perm, user, course)}
    assert allowed == EXPECTED[perm][state]


def test_the_organisers_secretariat_runs_a_service_course(secretariat: Any) -> None:
    service = secretariat.roles.get().organisation
    course = create_course(organiser=service, by=fresh(secretariat), data=_data())
    assert Course.objects.get().organiser == service
    assert rules.has_perm("training.view_accommodations", fresh(secretariat), course) is False
    course.status = CourseStatus.PUBLISHED
    assert rules.has_perm("training.view_accommodations", fresh(secretariat), course) is True


def test_others_cannot_create_a_course(org_a: Any, org_b: Any) -> None:
    for user in (org_a.member, org_b.admin):
        with pytest.raises(PermissionDenied):
            create_course(organiser=org_a.organisation, by=fresh(user), data=_data())
