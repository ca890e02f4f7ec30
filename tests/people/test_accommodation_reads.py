"""A person sees who has read their accommodation needs, and when: every read is on the
person (the person page, a meeting's list, a course's list), the page lists the reads by
others, paged, and the data download holds the same list."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.people.domain.accommodation import (
    ACCOMMODATION_PURPOSE,
    AS_ORGANISER,
    give_accommodation_consent,
    read_accommodation,
    record_reads,
)
from medvirk.people.domain.privacy import export_personal_data
from medvirk.people.selectors import accommodation_reads
from tests.clock import freeze_time
from tests.factories import ServiceFactory, UserFactory
from tests.factories.training import TrainingCourseFactory
from tests.people.conftest import World, fresh

NEEDS = "Trenger tolk – HEMMELIG-LESING"
URL = reverse("people:my_accommodation_reads")


def consent(world: World) -> None:
    give_accommodation_consent(
        world.person, by=world.users["self"], needs=NEEDS, purpose=str(ACCOMMODATION_PURPOSE)
    )


def course_reads(world: World, count: int, *, start: int = 0) -> None:
    organiser = ServiceFactory(name="Kursarrangøren AS")
    for n in range(start, start + count):
        reader = UserFactory(email=f"kurs{n}@example.org", name=f"Kari Kurs {n}")
        course = TrainingCourseFactory(organiser=organiser, title=f"Grunnkurs {n}")
        record_reads(
            [world.person], by=reader, organisation=organiser, about=course, reader_as=AS_ORGANISER
        )


def test_a_secretariat_read_names_the_service_and_the_role(world: World) -> None:
    consent(world)
    with freeze_time("2026-11-16T10:00:00+00:00"):
        read_accommodation(world.person, by=fresh(world.users["self"]))
    with freeze_time("2026-11-17T10:00:00+00:00"):
        read_accommodation(world.person, by=fresh(world.users["sitting_secretariat"]))

    reads = list(accommodation_reads(world.person))

    # The person's own read is logged but not listed.
    assert len(reads) == 1
    assert reads[0].actor == world.users["sitting_secretariat"]
    assert reads[0].organisation is not None
    assert reads[0].organisation.name == "Tjeneste S"
    assert reads[0].data == {"as": "secretariat"}
    own = ActivityLog.objects.get(action="people.accommodation.read", actor=world.users["self"])
    assert own.data == {"as": "self"}
    assert "HEMMELIG" not in str([r.data for r in ActivityLog.objects.all()])


def test_the_list_is_newest_first_and_its_queries_do_not_grow(world: World) -> None:
    consent(world)
    course_reads(world, 1)
    client = world.client("self")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    one = count()
    course_reads(world, 3, start=1)
    assert count() == one
    names = [entry.actor.name for entry in accommodation_reads(world.person)]
    assert names == ["Kari Kurs 3", "Kari Kurs 2", "Kari Kurs 1", "Kari Kurs 0"]


def test_the_page_lists_who_in_what_role_for_which_organisation(world: World) -> None:
    consent(world)
    course_reads(world, 1)

    html = world.client("self").get(URL).content.decode()

    assert "Kari Kurs 0" in html
    assert "Kursarrangøren" in html
    assert "Kursarrangøren AS" in html
    assert "Grunnkurs 0" in html
    assert NEEDS not in html


def test_the_page_has_an_empty_state_and_pages(world: World, settings: Any) -> None:
    html = world.client("self").get(URL).content.decode()
    assert "Ingen andre har lest opplysningene dine om tilrettelegging." in html

    consent(world)
    course_reads(world, 21)
    first = world.client("self").get(URL).content.decode()
    assert "Side 1 av 2" in first
    second = world.client("self").get(URL + "?page=2").content.decode()
    assert "Kari Kurs 0" in second


def test_the_page_is_linked_from_mine_oppdrag(world: World) -> None:
    consent(world)
    html = world.client("self").get(reverse("people:mine")).content.decode()
    assert URL in html


def test_the_download_lists_the_reads(world: World) -> None:
    consent(world)
    course_reads(world, 2)

    data = export_personal_data(by=fresh(world.users["self"]))

    reads = data["person"]["accommodation_reads"]
    assert [read["by"] for read in reads] == ["Kari Kurs 1", "Kari Kurs 0"]
    assert reads[0]["as"] == "organiser"
    assert reads[0]["organisation"] == "Kursarrangøren AS"
    assert reads[0]["about"] == "Grunnkurs 1"
    assert datetime.datetime.fromisoformat(reads[0]["at"])
