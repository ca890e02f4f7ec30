"""Moderation: only the call's moderators (never platform admins) read an answer's
original text, approve it with the redacted text or reject it with a reason; every
moderation is logged without text; the original never reaches anyone else."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from medvirk.common.models import ActivityLog
from medvirk.experiences.domain.answers import (
    ANSWER_APPROVED,
    ANSWER_REJECTED,
    approve_answer,
    reject_answer,
)
from medvirk.experiences.enums import ExperienceStatus
from medvirk.experiences.models import Experience
from medvirk.notifications.models import OutboxMail
from tests.conftest import Tenant
from tests.factories.experiences import (
    ApprovedExperienceFactory,
    ExperienceCallFactory,
    ExperienceFactory,
    ThemeFactory,
)

SECRET = "Kari Nordmann, fødselsnummer 15108695088, ringte 912 34 567"


@pytest.fixture
def answer(org_a: Tenant) -> Experience:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    return ExperienceFactory(
        call=call,
        what_happened=f"Jeg heter {SECRET}. Drosjen kom ikke.",
        impact="Jeg bor i Storgata 5 og fikk ny time.",
        contact_email="kari@example.org",
        contact_name="Kari Nordmann",
    )


def users(org_a: Tenant, org_b: Tenant, platform_admin: Any, secretariat: Any) -> dict[str, Any]:
    return {
        "admin_a": org_a.admin,
        "admin_b": org_b.admin,
        "member_a": org_a.member,
        "platform_admin": platform_admin,
        "secretariat": secretariat,
    }


# --- Domain ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("admin_a", True),
        ("admin_b", False),
        ("member_a", False),
        ("platform_admin", False),
        ("secretariat", False),
    ],
)
def test_moderation_permission(
    answer: Experience,
    org_a: Tenant,
    org_b: Tenant,
    platform_admin: Any,
    secretariat: Any,
    persona: str,
    allowed: bool,
) -> None:
    user = users(org_a, org_b, platform_admin, secretariat)[persona]
    if allowed:
        approve_answer(answer, by=user, shared_what_happened="Drosjen kom ikke.")
        reject_answer(answer, by=user, reason="Dobbelt svar")
        assert answer.status == ExperienceStatus.REJECTED
    else:
        with pytest.raises(PermissionDenied):
            approve_answer(answer, by=user, shared_what_happened="Drosjen kom ikke.")
        with pytest.raises(PermissionDenied):
            reject_answer(answer, by=user, reason="Nei")
        answer.refresh_from_db()
        assert answer.status == ExperienceStatus.PENDING


def test_approve_needs_shared_text_and_reject_a_reason(answer: Experience, org_a: Tenant) -> None:
    with pytest.raises(ValidationError) as caught:
        approve_answer(answer, by=org_a.admin, shared_what_happened="  ")
    assert "shared_what_happened" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        reject_answer(answer, by=org_a.admin, reason="")
    assert "reject_reason" in caught.value.message_dict
    answer.refresh_from_db()
    assert answer.status == ExperienceStatus.PENDING


def test_moderation_logs_without_text_and_recounts_themes(
    answer: Experience, org_a: Tenant
) -> None:
    theme = ThemeFactory(call=answer.call, organisation=answer.call.organisation)
    theme.experiences.add(answer)
    approve_answer(answer, by=org_a.admin, shared_what_happened="Drosjen kom ikke.")
    theme.refresh_from_db()
    assert theme.answer_count == 1
    reject_answer(answer, by=org_a.admin, reason="Gjelder en annen tjeneste")
    theme.refresh_from_db()
    assert theme.answer_count == 0
    assert answer.shared_what_happened == ""
    entries = ActivityLog.objects.filter(action__in=[ANSWER_APPROVED, ANSWER_REJECTED])
    assert [e.action for e in entries.order_by("pk")] == [ANSWER_APPROVED, ANSWER_REJECTED]
    for entry in entries:
        assert entry.actor == org_a.admin
        assert entry.organisation == org_a.organisation
        assert "Kari" not in str(entry.data) + entry.object_repr
        assert "Drosjen" not in str(entry.data)
        assert "annen tjeneste" not in str(entry.data)


# --- Pages ----------------------------------------------------------------------------------


def test_moderation_page_marks_personal_data_and_suggests_a_redaction(
    persona_client: Any, answer: Experience
) -> None:
    client = persona_client("admin_a")
    html = client.get(f"/erfaringer/svar/{answer.pk}/moderer/").content.decode()
    assert "<mark" in html
    assert "fødselsnummer" in html
    assert '<span class="ds-sr-only">' in html
    # The suggestion in the shared text field: the findings replaced.
    field = html[html.index('name="shared_what_happened"') :]
    field = field[: field.index("</textarea>")]
    assert "[fjernet]" in field
    assert "15108695088" not in field
    assert "Kari Nordmann" not in field
    assert "Drosjen kom ikke." in field


def test_approve_and_reject_through_the_page(persona_client: Any, answer: Experience) -> None:
    client = persona_client("admin_a")
    url = f"/erfaringer/svar/{answer.pk}/moderer/"
    bad = client.post(url, {"decision": "reject", "reject_reason": ""})
    assert bad.status_code == 422
    assert 'href="#id_reject_reason"' in bad.content.decode()
    bad = client.post(url, {"decision": "approve", "shared_what_happened": ""})
    assert bad.status_code == 422
    assert 'href="#id_shared_what_happened"' in bad.content.decode()
    ok = client.post(
        url,
        {"decision": "approve", "shared_what_happened": "En drosje kom ikke.", "shared_impact": ""},
    )
    assert ok.status_code == 302
    answer.refresh_from_db()
    assert (answer.status, answer.shared_what_happened) == (
        ExperienceStatus.APPROVED,
        "En drosje kom ikke.",
    )


@pytest.mark.parametrize("persona", ["admin_b", "member_a", "platform_admin", "secretariat"])
def test_moderation_pages_refused_to_others(
    persona_client: Any, answer: Experience, persona: str
) -> None:
    client = persona_client(persona)
    assert client.get(f"/erfaringer/svar/{answer.pk}/moderer/").status_code == 403
    assert client.get(f"/erfaringer/{answer.call.pk}/svar/").status_code == 403
    assert client.get(f"/erfaringer/{answer.call.pk}/").status_code == 403


def test_original_text_never_reaches_anyone_else(
    persona_client: Any, answer: Experience, org_a: Tenant, client: Client
) -> None:
    approve_answer(answer, by=org_a.admin, shared_what_happened="En drosje kom ikke.")
    call = answer.call
    urls = [
        "/erfaringer/",
        call.get_public_url(),
        f"/erfaringer/svar/{call.code}/takk/",
        f"/erfaringer/{call.pk}/",
        f"/erfaringer/{call.pk}/svar/",
        f"/erfaringer/{call.pk}/plakat/",
        f"/erfaringer/svar/{answer.pk}/moderer/",
        f"/erfaringer/organisasjon/{org_a.organisation.pk}/",
        "/api/v1/openapi.json",
        "/konto/min-side/",
    ]
    for persona in ("anonymous", "member_a", "admin_b", "platform_admin", "secretariat"):
        visitor = persona_client(persona)
        for url in urls:
            body = visitor.get(url).content.decode()
            for secret in ("15108695088", "Kari Nordmann", "Storgata 5", "kari@example.org"):
                assert secret not in body, (persona, url, secret)
    for mail in OutboxMail.objects.all():
        assert "15108695088" not in mail.text
    # The moderator does see it.
    assert (
        "15108695088"
        in persona_client("admin_a").get(f"/erfaringer/svar/{answer.pk}/moderer/").content.decode()
    )


def test_moderation_list_pending_first_with_filter(persona_client: Any, org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    approved = ApprovedExperienceFactory(call=call)
    pending = ExperienceFactory(call=call)
    client = persona_client("admin_a")
    html = client.get(f"/erfaringer/{call.pk}/svar/").content.decode()
    assert html.index(f"/erfaringer/svar/{pending.pk}/moderer/") < html.index(
        f"/erfaringer/svar/{approved.pk}/moderer/"
    )
    filtered = client.get(f"/erfaringer/{call.pk}/svar/?status=approved").content.decode()
    assert f"/erfaringer/svar/{approved.pk}/moderer/" in filtered
    assert f"/erfaringer/svar/{pending.pk}/moderer/" not in filtered
    empty = client.get(f"/erfaringer/{call.pk}/svar/?status=rejected").content.decode()
    assert "Ingen svar med denne statusen." in empty


def test_moderation_list_pages_by_25(persona_client: Any, org_a: Tenant) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    ExperienceFactory.create_batch(27, call=call)
    client = persona_client("admin_a")
    first = client.get(f"/erfaringer/{call.pk}/svar/").content.decode()
    assert first.count("/moderer/") == 25
    assert "Side 1 av 2" in first
    assert (
        client.get(f"/erfaringer/{call.pk}/svar/?page=2").content.decode().count("/moderer/") == 2
    )


def _count(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_moderation_list_query_count_does_not_grow(
    persona_client: Any, org_a: Tenant, django_assert_num_queries: Any
) -> None:
    call = ExperienceCallFactory(organisation=org_a.organisation)
    from tests.factories import KommuneFactory

    ExperienceFactory(call=call, kommune=KommuneFactory())
    client = persona_client("admin_a")
    url = f"/erfaringer/{call.pk}/svar/"
    one = _count(client, url)
    ExperienceFactory(call=call, kommune=KommuneFactory())
    ApprovedExperienceFactory(call=call, kommune=KommuneFactory())
    client.get(url)  # the call's status counts are counted again once, then cached
    with django_assert_num_queries(one):
        assert client.get(url).content.decode().count("/moderer/") == 3


def test_moderation_list_is_kept_as_html_until_an_answer_changes(
    persona_client: Any, org_a: Tenant
) -> None:
    """A page of the list is kept (``caching.COUNTS``): a warm page reads no answers; a
    moderation retires it, and a renamed kommune too."""
    from tests.factories import KommuneFactory

    kommune = KommuneFactory(name="Gammelby")
    call = ExperienceCallFactory(organisation=org_a.organisation)
    pending = ExperienceFactory(call=call, kommune=kommune)
    client = persona_client("admin_a")
    url = f"/erfaringer/{call.pk}/svar/?status=pending"
    assert f"/erfaringer/svar/{pending.pk}/moderer/" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert not any('FROM "experiences_experience"' in q["sql"] for q in warm.captured_queries)
    kommune.name = "Nybyen"
    kommune.save()
    assert "Nybyen" in client.get(url).content.decode()
    approve_answer(pending, by=org_a.admin, shared_what_happened="Drosjen kom ikke.")
    assert "Ingen svar med denne statusen." in client.get(url).content.decode()
