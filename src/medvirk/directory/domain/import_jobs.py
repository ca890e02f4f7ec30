"""CSV imports as background jobs: the check and the real run leave the request.

A platform admin's upload becomes an ``ImportJob`` row holding the file, and a task
(``run_import_job``, enqueued when the row commits) runs the same domain function as
before, :func:`medvirk.directory.domain.imports.import_organisations`: the check rolls
back, the real run saves all rows or none. The job's report is stored as JSON on the
row, so reloading the page, another browser or a restarted worker all show the same
outcome.

The worker takes a job with ONE conditional UPDATE (queued → running, attempts + 1, a
lease). ``attempts`` is also a fencing token: every later write names it, so a worker
whose lease has run out (and whose job was handed on) changes nothing. The real run
writes the job's "done" inside the import's own transaction, so the organisations and
the job's outcome commit together: a job still "running" after its lease has saved
nothing and can safely be run again. The periodic job ``directory.stalled_imports``
(``directory/periodic.py``) does that: it puts a job whose lease ran out (or whose task
was lost in the queue) back in the queue, or, after ``MAX_ATTEMPTS``, records it as
interrupted.

A file may hold contact details, so it is not kept for ever: the periodic job
``directory.erase_import_files`` erases the file of a finished job (done or failed; a
check that was never applied included) ``MEDVIRK_IMPORT_FILE_RETENTION_DAYS`` after it
finished, and stamps ``erased_at``; such a check can no longer be applied. The reports
stay: they hold the row numbers, outcomes, organisation names and numbers, column names
and messages, but no cell of the contact columns.

Progress (rows checked) is written in its own short transactions while the import's
long transaction runs: on PostgreSQL from a helper thread, whose connection is not the
import's. SQLite has one writer at a time and the import holds it, so there the page
shows only queued → running → done.

The task is declared here, not in a ``tasks.py``: the domain enqueues it, and a
``tasks.py`` calling back into this module would be an import loop.
"""

from __future__ import annotations

import logging
import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from functools import partial
from typing import Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_tasks import task

from medvirk.accounts.models import User
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.logs import enqueue, traced
from medvirk.directory.domain.import_csv import parse_organisation_csv
from medvirk.directory.domain.import_report import ImportReport
from medvirk.directory.domain.imports import import_organisations
from medvirk.directory.enums import ImportFailure, ImportMode, ImportStatus
from medvirk.directory.models import ImportJob

logger = logging.getLogger(__name__)

# A running job whose lease has run out was interrupted (the worker died or hung).
LEASE = timedelta(minutes=10)
# A queued job no worker has taken for this long lost its task (a queue emptied).
QUEUE_PATIENCE = timedelta(minutes=15)
# Runs a job may start before it is recorded as interrupted for good.
MAX_ATTEMPTS = 3
# Progress is written every this many rows (and at the last row).
PROGRESS_EVERY = 250

FILE_ERASED = register_action(
    "directory.import.file_erased", gettext_lazy("Slettet opplastet importfil")
)


class LeaseLost(Exception):
    """The job was handed to another worker while this one ran it."""


# --- Starting -----------------------------------------------------------------------


def start_import(*, by: User, filename: str, raw: bytes, language: str = "") -> ImportJob:
    """Keep an uploaded file as a job and queue its check (the dry run)."""
    if not rules.has_perm("directory.import_organisations", by):
        raise PermissionDenied
    parsed = parse_organisation_csv(raw)
    if parsed.errors:
        raise ValidationError({"file": parsed.errors})
    with transaction.atomic():
        job = ImportJob.objects.create(
            token=secrets.token_urlsafe(16),
            started_by=by,
            filename=filename[:200],
            language=language[:10],
            raw=raw,
            mode=ImportMode.CHECK,
            rows_total=len(parsed.rows),
        )
        transaction.on_commit(partial(enqueue_job, job.pk))
    return job


def request_apply(job: ImportJob, *, by: User) -> bool:
    """Queue the real run of a checked file. False when the check is not finished or the
    file has already been run or erased (ONE conditional UPDATE, so a double click runs it
    once, and a check whose file the retention job is erasing is not run)."""
    if not rules.has_perm("directory.run_import_job", by, job):
        raise PermissionDenied
    with transaction.atomic():
        taken = ImportJob.objects.filter(
            pk=job.pk, mode=ImportMode.CHECK, status=ImportStatus.DONE, erased_at__isnull=True
        ).update(
            mode=ImportMode.APPLY,
            status=ImportStatus.QUEUED,
            queued_at=timezone.now(),
            rows_done=0,
            attempts=0,
            started_at=None,
            finished_at=None,
        )
        if taken:
            transaction.on_commit(partial(enqueue_job, job.pk))
    return bool(taken)


def report_of(job: ImportJob) -> ImportReport | None:
    """The finished step's report: the check's, or the real run's."""
    data = job.result if job.mode == ImportMode.APPLY else job.report
    return ImportReport.from_json(data) if data else None


# --- Running (the worker) -------------------------------------------------------------


def claim_job(job_id: int, now: datetime) -> bool:
    """THE worker's claim: ONE UPDATE, queued → running with a lease; only one wins."""
    return bool(
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=now + LEASE,
            rows_done=0,
        )
    )


def _held(job: ImportJob) -> QuerySet[ImportJob]:
    """The job, as long as this worker still holds it (the fencing token)."""
    return ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts)


def run_job(job_id: int) -> str:
    """Run a queued job's step if this worker wins the claim; its status afterwards."""
    if not claim_job(job_id, timezone.now()):
        return str(ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first())
    job = ImportJob.objects.select_related("started_by").get(pk=job_id)
    progress = Progress(job)
    try:
        with translation.override(job.language or None), transaction.atomic():
            report = import_organisations(
                by=job.started_by,
                raw=bytes(job.raw),
                dry_run=job.mode == ImportMode.CHECK,
                progress=progress,
            )
            progress.close()  # no side write may follow this row's own update
            _finish(job, report)
    except LeaseLost:
        logger.warning("Import job %s was handed on while running; nothing saved.", job_id)
    except Exception as error:
        progress.close()
        _fail(job, error)
    finally:
        progress.close()
    return str(ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first())


def _finish(job: ImportJob, report: ImportReport) -> None:
    """Record the outcome, inside the import's transaction (for a real run, the
    organisations and "done" commit together)."""
    now = timezone.now()
    outcome: dict[str, Any] = {
        "result" if job.mode == ImportMode.APPLY else "report": report.to_json()
    }
    if report.applied:
        outcome["raw"] = b""  # imported: the file is not needed any more
    finished = _held(job).update(
        status=ImportStatus.DONE,
        rows_done=F("rows_total"),
        finished_at=now,
        lease_until=None,
        **outcome,
    )
    if not finished:
        raise LeaseLost


def _fail(job: ImportJob, error: Exception) -> None:
    if isinstance(error, PermissionDenied):
        failure = ImportFailure.FORBIDDEN
    else:
        failure = ImportFailure.ERROR
        logger.exception("Import job %s failed", job.pk)
    _held(job).update(
        status=ImportStatus.FAILED,
        failure=failure,
        error=f"{type(error).__name__}: {error}"[:2000],
        finished_at=timezone.now(),
        lease_until=None,
    )


class Progress:
    """Records rows checked (and renews the lease) every ``PROGRESS_EVERY`` rows, each in
    its own short transaction, so the page can show it while the import's transaction is
    open. On PostgreSQL the write runs in a helper thread with its own connection (waited
    for, so it never overlaps the job's final update); on SQLite, whose one writer is the
    import itself, it records nothing until the end."""

    def __init__(self, job: ImportJob, *, every: int = PROGRESS_EVERY) -> None:
        self.job = job
        self.every = every
        self.last = 0
        self._executor: ThreadPoolExecutor | None = None
        if connection.vendor == "postgresql":
            self._executor = ThreadPoolExecutor(max_workers=1)

    def __call__(self, done: int) -> None:
        if self._executor is None or (
            done - self.last < self.every and done != self.job.rows_total
        ):
            return
        self.last = done
        self._executor.submit(self._write, done).result()

    def _write(self, done: int) -> None:
        _held(self.job).update(rows_done=done, lease_until=timezone.now() + LEASE)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.submit(connections.close_all).result()
            self._executor.shutdown()
            self._executor = None


@task(queue_name="default")
@traced
def run_import_job(job_id: int) -> str:
    """The worker's task: run one import job's step (claimed with one UPDATE)."""
    return run_job(job_id)


def enqueue_job(job_id: int) -> None:
    enqueue(run_import_job, job_id)


# --- Recovery (the periodic job directory.stalled_imports) ------------------------------


def stalled_jobs(now: datetime) -> QuerySet[ImportJob]:
    """Running jobs whose lease has run out, and queued jobs no worker has taken."""
    return ImportJob.objects.filter(
        Q(status=ImportStatus.RUNNING, lease_until__lt=now)
        | Q(status=ImportStatus.QUEUED, queued_at__lt=now - QUEUE_PATIENCE)
    )


def claim_stalled(items: QuerySet[ImportJob], now: datetime) -> int:
    """ONE UPDATE: back to the queue (stamped ``now``, so no longer stalled), or, once it
    has been started ``MAX_ATTEMPTS`` times, failed as interrupted."""
    gave_up = Q(attempts__gte=MAX_ATTEMPTS)
    return items.update(
        status=Case(
            When(gave_up, then=Value(ImportStatus.FAILED)), default=Value(ImportStatus.QUEUED)
        ),
        failure=Case(When(gave_up, then=Value(ImportFailure.INTERRUPTED)), default=F("failure")),
        finished_at=Case(When(gave_up, then=Value(now)), default=None),
        queued_at=now,
        lease_until=None,
    )


def resume(job: ImportJob) -> str:
    """After the claim: queue the task again (when the claim's transaction commits)."""
    if job.status == ImportStatus.QUEUED:
        transaction.on_commit(partial(enqueue_job, job.pk))
    else:
        logger.warning("Import job %s was interrupted %s times; gave up.", job.pk, job.attempts)
    return str(job.status)


# --- Retention (the periodic job directory.erase_import_files) ----------------------------


def file_retention() -> timedelta:
    """How long a finished job's file is kept (it may hold contact details)."""
    return timedelta(days=settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS)


def expired_jobs(now: datetime) -> QuerySet[ImportJob]:
    """Finished jobs (done or failed) whose retention has run out and whose file is not
    yet erased. The claim stamps ``erased_at``; a check applied in the meantime is queued
    or running again (``finished_at`` cleared), so it is not due."""
    return ImportJob.objects.filter(
        status__in=(ImportStatus.DONE, ImportStatus.FAILED),
        finished_at__lt=now - file_retention(),
        erased_at__isnull=True,
    )


def erase_file(job: ImportJob, now: datetime) -> ImportJob:
    """Erase a claimed job's file (and the technical error, which may quote a cell).

    The caller has claimed the job (``erased_at = now``) in the same transaction: the
    periodic-job runner (``medvirk.directory.periodic``), so it is erased and logged once.
    """
    size = len(bytes(job.raw))
    ImportJob.objects.filter(pk=job.pk).update(raw=b"", error="")
    log_activity(
        action=FILE_ERASED,
        actor=None,
        obj=job,
        data={
            "filename": job.filename,
            "mode": job.mode,
            "status": job.status,
            "finished_at": job.finished_at.isoformat() if job.finished_at else None,
            "bytes": size,
            "retention_days": settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS,
        },
    )
    return job
