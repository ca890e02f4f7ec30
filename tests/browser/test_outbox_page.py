"""The platform admin's page of mail that did not arrive: reached from Min side, readable
by screen reader (axe-core), and a failed mail sent again by keyboard alone."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.notifications.models import MailStatus, OutboxMail
from tests.browser.helpers import check_structure, force_login, tab_to
from tests.conftest import enable_totp
from tests.factories import UserFactory


def outbox_row(subject: str, status: str, attempts: int, error: str) -> OutboxMail:
    return OutboxMail.objects.create(
        kind="test",
        from_email="medvirk@example.org",
        recipients=["mottaker@example.org"],
        language="nb",
        subject=subject,
        text="Hei",
        status=status,
        attempts=attempts,
        last_error=error,
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=15),
    )


def test_failed_mail_is_found_from_min_side_and_sent_again_by_keyboard(
    page: Page, live_server: Any, a11y: Any
) -> None:
    outbox_row("Innkalling til møte", MailStatus.FAILED, 1, "SMTPRecipientsRefused: 550")
    outbox_row("Påminnelse om svarfrist", MailStatus.PENDING, 2, "ConnectionRefusedError")
    admin = UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    force_login(page, live_server, admin)

    page.goto("/konto/min-side/")
    page.get_by_role("link", name="E-post som ikke kom fram").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-post som ikke kom fram")
    check_structure(page)
    a11y(page)
    failed = page.get_by_role("region", name="Feilet", exact=True)
    expect(failed).to_contain_text("Innkalling til møte")
    expect(failed).to_contain_text("SMTPRecipientsRefused: 550")
    expect(page.get_by_role("region", name="Venter på nytt forsøk", exact=True)).to_contain_text(
        "Påminnelse om svarfrist"
    )

    tab_to(page, "form[action$='/send-igjen/'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("E-posten sendes på nytt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Feilet").locator("xpath=..")).to_contain_text(
        "Ingen e-post har feilet."
    )
    a11y(page)
