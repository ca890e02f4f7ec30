"""The open-data API for advice and answers: public advice in public arenas only, the
same for everyone; filters; the figures; query counts; the OpenAPI schema."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.followup.enums import AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from tests.arenas.conftest import make_arena
from tests.factories import ServiceFactory
from tests.followup import conftest as followup_conftest
from tests.followup import test_accountability_world as world
from tests.followup.conftest import FOLLOWUP_PERSONAS
from tests.followup.test_accountability_world import (
    OLD_TITLE,
    OTHER_TITLE,
    PUBLIC_TITLE,
    SECRETS,
    AccountabilityWorld,
)

# The follow-up tests' shared fixtures, used here too.
meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world
accountability_world = world.accountability_world
fresh_figures_cache = world.fresh_figures_cache

LIST = "/api/v1/advice"
FIGURES = "/api/v1/advice/figures"
S = AdviceStatus


def titles(client: Client, **params: Any) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return [a["title"] for a in response.json()["results"]]


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_every_persona_gets_the_same_public_advice(
    accountability_world: AccountabilityWorld, persona: str
) -> None:
    # Closed advice and advice in private arenas are absent for everyone, the owner's
    # secretariat and the arena's members included: this is open data.
    w = accountability_world
    client = w.f.client(persona)
    anonymous = Client()
    for url, params in (
        (LIST, {}),
        (LIST, {"service": w.service.pk}),
        (FIGURES, {"arena": w.arena.pk}),
        (FIGURES, {"service": w.service.pk}),
    ):
        response = client.get(url, params)
        assert response.status_code == 200, (persona, url, params)
        assert response.json() == anonymous.get(url, params).json(), (persona, url, params)
        body = response.content.decode()
        for secret in SECRETS:
            assert secret not in body, (persona, url, secret)
    assert sorted(titles(client)) == sorted([PUBLIC_TITLE, OLD_TITLE, OTHER_TITLE])


def test_an_advice_has_its_fields_and_timeline(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    year = timezone.localdate().year
    response = client.get(LIST, {"arena": w.arena.pk})
    results = response.json()["results"]
    assert [a["title"] for a in results] == [PUBLIC_TITLE, OLD_TITLE]  # newest first
    first = results[0]
    site = settings.SITE_URL.rstrip("/")
    assert first == {
        "id": w.public.pk,
        "arena": {"id": w.arena.pk, "name": w.arena.name, "kind": w.arena.kind},
        "service": {"id": w.service.pk, "name": w.service.name},
        "case_number": w.f.statement.case_number,
        "title": PUBLIC_TITLE,
        "given_on": f"{year}-01-01",
        "due_on": f"{year}-02-12",
        "status": "followed",
        "first_answer_on": f"{year}-01-11",
        "days_to_answer": 10,
        "addressee_name": "Kommunedirektøren",
        "url": site + w.public.get_absolute_url(),
        "timeline": [
            {
                "status": "received",
                "responded_on": f"{year}-01-03",
                "text": "Svar: Mottatt",
                "link": "https://kommune.example.org/vedtak",
                "document_url": "",
            },
            {
                "status": "followed",
                "responded_on": f"{year}-01-11",
                "text": "Svar: Fulgt",
                "link": "https://kommune.example.org/vedtak",
                "document_url": "",
            },
        ],
        "service_case_number": "",
        "deciding_body": "",
        "final_decision": None,
    }
    second = results[1]
    assert (second["case_number"], second["first_answer_on"], second["days_to_answer"]) == (
        "",
        None,
        None,
    )
    assert second["timeline"] == []


def test_a_response_document_is_linked(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    response = w.public.responses.order_by("pk").last()
    assert response is not None
    # Only the stored name matters here; the download view is tested with the advice.
    AdviceResponse.objects.filter(pk=response.pk).update(
        document="followup/responses/2027/vedtak.pdf", document_name="vedtak.pdf"
    )
    (entry,) = [
        e
        for e in client.get(LIST, {"arena": w.arena.pk}).json()["results"][0]["timeline"]
        if e["status"] == "followed"
    ]
    path = reverse("followup:response_document", kwargs={"pk": response.pk})
    assert entry["document_url"] == settings.SITE_URL.rstrip("/") + path


def test_the_list_filters_by_arena_service_year_and_status(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    year = timezone.localdate().year
    assert titles(client, arena=w.other_arena.pk) == [OTHER_TITLE]
    assert titles(client, service=w.f.m.other_service.pk) == [OTHER_TITLE]
    assert titles(client, service=w.service.pk, year=year - 1) == [OLD_TITLE]
    assert sorted(titles(client, year=year)) == sorted([PUBLIC_TITLE, OTHER_TITLE])
    assert titles(client, status="followed") == [PUBLIC_TITLE]
    assert titles(client, status="implemented") == []
    # Both: the arena within the service.
    assert titles(client, arena=w.other_arena.pk, service=w.service.pk) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"arena": "private"}, "Fant ingen offentlig arena"),
        ({"arena": 999999}, "Fant ingen offentlig arena"),
        ({"service": "user_org"}, "Fant ingen offentlig tjeneste"),
        ({"status": "bogus"}, "Ukjent status «bogus»"),
        ({"year": "ifjor"}, "Ugyldig verdi for parameter: year"),
        ({"year": 1066}, "Ugyldig verdi for parameter: year"),
        ({"page_size": 0}, "Ugyldig verdi for parameter: page_size"),
    ],
)
def test_bad_list_parameters_are_400(
    client: Client,
    accountability_world: AccountabilityWorld,
    params: dict[str, Any],
    message: str,
) -> None:
    w = accountability_world
    values = {
        key: {"private": w.f.m.private_arena.pk, "user_org": w.f.m.org_a.organisation.pk}.get(
            value, value
        )
        for key, value in params.items()
    }
    response = client.get(LIST, values)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_the_figures_per_year_and_in_total(
    client: Client, accountability_world: AccountabilityWorld
) -> None:
    w = accountability_world
    year = timezone.localdate().year
    body = client.get(FIGURES, {"arena": w.arena.pk}).json()
    assert body["arena"] == {"id": w.arena.pk, "name": w.arena.name, "kind": w.arena.kind}
    assert body["service"] is None
    assert [y["year"] for y in body["years"]] == [year, year - 1]
    this_year, last_year = body["years"]
    # The closed advice (not followed, this year) is not counted.
    assert this_year == {
        "year": year,
        "count": 1,
        "answered": 1,
        "answered_share": 1.0,
        "overdue": 0,
        "answered_on_time": 1,
        "median_days": 10.0,
        "followed": 1,
        "partly": 0,
        "not_followed": 0,
        "implemented": 0,
        "followed_share": 1.0,
        "partly_share": 0.0,
        "not_followed_share": 0.0,
        "implemented_share": 0.0,
        "decided": 0,
        "decided_share": 0.0,
        "decisions": {"in_line": 0, "partly": 0, "against": 0, "postponed": 0, "other": 0},
    }
    assert (last_year["count"], last_year["answered"], last_year["overdue"]) == (1, 0, 1)
    assert last_year["answered_share"] == 0.0
    assert last_year["median_days"] is None
    assert last_year["followed_share"] is None
    total = body["total"]
    assert (total["year"], total["count"], total["answered_share"]) == (None, 2, 0.5)
    service = client.get(FIGURES, {"service": w.service.pk}).json()
    assert service["service"] == {"id": w.service.pk, "name": w.service.name}
    assert service["total"]["count"] == 2


def test_figures_without_advice_are_empty_not_an_error(client: Client, db: Any) -> None:
    arena = make_arena(ServiceFactory(name="Tomby"), name="Tomt råd")
    body = client.get(FIGURES, {"arena": arena.pk}).json()
    assert body["years"] == []
    assert body["total"]["count"] == 0
    assert body["total"]["answered_share"] is None
    assert body["total"]["median_days"] is None


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "Oppgi arena eller service"),
        ({"arena": "private"}, "Fant ingen offentlig arena"),
        ({"service": "user_org"}, "Fant ingen offentlig tjeneste"),
        ({"service": "hidden"}, "Fant ingen offentlig tjeneste"),
    ],
)
def test_figures_need_a_public_arena_or_service(
    client: Client,
    accountability_world: AccountabilityWorld,
    params: dict[str, Any],
    message: str,
) -> None:
    w = accountability_world
    hidden = ServiceFactory(name="Skjult kommune", is_public=False)
    lookup = {
        "private": w.f.m.private_arena.pk,
        "user_org": w.f.m.org_a.organisation.pk,
        "hidden": hidden.pk,
    }
    response = client.get(FIGURES, {k: lookup[v] for k, v in params.items()})
    assert response.status_code == 400
    assert message in response.json()["detail"]


def _fill(arena: Any, n: int) -> None:
    given = datetime.date(2025, 1, 1)
    created = Advice.objects.bulk_create(
        Advice(
            arena=arena,
            title=f"Råd {i}",
            text="<p>x</p>",
            addressee_kind="body",
            addressee_name="Rådmannen",
            given_on=given + datetime.timedelta(days=i),
            due_on=given + datetime.timedelta(days=i + 42),
            status=S.FOLLOWED,
            first_answer_on=given + datetime.timedelta(days=i + 3),
        )
        for i in range(n)
    )
    AdviceResponse.objects.bulk_create(
        AdviceResponse(advice=a, status=s, text="Svar", responded_on=a.given_on)
        for a in created
        for s in (S.RECEIVED, S.FOLLOWED)
    )


@pytest.mark.parametrize("url", [LIST, FIGURES])
def test_query_count_does_not_grow_with_advice(client: Client, db: Any, url: str) -> None:
    service = ServiceFactory(name="Tellby kommune")
    arena = make_arena(service, name="Tellerådet")
    params = {"service": service.pk, "page_size": 100}
    if url == FIGURES:
        params.pop("page_size")

    def count() -> tuple[int, int]:
        # The figures are cached; count them afresh (the advice here is written
        # directly, not through the domain functions that invalidate).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        body = response.json()
        return len(queries), len(body["results"]) if url == LIST else body["total"]["count"]

    _fill(arena, 1)
    client.get(url, params)
    one, found = count()
    assert found == 1
    Advice.objects.all().delete()
    _fill(arena, 50)
    fifty, found = count()
    assert found == 50
    assert one == fifty


def test_the_openapi_schema_describes_the_advice_endpoints(client: Client, db: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert LIST in schema["paths"]
    assert FIGURES in schema["paths"]
    list_params = {p["name"] for p in schema["paths"][LIST]["get"]["parameters"]}
    assert list_params == {"arena", "service", "year", "status", "cursor", "page", "page_size"}
    figure_params = {p["name"] for p in schema["paths"][FIGURES]["get"]["parameters"]}
    assert figure_params == {"arena", "service"}
