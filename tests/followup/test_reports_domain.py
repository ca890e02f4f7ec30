"""Report-back: who is asked after a meeting (once), submitting, confidentiality, mails."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.common.models import ActivityLog
from medvirk.followup.domain.reports import SUBMITTED, UPDATED, submit_report
from medvirk.followup.enums import ReportStatus
from medvirk.followup.models import Report
from medvirk.followup.visibility import visible_reports
from medvirk.meetings.enums import AttendanceRole, MeetingStatus
from medvirk.meetings.models import Attendance
from tests.arenas.conftest import make_person, seat
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_reports_support import (
    DAY,
    OPEN_TEXT,
    SECRET_TEXT,
    fresh,
    mail_to,
    make_report,
)
from tests.meetings.conftest import make_meeting
from tests.periodic import request_reports

pytestmark = pytest.mark.django_db

SEAT_HOLDERS = {
    "medlem@example.org",
    "sigurd@example.org",
    "vara@example.org",
    "viggo@example.org",
}


def requested_addresses() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


# -- request_reports -----------------------------------------------------------------


def test_request_reports_asks_every_seat_holder_once(followup_world: FollowupWorld) -> None:
    w = followup_world
    assert request_reports() == 4
    assert requested_addresses() == SEAT_HOLDERS
    assert len(mail.outbox) == 4
    message = mail_to("medlem@example.org")[0]
    assert "Brukerutvalget" in message.subject
    assert f"{w.past_meeting.local_date:%d.%m.%Y}" in message.subject
    report = Report.objects.get(person=w.m.member_person)
    assert f"/oppfolging/rapport/{report.pk}/skriv/" in message.body
    assert "Organisasjon A" in message.body
    assert report.status == ReportStatus.REQUESTED
    assert report.organisation == w.m.org_a.organisation
    assert report.membership == w.m.member_seat
    assert report.requested_at is not None
    # Running again (the next day, or a second worker) asks nobody twice.
    assert request_reports() == 0
    assert request_reports(now=timezone.now() + DAY) == 0
    assert len(mail.outbox) == 4
    assert Report.objects.count() == 4
    assert ActivityLog.objects.filter(action="followup.report.requested").count() == 4


def test_request_reports_only_those_present_when_attendance_recorded(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    past = w.past_meeting
    Attendance.objects.create(
        meeting=past, person=w.m.member_person, role=AttendanceRole.MEMBER, present=True
    )
    Attendance.objects.create(
        meeting=past, person=w.m.second_member_person, role=AttendanceRole.MEMBER, present=False
    )
    Attendance.objects.create(
        meeting=past, person=w.m.deputy_person, role=AttendanceRole.DEPUTY, present=True
    )
    assert request_reports() == 2
    assert requested_addresses() == {"medlem@example.org", "vara@example.org"}
    assert set(Report.objects.values_list("person__name", flat=True)) == {
        "Mona Medlem",
        "Vera Vara",
    }


def test_request_reports_skips_cancelled_unpublished_old_and_running_meetings(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    arena = w.m.public_arena
    today = timezone.localdate()
    cancelled = make_meeting(arena, today - 3 * DAY, status=MeetingStatus.CANCELLED)
    cancelled.agenda_published_at = cancelled.starts_at - 10 * DAY
    cancelled.save()
    make_meeting(arena, today - 4 * DAY)  # agenda never published
    old = make_meeting(arena, today - 20 * DAY)
    old.agenda_published_at = old.starts_at - 10 * DAY
    old.save()
    w.past_meeting.status = MeetingStatus.CANCELLED
    w.past_meeting.save()
    assert request_reports() == 0
    assert mail.outbox == []
    assert not Report.objects.exists()
    old.delete()
    # A meeting that has started but not ended is not asked for either.
    w.past_meeting.status = MeetingStatus.PLANNED
    w.past_meeting.save()
    during = w.past_meeting.starts_at + datetime.timedelta(hours=1)
    assert request_reports(now=during) == 0
    # 14 days after the end it is still in time; 15 days after it is not.
    assert request_reports(now=w.past_meeting.ends_at + 15 * DAY) == 0
    assert request_reports(now=w.past_meeting.ends_at + 14 * DAY - DAY / 24) == 4


def test_request_reports_only_for_organisations_and_seats_on_the_day(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    arena = w.m.public_arena
    day = w.past_meeting.local_date
    independent = make_person("Ida Uavhengig", email="ida@example.org")
    seat(arena, independent)  # represents nobody
    later = make_person("Lars Senere", email="lars@example.org")
    seat(arena, later, represents=w.m.org_b.organisation, starts_on=day + DAY)
    resigned = make_person("Rita Gått", email="rita@example.org")
    gone = seat(arena, resigned, represents=w.m.org_b.organisation, starts_on=day - 60 * DAY)
    gone.ended_on = day - DAY
    gone.save()
    stayed_then_left = make_person("Siri Sluttet", email="siri@example.org")
    left = seat(arena, stayed_then_left, represents=w.m.org_b.organisation)
    left.ended_on = day + 2 * DAY  # ended after the meeting: she sat there that day
    left.save()
    assert request_reports() == 5
    assert requested_addresses() == SEAT_HOLDERS | {"siri@example.org"}
    assert Report.objects.get(person=stayed_then_left).organisation == w.m.org_b.organisation


def test_request_reports_one_report_for_a_person_with_two_seats(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    seat(w.m.public_arena, w.m.member_person, MemberRole.DEPUTY, rank=3, represents=None)
    assert request_reports() == 4
    assert len(mail_to("medlem@example.org")) == 1
    assert Report.objects.get(person=w.m.member_person).membership == w.m.member_seat


def test_request_reports_claimed_report_is_not_mailed_again(
    followup_world: FollowupWorld,
) -> None:
    """A report already claimed (another worker got there first) is left alone."""
    w = followup_world
    make_report(w, submitted=False)  # requested_at set
    assert request_reports() == 3
    assert mail_to("medlem@example.org") == []


def test_request_reports_person_without_email_is_still_asked(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    w.m.second_member_person.email = ""
    w.m.second_member_person.save()
    assert request_reports() == 4
    assert len(mail.outbox) == 3
    assert Report.objects.get(person=w.m.second_member_person).requested_at is not None


def test_request_reports_once_over_real_smtp_with_worker_restart(
    db_tasks: Any, smtp_server: Any, followup_world: FollowupWorld
) -> None:
    """The production path: tasks queued in the database, a worker delivering over SMTP.
    Running the periodic job again before and after the worker ran sends nothing more."""
    assert request_reports() == 4
    assert smtp_server.messages == []  # queued, not yet delivered
    assert request_reports() == 0  # a second run while the worker is down
    db_tasks()
    assert len(smtp_server.messages) == 4
    assert request_reports() == 0
    db_tasks()  # the worker restarted: nothing queued twice
    assert len(smtp_server.messages) == 4
    assert len(smtp_server.to("medlem@example.org")) == 1


# -- submit_report ---------------------------------------------------------------------


def requested(w: FollowupWorld) -> Report:
    request_reports()
    mail.outbox.clear()
    return Report.objects.get(person=w.m.member_person)


def test_submit_report_mails_admins_with_text(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = requested(w)
    saved = submit_report(
        report,
        by=fresh(w.m.member),
        discussed=OPEN_TEXT,
        contributed="",
        follow_up="Følg opp høringen.",
        item_ids=[w.statement.pk],
    )
    assert saved.status == ReportStatus.SUBMITTED
    assert saved.submitted_at is not None
    assert not saved.is_confidential
    assert list(saved.items.all()) == [w.statement]
    [message] = mail.outbox
    assert message.to == ["admin-a@example.org"]
    assert message.subject == "Tilbakemelding fra Mona Medlem (Brukerutvalget)"
    assert OPEN_TEXT in message.body
    assert "Følg opp høringen." in message.body
    assert f"/oppfolging/rapport/{report.pk}/" in message.body
    entry = ActivityLog.objects.get(action=SUBMITTED)
    assert entry.organisation == w.m.org_a.organisation
    assert OPEN_TEXT not in str(entry.data)


def test_submit_report_with_closed_item_is_confidential_and_mail_has_no_text(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    report = requested(w)
    saved = submit_report(
        report,
        by=fresh(w.m.member),
        discussed=SECRET_TEXT,
        contributed=SECRET_TEXT,
        follow_up=SECRET_TEXT,
        item_ids=[w.statement.pk, w.closed_statement.pk],
        confidential=False,
    )
    assert saved.is_confidential
    [message] = mail.outbox
    assert "Fortrolig" in message.subject
    assert "fortrolig" in message.body
    assert SECRET_TEXT not in message.body and SECRET_TEXT not in message.subject
    assert w.closed_statement.title not in message.body
    assert f"/oppfolging/rapport/{report.pk}/" in message.body
    assert ActivityLog.objects.get(action=SUBMITTED).data["forced_confidential"] is True


def test_submit_report_confidential_by_choice(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = requested(w)
    saved = submit_report(
        report,
        by=fresh(w.m.member),
        discussed=SECRET_TEXT,
        contributed="",
        follow_up="",
        item_ids=[],
        confidential=True,
    )
    assert saved.is_confidential
    assert SECRET_TEXT not in mail.outbox[0].body


def test_submit_report_edit_keeps_first_submission_time_and_mails_once(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    report = requested(w)
    member = fresh(w.m.member)
    first = submit_report(
        report, by=member, discussed="Først", contributed="", follow_up="", item_ids=[]
    )
    second = submit_report(
        first,
        by=member,
        discussed="Rettet",
        contributed="Mer",
        follow_up="",
        item_ids=[w.closed_statement.pk],
    )
    assert second.submitted_at == first.submitted_at
    assert second.discussed == "Rettet"
    assert second.is_confidential
    assert len(mail.outbox) == 1
    assert ActivityLog.objects.filter(action=UPDATED).count() == 1
    # Without the closed item, the writer may lift the confidentiality again.
    third = submit_report(
        second, by=member, discussed="Rettet", contributed="", follow_up="", item_ids=[]
    )
    assert not third.is_confidential


def test_submit_report_bad_input(followup_world: FollowupWorld) -> None:
    w = followup_world
    report = requested(w)
    member = fresh(w.m.member)
    with pytest.raises(ValidationError) as empty:
        submit_report(report, by=member, discussed=" ", contributed="", follow_up="", item_ids=[])
    assert "minst ett av feltene" in empty.value.message_dict["discussed"][0]
    with pytest.raises(ValidationError) as long:
        submit_report(
            report, by=member, discussed="x" * 6001, contributed="", follow_up="", item_ids=[]
        )
    assert "høyst 6000 tegn" in long.value.message_dict["discussed"][0]
    other = make_meeting(w.m.public_arena, timezone.localdate() - 2 * DAY)
    from medvirk.meetings.domain.agenda import add_item

    foreign = add_item(other, by=w.m.secretariat, kind="information", title="Annen sak")
    with pytest.raises(ValidationError) as wrong:
        submit_report(
            report,
            by=member,
            discussed="Tekst",
            contributed="",
            follow_up="",
            item_ids=[foreign.pk],
        )
    assert wrong.value.message_dict["items"] == ["Velg bare saker fra dette møtet."]
    report.refresh_from_db()
    assert report.status == ReportStatus.REQUESTED
    assert mail.outbox == []


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_submit_report_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    report = requested(w)
    user = fresh(w.user(persona))
    if persona == "member":
        submit_report(report, by=user, discussed="Ok", contributed="", follow_up="", item_ids=[])
        report.refresh_from_db()
        assert report.status == ReportStatus.SUBMITTED
        return
    with pytest.raises(PermissionDenied):
        submit_report(report, by=user, discussed="Ok", contributed="", follow_up="", item_ids=[])
    report.refresh_from_db()
    assert report.status == ReportStatus.REQUESTED


# -- Who sees a report ---------------------------------------------------------------------

CONFIDENTIAL_READERS = {"member", "admin_a"}
OPEN_READERS = {"member", "admin_a", "member_a"}


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_visible_reports_persona_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    secret = make_report(w, confidential=True, discussed=SECRET_TEXT)
    normal = make_report(w, w.m.second_member_person)
    seen = set(visible_reports(fresh(w.user(persona))))
    assert (secret in seen) == (persona in CONFIDENTIAL_READERS)
    assert (normal in seen) == (persona in OPEN_READERS - {"member"})
