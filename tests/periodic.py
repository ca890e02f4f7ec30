"""Running periodic jobs in tests: through the registry, as ``run_periodic`` does."""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.ops.domain import claim_and_handle, job_named, run_job


def noon(day: datetime.date) -> datetime.datetime:
    """Midday of ``day`` in the local time zone (a job's "today" is the local date)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def run(*names: str, now: datetime.datetime | None = None) -> int:
    """Run the named jobs at ``now``; how many items they handled."""
    return sum(run_job(name, now=now).items_done for name in names)


def run_on(day: datetime.date, *names: str) -> int:
    return run(*names, now=noon(day))


def request_reports(*, now: datetime.datetime | None = None) -> int:
    """The report-request job (it was ``request_reports`` before the registry)."""
    return run("followup.report_requests", now=now)


def send_due_reminders() -> int:
    """The campaign-reminder job (it was ``send_due_reminders`` before the registry)."""
    return run("directory.campaign_reminders")


def deliver_due_mail() -> int:
    """The outbox's catch-up job (it was ``deliver_due_mail`` before the registry): rows
    sent or retried."""
    return run("notifications.deliver_due_mail")


ADVICE_JOBS = {
    "before": "followup.advice_reminders_before",
    "after": "followup.advice_reminders_after",
    "overdue": "followup.advice_overdue_notices",
}


def send_advice_reminders(*, today: datetime.date) -> int:
    """The three advice-reminder jobs, run on ``today`` (``send_advice_reminders`` before)."""
    return run_on(today, *ADVICE_JOBS.values())


def send_reminder(advice_id: int, *, kind: str, today: datetime.date) -> bool:
    """Claim and send one advice reminder as the job does; False when it was not due any
    more or already claimed (by an earlier run or an overlapping one)."""
    return claim_and_handle(job_named(ADVICE_JOBS[kind]), advice_id, noon(today))
