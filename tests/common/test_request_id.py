"""THE request id (common/logs.py): from the request, through the task, to the outgoing
mail; every log line carries it, as JSON lines when MEDVIRK_LOG_FORMAT=json."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from medvirk.common.logs import JsonFormatter, RequestIdFilter, logging_config
from medvirk.notifications.domain.delivery import deliver
from medvirk.notifications.models import MailStatus, OutboxMail
from tests.conftest import Mailbox
from tests.factories import UserFactory
from tests.feedback.test_accessibility import URL, VALID

REQUEST_ID = "proxy-given-0123456789abcdef"


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, Any]] = []
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))

    def ids_of(self, start: str) -> set[str | None]:
        return {line["request_id"] for line in self.lines if line["message"].startswith(start)}


@pytest.fixture
def log_lines() -> Iterator[Lines]:
    """The root logger's lines as the JSON format writes them (INFO and up)."""
    handler = Lines()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def test_a_response_carries_a_fresh_request_id(client: Client) -> None:
    first, second = client.get("/helse/")["X-Request-ID"], client.get("/helse/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_incoming_request_id_is_kept(client: Client) -> None:
    assert client.get("/helse/", HTTP_X_REQUEST_ID=REQUEST_ID)["X-Request-ID"] == REQUEST_ID


@pytest.mark.parametrize("incoming", ["short", "x" * 129, "bad id with spaces", "a\u00e6" * 8])
def test_an_odd_incoming_request_id_is_replaced(client: Client, incoming: str) -> None:
    answer = client.get("/helse/", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"]
    assert answer != incoming and len(answer) == 32


def test_the_request_id_flows_from_request_to_task_to_mail(
    db_tasks: Any, smtp_server: Mailbox, log_lines: Lines
) -> None:
    """The feedback form queues a mail to the platform admins; the worker's task sends it.
    The request's lines, the task's and the delivery's carry the same id, and so does
    the mail itself."""
    UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    response = Client().post(URL, VALID, HTTP_X_REQUEST_ID=REQUEST_ID)
    assert response.status_code == 302
    assert log_lines.ids_of("mail ") == {REQUEST_ID}  # queued, in the request

    db_tasks()

    assert log_lines.ids_of("task medvirk.notifications.domain.delivery.deliver_mail") == {
        REQUEST_ID
    }
    assert log_lines.ids_of(f"mail {OutboxMail.objects.get().pk} sent") == {REQUEST_ID}
    assert [m["X-Medvirk-Request-ID"] for m in smtp_server.messages] == [REQUEST_ID]
    line = log_lines.lines[-1]
    assert set(line) >= {"time", "level", "logger", "message", "request_id"}


def test_the_catch_up_delivery_binds_the_row_s_request_id(
    db: Any, smtp_server: Mailbox, log_lines: Lines, django_capture_on_commit_callbacks: Any
) -> None:
    """A mail the task missed, sent later by the periodic job: still the request's id."""
    UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=False):  # the task is lost
        Client().post(URL, VALID, HTTP_X_REQUEST_ID=REQUEST_ID)
    mail = OutboxMail.objects.get()
    assert mail.status == MailStatus.PENDING

    assert deliver(mail.pk) == MailStatus.SENT

    assert log_lines.ids_of(f"mail {mail.pk} sent") == {REQUEST_ID}


def test_logging_is_text_by_default_and_json_when_asked() -> None:
    assert logging_config(format="text", level="INFO")["handlers"]["console"]["formatter"] == (
        "text"
    )
    config = logging_config(format="json", level="INFO")
    assert config["formatters"]["json"] == {"()": "medvirk.common.logs.JsonFormatter"}
    assert config["handlers"]["console"]["filters"] == ["request_id"]
