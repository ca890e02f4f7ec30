"""The annual reports' open data: key figures of published reports of public arenas and
services, a page at a time with a cursor, in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from medvirk.annual.domain.reports import approve_report, create_report, publish_report
from tests.annual.conftest import YEAR, AnnualWorld
from tests.annual.conftest import annual_world as annual_world
from tests.annual.conftest import meeting_world as meeting_world

pytestmark = pytest.mark.django_db
URL = "/api/v1/annual-reports"


def _publish(w: AnnualWorld, *, arena: object, year: int = YEAR) -> None:
    report = create_report(by=w.secretariat, service=w.m.service, arena=arena, year=year)  # type: ignore[arg-type]
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)


def test_published_reports_with_key_figures_and_never_a_private_arena(
    annual_world: AnnualWorld, client: object
) -> None:
    w = annual_world
    _publish(w, arena=w.arena)
    _publish(w, arena=w.m.private_arena)
    _publish(w, arena=None)
    draft = create_report(by=w.secretariat, service=w.m.service, arena=w.arena, year=2024)
    assert draft
    body = w.client("anonymous").get(URL).json()
    arenas = [row["arena"]["id"] if row["arena"] else None for row in body["results"]]
    assert arenas == [None, w.arena.pk]
    row = body["results"][1]
    assert row["figures"]["meetings_held"] == 2
    assert row["figures"]["cases"] == 2
    assert row["url"].endswith(f"/arsmelding/{row['id']}/")
    assert w.client("anonymous").get(URL, {"year": 2024}).json()["results"] == []
    assert (
        w.client("anonymous").get(URL, {"arena": w.arena.pk}).json()["results"][0]["id"]
        == row["id"]
    )


def test_pages_follow_the_cursor_in_constant_statements(annual_world: AnnualWorld) -> None:
    w = annual_world
    for year in (2022, 2023, 2024, YEAR):
        _publish(w, arena=w.arena, year=year)
    client = w.client("anonymous")
    first = client.get(URL, {"page_size": 2}).json()
    assert len(first["results"]) == 2
    with CaptureQueriesContext(connection) as context:
        second = client.get(first["next"]).json()
    assert [r["year"] for r in first["results"] + second["results"]] == [2025, 2024, 2023, 2022]
    assert second["next"] is None
    assert len(context) <= 3
    assert client.get(URL, {"cursor": "kaputt"}).status_code == 400
    assert client.get(URL, {"year": "tjue"}).status_code == 400


def test_the_endpoint_is_in_the_openapi_schema(annual_world: AnnualWorld) -> None:
    schema = annual_world.client("anonymous").get("/api/v1/openapi.json").json()
    assert "/api/v1/annual-reports" in schema["paths"]
