"""Binding actions on requests and nominations go through a confirmation page (WCAG 3.3.4)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from medvirk.appointments.enums import NominationStatus
from medvirk.appointments.models import Nomination
from tests.appointments.conftest import Scenario, nominate_candidate
from tests.factories import OrganisationFactory
from tests.factories.people import PersonFactory


def test_withdraw_goes_through_a_confirmation_page(scenario: Scenario) -> None:
    request = scenario.make_request()
    nomination, _token = nominate_candidate(scenario, request)
    client = Client()
    client.force_login(scenario.org_a.admin)
    confirm = reverse("appointments:nomination_withdraw_confirm", args=[nomination.pk])
    withdraw = reverse("appointments:nomination_withdraw", args=[nomination.pk])

    detail = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{confirm}"' in detail
    assert f'action="{withdraw}"' not in detail

    page = client.get(confirm)
    html = page.content.decode()
    assert page.status_code == 200
    assert f'action="{withdraw}"' in html
    assert f'href="{request.get_absolute_url()}">Avbryt</a>' in html
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWAITING_CONSENT

    response = client.post(withdraw)
    assert response["Location"] == request.get_absolute_url()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN


def test_withdraw_confirmation_refused_to_others(scenario: Scenario) -> None:
    nomination, _token = nominate_candidate(scenario, scenario.make_request())
    client = Client()
    client.force_login(scenario.org_b.admin)

    response = client.get(reverse("appointments:nomination_withdraw_confirm", args=[nomination.pk]))

    assert response.status_code == 403


def test_cancel_request_goes_through_a_confirmation_page(scenario: Scenario) -> None:
    from medvirk.appointments.enums import RequestStatus
    from tests.appointments.conftest import client_for

    request = scenario.make_request()
    client = client_for(scenario, "secretariat")
    confirm = reverse("appointments:request_cancel_confirm", args=[request.pk])
    cancel = reverse("appointments:request_cancel", args=[request.pk])

    detail = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{confirm}"' in detail
    assert f'action="{cancel}"' not in detail
    html = client.get(confirm).content.decode()
    assert f'action="{cancel}"' in html
    assert f'href="{request.get_absolute_url()}">Avbryt</a>' in html
    request.refresh_from_db()
    assert request.status != RequestStatus.CANCELLED

    client.post(cancel)
    request.refresh_from_db()
    assert request.status == RequestStatus.CANCELLED
    assert client_for(scenario, "admin_a").get(confirm).status_code == 403


def test_send_and_close_go_through_confirmation_pages(scenario: Scenario) -> None:
    from medvirk.appointments.enums import RequestStatus
    from tests.appointments.conftest import client_for

    request = scenario.make_request(opened=False)
    client = client_for(scenario, "secretariat")
    send_confirm = reverse("appointments:request_open_confirm", args=[request.pk])
    send = reverse("appointments:request_open", args=[request.pk])
    close_confirm = reverse("appointments:request_close_confirm", args=[request.pk])
    close = reverse("appointments:request_close", args=[request.pk])

    detail = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{send_confirm}"' in detail
    assert f'action="{send}"' not in detail
    html = client.get(send_confirm).content.decode()
    assert f'action="{send}"' in html
    assert "Ja, send forespørselen" in html
    # Closing does not apply to a draft: the page gives the domain's reason, no button.
    html = client.get(close_confirm).content.decode()
    assert f'action="{close}"' not in html
    assert "Bare åpne forespørsler kan lukkes." in html

    client.post(send)
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN
    detail = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{close_confirm}"' in detail
    assert f'action="{close}"' not in detail
    assert f'action="{close}"' in client.get(close_confirm).content.decode()
    client.post(close)
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    for url in (send_confirm, close_confirm):
        assert client_for(scenario, "admin_a").get(url).status_code == 403
        assert client.post(url).status_code == 405


def test_send_confirmation_for_a_draft_past_its_deadline_says_so(scenario: Scenario) -> None:
    """The page asks the domain (open_blocker), so it refuses what open_request refuses."""
    import datetime

    from django.utils import timezone

    from tests.appointments.conftest import client_for
    from tests.clock import freeze_time

    request = scenario.make_request(opened=False)
    send = reverse("appointments:request_open", args=[request.pk])
    send_confirm = reverse("appointments:request_open_confirm", args=[request.pk])
    with freeze_time(request.deadline + datetime.timedelta(days=1), tick=True):
        assert request.deadline < timezone.localdate()
        response = client_for(scenario, "secretariat").get(send_confirm)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Fristen er passert. Endre fristen før du sender forespørselen." in html
    assert 'class="ds-alert" data-color="info"' in html
    assert f'action="{send}"' not in html
    assert "Ja, send forespørselen" not in html


def test_send_confirmation_without_invitations_says_so(scenario: Scenario) -> None:
    from tests.appointments.conftest import client_for

    request = scenario.make_request(opened=False)
    request.invitations.all().delete()
    send = reverse("appointments:request_open", args=[request.pk])

    html = (
        client_for(scenario, "secretariat")
        .get(reverse("appointments:request_open_confirm", args=[request.pk]))
        .content.decode()
    )

    assert "Velg minst én organisasjon som skal inviteres." in html
    assert f'action="{send}"' not in html


def test_confirmation_page_title_names_step_and_request(scenario: Scenario) -> None:
    from tests.appointments.conftest import client_for

    request = scenario.make_request()
    html = (
        client_for(scenario, "secretariat")
        .get(reverse("appointments:request_cancel_confirm", args=[request.pk]))
        .content.decode()
    )

    assert f"<title>Avlys forespørselen: {request.title}" in html
    assert '<h1 class="ds-heading" data-size="lg">Avlys forespørselen</h1>' in html


def test_cancel_confirmation_for_a_cancelled_request_says_so(scenario: Scenario) -> None:
    from medvirk.appointments.domain.requests import cancel_request
    from tests.appointments.conftest import client_for

    request = scenario.make_request()
    cancel_request(request, by=scenario.secretariat)
    cancel = reverse("appointments:request_cancel", args=[request.pk])

    html = (
        client_for(scenario, "secretariat")
        .get(reverse("appointments:request_cancel_confirm", args=[request.pk]))
        .content.decode()
    )

    assert "Forespørselen er allerede avlyst og kan ikke avlyses." in html
    assert f'action="{cancel}"' not in html


@pytest.mark.parametrize(
    ("step", "opened"),
    [
        ("request_open_confirm", False),
        ("request_close_confirm", True),
        ("request_cancel_confirm", True),
    ],
)
def test_request_confirmation_queries_constant(scenario: Scenario, step: str, opened: bool) -> None:
    """The confirmation pages run the same statements with 1 and 3 nominations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.appointments.conftest import client_for

    request = scenario.make_request(opened=opened)
    client = client_for(scenario, "secretariat")
    url = reverse(f"appointments:{step}", args=[request.pk])

    def add(n: int) -> None:
        for _i in range(n):
            Nomination.objects.create(
                request=request,
                organisation=OrganisationFactory(),
                person=PersonFactory(),
                status=NominationStatus.CONFIRMED,
            )

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(2)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(three) == len(one)
    assert len(one) <= 15
