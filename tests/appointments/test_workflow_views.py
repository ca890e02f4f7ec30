from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.appointments.enums import NominationStatus, RequestStatus
from medvirk.appointments.models import AppointmentRequest, Nomination, Recommendation
from tests.appointments.conftest import (
    ALL_PERSONAS,
    Scenario,
    client_for,
    confirmed_nomination,
    nominate_candidate,
    pool_person,
    request_data,
)

MANAGERS = {"secretariat", "platform_admin"}


def expected(persona: str, allowed: set[str]) -> int:
    if persona in allowed:
        return 200
    return 302 if persona == "anonymous" else 403


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_request_create_page_matrix(scenario: Scenario, persona: str) -> None:
    url = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    response = client_for(scenario, persona).get(url)
    assert response.status_code == expected(persona, MANAGERS)


def test_request_create_post_saves_draft(scenario: Scenario) -> None:
    client = client_for(scenario, "secretariat")
    url = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    data = {key: str(value) for key, value in request_data().items()}
    data["organisations"] = [str(scenario.umbrella.pk), str(scenario.org_b.organisation.pk)]
    response = client.post(url, data)
    request = AppointmentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert request.invitations.count() == 2


def test_request_create_post_invalid_rerenders_with_422(scenario: Scenario) -> None:
    client = client_for(scenario, "secretariat")
    url = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    data = {key: str(value) for key, value in request_data(title="Min tittel").items()}
    response = client.post(url, data)
    assert response.status_code == 422
    content = response.content.decode()
    assert "Velg minst én organisasjon som skal inviteres." in content
    assert 'value="Min tittel"' in content
    assert AppointmentRequest.objects.count() == 0


VIEWERS = {"secretariat", "platform_admin", "admin_a", "umbrella_admin"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_request_detail_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    response = client_for(scenario, persona).get(request.get_absolute_url())
    assert response.status_code == expected(persona, VIEWERS)


def test_request_detail_draft_hidden_from_invitees(scenario: Scenario) -> None:
    request = scenario.make_request(opened=False)
    for persona, status in [("umbrella_admin", 403), ("admin_a", 403), ("secretariat", 200)]:
        response = client_for(scenario, persona).get(request.get_absolute_url())
        assert response.status_code == status


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_request_transition_views_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request(opened=False)
    client = client_for(scenario, persona)
    for name in ("request_open", "request_close", "request_cancel"):
        response = client.post(reverse(f"appointments:{name}", args=[request.pk]))
        if persona in MANAGERS:
            assert response.status_code == 302
        else:
            assert response.status_code == (302 if persona == "anonymous" else 403)
    request.refresh_from_db()
    assert request.status == (
        RequestStatus.CANCELLED if persona in MANAGERS else RequestStatus.DRAFT
    )


def test_request_transition_view_shows_refusal_message(scenario: Scenario) -> None:
    request = scenario.make_request()
    client = client_for(scenario, "secretariat")
    response = client.post(reverse("appointments:request_open", args=[request.pk]), follow=True)
    assert "Bare utkast kan sendes. Denne forespørselen er allerede sendt." in (
        response.content.decode()
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_my_requests_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    response = client_for(scenario, persona).get(reverse("appointments:mine"))
    if persona == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    shown = request.title in response.content.decode()
    assert shown == (persona in {"admin_a", "umbrella_admin"})


NOMINATORS = {"admin_a", "umbrella_admin", "platform_admin"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_nominate_page_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    response = client_for(scenario, persona).get(
        reverse("appointments:nominate", args=[request.pk])
    )
    assert response.status_code == expected(persona, NOMINATORS)


def test_nominate_post_new_person_and_from_pool(scenario: Scenario, mailoutbox: list) -> None:
    request = scenario.make_request()
    client = client_for(scenario, "admin_a")
    url = reverse("appointments:nominate", args=[request.pk])
    org = str(scenario.org_a.organisation.pk)
    response = client.post(url, {"organisation": org, "person": str(scenario.candidate.pk)})
    assert response.status_code == 302
    response = client.post(
        url,
        {"organisation": org, "name": "Nils Ny", "email": "nils@example.org", "level": "local"},
    )
    assert response.status_code == 302
    assert sorted(Nomination.objects.values_list("person__name", "level")) == [
        ("Kari Kandidat", ""),
        ("Nils Ny", "local"),
    ]
    response = client.post(url, {"organisation": org, "person": str(scenario.candidate.pk)})
    assert response.status_code == 422
    assert "Kari Kandidat er allerede foreslått til denne forespørselen." in (
        response.content.decode()
    )


def test_nominate_post_neither_person_nor_name_is_422(scenario: Scenario) -> None:
    request = scenario.make_request()
    response = client_for(scenario, "admin_a").post(
        reverse("appointments:nominate", args=[request.pk]),
        {"organisation": str(scenario.org_a.organisation.pk), "motivation": "Engasjert"},
    )
    assert response.status_code == 422
    assert "Engasjert" in response.content.decode()
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_nomination_confirm_and_withdraw_views_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    client = client_for(scenario, persona)
    client.post(reverse("appointments:consent", args=[nomination.pk, token]), {"answer": "yes"})
    response = client.post(reverse("appointments:nomination_confirm", args=[nomination.pk]))
    nomination.refresh_from_db()
    if persona in ("admin_a", "platform_admin"):
        assert (response.status_code, nomination.status) == (302, NominationStatus.CONFIRMED)
    else:
        assert response.status_code == (302 if persona == "anonymous" else 403)
        assert nomination.status == NominationStatus.CONSENTED
    response = client.post(reverse("appointments:nomination_withdraw", args=[nomination.pk]))
    nomination.refresh_from_db()
    if persona in ("admin_a", "platform_admin", "representative"):
        assert (response.status_code, nomination.status) == (302, NominationStatus.WITHDRAWN)
    else:
        assert nomination.status != NominationStatus.WITHDRAWN


def test_consent_page_shows_request_and_accepts(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    url = reverse("appointments:consent", args=[nomination.pk, token])
    assert url == f"/oppnevning/samtykke/{nomination.pk}/{token}/"
    client = client_for(scenario, "anonymous")
    response = client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert scenario.arena.name in content
    assert request.title in content
    response = client.post(url, {"answer": "yes"})
    assert response.status_code == 200
    assert "Du har samtykket." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CONSENTED
    response = client.get(url)
    assert response.status_code == 404
    assert "Lenken virker bare én gang." in response.content.decode()


def test_consent_page_decline_and_forged(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, token = nominate_candidate(scenario, request)
    client = client_for(scenario, "anonymous")
    forged = client.get(reverse("appointments:consent", args=[nomination.pk, "feil"]))
    assert forged.status_code == 404
    assert "Lenken er ikke gyldig." in forged.content.decode()
    url = reverse("appointments:consent", args=[nomination.pk, token])
    assert client.post(url, {"answer": "maybe"}).status_code == 422
    assert client.post(url, {"answer": "no"}).status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED


RECOMMENDERS = {"umbrella_admin", "platform_admin"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_recommendation_views_matrix(scenario: Scenario, persona: str) -> None:
    request = scenario.make_request()
    first = confirmed_nomination(scenario, request)
    url = reverse("appointments:recommendation_edit", args=[request.pk, scenario.umbrella.pk])
    client = client_for(scenario, persona)
    response = client.get(url)
    assert response.status_code == expected(persona, RECOMMENDERS)
    response = client.post(
        url,
        {
            f"include_{first.pk}": "on",
            f"rank_{first.pk}": "1",
            f"justification_{first.pk}": "Sterk kandidat",
            "summary": "Vår innstilling",
        },
    )
    if persona in RECOMMENDERS:
        assert response.status_code == 302
        recommendation = Recommendation.objects.get()
        submit = client.post(
            reverse("appointments:recommendation_submit", args=[recommendation.pk])
        )
        assert submit.status_code == 302
        recommendation.refresh_from_db()
        assert recommendation.submitted_at is not None
    else:
        assert Recommendation.objects.count() == 0


def test_recommendation_post_missing_justification_is_422(scenario: Scenario) -> None:
    request = scenario.make_request()
    first = confirmed_nomination(scenario, request)
    url = reverse("appointments:recommendation_edit", args=[request.pk, scenario.umbrella.pk])
    response = client_for(scenario, "umbrella_admin").post(
        url, {f"include_{first.pk}": "on", f"rank_{first.pk}": "1"}
    )
    assert response.status_code == 422
    assert "Skriv en begrunnelse for Kari Kandidat." in response.content.decode()


def test_arena_detail_links_to_new_request_for_owner(scenario: Scenario) -> None:
    link = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    own = client_for(scenario, "secretariat").get(scenario.arena.get_absolute_url())
    other = client_for(scenario, "other_secretariat").get(scenario.arena.get_absolute_url())
    assert link in own.content.decode()
    assert link not in other.content.decode()


def test_dashboard_links_org_admins_to_requests(scenario: Scenario) -> None:
    link = reverse("appointments:mine")
    admin = client_for(scenario, "admin_a").get(reverse("start:page"))
    secretariat = client_for(scenario, "secretariat").get(reverse("start:page"))
    assert admin.content.decode().count(link) == 1
    assert link not in secretariat.content.decode()


def _fill(scenario: Scenario, request: AppointmentRequest, count: int) -> None:
    for index in range(count):
        person = pool_person(scenario.org_a.organisation, f"Person {index}")
        confirmed_nomination(scenario, request, person)


def _count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["secretariat", "admin_a", "umbrella_admin"])
def test_request_detail_queries_constant(scenario: Scenario, persona: str) -> None:
    from medvirk.appointments.domain.recommendations import save_recommendation

    small = scenario.make_request()
    large = scenario.make_request()
    _fill(scenario, small, 1)
    _fill(scenario, large, 50)
    for request in (small, large):
        nominations = list(Nomination.objects.filter(request=request))
        save_recommendation(
            request=request,
            by=scenario.umbrella_admin,
            umbrella=scenario.umbrella,
            entries=[(n, i + 1, "Bra") for i, n in enumerate(nominations)],
        )
    client = client_for(scenario, persona)
    client.get(small.get_absolute_url())  # warm up session and caches
    assert _count_queries(client, small.get_absolute_url()) == _count_queries(
        client, large.get_absolute_url()
    )


def test_my_requests_queries_constant(scenario: Scenario) -> None:
    client = client_for(scenario, "admin_a")
    url = reverse("appointments:mine")
    scenario.make_request()
    client.get(url)
    one = _count_queries(client, url)
    for _ in range(49):
        scenario.make_request()
    assert _count_queries(client, url) == one
