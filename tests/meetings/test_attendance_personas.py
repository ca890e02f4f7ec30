"""Persona matrix for attendance: every view, the meeting-page section and every domain
function, for every persona, including the tenant boundary (another service's
secretariat) and the health-data rule (platform admins never see accommodation needs).

Platform admins pass ``meetings.manage`` like every other Django permission checked
with ``user.has_perm`` (superuser); only the accommodation summary uses
``rules.has_perm`` so that they do not.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.attendance import accommodation_summary, record_presence, respond
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole
from medvirk.meetings.models import Attendance
from tests.meetings.attendance_helpers import (
    add_accommodation,
    fresh,
    render_section,
    started_meeting,
)
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld

# Platform admins do not run meetings (docs/decisions.md, "Meetings: who sees what").
MANAGERS = {"secretariat"}
NEEDS = "Trenger ledsager – HEMMELIG-BEHOV"


def login_redirect(response: object) -> bool:
    return getattr(response, "status_code", 0) == 302 and "/konto/" in response["Location"]  # type: ignore[index]


# --- Views -----------------------------------------------------------------------------------

RESPOND_PAGE = {
    "anonymous": 302,
    "member": 200,
    "deputy": 200,  # not called in: says whether they are available
    "admin_a": 403,
    "admin_b": 403,
    "secretariat": 403,
    "other_secretariat": 403,
    "platform_admin": 403,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_respond_page_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    response = w.client(persona).get(reverse("meetings:respond", args=[w.meeting.pk]))
    assert response.status_code == RESPOND_PAGE[persona]
    if persona == "anonymous":
        assert login_redirect(response)
    if response.status_code == 200:
        answer = "Jeg kan ikke stille" if persona == "deputy" else "Jeg melder forfall"
        assert answer in response.content.decode()


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_respond_post_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    response = w.client(persona).post(
        reverse("meetings:respond", args=[w.meeting.pk]), {"response": "apologies"}
    )
    expected = 302 if persona in ("anonymous", "member", "deputy") else RESPOND_PAGE[persona]
    assert response.status_code == expected
    answered = set(Attendance.objects.values_list("person__name", "role"))
    if persona == "member":
        assert response["Location"] == w.meeting.get_absolute_url()
        assert answered == {("Mona Medlem", "member"), ("Vera Vara", "deputy")}
    elif persona == "deputy":
        # Not available: recorded, nobody called in.
        assert response["Location"] == w.meeting.get_absolute_url()
        assert answered == {("Vera Vara", "deputy")}
    else:
        assert answered == set()


PRIVATE_RESPOND = {
    "anonymous": 302,
    "member": 200,
    "deputy": 404,  # no seat in the private arena
    "admin_a": 404,
    "admin_b": 404,
    "secretariat": 403,  # may see the arena, but has no seat
    "other_secretariat": 404,
    "platform_admin": 403,
}


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_respond_page_in_a_private_arena(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    response = w.client(persona).get(reverse("meetings:respond", args=[w.private_meeting.pk]))
    assert response.status_code == PRIVATE_RESPOND[persona]


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_attendance_page_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES, note="PRIVAT")
    response = w.client(persona).get(reverse("meetings:attendance", args=[w.meeting.pk]))
    html = response.content.decode()
    if persona == "anonymous":
        assert login_redirect(response)
    elif persona in MANAGERS:
        assert response.status_code == 200
        assert "Mona Medlem" in html and "PRIVAT" in html
        # The accommodation link only for the owner's secretariat.
        assert ("Se behov for tilrettelegging" in html) is (persona == "secretariat")
    else:
        assert response.status_code == 403
        assert "PRIVAT" not in html


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_recording_presence_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    response = w.client(persona).post(
        reverse("meetings:attendance", args=[meeting.pk]), {"present": [w.member_person.pk]}
    )
    present = list(Attendance.objects.filter(meeting=meeting, present=True).values_list("person"))
    if persona in MANAGERS:
        assert response.status_code == 302
        assert present == [(w.member_person.pk,)]
    else:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        assert present == []


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_accommodation_page_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    add_accommodation(w.member_person, NEEDS)
    response = w.client(persona).get(reverse("meetings:accommodations", args=[w.meeting.pk]))
    reads = ActivityLog.objects.filter(action="meetings.accommodation.viewed").count()
    if persona == "anonymous":
        assert login_redirect(response)
    elif persona == "secretariat":
        assert response.status_code == 200
        assert NEEDS in response.content.decode()
    else:
        # Not even the platform admin: health data belong to the owner's secretariat.
        assert response.status_code == 404
        assert NEEDS not in response.content.decode()
    assert reads == (1 if persona == "secretariat" else 0)


# --- The section on the meeting page --------------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_section_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    html = render_section(w.users[persona], w.meeting)
    has_form = "Jeg melder forfall" in html
    has_counts = "Svar fra medlemmene" in html
    assert has_form is (persona == "member")
    assert ("Jeg kan ikke stille" in html) is (persona == "deputy")
    assert has_counts is (persona in MANAGERS)
    assert ("/tilrettelegging/" in html) is (persona == "secretariat")
    if persona not in MANAGERS and persona not in ("member", "deputy"):
        assert html.strip() == ""


def test_section_for_a_called_in_deputy(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    html = render_section(w.deputy, w.meeting)
    assert "Du er kalt inn som vararepresentant for <strong>Mona Medlem</strong>." in html
    assert "Jeg kommer" in html


# --- Domain functions -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_respond_domain_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    user = fresh(w.users[persona])
    if persona == "member":
        answer = respond(w.meeting, by=user, response=AttendanceResponse.ATTENDING)
        assert answer.attendance.person == w.member_person
    elif persona == "deputy":
        # Not called in: the answer says the deputy is available, and stands by.
        answer = respond(w.meeting, by=user, response=AttendanceResponse.ATTENDING)
        assert answer.attendance.person == w.deputy_person
        assert answer.attendance.role == AttendanceRole.DEPUTY
        assert answer.attendance.substitute_for is None
    else:
        with pytest.raises(PermissionDenied):
            respond(w.meeting, by=user, response=AttendanceResponse.ATTENDING)
        assert not Attendance.objects.exists()


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_respond_domain_matrix_for_a_called_in_deputy(
    meeting_world: MeetingWorld, persona: str
) -> None:
    """Once called in, the deputy may answer; the others still may not."""
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    user = fresh(w.users[persona])
    if persona in ("member", "deputy"):
        respond(w.meeting, by=user, response=AttendanceResponse.ATTENDING)
    else:
        with pytest.raises(PermissionDenied):
            respond(w.meeting, by=user, response=AttendanceResponse.ATTENDING)
    assert Attendance.objects.filter(meeting=w.meeting).count() == 2


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_record_presence_domain_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    user = fresh(w.users[persona])
    if persona in MANAGERS:
        record_presence(meeting, by=user, present_person_ids={w.member_person.pk})
        assert Attendance.objects.filter(meeting=meeting).count() == 2
    else:
        with pytest.raises(PermissionDenied):
            record_presence(meeting, by=user, present_person_ids={w.member_person.pk})
        assert not Attendance.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_accommodation_summary_domain_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    w = meeting_world
    add_accommodation(w.member_person, NEEDS)
    user = fresh(w.users[persona])
    if persona == "secretariat":
        assert accommodation_summary(w.meeting, by=user) == [(w.member_person, NEEDS)]
    else:
        with pytest.raises(PermissionDenied):
            accommodation_summary(w.meeting, by=user)
    reads = ActivityLog.objects.filter(action="meetings.accommodation.viewed").count()
    assert reads == (1 if persona == "secretariat" else 0)
