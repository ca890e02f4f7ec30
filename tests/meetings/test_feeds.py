"""iCalendar feeds: parsed back with icalendar. UID, SEQUENCE, STATUS, UTC times across
both DST weekends, closed items never present, private arenas 404, tokens."""

from __future__ import annotations

import datetime
from typing import Any

import icalendar
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.arenas.enums import MemberRole
from medvirk.common.models import ActivityLog
from medvirk.common.tokens import hash_token
from medvirk.meetings.domain.agenda import add_item as agenda_item
from medvirk.meetings.domain.agenda import update_item
from medvirk.meetings.domain.feeds import (
    FEED_CREATED,
    FEED_REVOKED,
    arena_calendar,
    create_feed,
    person_calendar,
    revoke_feed,
)
from medvirk.meetings.domain.plan import cancel_meeting, local_datetime, update_meeting
from medvirk.meetings.domain.publishing import publish_agenda
from medvirk.meetings.enums import ClosedGround, ItemKind
from medvirk.meetings.models import AgendaItem, CalendarFeed, Meeting
from tests.arenas.conftest import make_arena, seat
from tests.meetings.conftest import MEETING_PERSONAS, MeetingWorld, local_dt, make_meeting
from tests.meetings.test_plan_domain import AUTUMN, SPRING

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def events(body: bytes) -> dict[str, Any]:
    cal = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@medvirk"


def add_item(meeting: Meeting, number: int, title: str, *, closed: bool = False) -> AgendaItem:
    return AgendaItem.objects.create(
        meeting=meeting,
        arena=meeting.arena,
        year=meeting.local_date.year,
        number=number,
        position=number,
        kind=ItemKind.DISCUSSION,
        title=title,
        is_closed=closed,
        closed_ground=ClosedGround.OFFL_13 if closed else "",
        closed_note="Taushetsplikt" if closed else "",
    )


def publish(meeting: Meeting) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    meeting.refresh_from_db()


def feed_url(token: str) -> str:
    return reverse("meetings:person_feed", args=[token])


# --- The arena feed ------------------------------------------------------------------


def test_arena_feed_event_fields(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    response = Client().get(reverse("meetings:arena_feed", args=[meeting_world.public_arena.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    found = events(response.content)
    assert list(found) == [uid(meeting)]
    event = found[uid(meeting)]
    assert event["SUMMARY"] == "Brukerutvalget"
    assert event["LOCATION"] == "Rådhuset, møterom 2, Storgata 1, 0101 Oslo"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at
    assert "DTSTAMP" in event
    assert "ikke publisert" in str(event["DESCRIPTION"])
    # the digital link is not for the public
    assert "meet" not in response.content.decode()


def test_arena_feed_carries_updates_and_cancellation(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    update_meeting(meeting, by=meeting_world.secretariat, title="Budsjettmøte", place="Rom 9")
    event = events(arena_calendar(meeting_world.public_arena))[uid(meeting)]
    assert event["SEQUENCE"] == 1
    assert event["SUMMARY"] == "Brukerutvalget: Budsjettmøte"
    assert str(event["LOCATION"]).startswith("Rom 9")
    cancel_meeting(meeting, by=meeting_world.secretariat, reason="Sykdom i sekretariatet")
    event = events(arena_calendar(meeting_world.public_arena))[uid(meeting)]
    assert event["SEQUENCE"] == 2
    assert event["STATUS"] == "CANCELLED"  # stays in the feed
    assert "Sykdom i sekretariatet" in str(event["DESCRIPTION"])
    assert str(event["UID"]) == uid(meeting)


@pytest.mark.parametrize(("day", "utc_hour"), [(SPRING, 8), (AUTUMN, 9)])
def test_feed_times_in_utc_across_dst(
    meeting_world: MeetingWorld, day: datetime.date, utc_hour: int
) -> None:
    meeting = make_meeting(
        meeting_world.public_arena,
        day,
        starts_at=local_datetime(day, datetime.time(10)),
        ends_at=local_datetime(day, datetime.time(12)),
    )
    body = arena_calendar(meeting_world.public_arena)
    event = events(body)[uid(meeting)]
    start = event.decoded("DTSTART")
    assert start == datetime.datetime.combine(day, datetime.time(utc_hour), tzinfo=UTC)
    assert start.astimezone(timezone.get_default_timezone()).hour == 10
    assert f"DTSTART:{day:%Y%m%d}T{utc_hour:02d}0000Z" in body.decode()


def test_feed_lists_public_items_never_closed(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    add_item(meeting, 1, "Åpen sak om parkering")
    add_item(meeting, 2, "Lukket sak om en ansatt", closed=True)
    draft = arena_calendar(meeting_world.public_arena).decode()
    assert "parkering" not in draft  # not yet published
    publish(meeting)
    body = arena_calendar(meeting_world.public_arena)
    description = str(events(body)[uid(meeting)]["DESCRIPTION"])
    assert f"1/{meeting.local_date.year} Åpen sak om parkering" in description
    assert "Lukket sak" not in body.decode()
    # the personal feed of a member, who may see closed items on the site, too
    feed_body = person_calendar(meeting_world.member).decode()
    assert "parkering" in feed_body and "Lukket sak" not in feed_body
    assert "en ansatt" not in feed_body


def test_feed_covers_a_year_back(meeting_world: MeetingWorld) -> None:
    today = timezone.localdate()
    recent = make_meeting(meeting_world.public_arena, today - datetime.timedelta(days=300))
    old = make_meeting(meeting_world.public_arena, today - datetime.timedelta(days=400))
    found = events(arena_calendar(meeting_world.public_arena))
    assert uid(recent) in found and uid(old) not in found


def test_private_arena_feed_404_for_everyone(meeting_world: MeetingWorld) -> None:
    url = reverse("meetings:arena_feed", args=[meeting_world.private_arena.pk])
    for persona in MEETING_PERSONAS:
        assert meeting_world.client(persona).get(url).status_code == 404
    with pytest.raises(PermissionDenied):
        arena_calendar(meeting_world.private_arena)


def test_public_arena_feed_open_to_every_persona(meeting_world: MeetingWorld) -> None:
    url = reverse("meetings:arena_feed", args=[meeting_world.public_arena.pk])
    for persona in MEETING_PERSONAS:
        response = meeting_world.client(persona).get(url)
        assert response.status_code == 200
        assert uid(meeting_world.meeting) in response.content.decode()
        assert uid(meeting_world.private_meeting) not in response.content.decode()


# --- The personal feed --------------------------------------------------------------


def test_person_calendar_covers_current_and_upcoming_seats(meeting_world: MeetingWorld) -> None:
    member_events = events(person_calendar(meeting_world.member))
    assert set(member_events) == {uid(meeting_world.meeting), uid(meeting_world.private_meeting)}
    deputy_events = events(person_calendar(meeting_world.deputy))
    assert set(deputy_events) == {uid(meeting_world.meeting)}
    # an upcoming seat counts; an ended one does not
    other = make_arena(meeting_world.service, name="Eldrerådet")
    future = make_meeting(other, timezone.localdate() + datetime.timedelta(days=100))
    today = timezone.localdate()
    seat(
        other,
        meeting_world.deputy_person,
        MemberRole.MEMBER,
        starts_on=today + datetime.timedelta(days=50),
        ends_on=today + datetime.timedelta(days=500),
    )
    assert uid(future) in events(person_calendar(meeting_world.deputy))
    meeting_world.member_seat.ended_on = today
    meeting_world.member_seat.save()
    assert uid(meeting_world.meeting) not in events(person_calendar(meeting_world.member))
    # someone with no person profile gets an empty, valid calendar
    assert events(person_calendar(meeting_world.org_b.admin)) == {}


def test_person_feed_by_token(meeting_world: MeetingWorld) -> None:
    feed, token = create_feed(by=meeting_world.member)
    assert feed.token_hash == hash_token(token) and token not in feed.token_hash
    assert not CalendarFeed.objects.filter(token_hash=token).exists()
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert set(events(response.content)) == {
        uid(meeting_world.meeting),
        uid(meeting_world.private_meeting),
    }
    feed.refresh_from_db()
    first_use = feed.last_used_at
    assert first_use is not None
    Client().get(feed_url(token))
    feed.refresh_from_db()
    assert feed.last_used_at == first_use  # at most once an hour
    CalendarFeed.objects.filter(pk=feed.pk).update(
        last_used_at=timezone.now() - datetime.timedelta(hours=2)
    )
    Client().get(feed_url(token))
    feed.refresh_from_db()
    assert feed.last_used_at is not None and feed.last_used_at > first_use


def test_new_token_replaces_old_and_revoked_token_404(meeting_world: MeetingWorld) -> None:
    old, old_token = create_feed(by=meeting_world.member)
    new, new_token = create_feed(by=meeting_world.member)
    old.refresh_from_db()
    assert old.revoked_at is not None and new.revoked_at is None
    assert Client().get(feed_url(old_token)).status_code == 404
    assert Client().get(feed_url(new_token)).status_code == 200
    revoke_feed(new, by=meeting_world.member)
    assert Client().get(feed_url(new_token)).status_code == 404
    with pytest.raises(ValidationError):
        revoke_feed(new, by=meeting_world.member)
    assert ActivityLog.objects.filter(action=FEED_CREATED).count() == 2
    assert ActivityLog.objects.filter(action=FEED_REVOKED).count() == 1


@pytest.mark.parametrize("token", ["unknown", "x" * 500, "a.b"])
def test_unknown_token_404(meeting_world: MeetingWorld, token: str) -> None:
    assert Client().get(feed_url(token)).status_code == 404


def test_inactive_user_token_404(meeting_world: MeetingWorld) -> None:
    _feed, token = create_feed(by=meeting_world.member)
    meeting_world.member.is_active = False
    meeting_world.member.save()
    assert Client().get(feed_url(token)).status_code == 404


@pytest.mark.parametrize("persona", MEETING_PERSONAS)
def test_feed_domain_permission_matrix(meeting_world: MeetingWorld, persona: str) -> None:
    user = meeting_world.users[persona]
    if user is None:
        with pytest.raises(PermissionDenied):
            create_feed(by=AnonymousUser())  # type: ignore[arg-type]
        assert not CalendarFeed.objects.exists()
        return
    feed, _token = create_feed(by=user)
    assert feed.user == user
    # nobody may revoke someone else's feed
    others = [u for p, u in meeting_world.users.items() if p != persona]
    for other in others:
        with pytest.raises(PermissionDenied):
            revoke_feed(feed, by=other or AnonymousUser())  # type: ignore[arg-type]
    feed.refresh_from_db()
    assert feed.revoked_at is None
    revoke_feed(feed, by=user)
    feed.refresh_from_db()
    assert feed.revoked_at is not None


# --- Query counts ------------------------------------------------------------------


def _many(world: MeetingWorld, n: int, start: int = 0) -> None:
    base = timezone.localdate() + datetime.timedelta(days=40)
    for i in range(start, start + n):
        meeting = make_meeting(world.public_arena, base + datetime.timedelta(days=i))
        add_item(meeting, 100 + i, f"Sak {i}")
        add_item(meeting, 200 + i, f"Hemmelig {i}", closed=True)
        publish(meeting)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_feed_query_counts_do_not_grow(meeting_world: MeetingWorld) -> None:
    _feed, token = create_feed(by=meeting_world.member)
    CalendarFeed.objects.update(last_used_at=timezone.now())
    arena_url = reverse("meetings:arena_feed", args=[meeting_world.public_arena.pk])
    _many(meeting_world, 1)
    small = (_count(Client(), arena_url), _count(Client(), feed_url(token)))
    _many(meeting_world, 49, start=1)
    large = (_count(Client(), arena_url), _count(Client(), feed_url(token)))
    assert small == large
    assert len(events(Client().get(arena_url).content)) == 51
    body = Client().get(feed_url(token)).content.decode()
    assert "Sak 48" in body and "Hemmelig" not in body


def test_meeting_ics_roundtrip_is_stable(meeting_world: MeetingWorld) -> None:
    meeting = make_meeting(
        meeting_world.public_arena,
        AUTUMN,
        starts_at=local_dt(AUTUMN, 2, 30),
        ends_at=local_dt(AUTUMN, 4),
    )
    body = arena_calendar(meeting_world.public_arena)
    again = icalendar.Calendar.from_ical(body).to_ical()
    start = events(again)[uid(meeting)].decoded("DTSTART")
    # 02:30 on the fall-back Sunday is the first occurrence: 00:30 UTC.
    assert start.astimezone(UTC) == meeting.starts_at.astimezone(UTC)
    assert start.astimezone(UTC).time() == datetime.time(0, 30)


# --- Cached feeds (issue 13): per arena and per set of arenas, retired by every change


def test_arena_feed_is_cached_and_changes_show_at_once(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    url = reverse("meetings:arena_feed", args=[w.public_arena.pk])
    first = Client().get(url).content
    assert _count(Client(), url) == 1  # the arena; the calendar comes from the cache
    assert Client().get(url).content == first == arena_calendar(w.public_arena)
    update_meeting(w.meeting, by=w.secretariat, title="Budsjettmøte", place="Rom 9")
    assert "Budsjettmøte" in Client().get(url).content.decode()
    entry = agenda_item(w.meeting, by=w.secretariat, kind=ItemKind.DISCUSSION, title="Sak A")
    publish_agenda(w.meeting, by=w.secretariat, late_reason="Sent.")
    assert "Sak A" in Client().get(url).content.decode()
    update_item(
        entry,
        by=w.secretariat,
        kind=ItemKind.DISCUSSION,
        title="Sak A",
        is_closed=True,
        closed_ground=ClosedGround.OFFL_13,
        closed_note="Taushetsplikt",
    )
    assert "Sak A" not in Client().get(url).content.decode()
    cancel_meeting(w.meeting, by=w.secretariat, reason="Sykdom")
    assert events(Client().get(url).content)[uid(w.meeting)]["STATUS"] == "CANCELLED"


def test_person_feed_is_cached_per_set_of_arenas(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    _feed, token = create_feed(by=w.member)
    first = Client().get(feed_url(token)).content
    assert first == person_calendar(w.member)
    again = _count(Client(), feed_url(token))
    # The token and the user's arenas; the calendar itself from the cache.
    assert again == 2
    update_meeting(w.private_meeting, by=w.secretariat, title="Lukket møte", place="Rom 2")
    assert "Lukket møte" in Client().get(feed_url(token)).content.decode()
    # Seats are read on every request: an ended seat drops its arena at once.
    w.member_seat.ended_on = timezone.localdate()
    w.member_seat.save()
    assert uid(w.meeting) not in events(Client().get(feed_url(token)).content)
    assert Client().get(feed_url(token)).content == person_calendar(w.member)


def test_person_feed_is_only_shared_by_the_same_arenas(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    _feed, member_token = create_feed(by=w.member)
    _feed, deputy_token = create_feed(by=w.deputy)
    member = events(Client().get(feed_url(member_token)).content)
    deputy = events(Client().get(feed_url(deputy_token)).content)
    assert set(member) == {uid(w.meeting), uid(w.private_meeting)}
    assert set(deputy) == {uid(w.meeting)}
