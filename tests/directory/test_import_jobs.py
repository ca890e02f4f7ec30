"""The CSV import as background jobs: queued on upload, run by the worker, followed on a
page that polls, kept in the database, recovered after a worker died."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from medvirk.directory.domain import import_jobs
from medvirk.directory.domain.import_jobs import (
    LEASE,
    MAX_ATTEMPTS,
    LeaseLost,
    Progress,
    claim_job,
    start_import,
)
from medvirk.directory.enums import ImportFailure, ImportMode, ImportStatus
from medvirk.directory.models import ImportJob, Organisation
from tests.conftest import enable_totp
from tests.directory.test_imports import USER_ORG, apply, make_csv, orgnr, upload
from tests.factories import UserFactory
from tests.periodic import run

pytestmark = pytest.mark.django_db

STALLED = "directory.stalled_imports"


def token_of(response: Any) -> str:
    return str(response["Location"].rstrip("/").rsplit("/", 1)[-1])


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def queued_job(user: Any, *rows: dict[str, str]) -> ImportJob:
    """A job whose task has not run (its on-commit enqueue never fires in a test's
    transaction)."""
    return start_import(
        by=user, filename="orgs.csv", raw=make_csv(*(rows or (USER_ORG,))), language="nb"
    )


def page_url(job: ImportJob) -> str:
    name = "directory:import_result" if job.mode == ImportMode.APPLY else "directory:import_report"
    return reverse(name, args=[job.token])


# --- Through the real task queue (django-tasks-db, as in production) ---------------------


def test_upload_creates_a_job_and_enqueues_its_check(platform_admin, db_tasks):
    client = logged_in(platform_admin)

    response = upload(client, make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)}))

    job = ImportJob.objects.get(token=token_of(response))
    assert (job.mode, job.status, job.started_by, job.rows_total, job.report) == (
        ImportMode.CHECK,
        ImportStatus.QUEUED,
        platform_admin,
        1,
        {},
    )
    assert bytes(job.raw) == make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)})
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "medvirk.directory.domain.import_jobs.run_import_job",
        [job.pk],
    )
    html = client.get(response["Location"]).content.decode()
    assert "Kontrollerer filen" in html
    assert "Kontrollen venter på tur." in html

    db_tasks()

    job.refresh_from_db()
    assert (job.status, job.rows_done, job.attempts) == (ImportStatus.DONE, 1, 1)
    assert job.report["rows"] == [[2, "create", "Foreningen for test", orgnr(1), [], [], None]]
    assert Organisation.objects.exists() is False
    html = client.get(response["Location"]).content.decode()
    assert "Kontrollrapport for importen" in html
    assert "Importer organisasjonene" in html


def test_apply_runs_as_a_task_and_its_result_survives_a_new_session(platform_admin, db_tasks):
    client = logged_in(platform_admin)
    token = token_of(upload(client, make_csv({**USER_ORG, "organisasjonsnummer": orgnr(1)})))
    db_tasks()

    response = apply(client, token)

    assert response["Location"] == reverse("directory:import_result", args=[token])
    job = ImportJob.objects.get(token=token)
    assert (job.mode, job.status) == (ImportMode.APPLY, ImportStatus.QUEUED)
    assert "Importerer organisasjonene" in client.get(response["Location"]).content.decode()
    assert Organisation.objects.exists() is False

    db_tasks()

    organisation = Organisation.objects.get(org_number=orgnr(1))
    job.refresh_from_db()
    assert (job.status, bytes(job.raw), job.result["applied"]) == (ImportStatus.DONE, b"", True)
    assert job.report["applied"] is False  # the check's report is kept beside the result
    # A new login (another browser, or after the worker restarted): the same outcome.
    fresh = logged_in(platform_admin)
    response = fresh.get(reverse("directory:import_result", args=[token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Importen er fullført" in html
    assert organisation.get_absolute_url() in html
    # The check's page now leads to the result.
    response = fresh.get(reverse("directory:import_report", args=[token]))
    assert response["Location"] == reverse("directory:import_result", args=[token])


# --- The page and its polled fragment -----------------------------------------------------


def test_progress_partial_for_htmx_and_full_page_without(platform_admin):
    job = queued_job(platform_admin)
    client = logged_in(platform_admin)

    page = client.get(page_url(job))
    fragment = client.get(page_url(job) + "?seen=queued", headers={"HX-Request": "true"})
    changed = client.get(page_url(job) + "?seen=running", headers={"HX-Request": "true"})

    html = page.content.decode()
    assert page.status_code == 200
    assert "<html" in html
    assert '<h1 class="ds-heading" data-size="lg" id="import-heading">Kontrollerer filen</h1>' in (
        html
    )
    assert '<p role="status" class="mv-meta" id="import-status">Kontrollen venter på tur.</p>' in (
        html
    )
    assert 'hx-trigger="every 2s"' in html
    assert f'id="import-refresh" href="{page_url(job)}">Oppdater</a>' in html
    assert "HX-Request" in page["Vary"]
    part = fragment.content.decode()
    assert part.lstrip().startswith('<div id="import-job"')
    assert "<html" not in part
    assert 'hx-trigger="every 2s"' in part
    assert "hx-swap-oob" not in part  # the same status: nothing new for screen readers
    assert 'hx-swap-oob="innerHTML:#import-status">Kontrollen venter på tur.' in (
        changed.content.decode()
    )


def test_progress_shows_rows_done_while_running(platform_admin):
    job = queued_job(platform_admin, *[{"navn": f"Forening {n}"} for n in range(3)])
    claim_job(job.pk, timezone.now())
    ImportJob.objects.filter(pk=job.pk).update(rows_done=2)

    html = logged_in(platform_admin).get(page_url(job)).content.decode()

    assert "Kontrollen pågår." in html
    assert "2 av 3 rader er kontrollert." in html
    assert '<progress max="3" value="2" aria-labelledby="import-progress-label">' in html


def test_finished_fragment_stops_polling_and_announces_the_change(platform_admin):
    job = queued_job(platform_admin)
    import_jobs.run_job(job.pk)

    part = (
        logged_in(platform_admin)
        .get(page_url(job) + "?seen=running", headers={"HX-Request": "true"})
        .content.decode()
    )

    assert "hx-trigger" not in part
    assert 'hx-swap-oob="innerHTML:#import-status">Kontrollen er ferdig.' in part
    assert 'hx-swap-oob="innerHTML:#import-heading">Kontrollrapport for importen' in part
    assert "Importer organisasjonene" in part


def _queries(client: Client, url: str, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **kwargs).status_code == 200
    return len(queries)


def test_job_page_query_count_is_constant(platform_admin):
    client = logged_in(platform_admin)
    small = queued_job(platform_admin)
    large = queued_job(platform_admin, *[{"navn": f"Forening {n}"} for n in range(40)])
    hx = {"headers": {"HX-Request": "true"}}
    _queries(client, page_url(small))  # the session and the user are warm from here on

    polling = [_queries(client, page_url(job), **hx) for job in (small, large)]
    pages = [_queries(client, page_url(job)) for job in (small, large)]
    for job in (small, large):
        import_jobs.run_job(job.pk)
    reports = [_queries(client, page_url(job)) for job in (small, large)]

    assert polling == [4, 4]  # session, user, MFA set up (the middleware), the job
    assert pages == [4, 4]
    assert reports == [4, 4]


# --- Who may see a job --------------------------------------------------------------------


def test_another_admins_job_is_not_found(platform_admin, persona_client):
    job = queued_job(platform_admin)
    other = UserFactory(email="annen-drift@example.org", is_superuser=True, is_staff=True)
    enable_totp(other)
    client = logged_in(other)

    assert client.get(reverse("directory:import_report", args=[job.token])).status_code == 404
    assert client.get(reverse("directory:import_result", args=[job.token])).status_code == 404
    assert client.post(reverse("directory:import_apply", args=[job.token])).status_code == 404
    for persona in ("member_a", "admin_a", "secretariat"):
        response = persona_client(persona).get(reverse("directory:import_report", args=[job.token]))
        assert response.status_code == 403
    job.refresh_from_db()
    assert (job.mode, job.status) == (ImportMode.CHECK, ImportStatus.QUEUED)


# --- Failures and recovery ------------------------------------------------------------------


def test_job_of_an_uploader_who_lost_the_right_fails_with_a_message(platform_admin):
    job = queued_job(platform_admin)
    type(platform_admin).objects.filter(pk=platform_admin.pk).update(is_superuser=False)

    assert import_jobs.run_job(job.pk) == ImportStatus.FAILED

    job.refresh_from_db()
    assert (job.failure, job.error) == (ImportFailure.FORBIDDEN, "PermissionDenied: ")
    assert job.finished_at is not None


def test_failed_job_page_says_nothing_was_saved(platform_admin):
    job = queued_job(platform_admin)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, failure=ImportFailure.ERROR, error="RuntimeError: boom"
    )

    response = logged_in(platform_admin).get(page_url(job))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kontrollen stoppet" in html
    assert "Noe gikk galt, og ingenting er lagret." in html
    assert "boom" not in html  # the technical detail is for the log
    assert "hx-trigger" not in html


def test_job_left_running_by_a_dead_worker_runs_again_after_its_lease(platform_admin):
    job = queued_job(platform_admin, {**USER_ORG, "organisasjonsnummer": orgnr(1)})
    started = timezone.now() - LEASE - datetime.timedelta(minutes=1)
    assert claim_job(job.pk, started)  # a worker took it ... and died
    assert run(STALLED, now=started + LEASE / 2) == 0  # still within its lease

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert run(STALLED) == 1

    job.refresh_from_db()
    assert (job.status, job.attempts, job.failure) == (ImportStatus.DONE, 2, "")
    assert job.report["rows"][0][1] == "create"


def test_queued_job_whose_task_was_lost_is_queued_again(platform_admin):
    job = queued_job(platform_admin)
    later = timezone.now() + import_jobs.QUEUE_PATIENCE + datetime.timedelta(minutes=1)

    with TestCase.captureOnCommitCallbacks(execute=True):
        assert run(STALLED, now=later) == 1

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


def test_job_interrupted_too_often_is_failed_with_a_message(platform_admin):
    job = queued_job(platform_admin)
    started = timezone.now() - LEASE - datetime.timedelta(minutes=1)
    claim_job(job.pk, started)
    ImportJob.objects.filter(pk=job.pk).update(attempts=MAX_ATTEMPTS)

    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        assert run(STALLED) == 1

    assert callbacks == []  # nothing queued again
    job.refresh_from_db()
    assert (job.status, job.failure) == (ImportStatus.FAILED, ImportFailure.INTERRUPTED)
    html = logged_in(platform_admin).get(page_url(job)).content.decode()
    assert "Arbeidet ble avbrutt flere ganger" in html
    assert "Ingenting er lagret." in html


def test_worker_whose_job_was_handed_on_saves_nothing(platform_admin):
    job = queued_job(platform_admin, {**USER_ORG, "organisasjonsnummer": orgnr(1)})
    ImportJob.objects.filter(pk=job.pk).update(mode=ImportMode.APPLY)
    started = timezone.now() - LEASE - datetime.timedelta(minutes=1)
    claim_job(job.pk, started)
    slow = ImportJob.objects.get(pk=job.pk)  # the first worker, still running
    with TestCase.captureOnCommitCallbacks(execute=False):
        run(STALLED)  # ... while its lease ran out and the job went back to the queue

    with pytest.raises(LeaseLost), transaction.atomic():
        report = import_jobs.import_organisations(
            by=platform_admin, raw=bytes(slow.raw), dry_run=False
        )
        import_jobs._finish(slow, report)

    assert Organisation.objects.filter(org_number=orgnr(1)).exists() is False
    job.refresh_from_db()
    assert job.status == ImportStatus.QUEUED


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_progress_is_visible_while_the_import_transaction_is_open(platform_admin, db_tasks):
    job = queued_job(platform_admin, *[{"navn": f"Forening {n}"} for n in range(5)])
    claim_job(job.pk, timezone.now())
    job = ImportJob.objects.get(pk=job.pk)
    seen: list[int] = []

    def look() -> None:
        seen.append(ImportJob.objects.values_list("rows_done", flat=True).get(pk=job.pk))
        connection.close()

    with transaction.atomic():
        progress = Progress(job, every=2)
        progress(1)
        progress(2)
        reader = threading.Thread(target=look)
        reader.start()
        reader.join()
        progress.close()

    assert seen == [2]
