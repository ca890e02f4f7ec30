"""The meeting plan's domain: create, update (SEQUENCE, mail), cancel, recurring
generation, wall-clock Europe/Oslo across both DST weekends, and the permission matrix."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from medvirk.common.holidays import easter_sunday, norwegian_holidays
from medvirk.common.models import ActivityLog
from medvirk.meetings.domain.plan import (
    MEETING_CANCELLED,
    MEETING_CREATED,
    MEETING_UPDATED,
    PLAN_GENERATED,
    RULE_MONTHLY,
    RULE_MONTHLY_LAST,
    RULE_WEEKLY,
    cancel_meeting,
    create_meeting,
    generate_meetings,
    local_datetime,
    plan_dates,
    plan_preview,
    planned_times,
    update_meeting,
)
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import Meeting
from medvirk.meetings.selectors import seat_holders_with_email
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, local_dt, make_meeting

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time
UTC = datetime.UTC


def last_sunday(year: int, month: int) -> datetime.date:
    day = D(year, month + 1, 1) - datetime.timedelta(days=1)
    return day - datetime.timedelta(days=(day.weekday() - 6) % 7)


NEXT_YEAR = timezone.localdate().year + 1
SPRING = last_sunday(NEXT_YEAR, 3)  # clocks go 02:00 -> 03:00
AUTUMN = last_sunday(NEXT_YEAR, 10)  # clocks go 03:00 -> 02:00


def future_day(days: int = 60) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def meeting_fields(day: datetime.date | None = None, **extra: Any) -> dict[str, Any]:
    day = day or future_day()
    values: dict[str, Any] = {
        "starts_at": local_dt(day, 18),
        "ends_at": local_dt(day, 20),
        "title": "Ekstramøte",
        "place": "Bydelshuset",
        "address": "Torget 2",
        "digital_link": "https://meet.example.org/abc",
        "step_free_access": True,
        "hearing_loop": False,
        "accessible_toilet": True,
        "accessibility_note": "Parkering ved inngangen.",
    }
    values.update(extra)
    return values


def user_of(world: MeetingWorld, persona: str) -> Any:
    return world.users[persona] or AnonymousUser()


# --- plan_dates: a table ------------------------------------------------------------

PLAN_CASES = [
    # (first day, rule, interval, count, until, expected)
    (D(2027, 1, 12), RULE_WEEKLY, 2, 3, None, [D(2027, 1, 12), D(2027, 1, 26), D(2027, 2, 9)]),
    (D(2027, 3, 21), RULE_WEEKLY, 1, 3, None, [D(2027, 3, 21), D(2027, 3, 28), D(2027, 4, 4)]),
    # 2nd Tuesday of the month
    (D(2027, 1, 12), RULE_MONTHLY, 1, 4, None, [D(2027, 1, 12), D(2027, 2, 9), D(2027, 3, 9), D(2027, 4, 13)]),
    # 1st Monday, across a year end
    (D(2027, 11, 1), RULE_MONTHLY, 1, 3, None, [D(2027, 11, 1), D(2027, 12, 6), D(2028, 1, 3)]),
    # 5th Tuesday (30.3.2027): months without one fall back to the last Tuesday
    (D(2027, 3, 30), RULE_MONTHLY, 1, 4, None, [D(2027, 3, 30), D(2027, 4, 27), D(2027, 5, 25), D(2027, 6, 29)]),
    # 5th Thursday 29.4.2027 -> May has 27th as last, July has a 5th (29th)
    (D(2027, 4, 29), RULE_MONTHLY, 1, 4, None, [D(2027, 4, 29), D(2027, 5, 27), D(2027, 6, 24), D(2027, 7, 29)]),
    # last Sunday of every month: both DST weekends of 2027 are in it
    (D(2027, 3, 28), RULE_MONTHLY_LAST, 1, None, D(2027, 10, 31), [
        D(2027, 3, 28), D(2027, 4, 25), D(2027, 5, 30), D(2027, 6, 27), D(2027, 7, 25),
        D(2027, 8, 29), D(2027, 9, 26), D(2027, 10, 31),
    ]),
    # last Tuesday when the first day is the 4th and also the last one
    (D(2027, 2, 23), RULE_MONTHLY_LAST, 1, 2, None, [D(2027, 2, 23), D(2027, 3, 30)]),
    # same day with "nth" keeps the 4th Tuesday
    (D(2027, 2, 23), RULE_MONTHLY, 1, 2, None, [D(2027, 2, 23), D(2027, 3, 23)]),
    # until is inclusive
    (D(2027, 1, 5), RULE_WEEKLY, 1, None, D(2027, 1, 19), [D(2027, 1, 5), D(2027, 1, 12), D(2027, 1, 19)]),
    # 31st of a month as "5th" weekday -> last in short months
    (D(2027, 1, 31), RULE_MONTHLY, 1, 3, None, [D(2027, 1, 31), D(2027, 2, 28), D(2027, 3, 28)]),
]  # fmt: skip


@pytest.mark.parametrize(("first", "rule", "interval", "count", "until", "expected"), PLAN_CASES)
def test_plan_dates(
    first: datetime.date,
    rule: str,
    interval: int,
    count: int | None,
    until: datetime.date | None,
    expected: list[datetime.date],
) -> None:
    assert (
        plan_dates(first, rule=rule, interval_weeks=interval, count=count, until=until) == expected
    )


def test_plan_dates_stops_one_past_the_limit() -> None:
    dates = plan_dates(D(2027, 1, 1), rule=RULE_WEEKLY, until=D(2030, 1, 1))
    assert len(dates) == 25


def test_plan_dates_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        plan_dates(D(2027, 1, 1), rule="daily", count=2)
    with pytest.raises(ValueError):
        plan_dates(D(2027, 1, 1), rule=RULE_WEEKLY, count=2, until=D(2027, 2, 1))


# --- Wall-clock Europe/Oslo ---------------------------------------------------------


def test_local_datetime_on_both_dst_sundays() -> None:
    spring = local_datetime(SPRING, T(10))
    autumn = local_datetime(AUTUMN, T(10))
    assert spring.astimezone(UTC) == datetime.datetime.combine(SPRING, T(8), tzinfo=UTC)
    assert autumn.astimezone(UTC) == datetime.datetime.combine(AUTUMN, T(9), tzinfo=UTC)


def test_local_datetime_refuses_a_time_that_does_not_exist() -> None:
    with pytest.raises(ValidationError) as caught:
        local_datetime(SPRING, T(2, 30))
    assert "finnes ikke" in caught.value.message_dict["start_time"][0]
    assert local_datetime(SPRING, T(3, 0)).astimezone(UTC).time() == T(1, 0)


def test_local_datetime_ambiguous_time_is_the_first_occurrence() -> None:
    value = local_datetime(AUTUMN, T(2, 30))
    # First 02:30 is still summer time (UTC+2): 00:30 UTC, not 01:30.
    assert value.astimezone(UTC) == datetime.datetime.combine(AUTUMN, T(0, 30), tzinfo=UTC)


@pytest.mark.parametrize("day", [SPRING, AUTUMN])
def test_create_meeting_on_a_dst_sunday_is_stored_in_utc(
    meeting_world: MeetingWorld, day: datetime.date
) -> None:
    meeting = create_meeting(
        meeting_world.public_arena,
        by=meeting_world.secretariat,
        starts_at=local_datetime(day, T(10)),
        ends_at=local_datetime(day, T(12)),
    )
    meeting.refresh_from_db()
    expected_utc_hour = 8 if day == SPRING else 9
    assert meeting.starts_at == datetime.datetime.combine(day, T(expected_utc_hour), tzinfo=UTC)
    assert timezone.localtime(meeting.starts_at).time() == T(10)
    assert (meeting.ends_at - meeting.starts_at) == datetime.timedelta(hours=2)


def test_create_meeting_refuses_a_naive_time_in_the_gap(meeting_world: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as caught:
        create_meeting(
            meeting_world.public_arena,
            by=meeting_world.secretariat,
            starts_at=datetime.datetime.combine(SPRING, T(2, 30)),
            ends_at=datetime.datetime.combine(SPRING, T(4)),
        )
    assert "starts_at" in caught.value.message_dict


# --- Create -----------------------------------------------------------------------


def test_create_meeting_saves_and_logs(meeting_world: MeetingWorld) -> None:
    meeting = create_meeting(
        meeting_world.public_arena, by=meeting_world.secretariat, **meeting_fields()
    )
    assert meeting.pk and meeting.sequence == 0 and meeting.status == MeetingStatus.PLANNED
    assert meeting.place == "Bydelshuset" and meeting.accessible_toilet
    entry = ActivityLog.objects.get(action=MEETING_CREATED, object_id=str(meeting.pk))
    assert entry.actor == meeting_world.secretariat
    assert entry.organisation == meeting_world.service


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": "same"}, "ends_at", "slutte etter"),
        ({"starts_at": "past"}, "starts_at", "fram i tid"),
        ({"digital_link": "ikke en lenke"}, "digital_link", ""),
        ({"title": "x" * 201}, "title", ""),
    ],
)
def test_create_meeting_bad_input(
    meeting_world: MeetingWorld, change: dict[str, Any], field: str, message: str
) -> None:
    values = meeting_fields()
    if change.get("ends_at") == "same":
        values["ends_at"] = values["starts_at"]
    elif change.get("starts_at") == "past":
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        values["starts_at"], values["ends_at"] = local_dt(yesterday, 10), local_dt(yesterday, 12)
    else:
        values.update(change)
    with pytest.raises(ValidationError) as caught:
        create_meeting(meeting_world.public_arena, by=meeting_world.secretariat, **values)
    assert field in caught.value.message_dict
    assert message in " ".join(caught.value.message_dict[field])
    assert not Meeting.objects.filter(title="Ekstramøte").exists()


# --- Update -----------------------------------------------------------------------


def test_update_meeting_bumps_sequence_for_calendar_fields(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    update_meeting(meeting, by=meeting_world.secretariat, place="Nytt sted")
    assert meeting.sequence == 1 and meeting.place == "Nytt sted"
    update_meeting(meeting, by=meeting_world.secretariat, hearing_loop=True)
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.hearing_loop  # not shown in a calendar
    new_start = meeting.starts_at + datetime.timedelta(hours=1)
    update_meeting(
        meeting,
        by=meeting_world.secretariat,
        starts_at=new_start,
        ends_at=meeting.ends_at + datetime.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    assert meeting.sequence == 2 and meeting.starts_at == new_start
    entries = ActivityLog.objects.filter(action=MEETING_UPDATED, object_id=str(meeting.pk))
    assert entries.count() == 3
    assert "place" in entries.order_by("pk").first().data["changed"]  # type: ignore[union-attr]


def test_update_meeting_without_change_writes_nothing(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    update_meeting(meeting, by=meeting_world.secretariat, place=meeting.place)
    assert meeting.sequence == 0
    assert not ActivityLog.objects.filter(action=MEETING_UPDATED).exists()


def test_update_meeting_mails_members_only_when_agenda_is_published(
    meeting_world: MeetingWorld, mailoutbox: list[Any]
) -> None:
    meeting = meeting_world.meeting
    update_meeting(meeting, by=meeting_world.secretariat, place="Rom 1")
    assert mailoutbox == []
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    meeting.refresh_from_db()
    update_meeting(meeting, by=meeting_world.secretariat, place="Rom 2")
    recipients = sorted(m.to[0] for m in mailoutbox)
    # Members and deputies (with and without accounts) who sit on the meeting date.
    assert recipients == sorted(
        [
            "medlem@example.org",
            "sigurd@example.org",
            "vara@example.org",
            "viggo@example.org",
        ]
    )
    body = mailoutbox[0].body
    assert "Rom 2" in body and "sted" in body
    assert meeting.get_absolute_url() in body
    assert "Endret møte i Brukerutvalget" in mailoutbox[0].subject
    # A detail a calendar does not show: no mail.
    update_meeting(meeting, by=meeting_world.secretariat, accessibility_note="Heis bak")
    assert len(mailoutbox) == 4


def test_members_to_notify_uses_the_meeting_date(meeting_world: MeetingWorld) -> None:
    seat = meeting_world.member_seat
    seat.ends_on = meeting_world.meeting.local_date - datetime.timedelta(days=1)
    seat.save()
    names = [p.name for p in seat_holders_with_email(meeting_world.meeting)]
    assert "Mona Medlem" not in names and "Vera Vara" in names


def test_update_meeting_refuses_bad_input(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    with pytest.raises(ValidationError) as caught:
        update_meeting(meeting, by=meeting_world.secretariat, ends_at=meeting.starts_at)
    assert "ends_at" in caught.value.message_dict
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        update_meeting(
            meeting,
            by=meeting_world.secretariat,
            starts_at=past,
            ends_at=past + datetime.timedelta(hours=1),
        )
    assert "starts_at" in caught.value.message_dict
    with pytest.raises(TypeError):
        update_meeting(meeting, by=meeting_world.secretariat, status="cancelled")
    meeting.refresh_from_db()
    assert meeting.sequence == 0


# --- Cancel -----------------------------------------------------------------------


def test_cancel_meeting(meeting_world: MeetingWorld, mailoutbox: list[Any]) -> None:
    meeting = meeting_world.meeting
    cancel_meeting(meeting, by=meeting_world.secretariat, reason="  For få kan komme.  ")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancelled_reason == "For få kan komme."
    assert meeting.sequence == 1
    assert len(mailoutbox) == 4
    assert "Avlyst" in mailoutbox[0].subject and "For få kan komme." in mailoutbox[0].body
    entry = ActivityLog.objects.get(action=MEETING_CANCELLED)
    assert entry.data["reason"] == "For få kan komme."
    with pytest.raises(ValidationError, match="allerede avlyst"):
        cancel_meeting(meeting, by=meeting_world.secretariat, reason="igjen")
    with pytest.raises(ValidationError, match="avlyst og kan ikke endres"):
        update_meeting(meeting, by=meeting_world.secretariat, place="Et annet sted")


def test_cancel_meeting_needs_a_reason(meeting_world: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as caught:
        cancel_meeting(meeting_world.meeting, by=meeting_world.secretariat, reason="   ")
    assert "reason" in caught.value.message_dict
    meeting_world.meeting.refresh_from_db()
    assert meeting_world.meeting.status == MeetingStatus.PLANNED


def test_cancel_meeting_refuses_a_past_meeting(meeting_world: MeetingWorld) -> None:
    past = make_meeting(meeting_world.public_arena, timezone.localdate() - datetime.timedelta(7))
    with pytest.raises(ValidationError, match="har vært"):
        cancel_meeting(past, by=meeting_world.secretariat, reason="For sent")
    past.refresh_from_db()
    assert past.status == MeetingStatus.PLANNED and past.sequence == 0


# --- Generate -----------------------------------------------------------------------


def generation(**extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "first_day": SPRING - datetime.timedelta(days=7),
        "rule": RULE_WEEKLY,
        "interval_weeks": 1,
        "count": 3,
        "start_time": T(10),
        "duration_minutes": 150,
        "place": "Rådhuset",
        "hearing_loop": True,
        # The spring DST Sunday of 2027 is Easter Sunday: these DST tests keep it.
        "skip_holidays": False,
    }
    values.update(extra)
    return values


def test_generate_meetings_weekly_across_spring_forward(meeting_world: MeetingWorld) -> None:
    meetings = generate_meetings(
        meeting_world.public_arena, by=meeting_world.secretariat, **generation()
    )
    assert [m.local_date for m in meetings] == [
        SPRING - datetime.timedelta(days=7),
        SPRING,
        SPRING + datetime.timedelta(days=7),
    ]
    for meeting in meetings:
        meeting.refresh_from_db()
        local = timezone.localtime(meeting.starts_at)
        assert (local.hour, local.minute) == (10, 0)
        assert timezone.localtime(meeting.ends_at).time() == T(12, 30)
        assert meeting.place == "Rådhuset" and meeting.hearing_loop
    utc_hours = [m.starts_at.astimezone(UTC).hour for m in meetings]
    assert utc_hours == [9, 8, 8]
    assert ActivityLog.objects.filter(action=MEETING_CREATED).count() == 3
    summary = ActivityLog.objects.get(action=PLAN_GENERATED)
    assert summary.data["meetings"] == [m.pk for m in meetings]


def test_generate_meetings_monthly_over_autumn(meeting_world: MeetingWorld) -> None:
    meetings = generate_meetings(
        meeting_world.public_arena,
        by=meeting_world.secretariat,
        **generation(first_day=last_sunday(NEXT_YEAR, 9), rule=RULE_MONTHLY_LAST, count=2),
    )
    assert [m.local_date for m in meetings] == [last_sunday(NEXT_YEAR, 9), AUTUMN]
    assert [m.starts_at.astimezone(UTC).hour for m in meetings] == [8, 9]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"count": 0}, "count"),
        ({"count": 25}, "count"),
        ({"count": None}, "count"),
        ({"until": SPRING}, "count"),  # both count and until
        ({"count": None, "until": SPRING + datetime.timedelta(days=400)}, "until"),
        ({"interval_weeks": 0}, "interval_weeks"),
        ({"duration_minutes": 5}, "duration_minutes"),
        ({"rule": "daily"}, "rule"),
        ({"first_day": timezone.localdate() - datetime.timedelta(days=1)}, "first_day"),
        ({"first_day": SPRING, "start_time": T(2, 30)}, "start_time"),
        ({"digital_link": "ftp:/ikke"}, "digital_link"),
    ],
)
def test_generate_meetings_bad_input(
    meeting_world: MeetingWorld, change: dict[str, Any], field: str
) -> None:
    before = Meeting.objects.count()
    with pytest.raises(ValidationError) as caught:
        generate_meetings(
            meeting_world.public_arena, by=meeting_world.secretariat, **generation(**change)
        )
    assert field in caught.value.message_dict
    assert Meeting.objects.count() == before


def test_planned_times_writes_nothing(meeting_world: MeetingWorld) -> None:
    before = Meeting.objects.count()
    pairs = planned_times(
        first_day=SPRING,
        rule=RULE_WEEKLY,
        interval_weeks=2,
        count=2,
        start_time=T(9, 15),
        duration_minutes=60,
        skip_holidays=False,
    )
    assert [p[0].astimezone(UTC).time() for p in pairs] == [T(7, 15), T(7, 15)]
    assert Meeting.objects.count() == before


# --- Permission matrix ---------------------------------------------------------------

# Platform admins do not run meetings (docs/decisions.md, "Meetings: who sees what").
MANAGERS = {"secretariat"}


def _call(name: str, world: MeetingWorld, user: Any, arena_key: str) -> None:
    arena = getattr(world, arena_key)
    meeting = world.meeting if arena_key == "public_arena" else world.private_meeting
    if name == "create":
        create_meeting(arena, by=user, **meeting_fields())
    elif name == "update":
        update_meeting(meeting, by=user, place="Endret")
    elif name == "cancel":
        cancel_meeting(meeting, by=user, reason="Avlyst i test")
    elif name == "generate":
        generate_meetings(arena, by=user, **generation(count=1))


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
@pytest.mark.parametrize("name", ["create", "update", "cancel", "generate"])
@pytest.mark.parametrize("arena_key", ["public_arena", "private_arena"])
def test_domain_permission_matrix(
    meeting_world: MeetingWorld, persona: str, name: str, arena_key: str
) -> None:
    user = user_of(meeting_world, persona)
    before = (Meeting.objects.count(), ActivityLog.objects.count())
    if persona in MANAGERS:
        _call(name, meeting_world, user, arena_key)
        assert ActivityLog.objects.count() > before[1]
    else:
        with pytest.raises(PermissionDenied):
            _call(name, meeting_world, user, arena_key)
        assert (Meeting.objects.count(), ActivityLog.objects.count()) == before
        meeting_world.meeting.refresh_from_db()
        assert meeting_world.meeting.sequence == 0


# --- Public holidays ---------------------------------------------------------------------


def test_norwegian_holidays_move_with_easter() -> None:
    assert easter_sunday(2027) == D(2027, 3, 28)
    assert easter_sunday(2026) == D(2026, 4, 5)
    assert easter_sunday(2028) == D(2028, 4, 16)
    with translation.override("nb"):
        names = {day: str(name) for day, name in norwegian_holidays(2027).items()}
    assert names == {
        D(2027, 1, 1): "Første nyttårsdag",
        D(2027, 3, 25): "Skjærtorsdag",
        D(2027, 3, 26): "Langfredag",
        D(2027, 3, 28): "Første påskedag",
        D(2027, 3, 29): "Andre påskedag",
        D(2027, 5, 1): "Offentlig høytidsdag (1. mai)",
        D(2027, 5, 6): "Kristi himmelfartsdag",
        D(2027, 5, 16): "Første pinsedag",
        D(2027, 5, 17): "Andre pinsedag",  # Whit Monday is 17 May in 2027
        D(2027, 12, 25): "Første juledag",
        D(2027, 12, 26): "Andre juledag",
    }


def test_weekly_thursday_plan_skips_maundy_thursday(meeting_world: MeetingWorld) -> None:
    # Thursdays from 11 March 2027: 25 March is skjærtorsdag (Easter is 28 March).
    plan = {
        "first_day": D(2027, 3, 11),
        "rule": RULE_WEEKLY,
        "count": 4,
        "start_time": T(18),
        "duration_minutes": 120,
    }
    with translation.override("en"):
        pairs, skipped = plan_preview(**plan)
    assert skipped == [(D(2027, 3, 25), "Maundy Thursday")]
    assert [start.date() for start, _end in pairs] == [
        D(2027, 3, 11),
        D(2027, 3, 18),
        D(2027, 4, 1),
    ]
    with translation.override("nn"):
        assert plan_preview(**plan)[1] == [(D(2027, 3, 25), "Skjærtorsdag")]
    meetings = generate_meetings(
        meeting_world.public_arena, by=meeting_world.secretariat, **{**plan, "place": "Huset"}
    )
    assert [m.local_date for m in meetings] == [D(2027, 3, 11), D(2027, 3, 18), D(2027, 4, 1)]
    summary = ActivityLog.objects.get(action=PLAN_GENERATED)
    assert summary.data["skipped_holidays"] == ["2027-03-25"]


def test_weekly_friday_plan_skips_good_friday_and_keeps_the_rest() -> None:
    pairs, skipped = plan_preview(
        first_day=D(2027, 3, 19),
        rule=RULE_WEEKLY,
        count=3,
        start_time=T(18),
        duration_minutes=60,
    )
    assert [day for day, _name in skipped] == [D(2027, 3, 26)]
    assert [start.date() for start, _end in pairs] == [D(2027, 3, 19), D(2027, 4, 2)]


def test_plan_of_only_holidays_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        planned_times(
            first_day=D(2027, 12, 25),
            rule=RULE_WEEKLY,
            count=1,
            start_time=T(18),
            duration_minutes=60,
        )
    assert "first_day" in caught.value.message_dict


@pytest.mark.parametrize(
    ("first_day", "utc_hours"),
    [
        # Saturdays around the spring change (Sunday 28 March 2027): CET, then CEST.
        (D(2027, 3, 20), [17, 17, 16, 16]),
        # Sundays around the autumn change (Sunday 31 October 2027): CEST, then CET.
        (D(2027, 10, 17), [16, 16, 17, 17]),
    ],
)
def test_plan_at_1800_stays_1800_local_across_the_clock_change(
    meeting_world: MeetingWorld, first_day: datetime.date, utc_hours: list[int]
) -> None:
    meetings = generate_meetings(
        meeting_world.public_arena,
        by=meeting_world.secretariat,
        first_day=first_day,
        rule=RULE_WEEKLY,
        count=4,
        start_time=T(18),
        duration_minutes=90,
    )
    for meeting in meetings:
        meeting.refresh_from_db()
        assert meeting.starts_at.tzinfo is not None
        assert timezone.localtime(meeting.starts_at).time() == T(18)
        assert timezone.localtime(meeting.ends_at).time() == T(19, 30)
    assert [m.starts_at.astimezone(UTC).hour for m in meetings] == utc_hours
