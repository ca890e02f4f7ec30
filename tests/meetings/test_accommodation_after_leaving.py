"""Regression: health data follows people.view_accommodation (only arenas the person
sits in now), also in the accommodation summary of an old meeting."""

from __future__ import annotations

import datetime

import pytest
import rules

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import ArenaKind
from medvirk.meetings.domain.attendance import accommodation_summary
from tests.arenas.conftest import make_arena, make_person, seat
from tests.clock import freeze_time
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.meetings.attendance_helpers import add_accommodation, fresh
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 10)


@freeze_time("2026-03-10 12:00:00")
def test_accommodation_summary_of_an_old_meeting_leaves_out_people_who_have_left() -> None:
    service = ServiceFactory(name="Kommunen")
    secretariat = UserFactory(email="sekretariat@example.org")
    RoleFactory(user=secretariat, organisation=service, role=RoleKind.SECRETARIAT)
    arena = make_arena(service, ArenaKind.BRUKERUTVALG, name="Brukerutvalget")
    old_day = TODAY - datetime.timedelta(days=400)

    stayed = make_person("Anne Ble", email="anne@example.org")
    seat(arena, stayed, starts_on=old_day - datetime.timedelta(days=30))
    add_accommodation(stayed, "Teleslynge")
    # The term simply ran out half a year ago: on the old meeting's date the person
    # held a seat, but sits nowhere now.
    left = make_person("Leif Gikk", email="leif@example.org")
    seat(
        arena,
        left,
        starts_on=old_day - datetime.timedelta(days=30),
        ends_on=TODAY - datetime.timedelta(days=180),
    )
    add_accommodation(left, "Rullestol – HEMMELIG")
    meeting = make_meeting(arena, old_day)

    summary = accommodation_summary(meeting, by=fresh(secretariat))

    assert [(person.name, needs) for person, needs in summary] == [("Anne Ble", "Teleslynge")]
    assert rules.has_perm("people.view_accommodation", fresh(secretariat), left) is False
