"""The nomination form's person list (issue 13): the organisation's own people only,
written as a menu, statements constant however large the pool."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, Person
from tests.appointments.conftest import Scenario, client_for, pool_person


def test_nominate_statements_do_not_grow_with_the_pool(scenario: Scenario) -> None:
    request = scenario.make_request()
    client = client_for(scenario, "admin_a")
    url = reverse("appointments:nominate", args=[request.pk])
    counts = []
    for start in (0, 1):
        for n in range(start, start * 40 + 1):
            pool_person(scenario.org_a.organisation, f"Pool Person {n}")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15


def test_nominate_lists_own_and_registered_people_and_refuses_others(
    scenario: Scenario,
) -> None:
    request = scenario.make_request()
    org_a = scenario.org_a.organisation
    own = pool_person(org_a, "Olga Egen")
    Affiliation.objects.create(person=own, organisation=org_a, kind=AffiliationKind.MEMBER)
    registered = Person.objects.create(name="Rune Registrert", created_by=org_a)
    other = pool_person(scenario.org_b.organisation, "Frida Fremmed")
    client = client_for(scenario, "admin_a")
    url = reverse("appointments:nominate", args=[request.pk])

    page = client.get(url).content.decode()
    menu = page.split('name="person"')[1].split("</select>")[0]

    assert f'value="{own.pk}">Olga Egen<' in menu
    assert f'value="{registered.pk}">Rune Registrert<' in menu
    assert "Frida Fremmed" not in menu
    assert menu.count(f'value="{own.pk}"') == 1
    response = client.post(url, {"organisation": str(org_a.pk), "person": str(other.pk)})
    assert response.status_code == 422
    assert "Velg et gyldig valg" in response.content.decode()
