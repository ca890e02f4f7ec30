"""A deputy on the meeting page: their role, whether they are available, being called
in; and the meeting's state the same on the meeting page and "Mine møter"."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from medvirk.meetings.domain.attendance import respond
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole
from medvirk.meetings.models import Meeting
from tests.meetings.agenda_helpers import item, mark_published
from tests.meetings.attendance_helpers import fresh, row
from tests.meetings.conftest import MeetingWorld


def url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"pk": meeting.pk})


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_meeting_page_tells_a_deputy_their_role_and_asks_if_available(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    page = w.client("deputy").get(url("detail", w.meeting)).content.decode()
    assert "Din rolle:" in page and "<strong>Vararepresentant 1</strong>" in page
    assert "Du er ikke kalt inn til dette møtet." in page
    assert "Kan du stille hvis du blir kalt inn?" in page
    assert "Jeg kan stille" in page and "Jeg kan ikke stille" in page
    assert f'action="{url("respond", w.meeting)}"' in page
    # The member sees their own role and the ordinary question.
    page = w.client("member").get(url("detail", w.meeting)).content.decode()
    assert "<strong>Medlem</strong>" in page and "Kommer du?" in page
    assert "Kan du stille" not in page


def test_deputy_states_availability_and_is_called_in_first_when_available(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    client = w.client("deputy")
    assert client.get(url("respond", w.meeting)).status_code == 200
    response = client.post(url("respond", w.meeting), {"response": "attending"}, follow=True)
    assert "Registrert: du kan stille hvis du blir kalt inn." in messages_of(response)
    mine = row(w, w.deputy_person)
    assert (mine.role, mine.response, mine.substitute_for_id) == (
        AttendanceRole.DEPUTY,
        AttendanceResponse.ATTENDING,
        None,
    )
    page = response.content.decode()
    assert "Kan stille" in page
    # Not expected at the meeting until called in.
    secretariat_page = w.client("secretariat").get(url("detail", w.meeting)).content.decode()
    assert "<dt>Vararepresentanter kalt inn</dt><dd>0</dd>" in secretariat_page

    answer = respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    assert answer.deputy is not None and answer.deputy.person == w.deputy_person
    page = client.get(url("detail", w.meeting)).content.decode()
    assert "Du er kalt inn som vararepresentant for <strong>Mona Medlem</strong>." in page
    assert "Kommer du?" in page and "Du er ikke kalt inn" not in page


def test_unavailable_deputy_is_passed_over(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    response = w.client("deputy").post(
        url("respond", w.meeting), {"response": "apologies", "note": "På ferie"}, follow=True
    )
    assert "Registrert: du kan ikke stille på dette møtet." in messages_of(response)
    assert "Kan ikke stille" in response.content.decode()
    answer = respond(w.meeting, by=fresh(w.member), response=AttendanceResponse.APOLOGIES)
    assert answer.deputy is not None and answer.deputy.person == w.second_deputy_person
    assert row(w, w.deputy_person).substitute_for_id is None


def test_deputy_of_another_arena_still_may_not_answer(meeting_world: MeetingWorld) -> None:
    w = meeting_world
    # The deputy sits in the public arena only.
    assert w.client("deputy").get(url("respond", w.private_meeting)).status_code in (403, 404)


def test_meeting_state_is_the_same_on_the_meeting_page_and_my_meetings(
    meeting_world: MeetingWorld,
) -> None:
    w = meeting_world
    item(w.meeting, w.secretariat)
    mark_published(w.meeting)
    client = w.client("deputy")
    detail = client.get(url("detail", w.meeting)).content.decode()
    mine = client.get(reverse("meetings:my_meetings")).content.decode()
    assert "<dt>Status</dt><dd>Sakskart publisert</dd>" in detail
    assert "Sakskart publisert" in mine
    assert "<dd>Planlagt</dd>" not in detail
