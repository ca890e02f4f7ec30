"""Two runs claiming the same campaign reminder at once on PostgreSQL.

``run_periodic`` run twice (two cron hosts, or a slow run overlapping the next) lists
the same due reminder in both runs. The periodic-job runner claims each item with one
UPDATE before it sends, so that only one of them mails it. This test makes the
overlap certain instead of lucky: "run 1" claims inside an open transaction, the
real job ("run 2") starts while that claim is uncommitted and waits on the row lock,
then run 1 commits.
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
from medvirk.common.periodic import registered_jobs
from medvirk.directory.domain.campaigns import due_reminders, start_campaign
from medvirk.directory.models import CampaignRecipient
from medvirk.ops.domain import run_job
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


def test_two_runs_claiming_one_reminder_at_once_send_it_once(
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
            outcome["run"] = run_job("directory.campaign_reminders")
            outcome["recipient"] = CampaignRecipient.objects.get(pk=recipient.pk)
        except Exception as error:  # reported below, not lost in the thread
            outcome["error"] = error
        finally:
            connections.close_all()

    worker = threading.Thread(target=second_worker)
    with transaction.atomic():
        # Run 1's claim, exactly as the runner makes it, not yet committed.
        job = registered_jobs()["directory.campaign_reminders"]
        now = timezone.now()
        claimed = job.claim(due_reminders(now).filter(pk=recipient.pk), now)
        assert claimed == 1
        worker.start()
        deadline = time.monotonic() + 10
        while not waiting_on_a_lock():
            assert time.monotonic() < deadline, "run 2 never reached the row lock"
            time.sleep(0.02)
    worker.join(10)
    assert "error" not in outcome, outcome.get("error")
    # Run 1 goes on to send the reminder it claimed; run 2 must send nothing.
    reminders = [m.subject for m in mail.outbox if m.subject.startswith("Påminnelse")]
    assert reminders == []
    assert outcome["recipient"].reminded_at is not None
    run = outcome["run"]
    assert (run.items_done, run.items_skipped, run.items_failed) == (0, 1, 0)
