"""Helpers shared by the report, input and dashboard tests (no tests here)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.followup.enums import ReportStatus
from medvirk.followup.models import Report
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, Meeting
from medvirk.people.models import Person
from tests.followup.conftest import FollowupWorld

PUBLIC_ITEM = "Nye benker langs elvepromenaden"
CLOSED_ITEM = "Klage fra en navngitt bruker"
SECRET_TEXT = "Hemmelig innhold fra lukket sak"
OPEN_TEXT = "Rådet drøftet benkene og ba om flere."
DAY = datetime.timedelta(days=1)


def fresh(user: User | None) -> Any:
    """The user re-read, so role and membership caches do not carry over."""
    if user is None:
        return AnonymousUser()
    return User.objects.get(pk=user.pk)


def text(response: Any) -> str:
    return str(response.content.decode())


def mail_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


@dataclass
class Upcoming:
    meeting: Meeting  # the world's public meeting 35 days ahead, agenda now published
    public: AgendaItem
    closed: AgendaItem


def publish_upcoming(w: FollowupWorld) -> Upcoming:
    meeting = w.m.meeting
    public = add_item(meeting, by=w.m.secretariat, kind=ItemKind.DISCUSSION, title=PUBLIC_ITEM)
    closed = add_item(
        meeting,
        by=w.m.secretariat,
        kind=ItemKind.DISCUSSION,
        title=CLOSED_ITEM,
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsplikt.",
    )
    meeting.agenda_published_at = timezone.now() - DAY
    meeting.save(update_fields=["agenda_published_at"])
    return Upcoming(meeting, public, closed)


def make_report(
    w: FollowupWorld,
    person: Person | None = None,
    *,
    meeting: Meeting | None = None,
    submitted: bool = True,
    confidential: bool = False,
    discussed: str = OPEN_TEXT,
    submitted_at: datetime.datetime | None = None,
) -> Report:
    person = person or w.m.member_person
    report = Report.objects.create(
        meeting=meeting or w.past_meeting,
        person=person,
        organisation=w.m.org_a.organisation,
        status=ReportStatus.SUBMITTED if submitted else ReportStatus.REQUESTED,
        discussed=discussed if submitted else "",
        is_confidential=confidential,
        requested_at=timezone.now() - 5 * DAY,
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
    )
    if confidential:
        report.items.add(w.closed_statement)
    return report
