"""The final decision on an advice (issue 16, "from advice to change"): the persona
matrix over the domain functions and the pages, bad input (a test each), the log, the
timeline, closed advice, and constant query counts on the changed pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.followup.domain.final_decisions import (
    record_final_decision,
    remove_final_decision,
    set_case_reference,
)
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import Advice, FinalDecision
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_advice_support import ANSWERERS, CLOSED_VIEWERS, actor, give, today
from tests.meetings.agenda_helpers import pdf_bytes

pytestmark = pytest.mark.django_db

OUTCOME = DecisionOutcome


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def decide(advice: Advice, by: Any, **fields: Any) -> FinalDecision:
    values: dict[str, Any] = {"decided_on": today(), "outcome": OUTCOME.IN_LINE}
    values.update(fields)
    return record_final_decision(advice, by=by, **values)


def closed_advice(w: FollowupWorld) -> Advice:
    return give(w, w.closed_statement)


# --- Domain: permissions ---------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_record_permission_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    advice = give(w)
    if persona in ANSWERERS:
        decision = decide(advice, actor(w, persona))
        assert decision.outcome == OUTCOME.IN_LINE
        set_case_reference(
            advice, by=actor(w, persona), service_case_number="24/1", deciding_body="Bystyret"
        )
        assert remove_final_decision(advice, by=actor(w, persona)) is True
    else:
        with pytest.raises(PermissionDenied):
            decide(advice, actor(w, persona))
        with pytest.raises(PermissionDenied):
            set_case_reference(
                advice, by=actor(w, persona), service_case_number="24/1", deciding_body=""
            )
        with pytest.raises(PermissionDenied):
            remove_final_decision(advice, by=actor(w, persona))
    assert not FinalDecision.objects.exists()


def test_the_named_addressee_may_record(followup_world: FollowupWorld) -> None:
    w = followup_world
    from tests.factories import UserFactory

    outsider = UserFactory(email="ordforer@example.org")
    advice = give(
        w,
        addressee_user=None,
        addressee_kind="body",
        addressee_name="Bystyret",
        addressee_email="post@example.org",
    )
    Advice.objects.filter(pk=advice.pk).update(addressee_user=outsider)
    advice.refresh_from_db()
    assert decide(advice, outsider).recorded_by == outsider


# --- Domain: recording, correcting, removing, the log ----------------------------------


def test_record_correct_and_remove_are_logged(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    first = decide(advice, w.m.secretariat, summary="Vedtatt.", link="https://example.org/v")
    second = decide(
        advice,
        w.decision_maker,
        outcome=OUTCOME.PARTLY,
        decided_on=today() - datetime.timedelta(days=1),
    )
    assert first.pk == second.pk
    assert FinalDecision.objects.get().outcome == OUTCOME.PARTLY
    assert remove_final_decision(advice, by=w.m.secretariat) is True
    assert remove_final_decision(advice, by=w.m.secretariat) is False
    actions = list(
        ActivityLog.objects.filter(action__startswith="followup.advice.decision")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == [
        "followup.advice.decision_recorded",
        "followup.advice.decision_corrected",
        "followup.advice.decision_removed",
    ]


def test_case_reference_is_normalised_and_logged(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    set_case_reference(
        advice, by=w.m.secretariat, service_case_number="  24/1234 - 7 ", deciding_body=" Bystyret "
    )
    advice.refresh_from_db()
    assert (advice.service_case_number, advice.deciding_body) == ("24/1234 - 7", "Bystyret")
    assert ActivityLog.objects.filter(action="followup.advice.case_reference").count() == 1


# --- Domain: bad input, a test each -----------------------------------------------------


def errors_of(call: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_decision_date_in_the_future(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    errors = errors_of(
        lambda: decide(advice, w.m.secretariat, decided_on=today() + datetime.timedelta(days=1))
    )
    assert list(errors) == ["decided_on"]


def test_decision_date_before_the_advice(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    before = advice.given_on - datetime.timedelta(days=1)
    errors = errors_of(lambda: decide(advice, w.m.secretariat, decided_on=before))
    assert "før rådet ble gitt" in errors["decided_on"][0]


def test_decision_date_missing(followup_world: FollowupWorld) -> None:
    w = followup_world
    errors = errors_of(lambda: decide(give(w), w.m.secretariat, decided_on=None))
    assert list(errors) == ["decided_on"]


def test_decision_unknown_outcome(followup_world: FollowupWorld) -> None:
    w = followup_world
    errors = errors_of(lambda: decide(give(w), w.m.secretariat, outcome="vedtatt"))
    assert list(errors) == ["outcome"]


def test_decision_bad_link(followup_world: FollowupWorld) -> None:
    w = followup_world
    errors = errors_of(lambda: decide(give(w), w.m.secretariat, link="javascript:alert(1)"))
    assert list(errors) == ["link"]


def test_decision_bad_document(followup_world: FollowupWorld) -> None:
    w = followup_world
    fake = SimpleUploadedFile("vedtak.pdf", b"not a pdf at all", "application/pdf")
    errors = errors_of(lambda: decide(give(w), w.m.secretariat, document=fake))
    assert list(errors) == ["document"]
    assert not FinalDecision.objects.exists()


@pytest.mark.parametrize("number", ["24/1234<script>", "x" * 51, "/24", "24/12;drop"])
def test_case_number_bad_characters_or_length(followup_world: FollowupWorld, number: str) -> None:
    w = followup_world
    advice = give(w)
    errors = errors_of(
        lambda: set_case_reference(
            advice, by=w.m.secretariat, service_case_number=number, deciding_body=""
        )
    )
    assert list(errors) == ["service_case_number"]


def test_deciding_body_too_long(followup_world: FollowupWorld) -> None:
    w = followup_world
    errors = errors_of(
        lambda: set_case_reference(
            give(w), by=w.m.secretariat, service_case_number="", deciding_body="B" * 201
        )
    )
    assert list(errors) == ["deciding_body"]


# --- Pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_decision_page_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    advice = give(w)
    response = w.client(persona).get(reverse("followup:final_decision", args=[advice.pk]))
    if persona == "anonymous":
        assert response.status_code == 302
    elif persona in ANSWERERS:
        assert response.status_code == 200
    else:
        assert response.status_code == 403


def test_record_through_the_page_and_read_the_timeline(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    client = w.client("secretariat")
    response = client.post(
        reverse("followup:case_reference", args=[advice.pk]),
        {"service_case_number": "24/1234", "deciding_body": "Bystyret"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("followup:final_decision", args=[advice.pk]),
        {
            "decided_on": today().isoformat(),
            "outcome": OUTCOME.PARTLY,
            "summary": "Teleslynge i nye klasserom.",
            "document": SimpleUploadedFile("vedtak.pdf", pdf_bytes(), "application/pdf"),
        },
    )
    assert response.status_code == 302
    page = w.client("anonymous").get(advice.get_absolute_url()).content.decode()
    assert "24/1234" in page
    assert "Endelig vedtak i Bystyret" in page
    assert "Vedtatt delvis i tråd med rådet" in page
    assert page.index("Endelig vedtak i Bystyret") > page.index("Sendt til")
    decision = FinalDecision.objects.get()
    download = w.client("anonymous").get(reverse("followup:decision_document", args=[decision.pk]))
    assert download.status_code == 200
    download.close()
    assert "Registrer saksnummer" not in page


def test_bad_input_on_the_page_keeps_what_was_typed(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    response = w.client("secretariat").post(
        reverse("followup:final_decision", args=[advice.pk]),
        {
            "decided_on": (today() + datetime.timedelta(days=3)).isoformat(),
            "outcome": OUTCOME.AGAINST,
            "summary": "Mitt utkast",
            "link": "ikke en lenke",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Mitt utkast" in html
    assert "fram i tid" in html
    assert 'href="#id_decided_on"' in html or "id_decided_on" in html
    response = w.client("secretariat").post(
        reverse("followup:case_reference", args=[advice.pk]),
        {"service_case_number": "24/1<b>", "deciding_body": "Bystyret"},
    )
    assert response.status_code == 422
    assert "Bystyret" in response.content.decode()


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_closed_advice_never_shows_its_decision_publicly(
    followup_world: FollowupWorld, persona: str
) -> None:
    w = followup_world
    advice = closed_advice(w)
    set_case_reference(
        advice, by=w.m.secretariat, service_case_number="24/9", deciding_body="Bystyret"
    )
    decision = decide(
        advice,
        w.m.secretariat,
        summary="Hemmelig vedtak",
        document=SimpleUploadedFile("v.pdf", pdf_bytes(), "application/pdf"),
    )
    page = w.client(persona).get(advice.get_absolute_url())
    download = w.client(persona).get(reverse("followup:decision_document", args=[decision.pk]))
    api = w.client(persona).get("/api/v1/advice").content.decode()
    assert "Hemmelig vedtak" not in api
    if persona in CLOSED_VIEWERS:
        assert "Hemmelig vedtak" in page.content.decode()
        assert download.status_code == 200
        assert download["Cache-Control"] == "private, no-store"
        download.close()
    else:
        assert page.status_code == 404
        assert download.status_code == 404


def page_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat", "decision_maker"])
def test_advice_page_with_a_decision_costs_no_more_queries(
    followup_world: FollowupWorld, persona: str
) -> None:
    w = followup_world
    advice = give(w)
    url = advice.get_absolute_url()
    without = page_queries(w.client(persona), url)
    set_case_reference(
        advice, by=w.m.secretariat, service_case_number="24/1", deciding_body="Bystyret"
    )
    decide(
        advice,
        w.m.secretariat,
        document=SimpleUploadedFile("v.pdf", pdf_bytes(), "application/pdf"),
    )
    assert page_queries(w.client(persona), url) == without
    assert without <= 15


@pytest.mark.parametrize("persona", ["secretariat", "decision_maker"])
def test_decision_page_queries(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    advice = give(w)
    url = reverse("followup:final_decision", args=[advice.pk])
    without = page_queries(w.client(persona), url)
    decide(advice, w.m.secretariat)
    assert page_queries(w.client(persona), url) == without
    assert without <= 15


# --- The open-data API ------------------------------------------------------------------


def test_api_exposes_the_decision_of_public_advice(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = give(w)
    set_case_reference(
        advice, by=w.m.secretariat, service_case_number="24/7", deciding_body="Bystyret"
    )
    decide(
        advice,
        w.m.secretariat,
        outcome=OUTCOME.AGAINST,
        summary="Ikke teleslynge.",
        link="https://example.org/v",
    )
    body = w.client("anonymous").get("/api/v1/advice").json()
    (row,) = body["results"]
    assert row["service_case_number"] == "24/7"
    assert row["deciding_body"] == "Bystyret"
    assert row["final_decision"]["outcome"] == "against"
    assert row["final_decision"]["link"] == "https://example.org/v"
    figures = (
        w.client("anonymous").get("/api/v1/advice/figures", {"service": w.m.service.pk}).json()
    )
    assert figures["total"]["decided"] == 1
    assert figures["total"]["decisions"]["against"] == 1
    schema = w.client("anonymous").get("/api/v1/openapi.json").content.decode()
    assert "final_decision" in schema and "deciding_body" in schema
