"""List pages and exports run the same number of queries for 1 row and for 50."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache as django_cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.directory.domain.organisations import update_organisation
from tests.conftest import Tenant
from tests.factories import (
    ContactFactory,
    KommuneFactory,
    OrganisationFactory,
    RegionFactory,
    TargetGroupFactory,
    UmbrellaFactory,
)


def make_refs() -> dict[str, Any]:
    fylke = RegionFactory(code="46", name="Vestland")
    return {
        "fylke": fylke,
        "region": KommuneFactory(code="4601", name="Bergen", parent=fylke),
        "groups": [TargetGroupFactory(slug="psykisk-helse"), TargetGroupFactory(slug="rus")],
        "umbrella": UmbrellaFactory(name="Paraplyen"),
        "parent": OrganisationFactory(name="Landsforbundet"),
    }


def add_organisations(refs: dict[str, Any], start: int, count: int) -> None:
    """Public organisations with everything a row shows filled in."""
    for i in range(start, start + count):
        org = OrganisationFactory(name=f"Lokallag {i:03d}", parent=refs["parent"])
        org.regions.set([refs["fylke"], refs["region"]])
        org.target_groups.set(refs["groups"])
        org.umbrellas.set([refs["umbrella"]])
        ContactFactory(organisation=org, is_public=True)
        ContactFactory(organisation=org, is_public=False)


def count_queries(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    client.get(url, params or {})  # warm caches (content types, sessions)
    # Count the work itself, not a hit in the page cache (issue 6; tested on its own).
    django_cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        response.getvalue()  # a streamed export reads its rows while it is sent
    assert response.status_code == 200
    return len(context.captured_queries)


def filters(refs: dict[str, Any], *, api: bool = False) -> dict[str, Any]:
    if api:
        return {
            "q": "lokallag",
            "region": refs["region"].code,
            "target_group": refs["groups"][0].slug,
            "umbrella": refs["umbrella"].pk,
            "kind": "user_org",
        }
    return {
        "q": "lokallag",
        "region": refs["region"].pk,
        "target_group": refs["groups"][0].pk,
        "umbrella": refs["umbrella"].pk,
        "kind": "user_org",
    }


PAGES = [
    ("list", reverse("directory:list"), False, False),
    ("list-filtered", reverse("directory:list"), True, False),
    ("list-htmx", reverse("directory:list"), True, False),
    ("export", reverse("directory:export"), False, False),
    ("export-filtered", reverse("directory:export"), True, False),
    ("api", "/api/v1/organisations", False, True),
    ("api-filtered", "/api/v1/organisations", True, True),
]


@pytest.mark.parametrize(("name", "url", "filtered", "api"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_is_constant(
    db: Any,
    client: Client,
    name: str,
    url: str,
    filtered: bool,
    api: bool,
) -> None:
    if name == "list-htmx":
        client.defaults["HTTP_HX_REQUEST"] = "true"
    refs = make_refs()
    params = filters(refs, api=api) if filtered else {}
    add_organisations(refs, 0, 1)
    one = count_queries(client, url, params)
    add_organisations(refs, 1, 49)
    fifty = count_queries(client, url, params)
    assert one == fifty
    assert "Lokallag 018" in client.get(url, params).getvalue().decode()


def test_history_query_count_is_constant(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    client = persona_client("admin_a")
    url = reverse("directory:history", args=[org_a.organisation.pk])
    refs = make_refs()
    counts = []
    for n in (1, 50):
        for i in range(n):
            parent = OrganisationFactory(name=f"Forelder {n}-{i}")
            update_organisation(
                org_a.organisation,
                by=org_a.admin,
                data={
                    "name": f"Navn {n}-{i}",
                    "parent": parent,
                    "regions": [] if i % 2 else [refs["region"]],
                    "target_groups": [] if i % 2 else refs["groups"],
                    "umbrellas": [] if i % 2 else [refs["umbrella"]],
                },
            )
        counts.append(count_queries(client, url))
    assert counts[0] == counts[1]
    assert "Forelder 50-49" in client.get(url).content.decode()


@pytest.mark.parametrize("persona", ["anonymous", "member", "admin", "other_admin", "platform"])
def test_organisation_page_costs_the_same_with_1_and_15_sub_organisations(
    persona: str, org_a: Tenant, org_b: Tenant, platform_admin: Any
) -> None:
    """Each persona, not only the anonymous visitor (whose page is cached): the
    sub-organisations, members and umbrellas the page lists are read in one statement
    each, however many there are."""
    parent = org_a.organisation
    UmbrellaFactory(name="Paraplyen").members.add(parent)
    client = Client()
    user = {
        "anonymous": None,
        "member": org_a.member,
        "admin": org_a.admin,
        "other_admin": org_b.admin,
        "platform": platform_admin,
    }[persona]
    if user is not None:
        client.force_login(user)
    url = parent.get_absolute_url()
    OrganisationFactory(name="Lokallag 00", parent=parent)
    one = count_queries(client, url)
    for number in range(1, 15):
        OrganisationFactory(name=f"Lokallag {number:02d}", parent=parent)
    assert count_queries(client, url) == one
    assert client.get(url).content.decode().count("Lokallag ") == 15
