"""Binding actions on requests and nominations go through a confirmation page (WCAG 3.3.4)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from medvirk.appointments.enums import NominationStatus
from tests.appointments.conftest import Scenario, nominate_candidate


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
    # Closing does not apply to a draft: the page says so and offers no button.
    html = client.get(close_confirm).content.decode()
    assert f'action="{close}"' not in html
    assert "Forespørselen har status «Utkast», så dette steget gjelder ikke lenger." in html

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
