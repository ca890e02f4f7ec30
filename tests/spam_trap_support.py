"""What a spam trap must look like to a robot: the success's status, redirect and page."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from medvirk.common.models import ActivityLog
from medvirk.notifications.models import OutboxMail

TRAP = {"website": "http://spam.example"}
_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')


def page_after(client: Client, response: Any) -> str:
    """The page the redirect leads to, without its CSRF tokens (each client its own)."""
    assert response.status_code == 302
    return _CSRF.sub(r"\1", client.get(response["Location"]).content.decode())


def assert_nothing_kept() -> None:
    assert ActivityLog.objects.count() == 0
    assert OutboxMail.objects.count() == 0
    assert mail.outbox == []


def assert_same_answer(trap: tuple[Client, Any], real: tuple[Client, Any]) -> None:
    (trap_client, trap_response), (real_client, real_response) = trap, real
    assert trap_response.status_code == real_response.status_code == 302
    assert trap_response["Location"] == real_response["Location"]
    assert page_after(trap_client, trap_response) == page_after(real_client, real_response)
