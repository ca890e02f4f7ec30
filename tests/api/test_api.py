"""The open-data JSON API: public data only, the directory's filters, clear 400s."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from medvirk.directory.enums import OrganisationKind, ServiceKind
from tests.conftest import Tenant
from tests.factories import (
    ContactFactory,
    KommuneFactory,
    OrganisationFactory,
    RegionFactory,
    ServiceFactory,
    TargetGroupFactory,
    UmbrellaFactory,
)

LIST = "/api/v1/organisations"
NO_OTHER_NAMES = {"sami_name": "", "kven_name": "", "sami_language_area": False}


def names(client: Client, **params: Any) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return [org["name"] for org in response.json()["results"]]


def test_openapi_schema_is_served(client: Client, db: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Medvirk open data"
    assert "/api/v1/organisations" in schema["paths"]
    assert "/api/v1/organisations/{organisation_id}" in schema["paths"]
    list_params = {p["name"] for p in schema["paths"]["/api/v1/organisations"]["get"]["parameters"]}
    assert list_params == {
        "q",
        "kind",
        "region",
        "target_group",
        "umbrella",
        "cursor",
        "page",
        "page_size",
    }


def test_list_shows_public_organisations_and_public_contacts_only(
    client: Client, org_a: Tenant, org_b: Tenant
) -> None:
    hidden_parent = OrganisationFactory(name="Skjult mor", is_public=False)
    hidden_umbrella = UmbrellaFactory(name="Skjult paraply", is_public=False)
    umbrella = UmbrellaFactory(name="Paraplyen")
    OrganisationFactory(name="Skjult forening", is_public=False)
    org = org_a.organisation
    org.parent = hidden_parent
    org.save()
    org.umbrellas.set([umbrella, hidden_umbrella])
    response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    for secret in ("Skjult", "Hemmelig", "hemmelig-", "99887766"):
        assert secret not in body
    data = response.json()
    assert data["next"] is None
    assert [o["name"] for o in data["results"]] == ["Organisasjon A", "Organisasjon B", "Paraplyen"]
    a = data["results"][0]
    assert a["parent"] is None
    assert a["umbrellas"] == [{"id": umbrella.pk, "name": "Paraplyen"}]
    assert a["contacts"] == [
        {
            "name": "Offentlig Kontakt A",
            "role": "Daglig leder",
            "email": "offentlig-a@example.org",
            "phone": "22 33 44 55",
        }
    ]
    assert data["results"][1]["contacts"] == []
    assert a["url"].endswith(f"/katalog/{org.pk}/")
    assert a["may_be_out_of_date"] is True


def test_list_serialises_structure_and_terms(client: Client, db: Any) -> None:
    fylke = RegionFactory(code="46", name="Vestland")
    group = TargetGroupFactory(slug="psykisk-helse", name_nb="Psykisk helse")
    parent = OrganisationFactory(name="Landsforbundet")
    org = ServiceFactory(
        name="Bergen kommune",
        service_kind=ServiceKind.KOMMUNE,
        parent=parent,
        last_confirmed_at=timezone.now(),
    )
    org.regions.set([fylke])
    org.target_groups.set([group])
    result = client.get(f"/api/v1/organisations/{org.pk}").json()
    assert result["kind"] == "service"
    assert result["service_kind"] == "kommune"
    assert result["parent"] == {"id": parent.pk, "name": "Landsforbundet"}
    assert result["regions"] == [
        {"code": "46", "name": "Vestland", "kind": "fylke", **NO_OTHER_NAMES}
    ]
    assert result["target_groups"] == [{"slug": "psykisk-helse", "name": "Psykisk helse"}]
    assert result["may_be_out_of_date"] is False


def test_list_filters_like_the_directory(client: Client, db: Any) -> None:
    fylke = RegionFactory(code="46", name="Vestland")
    bergen = KommuneFactory(code="4601", name="Bergen", parent=fylke)
    group = TargetGroupFactory(slug="rus")
    umbrella = UmbrellaFactory(name="Paraplyen")
    whole = OrganisationFactory(name="Hele Vestland")
    whole.regions.set([fylke])
    local = OrganisationFactory(name="Bergen lokallag", description="Rusfeltet")
    local.regions.set([bergen])
    local.target_groups.set([group])
    local.umbrellas.set([umbrella])
    ServiceFactory(name="Nav Bergen", service_kind=ServiceKind.NAV)
    assert names(client, q="RUSFELTET") == ["Bergen lokallag"]
    assert names(client, kind=OrganisationKind.UMBRELLA) == ["Paraplyen"]
    assert names(client, kind=ServiceKind.NAV) == ["Nav Bergen"]
    assert names(client, region="4601") == ["Bergen lokallag", "Hele Vestland"]
    assert names(client, region="46") == ["Bergen lokallag", "Hele Vestland"]
    assert names(client, target_group="rus") == ["Bergen lokallag"]
    assert names(client, umbrella=umbrella.pk) == ["Bergen lokallag"]


def test_list_is_paginated(client: Client, db: Any) -> None:
    for n in range(5):
        OrganisationFactory(name=f"Org {n}")
    first = client.get(LIST, {"page_size": 2}).json()
    query = urlencode({"page_size": 2, "cursor": first["next_cursor"]})
    assert first["next"] == f"{settings.SITE_URL}{LIST}?{query}"
    data = client.get(LIST, {"page_size": 2, "cursor": first["next_cursor"]}).json()
    assert data["page_size"] == 2
    assert [o["name"] for o in data["results"]] == ["Org 2", "Org 3"]


def test_detail_of_public_organisation(client: Client, org_a: Tenant) -> None:
    response = client.get(f"/api/v1/organisations/{org_a.organisation.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == "Organisasjon A"
    assert "Hemmelig" not in response.content.decode()


def test_detail_of_hidden_or_unknown_organisation_is_404(client: Client, db: Any) -> None:
    hidden = OrganisationFactory(name="Skjult", is_public=False)
    for pk in (hidden.pk, 987654):
        response = client.get(f"/api/v1/organisations/{pk}")
        assert response.status_code == 404
        assert response.json()["detail"] == f"Fant ingen offentlig organisasjon med id {pk}."
        assert "Skjult" not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"kind": "tull"}, "Ukjent type «tull»."),
        ({"region": "9999"}, "Ukjent område «9999». Bruk fylkes- eller kommunenummeret."),
        (
            {"target_group": "finnes-ikke"},
            "Ukjent målgruppe «finnes-ikke». Se /api/v1/target-groups.",
        ),
        ({"umbrella": "987654"}, "Fant ingen offentlig paraplyorganisasjon med id 987654."),
        ({"umbrella": "abc"}, "Ugyldig verdi for parameter: umbrella."),
        ({"page": "0"}, "Ugyldig verdi for parameter: page."),
        ({"page": "abc"}, "Ugyldig verdi for parameter: page."),
        ({"page": "2"}, "Parameteren page støttes ikke lenger ut over første side."),
        ({"cursor": "tull"}, "Ugyldig cursor."),
        ({"page_size": "101"}, "Ugyldig verdi for parameter: page_size."),
        ({"page_size": "0", "page": "-1"}, "Ugyldig verdi for parameter: page, page_size."),
        ({"q": "x" * 201}, "Ugyldig verdi for parameter: q."),
    ],
)
def test_list_rejects_invalid_params_with_400(
    client: Client, db: Any, params: dict[str, str], detail: str
) -> None:
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"].startswith(detail)


def test_list_rejects_non_umbrella_and_hidden_umbrella(client: Client, db: Any) -> None:
    plain = OrganisationFactory()
    hidden = UmbrellaFactory(is_public=False)
    for pk in (plain.pk, hidden.pk):
        response = client.get(LIST, {"umbrella": pk})
        assert response.status_code == 400
        assert response.json()["detail"] == (
            f"Fant ingen offentlig paraplyorganisasjon med id {pk}."
        )


def test_invalid_param_details_name_each_problem(client: Client, db: Any) -> None:
    data = client.get(LIST, {"page": "0"}).json()
    assert [e["param"] for e in data["errors"]] == ["page"]
    assert data["errors"][0]["message"] != ""


def test_detail_with_non_numeric_id_is_not_a_server_error(client: Client, db: Any) -> None:
    response = client.get("/api/v1/organisations/abc")
    assert response.status_code == 422


def test_taxonomy_endpoints(client: Client, db: Any) -> None:
    RegionFactory(code="46", name="Vestland")
    TargetGroupFactory(slug="rus", name_nb="Rus")
    assert client.get("/api/v1/regions").json() == [
        {"code": "46", "name": "Vestland", "kind": "fylke", **NO_OTHER_NAMES}
    ]
    assert client.get("/api/v1/target-groups").json() == [{"slug": "rus", "name": "Rus"}]


def test_api_contacts_never_include_private_ones(client: Client, db: Any) -> None:
    org = OrganisationFactory()
    ContactFactory(organisation=org, name="Synlig", is_public=True)
    ContactFactory(organisation=org, name="Privat", is_public=False, email="privat@example.org")
    for url in (LIST, f"/api/v1/organisations/{org.pk}"):
        body = client.get(url).content.decode()
        assert "Synlig" in body
        assert "Privat" not in body
        assert "privat@example.org" not in body
