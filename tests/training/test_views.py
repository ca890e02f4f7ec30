"""The course pages: who sees what, bad input kept with field errors, and statements
that do not grow with the rows (query counts per persona on lists and detail pages)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.training.domain.enrolments import sign_up
from medvirk.training.enums import CourseStatus, EnrolmentStatus
from medvirk.training.models import Course
from tests.factories.training import EnrolmentFactory, SessionFactory, TrainingCourseFactory
from tests.meetings.attendance_helpers import fresh
from tests.training.conftest import World, person_with_account


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _count(user: Any, url: str) -> int:
    client = _client(user)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _more_courses(world: World, n: int) -> None:
    for _ in range(n):
        course = TrainingCourseFactory(organiser=world.course.organiser)
        SessionFactory(course=course)
        EnrolmentFactory(course=course)


def _more_people(world: World, n: int) -> None:
    for status in [EnrolmentStatus.ENROLLED] * n + [EnrolmentStatus.WAITING] * n:
        EnrolmentFactory(course=world.course, status=status)


def test_public_list_shows_published_courses_only(world: World) -> None:
    TrainingCourseFactory(title="Utkastkurs", status=CourseStatus.DRAFT)
    response = Client().get(reverse("training:list"))
    assert response.status_code == 200
    assert "Grunnkurs" in response.text
    assert "Utkastkurs" not in response.text


def test_a_draft_is_hidden_from_the_public(world: World) -> None:
    world.course.status = CourseStatus.DRAFT
    world.course.save()
    url = world.course.get_absolute_url()
    assert Client().get(url).status_code == 404
    assert _client(world.organiser.admin).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["anonymous", "kari", "admin_a"])
def test_list_statements_do_not_grow(world: World, persona: str) -> None:
    _kari, kari_user = person_with_account("Kari Nordmann")
    user = {"anonymous": None, "kari": kari_user, "admin_a": world.organiser.admin}[persona]
    url = reverse("training:list")
    one = _count(user, url)
    _more_courses(world, 3)
    assert _count(user, url) == one


@pytest.mark.parametrize("persona", ["admin_a", "platform_admin"])
def test_organised_statements_do_not_grow(world: World, persona: str, platform_admin: Any) -> None:
    user = world.organiser.admin if persona == "admin_a" else platform_admin
    url = reverse("training:organised")
    one = _count(user, url)
    _more_courses(world, 3)
    assert _count(user, url) == one


def test_mine_statements_do_not_grow(world: World) -> None:
    kari, kari_user = person_with_account("Kari Nordmann")
    EnrolmentFactory(course=world.course, person=kari)
    url = reverse("training:mine")
    one = _count(kari_user, url)
    for _ in range(3):
        EnrolmentFactory(course=SessionFactory().course, person=kari)
    assert _count(kari_user, url) == one


@pytest.mark.parametrize("persona", ["anonymous", "kari", "admin_a", "platform_admin"])
def test_course_page_statements_do_not_grow(
    world: World, persona: str, platform_admin: Any
) -> None:
    _kari, kari_user = person_with_account("Kari Nordmann")
    sign_up(world.course, by=fresh(kari_user))
    user = {
        "anonymous": None,
        "kari": kari_user,
        "admin_a": world.organiser.admin,
        "platform_admin": platform_admin,
    }[persona]
    url = world.course.get_absolute_url()
    one = _count(user, url)
    _more_people(world, 3)
    SessionFactory(course=world.course, date=world.sessions[-1].date + datetime.timedelta(7))
    assert _count(user, url) == one


@pytest.mark.parametrize("name", ["participants", "accommodations"])
def test_organiser_pages_statements_do_not_grow(world: World, name: str) -> None:
    url = reverse(f"training:{name}", args=[world.course.pk])
    _more_people(world, 1)
    one = _count(world.organiser.admin, url)
    _more_people(world, 3)
    SessionFactory(course=world.course, date=world.sessions[-1].date + datetime.timedelta(7))
    assert _count(world.organiser.admin, url) == one


def test_attendance_page_statements_do_not_grow(world: World) -> None:
    url = reverse("training:attendance", args=[world.sessions[0].pk])
    _more_people(world, 1)
    one = _count(world.organiser.admin, url)
    _more_people(world, 3)
    assert _count(world.organiser.admin, url) == one


@pytest.mark.parametrize("name", ["participants", "accommodations", "edit", "cancel"])
def test_organiser_pages_are_the_organisers(world: World, name: str, org_b: Any) -> None:
    url = reverse(f"training:{name}", args=[world.course.pk])
    for user in (world.organiser.member, org_b.admin):
        assert _client(user).get(url).status_code == 403


def test_create_keeps_bad_input_and_names_the_fields(world: World) -> None:
    url = reverse("training:create", args=[world.course.organiser_id])
    response = _client(world.organiser.admin).post(
        url, {"title": "Mitt kurs", "capacity": "0", "format": "in_person"}
    )
    assert response.status_code == 422
    assert 'value="Mitt kurs"' in response.text
    assert 'href="#id_capacity"' in response.text
    assert 'href="#id_signup_deadline"' in response.text


def test_create_then_add_a_session_and_publish(world: World) -> None:
    client = _client(world.organiser.admin)
    deadline = timezone.localdate() + datetime.timedelta(days=5)
    response = client.post(
        reverse("training:create", args=[world.course.organiser_id]),
        {
            "title": "Introduksjon til brukerutvalget",
            "description": "For nye medlemmer.",
            "format": "digital",
            "capacity": "20",
            "signup_deadline": deadline.isoformat(),
        },
    )
    course = Course.objects.get(title="Introduksjon til brukerutvalget")
    assert response.status_code == 302
    bad = client.post(
        reverse("training:session_add", args=[course.pk]),
        {
            "date": (deadline + datetime.timedelta(days=2)).isoformat(),
            "starts_at": "18:00",
            "ends_at": "17:00",
            "place": "Teams",
        },
    )
    assert bad.status_code == 422
    assert 'href="#id_ends_at"' in bad.text
    assert 'value="Teams"' in bad.text
    client.post(
        reverse("training:session_add", args=[course.pk]),
        {
            "date": (deadline + datetime.timedelta(days=2)).isoformat(),
            "starts_at": "18:00",
            "ends_at": "20:00",
            "place": "Teams",
        },
    )
    assert client.post(reverse("training:publish", args=[course.pk])).status_code == 302
    course.refresh_from_db()
    assert course.status == CourseStatus.PUBLISHED


def test_sign_up_twice_through_the_page_shows_the_message(world: World) -> None:
    _kari, kari_user = person_with_account("Kari Nordmann")
    client = _client(kari_user)
    url = reverse("training:sign_up", args=[world.course.pk])
    assert client.post(url).status_code == 302
    page = client.get(world.course.get_absolute_url())
    assert "Du er påmeldt dette kurset." in page.text
    assert "Meld meg på" not in page.text


def test_late_cancellation_page_explains(world: World) -> None:
    _kari, kari_user = person_with_account("Kari Nordmann")
    enrolment = sign_up(world.course, by=fresh(kari_user))
    from tests.clock import freeze_time

    with freeze_time(timezone.now() + datetime.timedelta(days=8)):
        response = _client(kari_user).post(
            reverse("training:enrolment_cancel", args=[enrolment.pk])
        )
    assert response.status_code == 422
    assert "Fristen for avmelding gikk ut" in response.text


def test_participant_remove_page(world: World, org_b: Any) -> None:
    _kari, kari_user = person_with_account("Kari Nordmann")
    enrolment = sign_up(world.course, by=fresh(kari_user))
    url = reverse("training:participant_remove", args=[enrolment.pk])
    assert _client(org_b.admin).get(url).status_code == 404
    assert _client(kari_user).get(url).status_code == 404
    assert "Ja, meld av Kari Nordmann" in _client(world.organiser.admin).get(url).text
    response = _client(world.organiser.admin).post(url)
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED
