"""The organisation's year counts a deputy by the meetings they were called in to or
came to, not by every meeting their arena held."""

from __future__ import annotations

import pytest

from medvirk.followup.domain.reports import representatives_year
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole
from medvirk.meetings.models import Attendance, Meeting
from tests.followup.conftest import FollowupWorld
from tests.meetings.conftest import local_dt, make_meeting

pytestmark = pytest.mark.django_db


def held_meetings(w: FollowupWorld, count: int) -> list[Meeting]:
    """``count`` more meetings on the past meeting's day (so in the same year)."""
    day = w.past_meeting.local_date
    return [
        make_meeting(
            w.m.public_arena, day, starts_at=local_dt(day, 14 + i), ends_at=local_dt(day, 15 + i)
        )
        for i in range(count)
    ]


def year_rows(w: FollowupWorld) -> dict[str, object]:
    data = representatives_year(w.m.org_a.organisation, w.past_meeting.local_date.year)
    return {row.person.name: row for row in data["representatives"]}


def test_deputy_counts_only_meetings_called_in_to_or_attended(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    meetings = [w.past_meeting, *held_meetings(w, 3)]
    rows = year_rows(w)
    # Seat holders: every meeting held while they sat. Deputies not called in: none.
    assert rows["Mona Medlem"].held == 4  # type: ignore[attr-defined]
    assert rows["Vera Vara"].held == 0  # type: ignore[attr-defined]
    assert rows["Viggo Vara"].held == 0  # type: ignore[attr-defined]

    member_row = Attendance.objects.create(
        meeting=meetings[0],
        person=w.m.member_person,
        role=AttendanceRole.MEMBER,
        response=AttendanceResponse.APOLOGIES,
        present=False,
    )
    # Vera called in and came; Viggo called in for another meeting and did not come.
    Attendance.objects.create(
        meeting=meetings[0],
        person=w.m.deputy_person,
        role=AttendanceRole.DEPUTY,
        substitute_for=member_row,
        response=AttendanceResponse.ATTENDING,
        present=True,
    )
    other_member_row = Attendance.objects.create(
        meeting=meetings[1],
        person=w.m.member_person,
        role=AttendanceRole.MEMBER,
        response=AttendanceResponse.APOLOGIES,
    )
    Attendance.objects.create(
        meeting=meetings[1],
        person=w.m.second_deputy_person,
        role=AttendanceRole.DEPUTY,
        substitute_for=other_member_row,
        response=AttendanceResponse.ATTENDING,
    )
    # Vera only said she was available for a third meeting, and apologised when called
    # in to the fourth: neither counts.
    Attendance.objects.create(
        meeting=meetings[2],
        person=w.m.deputy_person,
        role=AttendanceRole.DEPUTY,
        response=AttendanceResponse.ATTENDING,
    )
    third_member_row = Attendance.objects.create(
        meeting=meetings[3],
        person=w.m.member_person,
        role=AttendanceRole.MEMBER,
        response=AttendanceResponse.APOLOGIES,
    )
    Attendance.objects.create(
        meeting=meetings[3],
        person=w.m.deputy_person,
        role=AttendanceRole.DEPUTY,
        substitute_for=third_member_row,
        response=AttendanceResponse.APOLOGIES,
    )

    rows = year_rows(w)
    vera, viggo = rows["Vera Vara"], rows["Viggo Vara"]
    assert (vera.held, vera.attended) == (1, 1)  # type: ignore[attr-defined]
    assert (viggo.held, viggo.attended) == (1, 0)  # type: ignore[attr-defined]
    assert rows["Mona Medlem"].held == 4  # type: ignore[attr-defined]
