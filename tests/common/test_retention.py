"""Retention of the activity log: common.purge_activity_log deletes entries older than
MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS, in batches, and logs the count."""

from __future__ import annotations

import datetime
from typing import Any

from medvirk.common.activity import log_activity
from medvirk.common.dates import months_before
from medvirk.common.domain.retention import ACTIVITY_PURGED
from medvirk.common.models import ActivityLog
from medvirk.ops.domain import claim_and_handle, job_named, run_job
from tests.clock import freeze_time
from tests.periodic import noon

JOB = "common.purge_activity_log"
LOGGED = datetime.date(2021, 5, 20)
DUE = datetime.date(2026, 5, 20)  # five years (60 months, the default) later


def entry(on: datetime.date, action: str = "test.old") -> ActivityLog:
    with freeze_time(noon(on)):
        return log_activity(action=action, actor=None, data={"secret": "ikke logg meg"})


def run_on(day: datetime.date, hour: int = 12) -> Any:
    now = noon(day).replace(hour=hour)
    with freeze_time(now):
        return run_job(JOB, now=now)


def test_months_before_keeps_the_day_or_the_month_end() -> None:
    assert months_before(datetime.date(2026, 9, 15), 6) == datetime.date(2026, 3, 15)
    assert months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2026, 1, 31), 60) == datetime.date(2021, 1, 31)
    assert months_before(datetime.date(2028, 3, 31), 1) == datetime.date(2028, 2, 29)


def test_entries_go_when_five_years_old_not_a_day_before(db: Any) -> None:
    old = entry(LOGGED)
    newer = entry(LOGGED + datetime.timedelta(days=1), "test.newer")

    assert run_on(DUE - datetime.timedelta(days=1)).items_done == 0
    assert ActivityLog.objects.filter(pk=old.pk).exists()
    # On the day, even early in the morning: five years after the day it was logged.
    assert run_on(DUE, hour=6).items_done == 1

    assert not ActivityLog.objects.filter(pk=old.pk).exists()
    assert ActivityLog.objects.filter(pk=newer.pk).exists()
    purged = ActivityLog.objects.get(action=ACTIVITY_PURGED)
    assert purged.data["deleted"] == 1
    assert purged.data["retention_months"] == 60
    assert "ikke logg meg" not in str(purged.data)

    again = run_on(DUE, hour=14)
    assert (again.items_done, again.items_failed) == (0, 0)
    assert ActivityLog.objects.filter(action=ACTIVITY_PURGED).count() == 1


def test_the_log_is_purged_in_batches(db: Any, settings: Any) -> None:
    settings.MEDVIRK_RETENTION_BATCH_SIZE = 3
    old = [entry(LOGGED) for _n in range(7)]
    kept = entry(DUE, "test.kept")

    run = run_on(DUE, hour=13)

    assert run.items_done == len({row.pk // 3 for row in old})
    assert set(
        ActivityLog.objects.exclude(action=ACTIVITY_PURGED).values_list("pk", flat=True)
    ) == {kept.pk}
    purges = ActivityLog.objects.filter(action=ACTIVITY_PURGED)
    assert sum(row.data["deleted"] for row in purges) == 7
    assert max(row.data["deleted"] for row in purges) <= 3


def test_a_batch_another_run_purged_is_not_purged_again(db: Any) -> None:
    old = entry(LOGGED)
    job, now = job_named(JOB), noon(DUE)

    with freeze_time(now):
        assert claim_and_handle(job, old.pk, now) is True
        assert claim_and_handle(job, old.pk, now) is False

    assert ActivityLog.objects.filter(action=ACTIVITY_PURGED).count() == 1
