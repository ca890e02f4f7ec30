"""Appointment requests reachable by links: the service's list (from the secretariat's
dashboard) and the arena page, each request with its state and next step; breadcrumbs
on the request and decision pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.appointments.domain.requests import close_request, create_request, open_request
from medvirk.appointments.models import AppointmentRequest
from tests.appointments.conftest import (
    ALL_PERSONAS,
    Scenario,
    client_for,
    confirmed_nomination,
    nominate_candidate,
    pool_person,
    request_data,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/oppnevning/tjeneste/"


def make(scenario: Scenario, title: str, *, state: str = "open") -> AppointmentRequest:
    request = create_request(
        arena=scenario.arena,
        by=scenario.secretariat,
        data=request_data(title=title),
        organisations=[scenario.umbrella],
    )
    if state in ("open", "closed"):
        request = open_request(request, by=scenario.secretariat)
    if state == "closed":
        request = close_request(request, by=scenario.secretariat)
    return request


def row_of(html: str, marker: str) -> str:
    start = html.rindex("<tr", 0, html.index(marker))
    return html[start : html.index("</tr>", start)]


def breadcrumbs(html: str) -> str:
    start = html.index('class="ds-breadcrumbs"')
    return html[start : html.index("</nav>", start)]


def test_service_list_url() -> None:
    assert reverse("appointments:service_requests") == LIST_URL


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_service_list_persona_matrix(scenario: Scenario, persona: str) -> None:
    make(scenario, "Forespørsel til utvalget")
    response = client_for(scenario, persona).get(LIST_URL)
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in ("secretariat", "other_secretariat"):
        assert response.status_code == 200
        shown = "Forespørsel til utvalget" in response.content.decode()
        assert shown is (persona == "secretariat")
    else:
        # Only a service's secretariat runs requests; the others have their own lists.
        assert response.status_code == 403


def test_service_list_shows_state_counts_and_next_step(scenario: Scenario) -> None:
    draft = make(scenario, "Utkast til forespørsel", state="draft")
    waiting = make(scenario, "Venter på forslag")
    closed = make(scenario, "Klar for vedtak", state="closed")
    decided_elsewhere = make(scenario, "Avlyst forespørsel", state="draft")
    AppointmentRequest.objects.filter(pk=decided_elsewhere.pk).update(status="cancelled")
    confirmed_nomination(scenario, waiting)
    nominate_candidate(scenario, waiting, pool_person(scenario.org_a.organisation, "Per Pool"))
    html = client_for(scenario, "secretariat").get(LIST_URL).content.decode()

    assert "Avlyst forespørsel" not in html
    row = row_of(html, "Utkast til forespørsel")
    assert "Utkast" in row and "Send forespørselen til organisasjonene" in row
    assert f'href="{draft.get_absolute_url()}"' in row

    row = row_of(html, "Venter på forslag")
    assert "Åpen for forslag" in row
    assert "1 foreslått" in row and "1 venter på svar" in row and "0 innstillinger" in row
    assert f'href="{waiting.get_absolute_url()}#nominations-heading"' in row
    assert f'href="{waiting.get_absolute_url()}#recommendations-heading"' in row
    assert f"Vent på forslag til fristen {waiting.deadline:%d.%m.%Y}" in row

    row = row_of(html, "Klar for vedtak")
    assert "Fristen er ute" in row and "Gjør vedtak om oppnevning" in row
    assert f'href="{reverse("appointments:decision", args=[closed.pk])}"' in row
    assert f'href="{scenario.arena.get_absolute_url()}"' in row


def test_service_list_statement_count_is_constant(
    scenario: Scenario, django_assert_num_queries: Any
) -> None:
    make(scenario, "Første")
    client = client_for(scenario, "secretariat")
    client.get(LIST_URL)
    with CaptureQueriesContext(connection) as one:
        assert client.get(LIST_URL).status_code == 200
    for n in range(3):
        confirmed_nomination(
            scenario,
            make(scenario, f"Flere {n}"),
            pool_person(scenario.org_a.organisation, f"P {n}"),
        )
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(LIST_URL).status_code == 200


def test_dashboard_links_to_the_service_list(scenario: Scenario) -> None:
    html = client_for(scenario, "secretariat").get(reverse("meetings:dashboard")).content.decode()
    assert f'href="{LIST_URL}"' in html


def test_arena_page_lists_requests_for_those_who_manage_it(scenario: Scenario) -> None:
    closed = make(scenario, "Klar for vedtak", state="closed")
    url = scenario.arena.get_absolute_url()
    html = client_for(scenario, "secretariat").get(url).content.decode()
    assert 'id="requests-heading"' in html
    row = row_of(html, "Klar for vedtak")
    assert f'href="{closed.get_absolute_url()}"' in row
    assert f'href="{reverse("appointments:decision", args=[closed.pk])}"' in row
    assert f'href="{LIST_URL}"' in html
    for persona in ("anonymous", "admin_a", "other_secretariat"):
        response = client_for(scenario, persona).get(url)
        assert "Klar for vedtak" not in response.content.decode()


def test_arena_page_statement_count_does_not_grow_with_requests(
    scenario: Scenario, django_assert_num_queries: Any
) -> None:
    make(scenario, "Første")
    client = client_for(scenario, "secretariat")
    url = scenario.arena.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(3):
        make(scenario, f"Flere {n}", state="closed")
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(url).status_code == 200


def test_request_and_decision_pages_have_breadcrumbs(scenario: Scenario) -> None:
    request = make(scenario, "Klar for vedtak", state="closed")
    client = client_for(scenario, "secretariat")
    html = client.get(request.get_absolute_url()).content.decode()
    nav = breadcrumbs(html)
    assert f'href="{LIST_URL}"' in nav
    assert f'href="{scenario.arena.get_absolute_url()}"' in nav
    assert 'aria-current="page">Klar for vedtak</a>' in nav
    decision_url = reverse("appointments:decision", args=[request.pk])
    assert f'href="{decision_url}"' in html

    html = client.get(decision_url).content.decode()
    nav = breadcrumbs(html)
    assert f'href="{request.get_absolute_url()}"' in nav
    assert f'href="{scenario.arena.get_absolute_url()}"' in nav

    # An organisation's admin is led back to "Forespørsler til oss", not the service list.
    html = client_for(scenario, "admin_a").get(request.get_absolute_url()).content.decode()
    nav = breadcrumbs(html)
    assert f'href="{reverse("appointments:mine")}"' in nav and LIST_URL not in nav
