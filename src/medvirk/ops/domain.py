"""The periodic-job runner: claim each due item with one UPDATE, handle it in its own
transaction, and write one ``PeriodicRun`` per job and run.

Two runs that overlap (a slow run and the next one from cron, or two hosts) list the same
due items, but each item's claim is one conditional UPDATE inside the item's transaction:
on PostgreSQL the second UPDATE waits for the first transaction's row lock and then finds
the row no longer due (0 rows), on SQLite the database has one writer at a time. So every
item is handled once. An item whose handler raises rolls back its own claim and writes
(the next run tries it again) and is counted as failed; the other items go on.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from medvirk.common.logs import enqueue, traced
from medvirk.common.periodic import Job, registered_jobs
from medvirk.ops.models import Heartbeat, PeriodicRun

logger = logging.getLogger(__name__)

MAX_ERRORS_KEPT = 20


def job_named(name: str) -> Job:
    jobs = registered_jobs()
    if name not in jobs:
        raise KeyError(f"No periodic job named {name!r}; known: {', '.join(sorted(jobs))}")
    return jobs[name]


def claim_and_handle(job: Job, pk: object, now: datetime.datetime) -> bool:
    """Claim one item and handle it, in one transaction. False when it was not due any
    more (another run claimed it first); exceptions from the handler propagate."""
    with transaction.atomic():
        if not job.claim(job.due(now).filter(pk=pk), now):
            return False
        item = job.due(now).model._default_manager.get(pk=pk)
        job.handle(item, now)
    return True


def run_job(job: Job | str, *, now: datetime.datetime | None = None) -> PeriodicRun:
    """Run one job (a registered job's name) over every item due at ``now``; returns its
    run log entry."""
    if isinstance(job, str):
        job = job_named(job)
    now = now or timezone.now()
    run = PeriodicRun.objects.create(job=job.name, started_at=timezone.now())
    errors: list[str] = []
    try:
        if job.prepare is not None:
            job.prepare(now)
        pks = list(job.due(now).order_by("pk").values_list("pk", flat=True))
        for pk in pks:
            try:
                handled = claim_and_handle(job, pk, now)
            except Exception as error:
                logger.exception("Periodic job %s failed on item %s", job.name, pk)
                run.items_failed += 1
                if len(errors) < MAX_ERRORS_KEPT:
                    errors.append(f"{pk}: {type(error).__name__}: {error}")
                continue
            if handled:
                run.items_done += 1
            else:
                run.items_skipped += 1
    except Exception:
        # Listing the items (or preparing them) failed: the whole run failed.
        logger.exception("Periodic job %s failed", job.name)
        errors.append(traceback.format_exc())
    run.error = "\n".join(errors)
    run.finished_at = timezone.now()
    run.save(update_fields=["items_done", "items_failed", "items_skipped", "error", "finished_at"])
    return run


def run_jobs(
    names: Iterable[str] | None = None, *, now: datetime.datetime | None = None
) -> list[PeriodicRun]:
    """Run the named jobs (every registered job when None), in registration order."""
    chosen = list(registered_jobs()) if names is None else [job_named(n).name for n in names]
    return [run_job(name, now=now) for name in chosen]


# --- Heartbeats (read by the readiness endpoint, ops/readiness.py) ----------------------


def record_heartbeat(name: str, *, now: datetime.datetime | None = None) -> None:
    """One row per beating part, its time replaced (no log entry: it is no action)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": now or timezone.now()})


@task(queue_name="default")
@traced
def worker_heartbeat(queue: str) -> None:
    """A worker took this from ``queue``: the queue and a worker on it are alive."""
    record_heartbeat(f"worker:{queue}")


def beat(*, now: datetime.datetime | None = None) -> None:
    """``run_periodic``'s heartbeat: its own, and a heartbeat task on every task queue."""
    record_heartbeat("periodic", now=now)
    for queue in settings.TASKS["default"]["QUEUES"]:
        enqueue(worker_heartbeat.using(queue_name=queue), queue)
