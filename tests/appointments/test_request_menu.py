"""The request form's invitation list (issue 13): cached, written in one join, statements
constant as organisations grow, and an organisation outside it (a service) is refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.appointments.models import AppointmentRequest
from tests.appointments.conftest import Scenario, client_for, request_data
from tests.factories import OrganisationFactory, ServiceFactory, UmbrellaFactory

pytestmark = pytest.mark.django_db


def test_request_form_statements_do_not_grow_with_organisations(scenario: Scenario) -> None:
    client = client_for(scenario, "secretariat")
    url = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    counts = []
    for _round in range(2):
        client.get(url)  # fill the menu
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
        for _n in range(30):
            OrganisationFactory()
            UmbrellaFactory()
    assert counts[0] == counts[1] <= 15
    assert page.index("Paraplyorganisasjoner") < page.index("Brukerorganisasjoner")
    assert f'value="{scenario.umbrella.pk}"' in page


def test_request_form_refuses_an_organisation_outside_the_list(scenario: Scenario) -> None:
    client = client_for(scenario, "secretariat")
    url = reverse("appointments:request_create") + f"?arena={scenario.arena.pk}"
    data: dict[str, object] = {key: str(value) for key, value in request_data().items()}
    data["organisations"] = [str(scenario.umbrella.pk), str(ServiceFactory().pk)]
    response = client.post(url, data)
    assert response.status_code == 422
    assert 'href="#id_organisations"' in response.content.decode()
    # What was checked stays checked.
    assert f'value="{scenario.umbrella.pk}" id="id_organisations_0" checked' in (
        response.content.decode()
    )
    assert AppointmentRequest.objects.count() == 0
