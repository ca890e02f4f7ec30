"""Retention of the outbox: notifications.purge_outbox deletes mail sent or failed
MEDVIRK_OUTBOX_RETENTION_DAYS ago, in batches, and logs the counts (never an address)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from medvirk.common.models import ActivityLog
from medvirk.notifications.domain.retention import OUTBOX_PURGED
from medvirk.notifications.models import MailStatus, OutboxMail
from medvirk.ops.domain import run_job
from tests.clock import freeze_time
from tests.periodic import noon

JOB = "notifications.purge_outbox"
SENT_ON = datetime.date(2026, 1, 10)
DUE = SENT_ON + datetime.timedelta(days=90)


def mail(status: str, *, on: datetime.date, to: str = "mona@example.org") -> OutboxMail:
    with freeze_time(noon(on)):
        return OutboxMail.objects.create(
            kind="test",
            from_email="Medvirk <ikke-svar@medvirk.no>",
            recipients=[to],
            subject="Innkalling",
            text="Hei",
            status=status,
            next_attempt_at=timezone.now(),
            sent_at=timezone.now() if status == MailStatus.SENT else None,
        )


def run_on(day: datetime.date) -> Any:
    with freeze_time(noon(day)):
        return run_job(JOB, now=noon(day))


def test_sent_and_failed_mail_goes_on_the_day_not_the_day_before(db: Any) -> None:
    sent = mail(MailStatus.SENT, on=SENT_ON)
    failed = mail(MailStatus.FAILED, on=SENT_ON)
    pending = mail(MailStatus.PENDING, on=SENT_ON)
    sending = mail(MailStatus.SENDING, on=SENT_ON)
    newer = mail(MailStatus.SENT, on=SENT_ON + datetime.timedelta(days=1))

    assert run_on(DUE - datetime.timedelta(days=1)).items_done == 0
    assert OutboxMail.objects.count() == 5

    assert run_on(DUE).items_done == 1
    assert set(OutboxMail.objects.values_list("pk", flat=True)) == {
        pending.pk,
        sending.pk,
        newer.pk,
    }
    assert not OutboxMail.objects.filter(pk__in=[sent.pk, failed.pk]).exists()
    entry = ActivityLog.objects.get(action=OUTBOX_PURGED)
    assert entry.data == {"deleted": 2, "sent": 1, "failed": 1, "retention_days": 90}
    assert "mona@" not in str(entry.data) + entry.object_repr + entry.actor_label

    again = run_on(DUE)
    assert (again.items_done, again.items_failed) == (0, 0)
    assert OutboxMail.objects.count() == 3
    assert ActivityLog.objects.filter(action=OUTBOX_PURGED).count() == 1


def test_mail_is_purged_in_batches(db: Any, settings: Any) -> None:
    settings.MEDVIRK_RETENTION_BATCH_SIZE = 2
    rows = [mail(MailStatus.SENT, on=SENT_ON) for _n in range(5)]
    keep = mail(MailStatus.SENT, on=DUE)

    run = run_on(DUE)

    # Blocks of two primary keys: five consecutive rows span three or four blocks.
    blocks = {row.pk // 2 for row in rows}
    assert run.items_done == len(blocks)
    assert list(OutboxMail.objects.values_list("pk", flat=True)) == [keep.pk]
    logged = ActivityLog.objects.filter(action=OUTBOX_PURGED)
    assert sum(entry.data["deleted"] for entry in logged) == 5
    assert all(entry.data["deleted"] <= 2 for entry in logged)
