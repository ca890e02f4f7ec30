"""Mail goes through a background task and leaves over real SMTP (aiosmtpd on loopback)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests.conftest import Mailbox


class Boom(Exception):
    pass


def send(**overrides: Any) -> int:
    kwargs: dict[str, Any] = {
        "subject": "Møteinnkalling – rådet",
        "message": "Hei!\nVelkommen til møtet i brukerrådet.\nÆ Ø Å",
        "from_email": "Medvirk <ikke-svar@medvirk.no>",
        "recipient_list": ["kari@example.org"],
        "html_message": "<p>Hei!</p><p>Velkommen til <strong>møtet</strong>.</p>",
    }
    kwargs.update(overrides)
    return mail.send_mail(**kwargs)


def test_send_mail_enqueues_a_task_and_the_worker_delivers_it(
    smtp_server: Mailbox,
    db_tasks: Callable[[], None],
    django_capture_on_commit_callbacks: Any,
    db: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert send() == 1
    task = DBTaskResult.objects.get()
    assert task.queue_name == "mail"
    assert task.status == "READY"
    assert smtp_server.messages == []  # queued, not yet delivered

    db_tasks()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    [message] = smtp_server.messages
    assert message["Subject"] == "Møteinnkalling – rådet"
    assert message["To"] == "kari@example.org"
    assert message["From"] == "Medvirk <ikke-svar@medvirk.no>"
    # SMTP carries CRLF line endings.
    text = Mailbox.text(message).replace("\r\n", "\n")
    assert text == "Hei!\nVelkommen til møtet i brukerrådet.\nÆ Ø Å"
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert html.get_content().strip() == "<p>Hei!</p><p>Velkommen til <strong>møtet</strong>.</p>"


def test_plain_message_without_html_is_delivered(
    smtp_server: Mailbox,
    db_tasks: Callable[[], None],
    django_capture_on_commit_callbacks: Any,
    db: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send(html_message=None, recipient_list=["a@example.org", "b@example.org"])
    db_tasks()
    [message] = smtp_server.messages
    assert message["To"] == "a@example.org, b@example.org"
    assert message.get_body(preferencelist=("html",)) is None
    assert smtp_server.to("b@example.org") == [message]


def test_nothing_is_enqueued_inside_a_rolled_back_transaction(
    smtp_server: Mailbox,
    db_tasks: Callable[[], None],
    django_capture_on_commit_callbacks: Any,
    db: Any,
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        send()
        raise Boom
    assert callbacks == []
    assert DBTaskResult.objects.count() == 0
    db_tasks()
    assert smtp_server.messages == []


def test_message_without_recipients_is_not_enqueued(
    smtp_server: Mailbox,
    db_tasks: Callable[[], None],
    django_capture_on_commit_callbacks: Any,
    db: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert send(recipient_list=[]) == 0
    assert DBTaskResult.objects.count() == 0
