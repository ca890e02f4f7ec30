""" "Legg til i kalender": one meeting as an .ics file, seen exactly as the meeting page
is seen. Parsed back with icalendar."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.meetings.domain.plan import cancel_meeting
from medvirk.meetings.models import Meeting
from tests.meetings.conftest import MeetingWorld
from tests.meetings.test_feeds import add_item, publish, uid

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.org/brukerutvalget"


def ics_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_ics", args=[meeting.pk])


def only_event(body: bytes) -> icalendar.Event:
    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_meeting_ics_public_meeting_anonymous(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    response = Client().get(ics_url(meeting))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="mote-{meeting.local_date:%Y-%m-%d}-{meeting.pk}.ics"'
    )
    event = only_event(response.content)
    assert str(event["UID"]) == uid(meeting)
    assert "DTSTAMP" in event
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(0)
    assert event.decoded("DTEND") == meeting.ends_at
    assert event["SUMMARY"] == "Brukerutvalget"
    assert event["LOCATION"] == "Rådhuset, møterom 2, Storgata 1, 0101 Oslo"
    assert str(event["URL"]).endswith(meeting.get_absolute_url())
    assert event["STATUS"] == "CONFIRMED"
    assert "ikke publisert" in str(event["DESCRIPTION"])


def test_meeting_ics_uid_stable_and_summary_has_title(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(title="Budsjettmøte")
    first = only_event(Client().get(ics_url(meeting)).content)
    second = only_event(Client().get(ics_url(meeting)).content)
    assert str(first["UID"]) == str(second["UID"]) == uid(meeting)
    assert first["SUMMARY"] == "Brukerutvalget: Budsjettmøte"


def test_meeting_ics_never_closed_items(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    add_item(meeting, 1, "Åpen sak om parkering")
    add_item(meeting, 2, "Lukket sak om en ansatt", closed=True)
    publish(meeting)
    for persona in ("anonymous", "member", "secretariat"):
        response = meeting_world.client(persona).get(ics_url(meeting))
        description = str(only_event(response.content)["DESCRIPTION"])
        assert "parkering" in description
        assert "ansatt" not in response.content.decode()


def test_meeting_ics_digital_link_only_where_the_page_shows_it(
    meeting_world: MeetingWorld,
) -> None:
    meeting = meeting_world.meeting
    Meeting.objects.filter(pk=meeting.pk).update(digital_link=LINK, place="", address="")
    anonymous = Client().get(ics_url(meeting))
    assert LINK not in anonymous.content.decode()
    assert "LOCATION" not in only_event(anonymous.content)
    page = meeting_world.client("secretariat").get(meeting.get_absolute_url())
    assert LINK in page.content.decode()
    event = only_event(meeting_world.client("secretariat").get(ics_url(meeting)).content)
    assert event["LOCATION"] == LINK
    assert LINK in str(event["DESCRIPTION"])


@pytest.mark.parametrize("persona", ["anonymous", "admin_b"])
def test_meeting_ics_private_arena_404_for_outsiders(
    meeting_world: MeetingWorld, persona: str
) -> None:
    meeting = meeting_world.private_meeting
    client = meeting_world.client(persona)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(ics_url(meeting)).status_code == 404


def test_meeting_ics_private_arena_for_member(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.private_meeting
    response = meeting_world.client("member").get(ics_url(meeting))
    assert response.status_code == 200
    event = only_event(response.content)
    assert str(event["UID"]) == uid(meeting)
    assert event["SUMMARY"] == "Lukket referansegruppe"


def test_meeting_ics_unknown_meeting_404() -> None:
    assert Client().get(reverse("meetings:meeting_ics", args=[999999])).status_code == 404


def test_meeting_ics_cancelled(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    cancel_meeting(meeting, by=meeting_world.secretariat, reason="Sykdom i sekretariatet")
    event = only_event(Client().get(ics_url(meeting)).content)
    assert event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == uid(meeting)
    assert "Sykdom i sekretariatet" in str(event["DESCRIPTION"])


def test_meeting_ics_post_not_allowed(meeting_world: MeetingWorld) -> None:
    assert Client().post(ics_url(meeting_world.meeting)).status_code == 405


def test_meeting_ics_query_count_constant(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    client = meeting_world.client("member")
    publish(meeting)
    add_item(meeting, 1, "Første sak")
    with CaptureQueriesContext(connection) as one:
        assert client.get(ics_url(meeting)).status_code == 200
    for number in range(2, 7):
        add_item(meeting, number, f"Sak {number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(ics_url(meeting))
    assert "Sak 6" in str(only_event(response.content)["DESCRIPTION"])
    assert len(many) == len(one)


def test_meeting_page_has_calendar_link(meeting_world: MeetingWorld) -> None:
    meeting = meeting_world.meeting
    html = Client().get(meeting.get_absolute_url()).content.decode()
    assert f'href="{ics_url(meeting)}"' in html
    assert "Legg til i kalender" in html
    # the accessible name says which meeting
    assert f'<span class="ds-sr-only"> – Brukerutvalget {meeting.starts_at:%d.%m.%Y}</span>' in html


def test_my_meetings_has_calendar_link_per_row(meeting_world: MeetingWorld) -> None:
    html = meeting_world.client("member").get(reverse("meetings:my_meetings")).content.decode()
    for meeting in (meeting_world.meeting, meeting_world.private_meeting):
        assert f'href="{ics_url(meeting)}"' in html
    assert html.count("Legg til i kalender") == 2
    assert 'ds-sr-only"> – Lukket referansegruppe' in html


@pytest.mark.parametrize(
    ("language", "text"),
    [("nb", "Legg til i kalender<"), ("nn", "Legg til i kalenderen<"), ("en", "Add to calendar<")],
)
def test_calendar_link_translated(meeting_world: MeetingWorld, language: str, text: str) -> None:
    client = meeting_world.client("member")
    for url in (meeting_world.meeting.get_absolute_url(), reverse("meetings:my_meetings")):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert text in html
