"""A representative's load: seats, meeting hours per month, clashes and terms ending
(meetings/load.py), and the page that shows it (start/views_load.py) to the person, the
organisation's admins and the secretariat where the person sits, and no one else."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import MemberRole
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.load import load_of
from medvirk.onboarding.domain.checklists import ensure_member_checklists
from medvirk.training.enums import CourseFormat, CourseStatus, EnrolmentStatus
from medvirk.training.models import Course as TrainingCourse
from medvirk.training.models import Enrolment
from tests.arenas.conftest import make_person, seat
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory
from tests.factories.people import ArenaFactory
from tests.meetings.conftest import local_dt, make_meeting


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    today = timezone.localdate()
    service = ServiceFactory(name="Kommunen")
    other = ServiceFactory(name="Sykehuset")
    council = ArenaFactory(owner=service, name="Eldrerådet")
    committee = ArenaFactory(owner=other, name="Brukerutvalget")
    deputy_arena = ArenaFactory(owner=service, name="Ungdomsrådet")
    organisation = OrganisationFactory(name="Pensjonistforbundet")
    user = UserFactory(email="kari@example.org")
    person = make_person("Kari Nordmann", organisation=organisation, user=user)
    seat(council, person, MemberRole.CHAIR, ends_on=today + datetime.timedelta(days=60))
    seat(committee, person)
    seat(deputy_arena, person, MemberRole.DEPUTY, rank=1)
    day = today + datetime.timedelta(days=10)
    # The council 10-13 and the committee 12-14 on the same day: a clash.
    make_meeting(council, day)
    make_meeting(committee, day, starts_at=local_dt(day, 12), ends_at=local_dt(day, 14))
    # Not counted: a cancelled meeting, a deputy's meeting, a meeting after the window.
    make_meeting(council, day + datetime.timedelta(days=7), status=MeetingStatus.CANCELLED)
    make_meeting(deputy_arena, day + datetime.timedelta(days=1))
    make_meeting(council, today + datetime.timedelta(days=400))
    return {
        "today": today,
        "day": day,
        "person": person,
        "user": user,
        "service": service,
        "organisation": organisation,
        "council": council,
    }


def test_hours_per_month_clashes_and_terms_ending(world: dict[str, Any]) -> None:
    load = load_of(world["person"])

    assert len(load.months) == 12
    assert load.months[0][0] == world["today"].replace(day=1)
    month = world["day"].replace(day=1)
    assert dict(load.months)[month] == 5.0  # 3 hours in the council, 2 in the committee
    assert load.hours == 5.0 and load.meetings == 2
    [clash] = load.clashes
    assert {clash.first.arena.name, clash.second.arena.name} == {"Eldrerådet", "Brukerutvalget"}
    assert [seat.arena.name for seat in load.ending] == ["Eldrerådet"]
    assert len(load.seats) == 3  # the deputy's seat is a seat, without hours


def test_a_meeting_after_the_seat_ended_counts_no_hours(world: dict[str, Any]) -> None:
    world["person"].memberships.filter(arena=world["council"]).update(
        ended_on=world["today"] - datetime.timedelta(days=1)
    )

    load = load_of(world["person"])

    assert load.meetings == 1 and load.clashes == []
    assert load.ending == [] and len(load.seats) == 2


def test_nothing_to_carry(db: Any) -> None:
    load = load_of(make_person("Ny Representant"))

    assert (load.seats, load.clashes, load.ending, load.meetings) == ([], [], [], 0)
    assert load.hours == 0


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [("self", 200), ("org_admin", 200), ("secretariat", 200), ("outsider", 403)],
)
def test_who_sees_the_load(world: dict[str, Any], who: str, status: int) -> None:
    users = {"self": world["user"], "outsider": UserFactory(email="ute@example.org")}
    if who == "org_admin":
        users[who] = UserFactory(email="admin@example.org")
        RoleFactory(user=users[who], organisation=world["organisation"], role=RoleKind.ADMIN)
    if who == "secretariat":
        users[who] = UserFactory(email="sekr@example.org")
        RoleFactory(user=users[who], organisation=world["service"], role=RoleKind.SECRETARIAT)
        enable_totp(users[who])  # the secretariat signs in with a second factor

    response = _client(users[who]).get(f"/personer/{world['person'].pk}/belastning/")

    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "Eldrerådet og Brukerutvalget har møte samtidig" in page
        assert "Møtetimer per måned" in page and 'role="img"' in page


def test_anonymous_goes_to_the_login_page(world: dict[str, Any]) -> None:
    response = Client().get(f"/personer/{world['person'].pk}/belastning/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_my_load_from_the_start_page(world: dict[str, Any]) -> None:
    client = _client(world["user"])
    start = client.get("/konto/min-side/").content.decode()
    assert 'href="/personer/min-belastning/"' in start

    page = client.get("/personer/min-belastning/").content.decode()

    assert "Verv og belastning for Kari Nordmann" in page


def test_my_load_without_a_profile_says_why(db: Any) -> None:
    response = _client(UserFactory(email="ansatt@example.org")).get("/personer/min-belastning/")

    assert response.status_code == 404
    assert "ikke knyttet til en representantprofil" in response.content.decode()


def _statements(world: dict[str, Any], extra: int) -> int:
    today = world["today"]
    for number in range(extra):
        arena = ArenaFactory(owner=world["service"], name=f"Råd {number}")
        seat(arena, world["person"])
        for week in range(3):
            make_meeting(arena, today + datetime.timedelta(days=20 + 7 * week + number))
    client = _client(world["user"])
    url = f"/personer/{world['person'].pk}/belastning/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_load_page_statements_are_constant_in_seats_and_meetings(
    world: dict[str, Any],
) -> None:
    first = _statements(world, 0)
    assert _statements(world, 4) == first


def test_the_onboarding_checklists_of_new_seats_show_how_far_they_got(
    world: dict[str, Any],
) -> None:
    new_seats = list(world["person"].memberships.all())
    ensure_member_checklists(new_seats)

    page = _client(world["user"]).get(f"/personer/{world['person'].pk}/belastning/")

    body = page.content.decode()
    assert "Oppstart i nye verv" in body
    assert "punkter gjenstår" in body
    outsider_view = _client(UserFactory(email="x@example.org")).get(
        f"/personer/{world['person'].pk}/belastning/"
    )
    assert outsider_view.status_code == 403


def test_the_courses_the_person_is_signed_up_for(world: dict[str, Any]) -> None:
    course = TrainingCourse.objects.create(
        organiser=world["organisation"],
        title="Grunnkurs for brukerrepresentanter",
        description="Kurset",
        format=CourseFormat.DIGITAL,
        capacity=10,
        signup_deadline=world["today"] + datetime.timedelta(days=7),
        status=CourseStatus.PUBLISHED,
    )
    Enrolment.objects.create(
        course=course,
        person=world["person"],
        status=EnrolmentStatus.WAITING,
        signed_up_at=timezone.now(),
    )

    body = _client(world["user"]).get("/personer/min-belastning/").content.decode()

    assert "Grunnkurs for brukerrepresentanter" in body
    assert "På venteliste" in body
