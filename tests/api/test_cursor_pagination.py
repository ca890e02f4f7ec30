"""Keyset (cursor) pagination of the API's lists (issue 13): walking ``next`` returns every
visible row exactly once and in order, ties in the sort key included; a cursor the list
did not make is a 400; a page costs the same statements at any depth; hidden rows never
appear."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from medvirk.api.advice import NEWEST_FIRST
from medvirk.api.directory import BY_NAME
from medvirk.api.meetings import BY_TIME
from medvirk.followup.models import Advice
from medvirk.meetings.models import Meeting
from tests.arenas.conftest import make_arena
from tests.factories import OrganisationFactory, ServiceFactory
from tests.followup.test_accountability_world import make_advice
from tests.meetings.conftest import local_dt, make_meeting

pytestmark = pytest.mark.django_db

ORGANISATIONS = "/api/v1/organisations"
MEETINGS = "/api/v1/meetings"
ADVICE = "/api/v1/advice"
LISTS = [ORGANISATIONS, MEETINGS, ADVICE]


def walk(client: Client, url: str, **params: Any) -> list[list[int]]:
    """The ids of every page, following ``next`` from the first page to the last."""
    pages = []
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        pages.append([row["id"] for row in body["results"]])
        if body["next"] is None:
            assert body["next_cursor"] is None
            return pages
        assert body["next_cursor"] in body["next"].replace("%3A", ":")
        response = client.get(body["next"])


def organisations() -> list[int]:
    """Public organisations with ties in the name, and hidden ones among them."""
    for name in ["Lag B", "Lag A", "Lag B", "Lag C", "Lag B", "Lag A", "Lag D"]:
        OrganisationFactory(name=name)
    OrganisationFactory(name="Lag B", is_public=False)
    OrganisationFactory(name="Lag A", is_public=False)
    found = OrganisationFactory._meta.model.objects.filter(is_public=True)
    return list(found.order_by("name", "pk").values_list("pk", flat=True))


def meetings() -> list[int]:
    """Meetings of a public arena, three starting at the same minute, and a private
    arena's meetings at the same times."""
    service = ServiceFactory(name="Tidsby kommune")
    public = make_arena(service, name="Rådet")
    private = make_arena(service, name="Det lukkede rådet", is_public=False)
    day = timezone.localdate() + datetime.timedelta(days=3)
    for arena in (public, private, public):
        make_meeting(arena, day)
        make_meeting(arena, day, starts_at=local_dt(day, 9), ends_at=local_dt(day, 11))
    make_meeting(public, day - datetime.timedelta(days=400))
    make_meeting(public, day + datetime.timedelta(days=1))
    found = Meeting.objects.filter(arena__is_public=True)
    return list(found.order_by("starts_at", "pk").values_list("pk", flat=True))


def advice() -> list[int]:
    """Public advice given on the same days, and advice that is not public (a closed
    item's, a private arena's) on the same days."""
    service = ServiceFactory(name="Rådsby kommune")
    public = make_arena(service, name="Rådet")
    private = make_arena(service, name="Det lukkede rådet", is_public=False)
    day = datetime.date(2026, 3, 2)
    for n in range(3):
        make_advice(public, f"Råd {n}", day)
        make_advice(public, f"Lukket {n}", day, is_public=False)
        make_advice(private, f"Privat {n}", day)
        make_advice(public, f"Eldre {n}", day - datetime.timedelta(days=1 + n % 2))
    found = Advice.objects.filter(is_public=True, arena__is_public=True)
    return list(found.order_by("-given_on", "-pk").values_list("pk", flat=True))


MAKERS = {ORGANISATIONS: organisations, MEETINGS: meetings, ADVICE: advice}


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("size", [1, 2, 3, 100])
def test_walking_next_returns_every_visible_row_once_in_order(
    client: Client, url: str, size: int
) -> None:
    expected = MAKERS[url]()
    pages = walk(client, url, page_size=size)
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == size for page in pages[:-1])
    assert len(pages) == max(1, -(-len(expected) // size))


def test_hidden_rows_never_appear_on_any_page(client: Client) -> None:
    for url, maker in MAKERS.items():
        maker()
        bodies = []
        response = client.get(url, {"page_size": 1})
        while True:
            bodies.append(response.content.decode())
            if response.json()["next"] is None:
                break
            response = client.get(response.json()["next"])
        for secret in ("Lukket", "Privat", "lukkede"):
            assert not any(secret in body for body in bodies), (url, secret)


def test_a_row_added_before_the_cursor_does_not_shift_the_next_page(client: Client) -> None:
    expected = meetings()
    first = client.get(MEETINGS, {"page_size": 3}).json()
    arena = Meeting.objects.get(pk=expected[0]).arena
    make_meeting(arena, timezone.localdate() - datetime.timedelta(days=1000))
    second = client.get(first["next"]).json()
    assert [row["id"] for row in second["results"]] == expected[3:6]


def _tampered(cursor: str) -> str:
    payload, signature = cursor.split(":")
    return f"{payload[:-2]}{'A' if payload[-2] != 'A' else 'B'}{payload[-1]}:{signature}"


@pytest.mark.parametrize("url", LISTS)
def test_a_cursor_the_list_did_not_make_is_a_400(client: Client, url: str) -> None:
    MAKERS[url]()
    cursor = client.get(url, {"page_size": 1}).json()["next_cursor"]
    other_list = ORGANISATIONS if url != ORGANISATIONS else MEETINGS
    MAKERS[other_list]()
    foreign = client.get(other_list, {"page_size": 1}).json()["next_cursor"]
    keyset = {ORGANISATIONS: BY_NAME, MEETINGS: BY_TIME, ADVICE: NEWEST_FIRST}[url]
    signer = keyset._signer()
    wrong_shape = [
        signer.sign_object([1]),  # too short
        signer.sign_object(["x", "y", 3]),  # too long
        signer.sign_object([None, "7"]),  # wrong types
        signer.sign_object(["2026-13-45", 1] if url != ORGANISATIONS else [3, 1]),
        signer.sign_object({"a": 1}),
    ]
    for bad in ["tull", cursor[:-3], _tampered(cursor), foreign, *wrong_shape]:
        response = client.get(url, {"cursor": bad})
        assert response.status_code == 400, bad
        body = response.json()
        assert body["detail"].startswith("Ugyldig cursor.")
        assert [error["param"] for error in body["errors"]] == ["cursor"]


@pytest.mark.parametrize("url", LISTS)
def test_offset_paging_is_gone_but_page_1_still_answers(client: Client, url: str) -> None:
    MAKERS[url]()
    plain = client.get(url, {"page_size": 2})
    assert client.get(url, {"page_size": 2, "page": 1}).json() == plain.json()
    response = client.get(url, {"page_size": 2, "page": 2})
    assert response.status_code == 400
    assert [e["param"] for e in response.json()["errors"]] == ["page"]
    assert "next" in response.json()["detail"]
    # The link to the next page leaves the deprecated parameter out.
    assert "page=" not in client.get(url, {"page": 1, "page_size": 2}).json()["next"].replace(
        "page_size=", ""
    )


@pytest.mark.parametrize("url", LISTS)
def test_a_page_costs_the_same_statements_at_any_depth(client: Client, url: str) -> None:
    MAKERS[url]()

    def statements(**params: Any) -> tuple[int, str | None]:
        from django.core.cache import cache

        cache.clear()  # the organisation answers are cached: count the work
        with CaptureQueriesContext(connection) as context:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(context.captured_queries), response.json()["next_cursor"]

    first, cursor = statements(page_size=2)
    second, cursor = statements(page_size=2, cursor=cursor)
    third, _cursor = statements(page_size=2, cursor=cursor)
    last, _none = statements(page_size=100)
    assert first == second == third == last


def test_the_schema_describes_the_cursor_and_the_deprecated_page(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "cursor" in schema["info"]["description"]
    for url in LISTS:
        params = {p["name"]: p for p in schema["paths"][url]["get"]["parameters"]}
        assert "next_cursor" in params["cursor"]["description"]
        assert params["cursor"]["required"] is False
        assert params["page"]["deprecated"] is True
        assert "cursor" in params["page"]["description"]
        assert params["page_size"]["schema"]["maximum"] == 100
        ok = schema["paths"][url]["get"]["responses"]["200"]["content"]["application/json"]
        name = ok["schema"]["$ref"].rsplit("/", 1)[-1]
        fields = schema["components"]["schemas"][name]["properties"]
        assert set(fields) == {"page_size", "next", "next_cursor", "results"}
        assert "cursor" in fields["next"]["description"]
        assert "400" in schema["paths"][url]["get"]["responses"]
