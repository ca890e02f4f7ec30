"""A candidate with an account sees their nominations on "Mine oppdrag" and answers there."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.appointments.domain.requests import cancel_request
from medvirk.appointments.enums import NominationStatus
from medvirk.common.models import ActivityLog
from tests.appointments.conftest import ALL_PERSONAS, Scenario, client_for, nominate_candidate

pytestmark = pytest.mark.django_db


def test_mine_oppdrag_lists_the_nomination_waiting_for_consent(
    scenario: Scenario, mailoutbox: Any
) -> None:
    request = scenario.make_request()
    nominate_candidate(scenario, request)

    page = client_for(scenario, "representative").get(reverse("people:mine"))

    html = page.content.decode()
    assert scenario.arena.name in html
    assert "Ja, jeg samtykker" in html


def test_candidate_consents_from_mine_oppdrag(scenario: Scenario, mailoutbox: Any) -> None:
    request = scenario.make_request()
    nomination, _ = nominate_candidate(scenario, request)

    response = client_for(scenario, "representative").post(
        reverse("appointments:consent_as_candidate", args=[nomination.pk]), {"answer": "yes"}
    )

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CONSENTED
    entry = ActivityLog.objects.filter(object_id=str(nomination.pk)).first()
    assert entry is not None
    assert entry.actor == scenario.representative


def test_candidate_declines_from_mine_oppdrag(scenario: Scenario, mailoutbox: Any) -> None:
    request = scenario.make_request()
    nomination, _ = nominate_candidate(scenario, request)

    client_for(scenario, "representative").post(
        reverse("appointments:consent_as_candidate", args=[nomination.pk]), {"answer": "no"}
    )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED


@pytest.mark.parametrize("persona", [p for p in ALL_PERSONAS if p != "representative"])
def test_nobody_else_can_answer_for_the_candidate(
    scenario: Scenario, mailoutbox: Any, persona: str
) -> None:
    request = scenario.make_request()
    nomination, _ = nominate_candidate(scenario, request)

    response = client_for(scenario, persona).post(
        reverse("appointments:consent_as_candidate", args=[nomination.pk]), {"answer": "yes"}
    )

    assert response.status_code in (302, 403)
    if persona == "anonymous":
        assert "/konto/login/" in response["Location"]
    else:
        assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWAITING_CONSENT


def test_answering_twice_is_refused_with_a_message(scenario: Scenario, mailoutbox: Any) -> None:
    request = scenario.make_request()
    nomination, _ = nominate_candidate(scenario, request)
    client = client_for(scenario, "representative")
    url = reverse("appointments:consent_as_candidate", args=[nomination.pk])
    client.post(url, {"answer": "yes"})

    page = client.post(url, {"answer": "no"}, follow=True)

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.CONSENTED
    assert "Du har allerede svart på denne forespørselen." in page.content.decode()


def test_answer_after_the_request_is_cancelled_is_refused(
    scenario: Scenario, mailoutbox: Any
) -> None:
    request = scenario.make_request()
    nomination, _ = nominate_candidate(scenario, request)
    cancel_request(request, by=scenario.secretariat)

    client_for(scenario, "representative").post(
        reverse("appointments:consent_as_candidate", args=[nomination.pk]), {"answer": "yes"}
    )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWAITING_CONSENT


def test_mine_oppdrag_query_count_does_not_grow_with_nominations(
    scenario: Scenario, mailoutbox: Any
) -> None:
    from tests.factories.people import ArenaFactory

    client = client_for(scenario, "representative")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("people:mine")).status_code == 200
        return len(queries)

    nominate_candidate(scenario, scenario.make_request())
    one = count()
    for _ in range(5):
        scenario.arena = ArenaFactory(owner=scenario.service, term_years=2)
        nominate_candidate(scenario, scenario.make_request())
    assert count() == one
