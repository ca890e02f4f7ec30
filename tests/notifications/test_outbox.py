"""The outbox: every mail a row, delivered at most once, retried through an SMTP outage."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from medvirk.notifications.domain.delivery import (
    claim,
    deliver,
    resend_mail,
    retry_delay,
)
from medvirk.notifications.domain.outbox import queue_mail, render_mail
from medvirk.notifications.models import MailStatus, OutboxMail
from tests.clock import freeze_time
from tests.conftest import Mailbox, enable_totp, free_port
from tests.factories import UserFactory
from tests.periodic import deliver_due_mail

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


class Rejecting(Mailbox):
    """A server that answers DATA with ``reply`` (e.g. 554: permanent, 451: temporary)."""

    def __init__(self, reply: str) -> None:
        super().__init__()
        self.reply = reply

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        return self.reply


def smtp_on(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5


def test_retry_delays_grow_and_are_capped() -> None:
    assert [retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [
        1,
        5,
        15,
        60,
        240,
        720,
        720,
        720,
    ]


def test_every_mail_including_login_codes_arrives_once_after_an_smtp_outage(
    settings: Any, db_tasks: Callable[[], None]
) -> None:
    port = free_port()
    smtp_on(settings, port)
    UserFactory(email="kode@example.org")
    with freeze_time(START, tick=True):
        # The server is down: a login code and a meeting mail are written to the outbox.
        response = Client().post(
            reverse("account_request_login_code"), {"email": "kode@example.org"}
        )
        assert response.status_code == 302
        queue_mail(
            "arenas/vacancy",
            to=["sekretariat@example.org"],
            context={"name": "Kari", "arena_name": "Brukerrådet", "link": "http://x/"},
        )
        db_tasks()
        rows = list(OutboxMail.objects.order_by("pk"))
        assert [(r.status, r.attempts) for r in rows] == [(MailStatus.PENDING, 1)] * 2
        assert [r.kind for r in rows] == ["account/email/login_code", "arenas/vacancy"]
        assert "ConnectionRefusedError" in rows[0].last_error
    for row in rows:
        assert START + datetime.timedelta(minutes=1) <= row.next_attempt_at
        assert row.next_attempt_at < START + datetime.timedelta(minutes=2)

    # Still down when the first retry falls due: the second wait is 5 minutes.
    with freeze_time(START + datetime.timedelta(minutes=2), tick=True):
        assert deliver_due_mail() == 2
        db_tasks()
    assert sorted(OutboxMail.objects.values_list("attempts", flat=True)) == [2, 2]

    # The server comes back; the catch-up and the deferred tasks both fire.
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with freeze_time(START + datetime.timedelta(minutes=8), tick=True):
            assert deliver_due_mail() == 2
            db_tasks()
            db_tasks()
            assert deliver_due_mail() == 0
    finally:
        controller.stop()
    assert sorted(str(m["To"]) for m in mailbox.messages) == [
        "kode@example.org",
        "sekretariat@example.org",
    ]
    [code_mail] = mailbox.to("kode@example.org")
    assert str(code_mail["Subject"]).startswith("[Medvirk] ")
    # allauth's mail names Medvirk, not the request's host.
    assert "Medvirk" in Mailbox.text(code_mail)
    assert "testserver" not in Mailbox.text(code_mail)
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}
    assert set(OutboxMail.objects.values_list("text", flat=True)) == {""}


def test_a_row_is_claimed_once_even_when_two_workers_race(
    settings: Any, smtp_server: Mailbox, db_tasks: Callable[[], None]
) -> None:
    with freeze_time(START, tick=True):
        for number in range(6):
            queue_mail(
                "arenas/vacancy",
                to=[f"s{number}@example.org"],
                context={"name": "Kari", "arena_name": "Rådet", "link": "http://x/"},
            )
        ids = list(OutboxMail.objects.values_list("pk", flat=True))
        results: list[str] = []

        def worker() -> None:
            try:
                for mail_id in ids:
                    results.append(deliver(mail_id))
            finally:
                connection.close()

        if connection.vendor == "postgresql":
            threads = [threading.Thread(target=worker) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        else:  # SQLite serialises writers: interleave the two workers' claims by hand
            assert [claim(mail_id) for mail_id in ids] == [True] * 6
            assert [claim(mail_id) for mail_id in ids] == [False] * 6
            OutboxMail.objects.update(status=MailStatus.PENDING)
            worker()
            worker()
    assert sorted(str(m["To"]) for m in smtp_server.messages) == sorted(
        f"s{n}@example.org" for n in range(6)
    )
    assert len(results) == 12
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {MailStatus.SENT}


def test_permanent_failure_is_recorded_and_shown_to_admins_who_can_resend(
    settings: Any, transactional_db: Any
) -> None:
    port = free_port()
    smtp_on(settings, port)
    controller = Controller(Rejecting("554 5.7.1 Rejected"), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        queue_mail(
            "arenas/vacancy",
            to=["avvist@example.org"],
            context={"name": "Kari", "arena_name": "Rådet", "link": "http://x/"},
        )
    finally:
        controller.stop()
    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == (MailStatus.FAILED, 1)
    assert "554" in row.last_error

    admin = UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)
    enable_totp(admin)
    member = UserFactory(email="medlem@example.org")
    client = Client()
    client.force_login(member)
    assert client.get(reverse("notifications:failed")).status_code == 403
    assert client.post(reverse("notifications:resend", args=[row.pk])).status_code == 403
    client.force_login(admin)
    page = client.get(reverse("notifications:failed"))
    assert page.status_code == 200
    assert "avvist@example.org" in page.content.decode()
    assert "5.7.1 Rejected" in page.content.decode()

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        response = client.post(reverse("notifications:resend", args=[row.pk]))
    finally:
        controller.stop()
    assert response.status_code == 302
    assert [str(m["To"]) for m in mailbox.messages] == ["avvist@example.org"]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (MailStatus.SENT, 1)


def test_smtp_4xx_is_temporary(settings: Any, transactional_db: Any) -> None:
    port = free_port()
    smtp_on(settings, port)
    controller = Controller(Rejecting("451 4.3.0 Try later"), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with freeze_time(START, tick=True):
            queue_mail(
                "arenas/vacancy",
                to=["senere@example.org"],
                context={"name": "Kari", "arena_name": "Rådet", "link": "http://x/"},
            )
    finally:
        controller.stop()
    row = OutboxMail.objects.get()
    assert (row.status, row.attempts) == (MailStatus.PENDING, 1)
    assert "451" in row.last_error


def test_resend_needs_a_platform_admin(db: Any) -> None:
    row = OutboxMail.objects.create(
        subject="S",
        text="T",
        recipients=["a@example.org"],
        status=MailStatus.FAILED,
        next_attempt_at=START,
    )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        resend_mail(row, by=UserFactory(email="x@example.org"))


@pytest.mark.parametrize(
    ("language", "subject", "opening"),
    [
        ("nb", "Ledig plass i Rådet", "Kari har trukket seg fra vervet i Rådet"),
        ("nn", "Ledig plass i Rådet", "Kari har trekt seg frå vervet i Rådet"),
        ("en", "Vacant seat in Rådet", "Kari has resigned from their position in Rådet"),
    ],
)
def test_mail_renders_in_the_recipients_language(language: str, subject: str, opening: str) -> None:
    rendered = render_mail(
        "arenas/vacancy", {"name": "Kari", "arena_name": "Rådet", "link": "http://x/"}, language
    )
    assert rendered[0] == subject
    assert rendered[1].startswith(opening)
    assert f'<html lang="{language}">' in rendered[2]
    assert '<a href="http://x/"' in rendered[2]


def test_queue_mail_without_recipients_writes_nothing(settings: Any, db: Any) -> None:
    settings.EMAIL_BACKEND = "medvirk.notifications.domain.outbox.OutboxBackend"
    assert queue_mail("arenas/vacancy", to=["", ""], context={}) == 0
    assert OutboxMail.objects.count() == 0
    assert mail.outbox == []
