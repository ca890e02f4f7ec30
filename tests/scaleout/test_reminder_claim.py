"""Two workers claiming the same campaign reminder at once on PostgreSQL.

With more than one task worker, ``run_periodic`` run twice (two cron hosts, or a slow
run overlapping the next) queues the same reminder twice, and two workers may run
the two jobs at the same moment. ``send_reminder`` claims the reminder with one
UPDATE before it sends, so that only one of them mails it. This test makes the
overlap certain instead of lucky: "worker 1" claims inside an open transaction, the
real ``send_reminder`` ("worker 2") starts while that claim is uncommitted and waits
on the row lock, then worker 1 commits.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.directory.domain.campaigns import due_reminders, send_reminder, start_campaign
from medvirk.directory.models import CampaignRecipient
from tests.factories import ContactFactory, OrganisationFactory


@pytest.fixture(autouse=True)
def _mail_to_outbox(settings: Any) -> None:
    settings.MEDVIRK_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def waiting_on_a_lock() -> bool:
    """Whether another session of this database waits for a row lock right now."""
    with connections["default"].cursor() as cursor:
        # Statistics views are a snapshot per transaction; this caller is inside one.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def test_two_workers_claiming_one_reminder_at_once_send_it_once(
    transactional_db: Any, settings: Any
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Row locks and concurrent claims need PostgreSQL (SQLite has one writer).")
    admin = User.objects.create_superuser("drift@example.org", None)
    organisation = OrganisationFactory()
    ContactFactory(organisation=organisation, is_primary=True, email="kontakt@example.org")
    start_campaign(by=admin, name="Bekreftelse")  # the invitation goes out at commit
    assert len(mail.outbox) == 1
    recipient = CampaignRecipient.objects.get()
    CampaignRecipient.objects.filter(pk=recipient.pk).update(
        sent_at=timezone.now() - timedelta(days=settings.MEDVIRK_CAMPAIGN_REMINDER_DAYS + 1)
    )

    outcome: dict[str, Any] = {}

    def second_worker() -> None:
        try:
            outcome["recipient"] = send_reminder(recipient.pk)
        except Exception as error:  # reported below, not lost in the thread
            outcome["error"] = error
        finally:
            connections.close_all()

    worker = threading.Thread(target=second_worker)
    with transaction.atomic():
        # Worker 1's claim, exactly as send_reminder makes it, not yet committed.
        claimed = (
            due_reminders(timezone.now()).filter(pk=recipient.pk).update(reminded_at=timezone.now())
        )
        assert claimed == 1
        worker.start()
        deadline = time.monotonic() + 10
        while not waiting_on_a_lock():
            assert time.monotonic() < deadline, "worker 2 never reached the row lock"
            time.sleep(0.02)
    worker.join(10)
    assert "error" not in outcome, outcome.get("error")
    # Worker 1 goes on to send the reminder it claimed; worker 2 must send nothing.
    reminders = [m.subject for m in mail.outbox if m.subject.startswith("Påminnelse")]
    assert reminders == []
    assert outcome["recipient"].reminded_at is not None
