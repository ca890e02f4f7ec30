"""The failed-mail page (/drift/e-post/): who may open it, and a cost that does not grow
with the rows it lists."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.notifications.models import MailStatus, OutboxMail
from tests.conftest import Tenant

URL = reverse("notifications:failed")


def add_rows(count: int, status: str) -> None:
    for number in range(count):
        OutboxMail.objects.create(
            kind="test",
            from_email="medvirk@example.org",
            recipients=[f"mottaker{number}@example.org"],
            subject=f"Emne {number}",
            text="Hei",
            status=status,
            attempts=1,
            last_error="ConnectionRefusedError",
            next_attempt_at=timezone.now() + datetime.timedelta(minutes=5),
        )


def count(client: Client) -> int:
    client.get(URL)  # warm the session and content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(URL)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_failed_mail_page_costs_the_same_for_one_row_and_many(platform_admin: User) -> None:
    client = Client()
    client.force_login(platform_admin)
    add_rows(1, MailStatus.FAILED)
    add_rows(1, MailStatus.PENDING)
    few = count(client)
    add_rows(20, MailStatus.FAILED)
    add_rows(20, MailStatus.PENDING)
    assert count(client) == few
    page = client.get(URL).content.decode()
    assert page.count("Send på nytt<span") == 21


def test_failed_mail_page_is_for_platform_admins_only(
    org_a: Tenant, secretariat: User, db: Any
) -> None:
    assert Client().get(URL).status_code == 302  # to the login page
    for user in (org_a.member, org_a.admin, secretariat):
        client = Client()
        client.force_login(user)
        assert client.get(URL).status_code == 403
