"""Dates and numbers at the edges (issue 20): each input here answered 500 before the
bounds (common/bounds.py); now a message, 422 for a page's form, 400 for an API query
parameter, 422 for an id in an API path."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/meetings?from_date=0001-01-01", "from_date"),
        ("/api/v1/meetings?to_date=9999-12-31", "to_date"),
        ("/api/v1/meetings?from_date=1899-12-31", "from_date"),
        ("/api/v1/annual-reports?service=99999999999999999999", "service"),
        ("/api/v1/annual-reports?arena=99999999999999999999", "arena"),
        ("/api/v1/meetings?arena=0", "arena"),
        ("/api/v1/advice?year=1800", "year"),
    ],
)
def test_api_refuses_parameters_out_of_bounds(client: Client, url: str, param: str) -> None:
    OrganisationFactory()
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert [error["param"] for error in response.json()["errors"]] == [param]


def test_api_missing_object_is_404(client: Client) -> None:
    for url in ["/api/v1/organisations/12345", "/api/v1/meetings/12345"]:
        assert client.get(url).status_code == 404


def test_api_malformed_id_is_422(client: Client) -> None:
    for url, param in [
        ("/api/v1/meetings/abc", "meeting_id"),
        ("/api/v1/meetings/0", "meeting_id"),
        ("/api/v1/organisations/99999999999999999999999", "organisation_id"),
    ]:
        response = client.get(url)
        assert response.status_code == 422, url
        assert response.json()["errors"][0]["param"] == param


def test_every_parameter_has_its_range_in_the_schema(client: Client) -> None:
    # Numbers a minimum and a maximum, days their first and last, text a length or a
    # list of values: a client can tell from the schema what the API accepts.
    schema = client.get("/api/v1/openapi.json").json()
    unbounded = []
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                found = parameter["schema"]
                for one in found.get("anyOf", [found]):
                    if one.get("type") == "null":
                        continue
                    if one["type"] == "integer":
                        ok = "minimum" in one and "maximum" in one
                    elif one.get("format") == "date":
                        ok = "formatMinimum" in one and "formatMaximum" in one
                    else:
                        ok = "maxLength" in one or "enum" in one
                    if not ok:
                        unbounded.append(f"{path} {parameter['name']}")
    assert unbounded == []
