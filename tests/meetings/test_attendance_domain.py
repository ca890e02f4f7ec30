"""Answers, deputies called in automatically, presence and the accommodation summary."""

from __future__ import annotations

import datetime
import logging
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.attendance import (
    accommodation_summary,
    attendance_counts,
    expected_attendees,
    record_presence,
    respond,
)
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole, MeetingStatus
from medvirk.meetings.models import Attendance
from tests.arenas.conftest import make_person, seat
from tests.conftest import Mailbox
from tests.meetings.attendance_helpers import (
    add_accommodation,
    fresh,
    give_account,
    row,
    started_meeting,
)
from tests.meetings.conftest import MeetingWorld, local_dt, make_meeting

APOLOGIES = AttendanceResponse.APOLOGIES
ATTENDING = AttendanceResponse.ATTENDING


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


# --- Answers ----------------------------------------------------------------------------


def test_member_answers_attending_and_the_row_is_created(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    answer = respond(w.meeting, by=fresh(w.member), response=ATTENDING, note=" Kommer kl. 10.15 ")
    attendance = row(w, w.member_person)
    assert answer.attendance == attendance
    assert attendance.role == AttendanceRole.MEMBER
    assert attendance.membership == w.member_seat
    assert attendance.response == ATTENDING
    assert attendance.response_note == "Kommer kl. 10.15"
    assert attendance.responded_at is not None
    assert answer.deputy is None
    assert mail.outbox == []
    log = ActivityLog.objects.get(action="meetings.attendance.responded")
    assert log.data == {"meeting": w.meeting.pk, "response": "attending", "role": "member"}
    assert "10.15" not in str(log.data)  # the note stays out of the log


def test_apology_calls_in_first_deputy_and_mails_them(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    answer = respond(w.meeting, by=fresh(w.member), response=APOLOGIES, note="Syk")
    member_row = row(w, w.member_person)
    deputy_row = row(w, w.deputy_person)
    assert answer.deputy == deputy_row
    assert answer.no_deputy_available is False
    assert deputy_row.role == AttendanceRole.DEPUTY
    assert deputy_row.substitute_for == member_row
    assert deputy_row.response == AttendanceResponse.PENDING
    assert deputy_row.invited_at is not None
    assert deputy_row.membership is not None
    assert deputy_row.membership.role == MemberRole.DEPUTY
    assert not Attendance.objects.filter(person=w.second_deputy_person).exists()

    [message] = mails_to("vara@example.org")
    local = timezone.localtime(w.meeting.starts_at)
    assert "Brukerutvalget" in message.subject
    assert local.strftime("%d.%m.%Y") in message.subject
    assert "Hei Vera Vara," in message.body
    assert "Mona Medlem har meldt forfall" in message.body
    assert "møter for Mona Medlem" in message.body
    assert "kl. 10:00–13:00" in message.body
    assert "Rådhuset, møterom 2, Storgata 1, 0101 Oslo" in message.body
    assert f"/moter/{w.meeting.pk}/svar/" in message.body
    assert w.meeting.get_absolute_url() in message.body
    assert "Syk" not in message.body  # the member's note is not passed on
    assert len(mail.outbox) == 1
    assert ActivityLog.objects.filter(action="meetings.attendance.deputy_called_in").count() == 1


def test_mail_links_are_absolute(meeting_world: MeetingWorld, settings: Any) -> None:
    settings.SITE_URL = "https://medvirk.example.no/"
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    [message] = mail.outbox
    assert f"https://medvirk.example.no/moter/{w.meeting.pk}/svar/" in message.body
    assert f"https://medvirk.example.no{w.meeting.get_absolute_url()}\n" in message.body


def test_deputy_apology_calls_in_next_deputy_for_the_same_member(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    mail.outbox.clear()
    answer = respond(w.meeting, by=fresh(w.deputy), response=APOLOGIES, note="Bortreist")
    member_row = row(w, w.member_person)
    second = row(w, w.second_deputy_person)
    assert answer.deputy == second
    assert second.substitute_for == member_row
    assert second.role == AttendanceRole.DEPUTY
    first = row(w, w.deputy_person)
    assert first.response == APOLOGIES
    assert first.substitute_for == member_row  # the history is kept
    [message] = mail.outbox
    assert message.to == ["viggo@example.org"]
    assert "Hei Viggo Vara," in message.body
    assert "møter for Mona Medlem" in message.body


def test_no_deputy_available_tells_the_secretariat_and_does_not_fail(
    meeting_world: MeetingWorld, caplog: Any
) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    respond(w.meeting, by=fresh(w.deputy), response=APOLOGIES)
    viggo = give_account(w.second_deputy_person, "viggo@example.org")
    mail.outbox.clear()
    with caplog.at_level(logging.WARNING, logger="medvirk.meetings.domain.attendance"):
        answer = respond(w.meeting, by=fresh(viggo), response=APOLOGIES)
    assert answer.deputy is None
    assert answer.no_deputy_available is True
    assert row(w, w.second_deputy_person).response == APOLOGIES
    [message] = mail.outbox
    assert message.to == ["sekretariat@example.org"]
    assert "Ingen ledig vararepresentant for Mona Medlem" in message.subject
    assert "Ingen vararepresentant er ledig for Mona Medlem til møtet i Brukerutvalget" in (
        message.body
    )
    assert f"/moter/{w.meeting.pk}/oppmote/" in message.body
    assert "No deputy available" in caplog.text
    log = ActivityLog.objects.get(action="meetings.attendance.no_deputy")
    assert log.data == {"meeting": w.meeting.pk, "for_person": w.member_person.pk}
    assert log.organisation == w.service


def test_no_deputy_in_the_arena_at_all(meeting_world: MeetingWorld) -> None:
    w = meeting_world  # the private arena has no deputies
    answer = respond(w.private_meeting, by=fresh(w.member), response=APOLOGIES)
    assert answer.no_deputy_available is True
    assert row(w, w.member_person, w.private_meeting).response == APOLOGIES
    [message] = mail.outbox
    assert message.to == ["sekretariat@example.org"]
    assert "Lukket referansegruppe" in message.subject


def test_answering_apologies_twice_calls_in_one_deputy(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    again = respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    assert again.changed is False
    assert again.deputy is None
    assert Attendance.objects.filter(meeting=w.meeting, role=AttendanceRole.DEPUTY).count() == 1
    assert len(mail.outbox) == 1
    # A changed note is saved but calls in nobody more.
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES, note="Fortsatt syk")
    assert row(w, w.member_person).response_note == "Fortsatt syk"
    assert Attendance.objects.filter(meeting=w.meeting, role=AttendanceRole.DEPUTY).count() == 1
    assert len(mail.outbox) == 1


def test_deputies_already_called_in_are_skipped(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    sigurd = give_account(w.second_member_person, "sigurd@example.org")
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    answer = respond(w.meeting, by=fresh(sigurd), response=APOLOGIES)
    assert answer.deputy is not None
    assert answer.deputy.person == w.second_deputy_person
    assert answer.deputy.substitute_for == row(w, w.second_member_person)
    assert row(w, w.deputy_person).substitute_for == row(w, w.member_person)
    assert [m.to for m in mail.outbox] == [["vara@example.org"], ["viggo@example.org"]]


def test_deputy_ranks_decide_and_ended_deputies_are_skipped(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    # Vera's seat has ended; a new rank-0 deputy starts after the meeting.
    vera_seat = w.deputy_person.memberships.get()
    vera_seat.ended_on = timezone.localdate()
    vera_seat.save(update_fields=["ended_on"])
    later = make_person("Lars Senere", email="lars@example.org")
    seat(
        w.public_arena,
        later,
        MemberRole.DEPUTY,
        rank=0,
        starts_on=w.meeting.local_date + datetime.timedelta(days=1),
    )
    answer = respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    assert answer.deputy is not None
    assert answer.deputy.person == w.second_deputy_person


def test_member_coming_after_all_releases_the_deputy(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    mail.outbox.clear()
    answer = respond(w.meeting, by=fresh(w.member), response=ATTENDING)
    deputy_row = row(w, w.deputy_person)
    assert answer.released == [deputy_row]
    assert deputy_row.substitute_for is None  # kept, but no longer standing in
    assert deputy_row.role == AttendanceRole.DEPUTY
    [message] = mail.outbox
    assert message.to == ["vara@example.org"]
    assert "trengs likevel ikke" in message.subject
    assert "Mona Medlem kan likevel komme" in message.body
    assert ActivityLog.objects.filter(action="meetings.attendance.deputy_released").count() == 1
    # The released deputy may still answer; apologies from them call in nobody.
    after = respond(w.meeting, by=fresh(w.deputy), response=APOLOGIES)
    assert after.deputy is None and after.no_deputy_available is False
    assert not Attendance.objects.filter(person=w.second_deputy_person).exists()


def test_member_apologising_again_gets_the_released_deputy_back(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    respond(w.meeting, by=fresh(w.deputy), response=ATTENDING)
    respond(w.meeting, by=fresh(w.member), response=ATTENDING)
    mail.outbox.clear()
    answer = respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    deputy_row = row(w, w.deputy_person)
    assert answer.deputy == deputy_row
    assert deputy_row.substitute_for == row(w, w.member_person)
    assert deputy_row.response == AttendanceResponse.PENDING  # asked again
    assert [m.to for m in mail.outbox] == [["vara@example.org"]]
    assert Attendance.objects.filter(meeting=w.meeting).count() == 2


def test_a_person_without_a_seat_is_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    outsider = give_account(make_person("Olga Utenfor"), "olga@example.org")
    with pytest.raises(PermissionDenied):
        respond(w.meeting, by=fresh(outsider), response=ATTENDING)
    # A member whose seat ends before the meeting date is refused too.
    w.member_seat.ends_on = w.meeting.local_date - datetime.timedelta(days=1)
    w.member_seat.save(update_fields=["ends_on"])
    with pytest.raises(PermissionDenied):
        respond(w.meeting, by=fresh(w.member), response=ATTENDING)
    assert not Attendance.objects.exists()
    # A deputy whose seat ends before the meeting date is refused too (a current deputy
    # not called in answers whether they are available: test_deputy_availability.py).
    deputy_seat = w.deputy_person.memberships.get(arena=w.public_arena)
    deputy_seat.ends_on = w.meeting.local_date - datetime.timedelta(days=1)
    deputy_seat.save(update_fields=["ends_on"])
    with pytest.raises(PermissionDenied):
        respond(w.meeting, by=fresh(w.deputy), response=ATTENDING)
    assert not Attendance.objects.exists()


def test_bad_answer_is_refused_with_field_errors(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    with pytest.raises(ValidationError) as error:
        respond(w.meeting, by=fresh(w.member), response="kanskje", note="x" * 501)
    assert set(error.value.message_dict) == {"response", "note"}
    assert "Velg om du kommer eller melder forfall." in error.value.message_dict["response"]
    assert not Attendance.objects.exists()


def test_answering_after_the_start_is_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    with pytest.raises(ValidationError) as error:
        respond(meeting, by=fresh(w.member), response=APOLOGIES)
    assert "Møtet har startet" in error.value.messages[0]
    assert not Attendance.objects.filter(meeting=meeting).exists()
    assert mail.outbox == []


def test_answering_a_cancelled_meeting_is_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    w.meeting.status = MeetingStatus.CANCELLED
    w.meeting.save(update_fields=["status"])
    with pytest.raises(ValidationError) as error:
        respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    assert "avlyst" in error.value.messages[0]


def next_clock_change_sunday(after: datetime.date) -> datetime.date:
    """The next last Sunday of March or October (Europe/Oslo changes clocks then)."""
    day = after + datetime.timedelta(days=1)
    while True:
        if (
            day.month in (3, 10)
            and day.weekday() == 6
            and (day + datetime.timedelta(7)).month != (day.month)
        ):
            return day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("which", ["ordinary", "clock_change"])
def test_seat_current_on_the_local_date_of_a_meeting_just_after_midnight(
    meeting_world: MeetingWorld, which: str
) -> None:
    w = meeting_world
    today = timezone.localdate()
    day = today + datetime.timedelta(days=10)
    if which == "clock_change":
        day = next_clock_change_sunday(today)
    meeting = make_meeting(
        w.public_arena, day, starts_at=local_dt(day, 0, 30), ends_at=local_dt(day, 2, 30)
    )
    assert meeting.starts_at.astimezone(datetime.UTC).date() == day - datetime.timedelta(days=1)
    # Starts on the meeting date: a seat holder. Ends the day before: not one.
    newcomer_person = make_person("Nina Ny", email="nina@example.org")
    newcomer = give_account(newcomer_person, "nina@example.org")
    seat(w.public_arena, newcomer_person, starts_on=day, ends_on=day + datetime.timedelta(days=400))
    leaver_person = make_person("Leif Går", email="leif@example.org")
    leaver = give_account(leaver_person, "leif@example.org")
    seat(
        w.public_arena,
        leaver_person,
        starts_on=today - datetime.timedelta(days=30),
        ends_on=day - datetime.timedelta(days=1),
    )
    expected = {m.person.name for m in expected_attendees(meeting)}
    assert "Nina Ny" in expected
    assert "Leif Går" not in expected
    respond(meeting, by=fresh(newcomer), response=ATTENDING)
    assert row(w, newcomer_person, meeting).response == ATTENDING
    with pytest.raises(PermissionDenied):
        respond(meeting, by=fresh(leaver), response=ATTENDING)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_answer_locks_the_meeting_row(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    with CaptureQueriesContext(connection) as queries:
        respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    assert any(
        "FOR UPDATE" in q["sql"] and "meetings_meeting" in q["sql"]
        for q in queries.captured_queries
    )


# --- Presence ------------------------------------------------------------------------------


def test_presence_before_the_start_is_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    with pytest.raises(ValidationError) as error:
        record_presence(w.meeting, by=fresh(w.secretariat), present_person_ids={w.member_person.pk})
    assert error.value.message_dict["present"] == [
        "Oppmøte kan registreres først når møtet har startet."
    ]
    assert not Attendance.objects.exists()


def test_presence_is_recorded_for_seat_holders_and_called_in_deputies(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    member_row = Attendance.objects.create(
        meeting=meeting,
        person=w.member_person,
        role=AttendanceRole.MEMBER,
        membership=w.member_seat,
        response=APOLOGIES,
    )
    Attendance.objects.create(
        meeting=meeting,
        person=w.deputy_person,
        role=AttendanceRole.DEPUTY,
        substitute_for=member_row,
        response=ATTENDING,
    )
    record_presence(
        meeting,
        by=fresh(w.secretariat),
        present_person_ids={w.deputy_person.pk, w.second_member_person.pk},
    )
    present = dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__name", "present")
    )
    assert present == {"Mona Medlem": False, "Vera Vara": True, "Sigurd Sekundær": True}
    created = row(w, w.second_member_person, meeting)
    assert created.role == AttendanceRole.MEMBER
    assert created.response == AttendanceResponse.PENDING
    # Recording again changes the marks, not the rows.
    record_presence(meeting, by=fresh(w.secretariat), present_person_ids={w.member_person.pk})
    present = dict(
        Attendance.objects.filter(meeting=meeting).values_list("person__name", "present")
    )
    assert present == {"Mona Medlem": True, "Vera Vara": False, "Sigurd Sekundær": False}
    log = (
        ActivityLog.objects.filter(action="meetings.attendance.presence_recorded")
        .order_by("pk")
        .last()
    )
    assert log is not None and log.data["present"] == [w.member_person.pk]


def test_presence_for_someone_not_on_the_list_is_refused(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    meeting = started_meeting(w.public_arena)
    stranger = make_person("Sara Fremmed")
    with pytest.raises(ValidationError) as error:
        record_presence(meeting, by=fresh(w.secretariat), present_person_ids={stranger.pk})
    assert "present" in error.value.message_dict
    assert not Attendance.objects.filter(meeting=meeting).exists()


# --- Counts ------------------------------------------------------------------------------


def test_counts(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    assert attendance_counts(w.meeting) == {
        "attending": 0,
        "apologies": 0,
        "pending": 2,
        "deputies": 0,
    }
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    respond(w.meeting, by=fresh(w.deputy), response=ATTENDING)
    assert attendance_counts(w.meeting) == {
        "attending": 1,
        "apologies": 1,
        "pending": 1,
        "deputies": 1,
    }


# --- Accommodation summary -------------------------------------------------------------------


def test_accommodation_summary_lists_expected_people_and_logs_the_read(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    add_accommodation(w.member_person, "Rullestol – HEMMELIG-1")
    add_accommodation(w.second_member_person, "Tolk – HEMMELIG-2")
    add_accommodation(w.deputy_person, "Teleslynge – HEMMELIG-3")
    add_accommodation(w.second_deputy_person, "Pauser – HEMMELIG-4")
    # Mona apologises; Vera is called in. Viggo is not called in.
    respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    summary = accommodation_summary(w.meeting, by=fresh(w.secretariat))
    assert [(person.name, needs) for person, needs in summary] == [
        ("Sigurd Sekundær", "Tolk – HEMMELIG-2"),
        ("Vera Vara", "Teleslynge – HEMMELIG-3"),
    ]
    log = ActivityLog.objects.get(action="meetings.accommodation.viewed")
    assert log.actor == w.secretariat
    assert log.organisation == w.service
    assert log.data == {
        "meeting": w.meeting.pk,
        "people": [w.second_member_person.pk, w.deputy_person.pk],
    }
    assert "HEMMELIG" not in str(log.data) + log.object_repr


def test_accommodation_summary_empty_is_still_logged(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    assert accommodation_summary(w.meeting, by=fresh(w.secretariat)) == []
    assert ActivityLog.objects.filter(action="meetings.accommodation.viewed").count() == 1


def test_deputy_invitation_arrives_over_smtp(
    meeting_world: MeetingWorld, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    w = meeting_world
    with django_capture_on_commit_callbacks(execute=True):
        respond(w.meeting, by=fresh(w.member), response=APOLOGIES)
    [message] = smtp_server.to("vara@example.org")
    assert "Du er kalt inn som vararepresentant: Brukerutvalget" in str(message["Subject"])
    text = Mailbox.text(message).replace("\r\n", "\n")
    assert "Mona Medlem har meldt forfall" in text
    assert f"/moter/{w.meeting.pk}/svar/" in text
    assert len(smtp_server.messages) == 1


def test_a_meeting_read_is_on_each_person_read(meeting_world: MeetingWorld) -> None:
    """The person finds the read among their own (people.accommodation.read on them)."""
    w = meeting_world
    add_accommodation(w.second_member_person, "Tolk – HEMMELIG-2")

    accommodation_summary(w.meeting, by=fresh(w.secretariat))

    entry = ActivityLog.objects.get(
        action="people.accommodation.read", object_id=str(w.second_member_person.pk)
    )
    assert entry.actor == w.secretariat
    assert entry.organisation == w.service
    assert entry.data == {"as": "secretariat", "about": str(w.meeting), "meeting": w.meeting.pk}
    assert ActivityLog.objects.filter(action="people.accommodation.read").count() == 1
