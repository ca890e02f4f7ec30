"""Calls: creating, changing and publishing (permission × persona, validation, log),
and the pages that run them (list, form, detail, publish, QR code, poster, short address)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.accounts.enums import RoleKind
from medvirk.common.models import ActivityLog
from medvirk.experiences.domain.calls import (
    CALL_CREATED,
    CALL_PUBLISHED,
    CODE_ALPHABET,
    create_call,
    publish_call,
    update_call,
)
from medvirk.experiences.enums import Audience
from medvirk.experiences.models import ExperienceCall
from tests.conftest import Tenant
from tests.factories import RoleFactory, ServiceFactory, UserFactory
from tests.factories.experiences import ExperienceCallFactory, ExperienceFactory
from tests.factories.people import ArenaFactory

DAY = datetime.date(2026, 11, 16)


def call_values(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Transport til behandling",
        "description": "Fortell om reisen.",
        "opens_on": DAY,
        "closes_on": DAY + datetime.timedelta(days=30),
        **overrides,
    }


# --- Domain: permissions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin_a", True),
        ("admin_b", False),
        ("member_a", False),
        ("anonymous", False),
        ("platform_admin", False),
    ],
)
def test_create_call_permission(
    persona: str, allowed: bool, org_a: Tenant, org_b: Tenant, platform_admin: Any
) -> None:
    users = {
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
        "member_a": org_a.member,
        "anonymous": AnonymousUser(),
        "platform_admin": platform_admin,
    }
    if allowed:
        call = create_call(org_a.organisation, by=users[persona], **call_values())
        assert call.organisation == org_a.organisation
        assert call.published_at is None
    else:
        with pytest.raises(PermissionDenied):
            create_call(org_a.organisation, by=users[persona], **call_values())
        assert not ExperienceCall.objects.exists()


def test_service_secretariat_runs_the_services_calls(secretariat: Any, org_a: Tenant) -> None:
    service = secretariat.roles.get().organisation
    call = create_call(service, by=secretariat, **call_values())
    assert call.organisation == service
    # ...but not a user organisation's.
    with pytest.raises(PermissionDenied):
        create_call(org_a.organisation, by=secretariat, **call_values())


def test_secretariat_of_a_user_organisation_does_not_run_calls(db: Any) -> None:
    from tests.factories import OrganisationFactory

    organisation = OrganisationFactory()
    user = UserFactory()
    RoleFactory(user=user, organisation=organisation, role=RoleKind.SECRETARIAT)
    with pytest.raises(PermissionDenied):
        create_call(organisation, by=user, **call_values())


def test_update_and_publish_refused_to_other_organisations_admin(
    org_a: Tenant, org_b: Tenant
) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation, published_at=None)
    with pytest.raises(PermissionDenied):
        update_call(call, by=org_b.admin, arenas=[], title="Nytt")
    with pytest.raises(PermissionDenied):
        publish_call(call, by=org_b.admin)
    call.refresh_from_db()
    assert call.published_at is None


# --- Domain: validation, code, log --------------------------------------------------------


def test_create_call_gives_a_short_unambiguous_code_and_logs(org_a: Tenant) -> None:
    first = create_call(org_a.organisation, by=org_a.admin, **call_values())
    second = create_call(org_a.organisation, by=org_a.admin, **call_values())
    for call in (first, second):
        assert len(call.code) == 6
        assert set(call.code) <= set(CODE_ALPHABET)
        assert not set(call.code) & set("0o1li")
    assert first.code != second.code
    entry = ActivityLog.objects.get(action=CALL_CREATED, object_id=str(first.pk))
    assert entry.actor == org_a.admin
    assert entry.organisation == org_a.organisation


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"description": ""}, "description"),
        ({"closes_on": DAY - datetime.timedelta(days=1)}, "closes_on"),
        ({"min_theme_size": 1}, "min_theme_size"),
        ({"retention_months": 0}, "retention_months"),
        ({"retention_months": 61}, "retention_months"),
        ({"audience": "nobody"}, "audience"),
        ({"easy_read": "x" * 5001}, "easy_read"),
    ],
)
def test_create_call_validation_names_the_field(
    org_a: Tenant, overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        create_call(org_a.organisation, by=org_a.admin, **call_values(**overrides))
    assert field in caught.value.message_dict


def test_arenas_must_be_owned_or_represented(org_a: Tenant) -> None:
    foreign = ArenaFactory()
    owned = ArenaFactory(owner=org_a.organisation)
    with pytest.raises(ValidationError) as caught:
        create_call(org_a.organisation, by=org_a.admin, arenas=[foreign], **call_values())
    assert "arenas" in caught.value.message_dict
    call = create_call(org_a.organisation, by=org_a.admin, arenas=[owned], **call_values())
    assert list(call.arenas.all()) == [owned]


def test_description_is_sanitised(org_a: Tenant) -> None:
    call = create_call(
        org_a.organisation,
        by=org_a.admin,
        **call_values(description="<p>Hei</p><script>alert(1)</script>"),
    )
    assert "<script" not in call.description
    assert "Hei" in call.description


def test_publish_logs_and_cannot_repeat(org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation, published_at=None)
    publish_call(call, by=org_a.admin)
    assert call.published_at is not None
    assert ActivityLog.objects.filter(action=CALL_PUBLISHED, object_id=str(call.pk)).exists()
    with pytest.raises(ValidationError):
        publish_call(call, by=org_a.admin)


def test_publish_refused_after_close(org_a: Tenant) -> None:
    call = ExperienceCallFactory(
        organisation=org_a.organisation,
        published_at=None,
        opens_on=datetime.date(2026, 1, 1),
        closes_on=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as caught:
        publish_call(call, by=org_a.admin)
    assert "closes_on" in caught.value.message_dict


def test_update_call_changes_and_logs_field_names(org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    update_call(call, by=org_a.admin, arenas=[], title="Nytt tema", retention_months=6)
    call.refresh_from_db()
    assert (call.title, call.retention_months) == ("Nytt tema", 6)
    entry = ActivityLog.objects.filter(object_id=str(call.pk)).latest("pk")
    assert entry.data["fields"] == ["retention_months", "title"]


# --- Pages ------------------------------------------------------------------------------


def test_call_list_empty_state_and_new_button(persona_client: Any, org_a: Tenant) -> None:
    response = persona_client("admin_a").get(f"/erfaringer/organisasjon/{org_a.organisation.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ingen innspillsrunder ennå." in html
    assert "Ny innspillsrunde" in html


@pytest.mark.parametrize("persona", ["admin_b", "member_a", "platform_admin"])
def test_call_list_refused_to_others(persona_client: Any, org_a: Tenant, persona: str) -> None:
    response = persona_client(persona).get(f"/erfaringer/organisasjon/{org_a.organisation.pk}/")
    assert response.status_code == 403


def _calls_with_answers(org_a: Tenant, rows: int) -> None:
    ExperienceCall.objects.all().delete()
    for _ in range(rows):
        ExperienceFactory(call=ExperienceCallFactory(organisation=org_a.organisation))


def test_call_list_query_count_does_not_grow(
    persona_client: Any, org_a: Tenant, django_assert_num_queries: Any
) -> None:
    client = persona_client("admin_a")
    url = f"/erfaringer/organisasjon/{org_a.organisation.pk}/"
    _calls_with_answers(org_a, 1)
    client.get(url)  # warm the session and role caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    statements = len(one)  # read before the next request clears the connection's log
    _calls_with_answers(org_a, 3)
    client.get(url)  # the new calls' status counts are counted once, then cached
    with django_assert_num_queries(statements):
        response = client.get(url)
    assert len(re.findall(r'href="/erfaringer/\d+/"', response.content.decode())) == 3


def test_create_page_bad_input_keeps_what_was_typed(persona_client: Any, org_a: Tenant) -> None:
    client = persona_client("admin_a")
    url = f"/erfaringer/organisasjon/{org_a.organisation.pk}/ny/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Ventetid hos fastlegen",
            "description": "",
            "opens_on": "2026-12-01",
            "closes_on": "2026-11-01",
            "audience": Audience.LINK,
            "min_theme_size": "1",
            "retention_months": "12",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="error-summary"' in html or "error-summary" in html
    assert 'value="Ventetid hos fastlegen"' in html
    assert 'href="#id_description"' in html
    assert 'href="#id_closes_on"' in html
    assert 'href="#id_min_theme_size"' in html
    assert not ExperienceCall.objects.exists()


def test_create_edit_publish_through_the_pages(persona_client: Any, org_a: Tenant) -> None:
    client = persona_client("admin_a")
    response = client.post(
        f"/erfaringer/organisasjon/{org_a.organisation.pk}/ny/",
        {
            "title": "Ventetid hos fastlegen",
            "description": "Hvordan var ventetiden?",
            "easy_read": "Hvor lenge ventet du?",
            "opens_on": "2026-11-16",
            "closes_on": "2026-12-16",
            "audience": Audience.EVERYONE,
            "allow_anonymous": "on",
            "min_theme_size": "5",
            "retention_months": "12",
        },
    )
    call = ExperienceCall.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/erfaringer/{call.pk}/"
    detail = client.get(f"/erfaringer/{call.pk}/").content.decode()
    assert "Ikke publisert" in detail
    assert f"/i/{call.code}" in detail
    assert f"/erfaringer/{call.pk}/qr.svg" in detail
    # The public page is not there yet for outsiders, but the moderator may preview it.
    assert Client().get(call.get_public_url()).status_code == 404
    assert client.get(call.get_public_url()).status_code == 200
    # Edit
    response = client.post(
        f"/erfaringer/{call.pk}/endre/",
        {
            "title": "Ventetid hos legen",
            "description": "Hvordan var ventetiden?",
            "opens_on": "2026-11-16",
            "closes_on": "2026-12-16",
            "audience": Audience.EVERYONE,
            "min_theme_size": "3",
            "retention_months": "6",
        },
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title, call.allow_anonymous, call.min_theme_size) == (
        "Ventetid hos legen",
        False,
        3,
    )
    # Publish: a confirmation page first, then the POST.
    confirm = client.get(f"/erfaringer/{call.pk}/publiser/")
    assert "Ja, publiser" in confirm.content.decode()
    call.refresh_from_db()
    assert call.published_at is None
    assert client.post(f"/erfaringer/{call.pk}/publiser/").status_code == 302
    call.refresh_from_db()
    assert call.published_at is not None
    assert Client().get(call.get_public_url()).status_code == 200
    assert "Ventetid hos legen" in Client().get("/erfaringer/").content.decode()


def test_qr_code_and_poster(persona_client: Any, org_a: Tenant, settings: Any) -> None:
    settings.SITE_URL = "https://medvirk.example.no"
    call = ExperienceCallFactory(organisation=org_a.organisation, code="abc234")
    client = persona_client("admin_a")
    svg = client.get(f"/erfaringer/{call.pk}/qr.svg")
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg") or b"<svg" in svg.content[:200]
    poster = client.get(f"/erfaringer/{call.pk}/plakat/").content.decode()
    assert "https://medvirk.example.no/i/abc234" in poster
    assert re.search(
        r'<img src="/erfaringer/\d+/qr.svg"[^>]+alt="QR-kode til https://medvirk', poster
    )
    assert persona_client("admin_b").get(f"/erfaringer/{call.pk}/qr.svg").status_code == 403


def test_short_address_redirects_to_the_answer_page(client: Client, db: Any) -> None:
    call = ExperienceCallFactory(code="abc234")
    response = client.get("/i/abc234")
    assert response.status_code == 302
    assert response["Location"] == f"/erfaringer/svar/{call.code}/"


def test_service_call_detail_for_secretariat(persona_client: Any, secretariat: Any) -> None:
    service = secretariat.roles.get().organisation
    call = ExperienceCallFactory(organisation=service)
    assert persona_client("secretariat").get(f"/erfaringer/{call.pk}/").status_code == 200
    assert persona_client("platform_admin").get(f"/erfaringer/{call.pk}/").status_code == 403


def test_service_factory_is_a_service(db: Any) -> None:
    assert ServiceFactory().kind == "service"


def test_call_form_offers_the_organisations_arenas(persona_client: Any, org_a: Tenant) -> None:
    owned = ArenaFactory(owner=org_a.organisation, name="Eget brukerråd")
    ArenaFactory(name="Fremmed utvalg")
    client = persona_client("admin_a")
    url = f"/erfaringer/organisasjon/{org_a.organisation.pk}/ny/"
    html = client.get(url).content.decode()
    assert "Eget brukerråd" in html
    assert "Fremmed utvalg" not in html
    response = client.post(
        url,
        {
            "title": "Tema",
            "description": "Tekst",
            "arenas": [str(owned.pk)],
            "opens_on": "2026-11-16",
            "closes_on": "2026-12-16",
            "audience": Audience.LINK,
            "min_theme_size": "5",
            "retention_months": "12",
        },
    )
    assert response.status_code == 302
    assert list(ExperienceCall.objects.get().arenas.all()) == [owned]
