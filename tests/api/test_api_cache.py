"""The organisation endpoints' answers are cached for anonymous requests (issue 6): the
same bytes from the cache, a change in the directory visible at once, and nothing kept
that is not a successful public answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.directory.domain.organisations import update_organisation
from tests.conftest import Tenant
from tests.factories import ContactFactory, OrganisationFactory, TargetGroupFactory

LIST = "/api/v1/organisations"

pytestmark = pytest.mark.django_db


def get(client: Client, url: str, **params: Any) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response["Content-Type"].startswith("application/json")
    return len(context.captured_queries), (response.status_code, json.loads(response.content))


def test_list_is_answered_from_the_cache(client: Client) -> None:
    for i in range(25):
        ContactFactory(organisation=OrganisationFactory(name=f"Lag {i:02d}"), is_public=True)
    first, answer = get(client, LIST, q="lag", page_size=10)
    again, cached = get(client, LIST, q="lag", page_size=10)
    assert answer[0] == 200 and len(answer[1]["results"]) == 10 and answer[1]["next"]
    assert cached == answer
    assert again == 0 < first  # the version lives in the cache (no change stamp any more)
    # Another query string is another answer.
    _n, second_page = get(client, LIST, q="lag", page_size=10, cursor=answer[1]["next_cursor"])
    assert second_page[1]["results"][0]["name"] == "Lag 10"


def test_a_change_shows_at_once(
    client: Client, org_a: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    url = f"{LIST}/{org_a.organisation.pk}"
    assert get(client, url)[1][1]["name"] == "Organisasjon A"
    assert [o["name"] for o in get(client, LIST)[1][1]["results"]] == ["Organisasjon A"]
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(
            org_a.organisation, by=org_a.admin, data={"name": "Omdøpt", "website": "https://ny.no"}
        )
    assert get(client, url)[1][1]["website"] == "https://ny.no"
    assert [o["name"] for o in get(client, LIST)[1][1]["results"]] == ["Omdøpt"]


def test_hiding_an_organisation_removes_it_from_cached_answers(
    client: Client, org_a: Tenant, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    url = f"{LIST}/{org_a.organisation.pk}"
    assert get(client, url)[1][0] == 200
    with django_capture_on_commit_callbacks(execute=True):
        update_organisation(org_a.organisation, by=org_a.admin, data={"is_public": False})
    assert get(client, url)[1][0] == 404
    assert get(client, LIST)[1][1]["results"] == []


def test_private_contacts_never_enter_the_cache(client: Client, org_a: Tenant) -> None:
    admin = Client()
    admin.force_login(org_a.admin)
    url = f"{LIST}/{org_a.organisation.pk}"
    for who in (admin, client, admin, client):
        body = json.dumps(get(who, url)[1][1])
        assert "Offentlig Kontakt A" in body and "Hemmelig Kontakt A" not in body


def test_logged_in_requests_are_not_cached(org_a: Tenant) -> None:
    admin = Client()
    admin.force_login(org_a.admin)
    get(admin, LIST)
    assert get(admin, LIST)[0] > 3  # session, user and the listing itself every time


def test_errors_are_not_cached(client: Client) -> None:
    assert get(client, LIST, kind="tull")[1][0] == 400
    assert get(client, f"{LIST}/987654")[1][0] == 404
    org = OrganisationFactory(name="Kommer senere")
    assert get(client, f"{LIST}/{org.pk}")[1][0] == 200


def test_cached_answers_are_kept_apart_per_language(client: Client) -> None:
    group = TargetGroupFactory(slug="eldre", name_nb="Eldre", name_en="Older people")
    OrganisationFactory(name="Seniorlaget").target_groups.set([group])
    nb = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nb").json()
    en = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()
    assert nb["results"][0]["target_groups"] == [{"slug": "eldre", "name": "Eldre"}]
    assert en["results"][0]["target_groups"] == [{"slug": "eldre", "name": "Older people"}]


def test_cached_answer_matches_the_uncached_one(client: Client, org_a: Tenant) -> None:
    """The cached bytes are what django-ninja itself would send (schema, encoding)."""
    admin = Client()
    admin.force_login(org_a.admin)  # not cached: ninja's own serialisation
    url = f"{LIST}/{org_a.organisation.pk}"
    uncached = admin.get(url)
    client.get(url)
    cached = client.get(url)
    assert cached.content == uncached.content
    assert cached["Content-Type"] == uncached["Content-Type"]
