"""The accessibility statement (/tilgjengelighet/) and its "Meld fra om et problem" form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.feedback.domain import RATE_LIMIT
from medvirk.feedback.models import AccessibilityFeedback
from tests.factories import UserFactory

URL = "/tilgjengelighet/"

VALID = {
    "page": "https://medvirk.example/moter/",
    "description": "Knappen «Send» kan ikke nås med tastaturet.",
    "email": "kari@example.org",
}


def test_url_is_named_accessibility() -> None:
    assert reverse("accessibility") == URL


def test_statement_has_what_uutilsynet_asks_for(client: Client, db: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    for part in (
        "likestillings- og diskrimineringsloven",
        "forskrift om universell utforming av IKT-løsninger",
        "WCAG 2.1",
        "Kjente avvik",
        "Lange ord deles uten ordbok",
        "Redigereren for formatert tekst",
        "Slik har vi testet",
        'href="https://www.uutilsynet.no/"',
        "Meld fra om et problem",
        'name="website"',
    ):
        assert part in text, part


def test_statement_shows_the_test_date_and_contact_from_settings(
    client: Client, db: Any, settings: Any
) -> None:
    settings.MEDVIRK_ACCESSIBILITY_TESTED_ON = datetime.date(2026, 11, 3)
    settings.MEDVIRK_ACCESSIBILITY_CONTACT = "uu@kommune.example"
    text = client.get(URL).content.decode()
    assert "03.11.2026" in text
    assert 'href="mailto:uu@kommune.example"' in text


def test_valid_report_is_stored_and_thanked_after_a_redirect(client: Client, db: Any) -> None:
    response = client.post(URL, VALID)
    assert response.status_code == 302
    assert response["Location"] == URL
    feedback = AccessibilityFeedback.objects.get()
    assert (feedback.page, feedback.description, feedback.email) == (
        VALID["page"],
        VALID["description"],
        VALID["email"],
    )
    assert "Takk! Vi har fått meldingen din" in client.get(URL).content.decode()


def test_report_keeps_no_ip_address(client: Client, db: Any) -> None:
    client.post(URL, VALID, REMOTE_ADDR="203.0.113.7")
    feedback = AccessibilityFeedback.objects.get()
    fields = {field.name for field in AccessibilityFeedback._meta.get_fields()}
    assert fields == {"id", "created_at", "page", "description", "email", "language"}
    assert "203.0.113.7" not in str(ActivityLog.objects.get().data)
    assert feedback.email == VALID["email"]


def test_email_is_optional(client: Client, db: Any) -> None:
    response = client.post(URL, {**VALID, "email": ""})
    assert response.status_code == 302
    assert AccessibilityFeedback.objects.get().email == ""


def test_invalid_report_shows_linked_errors_and_keeps_input(client: Client, db: Any) -> None:
    response = client.post(URL, {"page": "Møtesiden", "description": "", "email": "ikke-epost"})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="error-summary"' in text
    assert 'href="#id_description"' in text
    assert 'href="#id_email"' in text
    assert 'value="Møtesiden"' in text
    assert 'value="ikke-epost"' in text
    assert AccessibilityFeedback.objects.count() == 0
    assert mail.outbox == []


def test_honeypot_answers_like_success_and_stores_nothing(client: Client, db: Any) -> None:
    UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    response = client.post(URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == URL
    assert "Takk! Vi har fått meldingen din" in client.get(URL).content.decode()
    assert AccessibilityFeedback.objects.count() == 0
    assert ActivityLog.objects.count() == 0
    assert mail.outbox == []


def test_rate_limit_refuses_after_the_limit(client: Client, db: Any) -> None:
    for _ in range(RATE_LIMIT):
        assert client.post(URL, VALID).status_code == 302
    response = client.post(URL, {**VALID, "page": "Siste side"})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Du har sendt mange meldinger på kort tid" in text
    assert 'value="Siste side"' in text
    assert AccessibilityFeedback.objects.count() == RATE_LIMIT


def test_rate_limit_is_per_client(client: Client, db: Any) -> None:
    for _ in range(RATE_LIMIT):
        client.post(URL, VALID, REMOTE_ADDR="192.0.2.1")
    assert client.post(URL, VALID, REMOTE_ADDR="192.0.2.2").status_code == 302


def test_mail_is_queued_to_each_platform_admin(
    client: Client, db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    UserFactory(email="plattform2@example.org", is_superuser=True, is_staff=True)
    UserFactory(email="vanlig@example.org")
    UserFactory(email="sluttet@example.org", is_superuser=True, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, VALID)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "plattform2@example.org",
        "plattform@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Ny melding om et tilgjengelighetsproblem"
    assert VALID["description"] in str(message.body)
    assert VALID["page"] in str(message.body)
    assert "kari@example.org" in str(message.body)
    feedback = AccessibilityFeedback.objects.get()
    assert f"/drift/feedback/accessibilityfeedback/{feedback.pk}/change/" in str(message.body)


def test_report_is_logged(client: Client, db: Any) -> None:
    client.post(URL, VALID)
    entry = ActivityLog.objects.get()
    feedback = AccessibilityFeedback.objects.get()
    assert entry.action == "accessibility_feedback.received"
    assert entry.actor is None
    assert entry.object_id == str(feedback.pk)


def test_report_by_a_logged_in_user_is_logged_with_them(client: Client, db: Any) -> None:
    user = UserFactory()
    client.force_login(user)
    assert client.post(URL, VALID).status_code == 302
    assert ActivityLog.objects.get().actor == user


@pytest.mark.parametrize(
    ("language", "heading"),
    [("nn", "Meld frå om eit problem"), ("en", "Report a problem")],
)
def test_statement_is_translated(client: Client, db: Any, language: str, heading: str) -> None:
    client.cookies["django_language"] = language
    assert heading in client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_platform_admin_sees_the_reports_in_the_admin(client: Client, db: Any) -> None:
    from tests.conftest import enable_totp

    admin = UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    client.post(URL, VALID)
    client.force_login(admin)
    response = client.get("/drift/feedback/accessibilityfeedback/")
    assert response.status_code == 200
    assert VALID["page"] in response.content.decode()
