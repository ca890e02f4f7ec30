"""Who sees and changes what in the directory and the API: persona x view -> status."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.directory.enums import Level, OrganisationKind
from medvirk.directory.models import Organisation
from tests.conftest import PERSONAS, Tenant
from tests.factories import OrganisationFactory


@pytest.fixture
def hidden(db: Any) -> Organisation:
    """An organisation kept out of the public directory."""
    return OrganisationFactory(name="Skjult Forening", is_public=False)


def urls(org_a: Tenant, hidden: Organisation) -> dict[str, str]:
    a = org_a.organisation.pk
    return {
        "list": reverse("directory:list"),
        "detail_a": reverse("directory:detail", args=[a]),
        "detail_hidden": reverse("directory:detail", args=[hidden.pk]),
        "edit_a": reverse("directory:edit", args=[a]),
        "create": reverse("directory:create"),
        "history_a": reverse("directory:history", args=[a]),
        "export": reverse("directory:export"),
        "api_list": "/api/v1/organisations",
        "api_detail_a": f"/api/v1/organisations/{a}",
        "api_detail_hidden": f"/api/v1/organisations/{hidden.pk}",
    }


# (view, expected status per persona in PERSONAS order:
#  anonymous, member_a, admin_a, admin_b, secretariat, platform_admin)
GET_MATRIX = {
    "list": (200, 200, 200, 200, 200, 200),
    "detail_a": (200, 200, 200, 200, 200, 200),
    "detail_hidden": (404, 404, 404, 404, 404, 200),
    "edit_a": (302, 403, 200, 403, 403, 200),
    "create": (302, 403, 403, 403, 200, 200),
    "history_a": (302, 403, 200, 403, 403, 200),
    "export": (200, 200, 200, 200, 200, 200),
    "api_list": (200, 200, 200, 200, 200, 200),
    "api_detail_a": (200, 200, 200, 200, 200, 200),
    "api_detail_hidden": (404, 404, 404, 404, 404, 404),
}
GET_CASES = [
    (persona, view, statuses[index])
    for view, statuses in GET_MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("persona", "view", "expected"), GET_CASES)
def test_get_permissions(
    persona: str,
    view: str,
    expected: int,
    persona_client: Callable[[str], Client],
    org_a: Tenant,
    hidden: Organisation,
) -> None:
    url = urls(org_a, hidden)[view]
    response = persona_client(persona).get(url)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if expected in (403, 404):
        body = response.content.decode()
        assert "Hemmelig Kontakt A" not in body
        assert "Skjult Forening" not in body


def edit_post_data(org: Organisation) -> dict[str, Any]:
    contacts = list(org.contacts.order_by("pk"))
    data: dict[str, Any] = {
        "name": "Nytt navn på A",
        "kind": org.kind,
        "service_kind": "",
        "org_number": org.org_number,
        "level": org.level,
        "parent": "",
        "website": "",
        "description": org.description,
        "is_public": "on",
        "contacts-TOTAL_FORMS": str(len(contacts)),
        "contacts-INITIAL_FORMS": str(len(contacts)),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
    }
    for index, contact in enumerate(contacts):
        prefix = f"contacts-{index}-"
        data |= {
            prefix + "id": str(contact.pk),
            prefix + "name": contact.name,
            prefix + "role": contact.role,
            prefix + "email": contact.email,
            prefix + "phone": contact.phone,
        }
        if contact.is_public:
            data[prefix + "is_public"] = "on"
        if contact.is_primary:
            data[prefix + "is_primary"] = "on"
    return data


def create_post_data() -> dict[str, Any]:
    return {
        "name": "Helt ny forening",
        "kind": OrganisationKind.USER_ORG,
        "service_kind": "",
        "org_number": "",
        "level": Level.LOCAL,
        "parent": "",
        "website": "",
        "description": "",
        "is_public": "on",
        "contacts-TOTAL_FORMS": "1",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "30",
    }


# (expected status, does the database change?)
POST_MATRIX = {
    "edit_a": (
        (302, False),
        (403, False),
        (302, True),
        (403, False),
        (403, False),
        (302, True),
    ),
    "create": (
        (302, False),
        (403, False),
        (403, False),
        (403, False),
        (302, True),
        (302, True),
    ),
}
POST_CASES = [
    (persona, view, *outcomes[index])
    for view, outcomes in POST_MATRIX.items()
    for index, persona in enumerate(PERSONAS)
]


@pytest.mark.parametrize(("persona", "view", "expected", "changes"), POST_CASES)
def test_post_permissions(
    persona: str,
    view: str,
    expected: int,
    changes: bool,
    persona_client: Callable[[str], Client],
    org_a: Tenant,
    hidden: Organisation,
) -> None:
    url = urls(org_a, hidden)[view]
    data = edit_post_data(org_a.organisation) if view == "edit_a" else create_post_data()
    before = list(Organisation.objects.order_by("pk").values_list("pk", "name"))
    response = persona_client(persona).post(url, data)
    assert response.status_code == expected
    after = list(Organisation.objects.order_by("pk").values_list("pk", "name"))
    assert (after != before) == changes
    assert ActivityLog.objects.exists() == changes
    if expected == 302 and changes:
        if view == "edit_a":
            assert response["Location"] == org_a.organisation.get_absolute_url()
            assert Organisation.objects.get(pk=org_a.organisation.pk).name == "Nytt navn på A"
        else:
            created = Organisation.objects.get(name="Helt ny forening")
            assert response["Location"] == created.get_absolute_url()
    elif expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("persona", "sees_private"),
    [(persona, persona in ("admin_a", "platform_admin")) for persona in PERSONAS],
)
def test_private_contact_only_on_detail_for_admin_a_and_platform_admin(
    persona: str,
    sees_private: bool,
    persona_client: Callable[[str], Client],
    org_a: Tenant,
) -> None:
    client = persona_client(persona)
    a = org_a.organisation.pk
    detail = client.get(reverse("directory:detail", args=[a])).content.decode()
    assert ("Hemmelig Kontakt A" in detail) == sees_private
    assert ("hemmelig-a@example.org" in detail) == sees_private
    assert "Offentlig Kontakt A" in detail
    assert "Hemmelig Kontakt B" not in detail
    everywhere_else = [
        client.get(reverse("directory:list")).content.decode(),
        client.get(reverse("directory:list"), {"q": "Organisasjon"}).content.decode(),
        client.get(reverse("directory:export")).getvalue().decode(),
        client.get("/api/v1/organisations").content.decode(),
        client.get(f"/api/v1/organisations/{a}").content.decode(),
    ]
    for body in everywhere_else:
        assert "Hemmelig Kontakt" not in body
        assert "hemmelig-a@example.org" not in body
        assert "99887766" not in body
    api = json.loads(everywhere_else[4])
    assert [c["name"] for c in api["contacts"]] == ["Offentlig Kontakt A"]


def test_hidden_organisation_is_visible_to_its_own_admin(
    persona_client: Callable[[str], Client], org_a: Tenant
) -> None:
    Organisation.objects.filter(pk=org_a.organisation.pk).update(is_public=False)
    url = reverse("directory:detail", args=[org_a.organisation.pk])
    assert persona_client("admin_a").get(url).status_code == 200
    assert persona_client("member_a").get(url).status_code == 404
    assert persona_client("anonymous").get(url).status_code == 404
