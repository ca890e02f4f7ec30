"""The pages: persona access, forged ids, bad input kept, and statements constant in rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client

from medvirk.compensation.domain import claims as domain
from medvirk.compensation.enums import Regime
from medvirk.compensation.models import Claim
from tests.compensation.conftest import World, meeting_on, present
from tests.meetings.attendance_helpers import fresh


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_meetings(world: World, count: int) -> None:
    for number in range(count):
        meeting = meeting_on(
            world.arena, world.meeting.starts_at.date() - datetime.timedelta(days=number + 1)
        )
        present(meeting, world.member_person)


def sent_claims(world: World) -> None:
    domain.ensure_draft_claims(world.member_person)
    for claim in Claim.objects.filter(person=world.member_person):
        domain.submit_claim(claim, by=fresh(world.member))


@pytest.mark.parametrize("rows", [1, 4])
def test_my_claims_statements_are_constant_in_rows(
    world: World, django_assert_max_num_queries: Any, rows: int
) -> None:
    add_meetings(world, rows - 1)
    domain.ensure_draft_claims(world.member_person)
    client = client_of(world.member)

    with django_assert_max_num_queries(12):
        response = client.get("/godtgjoring/")

    assert response.status_code == 200
    assert response.content.decode().count("/godtgjoring/krav/") == rows


@pytest.mark.parametrize("persona", ["chair", "secretariat"])
@pytest.mark.parametrize("rows", [1, 4])
def test_approval_queue_statements_are_constant_in_rows(
    world: World, django_assert_max_num_queries: Any, persona: str, rows: int
) -> None:
    add_meetings(world, rows - 1)
    sent_claims(world)
    client = client_of(getattr(world, persona))

    with django_assert_max_num_queries(10):
        response = client.get("/godtgjoring/godkjenning/")

    assert response.status_code == 200
    assert response.content.decode().count("/godtgjoring/krav/") == rows


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("member", 200),
        ("chair", 200),
        ("secretariat", 200),
        ("payroll", 200),
        ("deputy", 404),
        ("outsider", 404),
    ],
)
def test_claim_page_by_persona(world: World, persona: str, status: int) -> None:
    sent_claims(world)
    claim = Claim.objects.get()

    assert client_of(getattr(world, persona)).get(claim.get_absolute_url()).status_code == status


def test_a_forged_claim_id_is_not_found(world: World) -> None:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get()

    client = client_of(world.deputy)
    assert client.get(f"/godtgjoring/krav/{claim.pk}/").status_code == 404
    assert (
        client.post(
            f"/godtgjoring/krav/{claim.pk}/reise/", {"from_place": "A", "to_place": "B", "km": "5"}
        ).status_code
        == 404
    )
    assert client.get("/godtgjoring/krav/999999/").status_code == 404


def test_the_queue_is_refused_to_those_who_approve_nothing(world: World) -> None:
    assert client_of(world.member).get("/godtgjoring/godkjenning/").status_code == 403


def test_bad_travel_keeps_what_was_typed_and_names_the_field(world: World) -> None:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get()

    response = client_of(world.member).post(
        f"/godtgjoring/krav/{claim.pk}/reise/",
        {"from_place": "Hjemme i Bodø", "to_place": "", "km": "-3"},
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="Hjemme i Bodø"' in body
    assert "Skriv hvor du reiste til." in body
    assert "fra 0 til 3000" in body


def test_bad_payment_details_are_refused_on_the_page(world: World) -> None:
    response = client_of(world.member).post(
        "/godtgjoring/betalingsopplysninger/", {"nin": "12345678901", "account": "86011117947"}
    )

    assert response.status_code == 422
    assert "Fødselsnummeret er ikke gyldig" in response.content.decode()


def test_the_chair_decides_on_the_page(world: World) -> None:
    sent_claims(world)
    claim = Claim.objects.get()
    line = claim.lines.get()

    response = client_of(world.chair).post(
        f"/godtgjoring/krav/{claim.pk}/behandle/",
        {"action": "approve", f"reject_{line.pk}": "on", f"reason_{line.pk}": ""},
    )
    assert response.status_code == 422
    response = client_of(world.chair).post(
        f"/godtgjoring/krav/{claim.pk}/behandle/", {"action": "approve"}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "approved"
    # Twice: no longer decidable.
    assert (
        client_of(world.chair)
        .post(f"/godtgjoring/krav/{claim.pk}/behandle/", {"action": "approve"})
        .status_code
        == 403
    )


def test_the_allowance_form_is_only_on_a_state_services_claims(world: World) -> None:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get()
    client = client_of(world.member)
    assert "Legg til kostgodtgjøring" not in client.get(claim.get_absolute_url()).content.decode()
    world.scheme.regime = Regime.STATE
    world.scheme.save()

    page = client.get(claim.get_absolute_url()).content.decode()

    assert "Legg til kostgodtgjøring" in page
    assert 'id="id_allowance_hours"' in page


def test_bad_allowance_keeps_what_was_typed_and_names_the_field(world: World) -> None:
    world.scheme.regime = Regime.STATE
    world.scheme.save()
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get()

    response = client_of(world.member).post(
        f"/godtgjoring/krav/{claim.pk}/kostgodtgjoring/", {"hours": "30", "nights": ""}
    )

    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="30"' in body
    assert 'href="#id_allowance_hours"' in body
    assert "fra 0 til 24" in body


def test_an_allowance_on_a_service_without_state_rates_is_refused_on_the_page(
    world: World,
) -> None:
    domain.ensure_draft_claims(world.member_person)
    claim = Claim.objects.get()

    response = client_of(world.member).post(
        f"/godtgjoring/krav/{claim.pk}/kostgodtgjoring/", {"hours": "8"}
    )

    assert response.status_code == 422
    assert "statens satser" in response.content.decode()
    assert not claim.lines.filter(kind="allowance").exists()


def test_my_claims_come_twenty_to_a_page_newest_first(world: World) -> None:
    add_meetings(world, 21)  # with the fixture's meeting: 22 claims
    client = client_of(world.member)

    first = client.get("/godtgjoring/").content.decode()
    second = client.get("/godtgjoring/?side=2").content.decode()

    assert first.count('href="/godtgjoring/krav/') == 20
    assert second.count('href="/godtgjoring/krav/') == 2
    assert "Side 1 av 2" in first and 'aria-label="Sider med krav"' in first
