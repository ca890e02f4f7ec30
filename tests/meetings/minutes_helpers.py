"""Builders for the minutes tests: a meeting that has taken place, with a public and a
closed item, a published agenda and recorded attendance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from medvirk.arenas.models import Arena
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.minutes import approve_minutes, save_entries, start_minutes
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole, ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from tests.meetings.conftest import MeetingWorld, make_meeting

OPEN_TITLE = "Universell utforming av bussholdeplasser"
CLOSED_TITLE = "Klage fra en bruker på hjemmetjenesten"
OPEN_TEXT = "<p>Rådet anbefaler lavere kantstein ved alle holdeplasser.</p>"
CLOSED_TEXT = "<p>Rådet ber om at klagen fra Hemmelighetsveien behandles på nytt.</p>"


@dataclass
class Past:
    meeting: Meeting
    open_item: AgendaItem
    closed_item: AgendaItem


def past_meeting(
    w: MeetingWorld,
    *,
    arena: Arena | None = None,
    days_ago: int = 3,
    extra_items: int = 0,
    attendance: bool = True,
) -> Past:
    """A meeting ``days_ago`` days back with a published agenda: one public and one closed
    item (and ``extra_items`` more public ones), attendance recorded."""
    arena = arena or w.public_arena
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    meeting = make_meeting(arena, day)
    open_item = add_item(
        meeting, by=w.secretariat, kind=ItemKind.STATEMENT, title=OPEN_TITLE, proposer="Rådet"
    )
    closed_item = add_item(
        meeting,
        by=w.secretariat,
        kind=ItemKind.DISCUSSION,
        title=CLOSED_TITLE,
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Opplysninger om en enkeltperson.",
    )
    for i in range(extra_items):
        add_item(meeting, by=w.secretariat, kind=ItemKind.INFORMATION, title=f"Orientering {i}")
    meeting.agenda_published_at = timezone.now() - datetime.timedelta(days=days_ago + 14)
    meeting.save(update_fields=["agenda_published_at"])
    if attendance:
        record_attendance(w, meeting)
    return Past(meeting, open_item, closed_item)


def record_attendance(w: MeetingWorld, meeting: Meeting) -> None:
    """Mona (member) and Vera (deputy, for Sigurd) came; Sigurd sent apologies; Viggo was
    not asked."""
    Attendance.objects.create(
        meeting=meeting,
        person=w.member_person,
        role=AttendanceRole.MEMBER,
        response=AttendanceResponse.ATTENDING,
        present=True,
    )
    sigurd = Attendance.objects.create(
        meeting=meeting,
        person=w.second_member_person,
        role=AttendanceRole.MEMBER,
        response=AttendanceResponse.APOLOGIES,
        present=False,
    )
    Attendance.objects.create(
        meeting=meeting,
        person=w.deputy_person,
        role=AttendanceRole.DEPUTY,
        response=AttendanceResponse.ATTENDING,
        substitute_for=sigurd,
        present=True,
    )


def texts_for(past: Past) -> dict[int, str]:
    texts = {
        item.pk: f"<p>Tatt til orientering: {item.title}.</p>" for item in past.meeting.items.all()
    }
    texts[past.open_item.pk] = OPEN_TEXT
    texts[past.closed_item.pk] = CLOSED_TEXT
    return texts


def approved(w: MeetingWorld, **kwargs: Any) -> tuple[Past, Minutes]:
    past = past_meeting(w, **kwargs)
    minutes = start_minutes(past.meeting, by=w.secretariat)
    save_entries(minutes, by=w.secretariat, texts=texts_for(past))
    approve_minutes(minutes, by=w.secretariat)
    minutes.refresh_from_db()
    return past, minutes


def user_of(w: MeetingWorld, persona: str) -> Any:
    user = w.users[persona]
    return user if user is not None else AnonymousUser()
