""" "Mine oppdrag" reads its rows with plain statements (appointments/selectors.py, issue 6):
they must show exactly what the ORM would, in every language and on both databases."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from medvirk.appointments.selectors import membership_rows, own_person
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.rows import aware, choice_labels
from medvirk.people.models import Accommodation
from tests.factories.people import MembershipFactory, OrganisationFactory
from tests.people.conftest import World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_rows_match_the_models_in_every_language(world: World, language: str) -> None:
    MembershipFactory(
        person=world.person,
        role=MemberRole.DEPUTY,
        deputy_rank=2,
        represents=OrganisationFactory(name="Foreningen som foreslo"),
    )
    with translation.override(language):
        rows = {row.pk: row for row in membership_rows(world.person.pk)}
        models = Membership.objects.filter(person=world.person).select_related(
            "arena__owner", "represents"
        )
        assert set(rows) == {m.pk for m in models} and len(rows) == 3
        for m in models:
            row = rows[m.pk]
            assert row.arena.name == m.arena.name
            assert row.arena.owner.name == m.arena.owner.name
            assert row.arena.get_absolute_url == m.arena.get_absolute_url()
            assert row.get_role_display == m.get_role_display()
            assert row.deputy_rank == m.deputy_rank
            assert (row.represents.name if row.represents else None) == (
                m.represents.name if m.represents else None
            )
            assert (row.starts_on, row.ends_on, row.ended_on) == (
                m.starts_on,
                m.ends_on,
                m.ended_on,
            )
            assert row.get_end_reason_display == m.get_end_reason_display()
            assert row.resign_url == reverse("arenas:resign_confirm", args=[m.pk])
    order = [row.pk for row in membership_rows(world.person.pk)]
    assert order == list(
        Membership.objects.filter(person=world.person)
        .order_by("-starts_on", "pk")
        .values_list("pk", flat=True)
    )


def test_the_page_shows_role_reason_and_deputy_rank_in_english(world: World) -> None:
    MembershipFactory(person=world.person, role=MemberRole.DEPUTY, deputy_rank=2)
    client = world.client("self")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("people:mine"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        deputy = choice_labels(MemberRole)[MemberRole.DEPUTY]
    assert f"{deputy} 2" in html
    assert "Eldrerådet i E" in html


def test_consent_time_and_deletion_request_are_shown_in_local_time(world: World) -> None:
    given = datetime.datetime(2026, 6, 1, 10, 30, tzinfo=datetime.UTC)  # 12:30 in Oslo
    Accommodation.objects.create(
        person=world.person, needs="Tolk", consent_purpose="Møter", consent_given_at=given
    )
    world.person.deletion_requested_at = datetime.datetime(2026, 1, 31, 23, 30, tzinfo=datetime.UTC)
    world.person.save()
    person = own_person(world.person.user_id)
    assert person is not None and person.consent is not None
    assert person.consent.consent_given_at == given
    assert person.deletion_requested_at == world.person.deletion_requested_at
    html = world.client("self").get(reverse("people:mine")).content.decode()
    assert "01.06.2026 12:30" in html
    assert "Du ba om sletting 01.02.2026" in html  # 00:30 on 1 February in Oslo
    assert "Tolk" not in html  # the needs themselves are health data, not read here


def test_without_a_profile_the_page_offers_to_make_one(world: World) -> None:
    from tests.factories import UserFactory

    user = UserFactory(email="uten-profil@example.org")
    assert own_person(user.pk) is None
    client = world.client("anonymous")
    client.force_login(user)
    html = client.get(reverse("people:mine")).content.decode()
    assert "Du har ingen representantprofil ennå" in html
    assert "Du sitter ikke i noen råd eller utvalg nå." in html


def test_open_nominations_are_read_only_when_there_are_any(world: World) -> None:
    client = world.client("self")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("people:mine")).content.decode()
    assert "Du har ingen åpne forslag eller forespørsler" in html
    # The ORM's statement names its columns in quotes; the count in own_person() does not.
    orm = [q for q in queries.captured_queries if '"appointments_nomination"."id"' in q["sql"]]
    assert orm == []
    assert own_person(world.person.user_id).open_nominations == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "value",
    [
        "2026-06-01 10:30:00",
        datetime.datetime(2026, 6, 1, 10, 30),
        datetime.datetime(
            2026, 6, 1, 12, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
        ),
    ],
)
def test_aware_gives_the_instant_the_orm_would(value: object) -> None:
    result = aware(value)  # type: ignore[arg-type]
    assert result is not None and timezone.is_aware(result)
    assert result == datetime.datetime(2026, 6, 1, 10, 30, tzinfo=datetime.UTC)


def test_aware_passes_none_and_refuses_nonsense() -> None:
    assert aware(None) is None
    with pytest.raises(ValueError):
        aware("not a time")


def test_the_cached_tables_follow_every_change_at_once(world: World) -> None:
    """The tables are cached under the rows they show, so a renamed arena, a new seat or
    an ended one shows on the next visit without any invalidation."""
    client = world.client("self")
    url = reverse("people:mine")
    assert "Brukerutvalget i S" in client.get(url).content.decode()
    world.arena.name = "Brukerrådet i S"
    world.arena.save()
    MembershipFactory(person=world.person, arena__name="Ungdomsrådet")
    html = client.get(url).content.decode()
    assert "Brukerrådet i S" in html and "Brukerutvalget i S" not in html
    assert "Ungdomsrådet" in html
    Membership.objects.filter(person=world.person, arena=world.arena).update(
        ended_on=timezone.localdate()
    )
    html = client.get(url).content.decode()
    current = html[html.index('id="current-heading"') : html.index('id="past-heading"')]
    assert "Brukerrådet i S" not in current and "Ungdomsrådet" in current
