"""Attendance pages: answering, the attendance list, the accommodation summary, the
section on the meeting page; bad input and query counts."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.attendance import respond
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole
from medvirk.meetings.models import Attendance, Meeting
from tests.meetings.attendance_helpers import (
    add_accommodation,
    add_members,
    fresh,
    render_section,
    row,
    started_meeting,
)
from tests.meetings.conftest import MeetingWorld


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- Answering ------------------------------------------------------------------------------


def test_respond_page_shows_the_form_and_current_answer(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    response = w.client("member").get(url("respond", w.meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jeg kommer" in html and "Jeg melder forfall" in html
    assert "Svaret ditt nå:" in html and "Ikke svart" in html
    assert 'name="response" value="apologies"' in html
    assert html.count("<h1") == 1


def test_posting_apologies_redirects_to_the_meeting_with_a_message(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    response = w.client("member").post(
        url("respond", w.meeting), {"response": "apologies", "note": "Syk"}, follow=True
    )
    assert response.redirect_chain[-1][0] == w.meeting.get_absolute_url()
    texts = messages_of(response)
    assert "Forfallet ditt er registrert." in texts
    assert "Vera Vara er kalt inn som vararepresentant og har fått e-post." in texts
    assert row(w, w.member_person).response == AttendanceResponse.APOLOGIES
    assert row(w, w.member_person).response_note == "Syk"
    assert [m.to for m in mail.outbox] == [["vara@example.org"]]


def test_no_deputy_available_message_says_the_secretariat_knows(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    response = w.client("member").post(
        url("respond", w.private_meeting), {"response": "apologies"}, follow=True
    )
    assert response.status_code == 200
    assert "Ingen vararepresentant var ledig. Sekretariatet har fått beskjed." in messages_of(
        response
    )
    assert [m.to for m in mail.outbox] == [["sekretariat@example.org"]]


def test_called_in_deputy_sees_whom_they_meet_for_and_can_answer(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    client = w.client("deputy")
    page = client.get(url("respond", w.meeting)).content.decode()
    assert "Du er kalt inn som vararepresentant for <strong>Mona Medlem</strong>." in page
    response = client.post(url("respond", w.meeting), {"response": "attending"}, follow=True)
    assert "Svaret ditt er registrert: du kommer på møtet." in messages_of(response)
    assert row(w, w.deputy_person).response == AttendanceResponse.ATTENDING


def test_respond_with_no_answer_is_422_and_keeps_the_note(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    response = w.client("member").post(
        url("respond", w.meeting), {"response": "kanskje", "note": "Kommer kanskje sent"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert "Velg om du kommer eller melder forfall." in html
    assert 'href="#answer_response"' in html and 'id="answer_response"' in html
    assert "Kommer kanskje sent</textarea>" in html
    assert not Attendance.objects.exists()


def test_respond_with_too_long_note_is_422_and_keeps_it(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    note = "Lang merknad " + "x" * 500
    response = w.client("member").post(
        url("respond", w.meeting), {"response": "attending", "note": note}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Merknaden kan være høyst 500 tegn (nå 513)." in html
    assert f"{note}</textarea>" in html
    assert 'aria-invalid="true"' in html


def test_respond_after_start_is_422_with_message(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    client = w.client("member")
    page = client.get(url("respond", meeting)).content.decode()
    assert "Møtet har startet, så svaret kan ikke endres her." in page
    assert 'value="apologies"' not in page
    response = client.post(url("respond", meeting), {"response": "apologies"})
    assert response.status_code == 422
    assert "Møtet har startet. Svar kan ikke endres nå; kontakt sekretariatet." in (
        response.content.decode()
    )
    assert not Attendance.objects.filter(meeting=meeting).exists()


# --- Attendance list --------------------------------------------------------------------------


def test_attendance_list_shows_answers_notes_and_deputies(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES, note="På kurs")
    response = w.client("secretariat").get(url("attendance", w.meeting))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Mona Medlem", "Sigurd Sekundær", "Vera Vara", "På kurs", "Meldt forfall"):
        assert text in html
    # The table names its region by its caption (table_region gives the caption an id).
    assert re.search(r"<caption[^>]*>Oppmøteliste for", html)
    # Vera meets for Mona; Viggo was not called in and is not listed.
    vera = html.split('<th scope="row">Vera Vara</th>')[1].split("</tr>")[0]
    assert "Mona Medlem" in vera and "Vararepresentant" in vera
    assert "Viggo Vara" not in html
    assert 'name="present"' not in html  # not started
    assert "Når møtet har startet, kan du krysse av" in html
    assert "Se behov for tilrettelegging" in html


def test_attendance_list_empty_state(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    from medvirk.arenas.models import Membership

    Membership.objects.filter(arena=w.private_arena).delete()
    html = w.client("secretariat").get(url("attendance", w.private_meeting)).content.decode()
    assert "Arenaen har ingen medlemmer på møtedatoen." in html
    assert "Legg til medlemmer på arenasiden." in html


def test_recording_presence_after_start(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    client = w.client("secretariat")
    page = client.get(url("attendance", meeting)).content.decode()
    assert f'id="present-{w.member_person.pk}"' in page
    assert (
        f'<label class="ds-label" data-weight="regular" for="present-{w.member_person.pk}">' in page
    )
    response = client.post(
        url("attendance", meeting), {"present": [w.member_person.pk]}, follow=True
    )
    assert "Oppmøtet er lagret." in messages_of(response)
    assert row(w, w.member_person, meeting).present is True
    assert row(w, w.second_member_person, meeting).present is False
    html = response.content.decode()
    assert f'id="present-{w.member_person.pk}" checked' in html
    assert f'id="present-{w.second_member_person.pk}" checked' not in html


def test_presence_for_unknown_person_is_422_and_keeps_ticks(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    response = w.client("secretariat").post(
        url("attendance", meeting), {"present": [w.member_person.pk, 999999]}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Velg bare personer som står på oppmøtelisten for møtet." in html
    assert "Skjemaet har feil som må rettes" in html
    assert f'id="present-{w.member_person.pk}" checked' in html
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_presence_before_start_is_422_with_message(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    response = w.client("secretariat").post(
        url("attendance", w.meeting), {"present": [w.member_person.pk]}
    )
    assert response.status_code == 422
    assert "Oppmøte kan registreres først når møtet har startet." in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_list_queries_do_not_grow_with_members(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    client = w.client("secretariat")
    meeting = started_meeting(w.public_arena)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("attendance", meeting))
        assert response.status_code == 200
        return len(queries)

    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    few = count()
    seats = add_members(w.public_arena, 30)
    for membership in seats[:10]:
        Attendance.objects.create(
            meeting=meeting,
            person=membership.person,
            membership=membership,
            role=AttendanceRole.MEMBER,
            response=AttendanceResponse.APOLOGIES,
            response_note="Forfall",
        )
    Attendance.objects.create(
        meeting=meeting,
        person=w.deputy_person,
        role=AttendanceRole.DEPUTY,
        substitute_for=Attendance.objects.filter(meeting=meeting).first(),
    )
    many = count()
    assert many == few
    assert "Ekstra Medlem 29" in client.get(url("attendance", meeting)).content.decode()


# --- Accommodation summary ------------------------------------------------------------------


def test_accommodation_page_for_the_secretariat_says_confidential_and_logged(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    add_accommodation(w.member_person, "Trenger tegnspråktolk\nog pauser")
    response = w.client("secretariat").get(url("accommodations", w.meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dette er helseopplysninger, og de er taushetsbelagte." in html
    assert "blir det logget" in html
    assert "Mona Medlem" in html and "Trenger tegnspråktolk\nog pauser" in html
    assert "no-store" in response["Cache-Control"]
    assert ActivityLog.objects.filter(action="meetings.accommodation.viewed").count() == 1


def test_accommodation_page_empty_state(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    html = w.client("secretariat").get(url("accommodations", w.meeting)).content.decode()
    assert "Ingen av dem som er ventet på møtet, har registrert behov for tilrettelegging." in html


def test_accommodation_page_queries_do_not_grow(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    client = w.client("secretariat")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("accommodations", w.meeting)).status_code == 200
        return len(queries)

    add_accommodation(w.member_person, "Behov 1")
    few = count()
    for membership in add_members(w.public_arena, 30):
        add_accommodation(membership.person, "Behov")
    assert count() == few


# --- The section on the meeting page ------------------------------------------------------------


def test_section_for_a_member_has_the_answer_form(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    html = render_section(w.member, w.meeting)
    assert f'action="/moter/{w.meeting.pk}/svar/"' in html
    assert "Jeg kommer" in html and "Jeg melder forfall" in html
    assert "Svar fra medlemmene" not in html


def test_section_for_the_secretariat_has_counts_and_links(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    html = render_section(w.secretariat, w.meeting)
    assert "Svar fra medlemmene" in html
    assert "<dt>Meldt forfall</dt><dd>1</dd>" in html
    assert "<dt>Ikke svart</dt><dd>2</dd>" in html
    assert "<dt>Vararepresentanter kalt inn</dt><dd>1</dd>" in html
    assert url("attendance", w.meeting) in html
    assert url("accommodations", w.meeting) in html
    assert "Jeg kommer" not in html


def test_section_on_the_meeting_page(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    html = w.client("member").get(w.meeting.get_absolute_url()).content.decode()
    assert 'id="attendance-heading"' in html
    assert "Jeg melder forfall" in html


def test_section_queries_do_not_grow_with_members(meeting_world: MeetingWorld) -> None:
    w = meeting_world

    def count(user: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            render_section(user, w.meeting)
        return len(queries)

    few = {persona: count(w.users[persona]) for persona in ("member", "secretariat")}
    for membership in add_members(w.public_arena, 30)[:15]:
        Attendance.objects.create(
            meeting=w.meeting,
            person=membership.person,
            membership=membership,
            role=AttendanceRole.MEMBER,
            response=AttendanceResponse.ATTENDING,
        )
    many = {persona: count(w.users[persona]) for persona in ("member", "secretariat")}
    assert many == few
    assert "<dt>Kommer</dt><dd>15</dd>" in render_section(w.secretariat, w.meeting)
