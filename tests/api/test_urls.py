"""One trailing-slash style for the whole API: no slash. The other form redirects."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

CANONICAL = [
    "/api/v1/openapi.json",
    "/api/v1/organisations",
    "/api/v1/organisations/7",
    "/api/v1/target-groups",
    "/api/v1/regions",
    "/api/v1/meetings",
    "/api/v1/meetings/7",
    "/api/v1/advice",
    "/api/v1/advice/figures",
]


def test_every_path_in_the_schema_is_written_without_a_trailing_slash(
    client: Client, db: Any
) -> None:
    paths = sorted(client.get("/api/v1/openapi.json").json()["paths"])
    assert [p for p in paths if p.endswith("/")] == []
    assert len(paths) == 9


@pytest.mark.parametrize("url", CANONICAL)
def test_the_form_with_a_slash_redirects_permanently_to_the_canonical_one(
    client: Client, db: Any, url: str
) -> None:
    response = client.get(url + "/")
    assert response.status_code == 301
    assert response["Location"] == url


def test_the_redirect_keeps_the_query_string(client: Client, db: Any) -> None:
    response = client.get("/api/v1/meetings/", {"arena_kind": "council", "page_size": "2"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/meetings?arena_kind=council&page_size=2"
    followed = client.get("/api/v1/advice/", {"year": 2024}, follow=True)
    assert followed.status_code == 200
    assert followed.redirect_chain == [("/api/v1/advice?year=2024", 301)]
    assert followed.json()["results"] == []


def test_an_unknown_api_path_is_a_plain_404_with_or_without_a_slash(
    client: Client, db: Any
) -> None:
    assert client.get("/api/v1/nothing-here").status_code == 404
    assert client.get("/api/v1/nothing-here/").status_code == 404
