"""The periodic-job registry and runner: every job runs from the registry, overlapping
runs handle each item once, a failing item is logged and the others complete."""

from __future__ import annotations

import datetime
import io
import threading
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import QuerySet
from django.utils import timezone

from medvirk.appointments.domain.requests import close_at_deadline, due_requests
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest
from medvirk.common import periodic
from medvirk.common.models import ActivityLog
from medvirk.common.periodic import Job, registered_jobs
from medvirk.ops.domain import claim_and_handle, run_job
from medvirk.ops.models import PeriodicRun
from tests.clock import freeze_time
from tests.factories import ServiceFactory
from tests.factories.people import ArenaFactory

NOW = timezone.make_aware(datetime.datetime(2026, 3, 10, 12, 0))
CLOSE = "appointments.close_due_requests"
CLOSED = "appointments.request.closed"

EXPECTED_JOBS = [
    "notifications.deliver_due_mail",
    "notifications.purge_outbox",
    "directory.campaign_reminders",
    "directory.stalled_imports",
    "directory.erase_import_files",
    "people.erase_accommodation",
    "arenas.term_reminders_30",
    "arenas.term_reminders_90",
    "appointments.close_due_requests",
    "followup.advice_reminders_before",
    "followup.advice_reminders_after",
    "followup.advice_overdue_notices",
    "followup.report_requests",
    "experiences.purge_answers",
    "experiences.trail_agenda",
    "experiences.trail_advice",
    "experiences.trail_answer",
    "experiences.trail_decision",
    "involvement.collect_entries",
    "compensation.erase_receipts",
    "training.session_reminders",
    "onboarding.create_checklists",
    "onboarding.record_auto_ticks",
    "onboarding.remind_open_items",
    "network.digest",
    "common.purge_activity_log",
]


def due_requests_at_deadline(count: int) -> list[AppointmentRequest]:
    """``count`` open requests whose deadline passed yesterday (as of NOW)."""
    arena = ArenaFactory(owner=ServiceFactory())
    return [
        AppointmentRequest.objects.create(
            arena=arena,
            title=f"Forespørsel {n}",
            member_seats=1,
            deputy_seats=0,
            term_starts_on=datetime.date(2026, 6, 1),
            term_ends_on=datetime.date(2028, 5, 31),
            deadline=datetime.date(2026, 3, 9),
            status=RequestStatus.OPEN,
        )
        for n in range(count)
    ]


def closed_log_entries() -> list[str]:
    return sorted(ActivityLog.objects.filter(action=CLOSED).values_list("object_id", flat=True))


def test_every_job_is_registered_and_runs_from_the_registry(db: Any) -> None:
    assert list(registered_jobs()) == EXPECTED_JOBS
    with freeze_time(NOW):
        call_command("run_periodic", verbosity=0)
    runs = {run.job: run for run in PeriodicRun.objects.all()}
    assert sorted(runs) == sorted(registered_jobs())
    for run in runs.values():
        assert (run.items_done, run.items_failed, run.error) == (0, 0, "")
        assert run.started_at == NOW
        assert run.finished_at == NOW


def test_run_periodic_runs_one_job_by_name_and_logs_the_count(db: Any) -> None:
    requests = due_requests_at_deadline(3)
    with freeze_time(NOW):
        call_command("run_periodic", "--job", CLOSE, verbosity=0)
    (run,) = PeriodicRun.objects.all()
    assert (run.job, run.items_done, run.items_failed, run.items_skipped) == (CLOSE, 3, 0, 0)
    assert closed_log_entries() == sorted(str(r.pk) for r in requests)
    with pytest.raises(CommandError):
        call_command("run_periodic", "--job", "no.such_job", verbosity=0)


def test_a_job_asked_for_by_name_reports_even_when_it_had_nothing_to_do(db: Any) -> None:
    """Two overlapping cron runs of one job: the one that finds every item taken still
    says so (the scale-out test reads both runs' lines); an unnamed run stays quiet."""
    out = io.StringIO()
    with freeze_time(NOW):
        call_command("run_periodic", "--job", CLOSE, stdout=out)
    assert out.getvalue() == f"{CLOSE}: 0 done, 0 failed, 0 taken by another run\n"
    quiet = io.StringIO()
    with freeze_time(NOW):
        call_command("run_periodic", stdout=quiet)
    assert quiet.getvalue() == ""


def test_a_run_that_lost_the_race_handles_nothing(db: Any) -> None:
    """Run A lists the due items; run B claims and handles them all; A then claims none."""
    due_requests_at_deadline(4)
    job = registered_jobs()[CLOSE]
    listed_by_a = list(job.due(NOW).values_list("pk", flat=True))
    run_b = run_job(CLOSE, now=NOW)
    assert [claim_and_handle(job, pk, NOW) for pk in listed_by_a] == [False] * 4
    assert run_b.items_done == 4
    assert len(closed_log_entries()) == 4  # once each


def test_a_failing_item_is_logged_and_the_others_complete(db: Any) -> None:
    requests = due_requests_at_deadline(3)
    broken = requests[1]

    def handle(request: AppointmentRequest, now: datetime.datetime) -> object:
        closed = close_at_deadline(request)  # written, then rolled back with the claim
        if request.pk == broken.pk:
            raise RuntimeError("the mail server said no")
        return closed

    def claim(items: QuerySet[Any], now: datetime.datetime) -> int:
        return items.update(status=RequestStatus.CLOSED)

    job = Job(
        name="test.close_with_one_failing",
        due=lambda now: due_requests(timezone.localdate(now)),
        claim=claim,
        handle=handle,
    )
    run = run_job(job, now=NOW)
    assert (run.items_done, run.items_failed) == (2, 1)
    assert run.error == f"{broken.pk}: RuntimeError: the mail server said no"
    assert closed_log_entries() == sorted(str(r.pk) for r in requests if r != broken)
    broken.refresh_from_db()
    assert broken.status == RequestStatus.OPEN  # its claim was rolled back: tried again
    assert list(job.due(NOW).values_list("pk", flat=True)) == [broken.pk]


def test_run_periodic_fails_loudly_when_an_item_failed(db: Any, monkeypatch: Any) -> None:
    """The command exits non-zero (cron mails it, systemd marks the unit failed) after
    running every job, and the run log at /drift/ says which item failed and why."""
    (request,) = due_requests_at_deadline(1)

    def refuse(item: AppointmentRequest, now: datetime.datetime) -> object:
        raise ValueError("no")

    failing = Job(
        name="test.always_failing",
        due=lambda now: AppointmentRequest.objects.filter(pk=request.pk),
        claim=lambda items, now: items.update(title="Tatt"),
        handle=refuse,
    )
    monkeypatch.setitem(periodic._JOBS, failing.name, failing)
    with freeze_time(NOW), pytest.raises(CommandError, match=r"test\.always_failing"):
        call_command("run_periodic", verbosity=0)
    runs = {run.job: run for run in PeriodicRun.objects.all()}
    assert sorted(runs) == sorted(registered_jobs())
    assert (runs[failing.name].items_failed, runs[failing.name].error) == (
        1,
        f"{request.pk}: ValueError: no",
    )
    assert runs[CLOSE].items_done == 1
    request.refresh_from_db()
    assert (request.status, request.title) == (RequestStatus.CLOSED, "Forespørsel 0")


def test_two_overlapping_runs_in_threads_handle_each_item_once(transactional_db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent claims need PostgreSQL (SQLite has one writer at a time).")
    requests = due_requests_at_deadline(30)
    barrier = threading.Barrier(2)
    runs: list[PeriodicRun] = []
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            barrier.wait(10)
            runs.append(run_job(CLOSE, now=NOW))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(run.items_done for run in runs) == 30
    assert sum(run.items_failed for run in runs) == 0
    assert closed_log_entries() == sorted(str(r.pk) for r in requests)  # once each
    assert AppointmentRequest.objects.filter(status=RequestStatus.CLOSED).count() == 30
