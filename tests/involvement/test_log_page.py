"""The service's log page: who sees which entries, the filters, the charts, and a
statement count per persona that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.arenas.enums import Influence, Level
from medvirk.involvement.domain.collect import collect_year
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from tests.involvement.conftest import FOLLOWUP_PERSONAS, LogWorld, recent

pytestmark = pytest.mark.django_db

SEES_ALL = {"secretariat", "decision_maker"}


def collected(w: LogWorld) -> int:
    years = {w.held.local_date.year, w.advice.given_on.year, recent(0).year}
    for year in years:
        collect_year(w.service, year=year)
    return w.held.local_date.year


def url(w: LogWorld, **query: object) -> str:
    base = reverse("involvement:log", args=[w.service.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_everyone_reads_the_public_log_and_only_the_service_sees_the_rest(
    log_world: LogWorld, persona: str
) -> None:
    year = collected(log_world)
    response = log_world.client(persona).get(url(log_world, year=year))
    assert response.status_code == 200
    page = response.content.decode()
    assert log_world.held.arena.name in page
    sees_all = persona in SEES_ALL
    # The private arena's meeting and training: only for the service's own people.
    private = log_world.private_held.local_date.year == year
    assert ("Lukket referansegruppe" in page) == (sees_all and private)
    assert ("Mona Medlem" in page) == sees_all


def test_a_private_service_is_not_found_outside_it(log_world: LogWorld) -> None:
    service = log_world.service
    service.is_public = False
    service.save()
    assert log_world.client("anonymous").get(url(log_world)).status_code == 404
    assert log_world.client("secretariat").get(url(log_world)).status_code == 200


def test_an_organisation_that_is_not_a_service_has_no_log(log_world: LogWorld) -> None:
    organisation = log_world.f.m.org_a.organisation
    response = log_world.client("anonymous").get(reverse("involvement:log", args=[organisation.pk]))
    assert response.status_code == 404


def test_filters_narrow_the_list_and_the_charts_show_the_whole_year(log_world: LogWorld) -> None:
    year = collected(log_world)
    client = log_world.client("secretariat")
    page = client.get(url(log_world, year=year, kind=EntryKind.EXPERIENCE_CALL)).content.decode()
    assert "Transport" in page
    assert "Teleslynge i klasserommene" not in page
    assert "chart-level-title" in page and "chart-degree-title" in page
    assert "Andel" in page


def test_an_empty_year_says_so(log_world: LogWorld) -> None:
    InvolvementEntry.objects.all().delete()
    page = log_world.client("anonymous").get(url(log_world)).content.decode()
    assert "Ingen medvirkning er ført i loggen for" in page


def test_a_bad_filter_is_shown_and_dropped(log_world: LogWorld) -> None:
    collected(log_world)
    response = log_world.client("anonymous").get(url(log_world, year=1066, level="galaxy"))
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#id_year"' in page and 'href="#id_level"' in page


def _more_entries(w: LogWorld, n: int) -> None:
    people = [w.f.m.member_person, w.f.m.second_member_person]
    for index in range(n):
        entry = InvolvementEntry.objects.create(
            service=w.service,
            date=recent(3),
            title=f"Ekstra {index}",
            kind=EntryKind.OTHER,
            level=Level.SYSTEM,
            degree=Influence.DIALOGUE,
            arena=w.f.m.public_arena,
        )
        entry.people.set(people)
        entry.organisations.set([w.f.m.org_a.organisation])


def _count(w: LogWorld, persona: str) -> int:
    client = w.client(persona)
    client.get(url(w, year=recent(3).year))  # warm the session and the figures
    with CaptureQueriesContext(connection) as context:
        response = client.get(url(w, year=recent(3).year))
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_the_log_costs_the_same_with_one_row_or_many(log_world: LogWorld, persona: str) -> None:
    cache.clear()
    _more_entries(log_world, 1)
    few = _count(log_world, persona)
    _more_entries(log_world, 20)
    cache.clear()
    many = _count(log_world, persona)
    assert few == many
    assert many <= 15


def test_the_entry_form_costs_the_same_with_more_people(log_world: LogWorld) -> None:
    from tests.arenas.conftest import make_person, seat

    w = log_world.f.m
    client = log_world.client("secretariat")
    create = reverse("involvement:entry_create", args=[w.service.pk])
    client.get(create)
    with CaptureQueriesContext(connection) as before:
        assert client.get(create).status_code == 200
    for index in range(10):
        seat(w.public_arena, make_person(f"Person {index}"), represents=w.org_b.organisation)
    with CaptureQueriesContext(connection) as after:
        assert client.get(create).status_code == 200
    assert len(before.captured_queries) == len(after.captured_queries) <= 15
