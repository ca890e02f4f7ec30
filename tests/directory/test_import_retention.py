"""Retention of uploaded import files: the periodic job ``directory.erase_import_files``
erases the file of a finished job ``MEDVIRK_IMPORT_FILE_RETENTION_DAYS`` after it
finished; the page then says so and the check can no longer be applied."""

from __future__ import annotations

import datetime
import json
import threading
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import TestCase
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.common.periodic import registered_jobs
from medvirk.directory.domain import import_jobs
from medvirk.directory.domain.import_jobs import FILE_ERASED, request_apply
from medvirk.directory.enums import ImportFailure, ImportMode, ImportStatus
from medvirk.directory.models import ImportJob, Organisation
from medvirk.ops.domain import claim_and_handle, run_job
from tests.clock import freeze_time
from tests.directory.test_import_jobs import logged_in, page_url, queued_job
from tests.directory.test_imports import USER_ORG, apply, orgnr
from tests.periodic import run

pytestmark = pytest.mark.django_db

ERASE = "directory.erase_import_files"
FINISHED = datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)
DAYS = settings.MEDVIRK_IMPORT_FILE_RETENTION_DAYS
JUST_BEFORE = FINISHED + datetime.timedelta(days=DAYS) - datetime.timedelta(minutes=1)
JUST_AFTER = FINISHED + datetime.timedelta(days=DAYS, minutes=1)

CONTACT = {
    "kontakt_navn": "Kari Nordmann",
    "kontakt_rolle": "Leder",
    "kontakt_epost": "kari.nordmann@example.org",
    "kontakt_telefon": "912 34 567",
    "kontakt_offentlig": "nei",
}
BAD_CONTACT = {
    "kontakt_navn": "Ola Hansen",
    "kontakt_epost": "ola.hansen(at)example",
    "kontakt_telefon": "55 abc",
}
CONTACT_VALUES = [
    "Kari Nordmann",
    "kari.nordmann@example.org",
    "912 34 567",
    "Ola Hansen",
    "ola.hansen(at)example",
    "55 abc",
]


def checked_job(user: Any, *rows: dict[str, str]) -> ImportJob:
    """A check that finished at FINISHED (and was never applied)."""
    with freeze_time(FINISHED):
        job = queued_job(user, *(rows or ({**USER_ORG, "organisasjonsnummer": orgnr(1)},)))
        assert import_jobs.run_job(job.pk) == ImportStatus.DONE
    return ImportJob.objects.get(pk=job.pk)


def erase_runs() -> int:
    return ActivityLog.objects.filter(action=FILE_ERASED).count()


def test_the_job_is_registered_with_the_periodic_registry() -> None:
    job = registered_jobs()[ERASE]
    assert job.due == import_jobs.expired_jobs
    assert job.handle == import_jobs.erase_file
    assert DAYS == 7


def test_file_is_kept_before_the_retention_period_and_erased_after(platform_admin):
    job = checked_job(platform_admin)
    report = job.report
    assert bytes(job.raw) != b""

    with freeze_time(JUST_BEFORE):
        assert run(ERASE) == 0
    job.refresh_from_db()
    assert (bytes(job.raw) != b"", job.erased_at) == (True, None)

    with freeze_time(JUST_AFTER):
        assert run(ERASE) == 1

    job.refresh_from_db()
    assert (bytes(job.raw), job.erased_at) == (b"", JUST_AFTER)
    assert (job.mode, job.status, job.report) == (ImportMode.CHECK, ImportStatus.DONE, report)
    entry = ActivityLog.objects.get(action=FILE_ERASED)
    assert (entry.actor, entry.object_id) == (None, str(job.pk))
    assert entry.data["retention_days"] == DAYS
    assert entry.data["bytes"] > 0
    assert entry.created_at == JUST_AFTER


def test_failed_and_applied_jobs_are_erased_and_active_ones_never(platform_admin):
    failed = checked_job(platform_admin)
    ImportJob.objects.filter(pk=failed.pk).update(
        status=ImportStatus.FAILED, failure=ImportFailure.ERROR, error="ValueError: 'Kari'"
    )
    applied = checked_job(platform_admin, {**USER_ORG, "organisasjonsnummer": orgnr(2)})
    with freeze_time(FINISHED):
        assert request_apply(applied, by=platform_admin)
        import_jobs.run_job(applied.pk)
    with freeze_time(FINISHED - datetime.timedelta(days=30)):
        queued = queued_job(platform_admin)  # waiting (stalled_imports deals with it)

    with freeze_time(JUST_AFTER):
        assert run(ERASE) == 2

    failed.refresh_from_db()
    assert (bytes(failed.raw), failed.error, failed.failure) == (b"", "", ImportFailure.ERROR)
    applied.refresh_from_db()
    assert (applied.erased_at, applied.result["applied"]) == (JUST_AFTER, True)
    assert Organisation.objects.filter(org_number=orgnr(2)).exists()
    queued.refresh_from_db()
    assert (queued.erased_at, bytes(queued.raw) != b"") == (None, True)


def test_reports_that_stay_hold_no_contact_details(platform_admin):
    good = checked_job(platform_admin, {**USER_ORG, "organisasjonsnummer": orgnr(1), **CONTACT})
    bad = checked_job(platform_admin, {**USER_ORG, "organisasjonsnummer": orgnr(2), **BAD_CONTACT})
    assert good.report["rows"][0][1] == "create"
    assert bad.report["rows"][0][1] == "reject"

    with freeze_time(JUST_AFTER):
        assert run(ERASE) == 2

    for job in ImportJob.objects.all():
        stored = json.dumps([job.report, job.result, job.error, job.filename, bytes(job.raw).hex()])
        for value in CONTACT_VALUES:
            assert value not in stored
    logged = json.dumps(list(ActivityLog.objects.values_list("data", "object_repr")))
    for value in CONTACT_VALUES:
        assert value not in logged


def test_two_runs_erase_and_log_each_file_once(platform_admin):
    jobs = [checked_job(platform_admin) for _ in range(3)]
    job = registered_jobs()[ERASE]
    listed_by_a = list(job.due(JUST_AFTER).values_list("pk", flat=True))

    run_b = run_job(ERASE, now=JUST_AFTER)
    run_c = run_job(ERASE, now=JUST_AFTER + datetime.timedelta(minutes=10))

    assert [claim_and_handle(job, pk, JUST_AFTER) for pk in listed_by_a] == [False] * 3
    assert (run_b.items_done, run_c.items_done) == (3, 0)
    assert erase_runs() == 3
    assert set(ImportJob.objects.values_list("erased_at", flat=True)) == {JUST_AFTER}
    assert sorted(listed_by_a) == sorted(j.pk for j in jobs)


def test_two_overlapping_runs_in_threads_erase_each_file_once(transactional_db, platform_admin):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent claims need PostgreSQL (SQLite has one writer at a time).")
    for _ in range(8):
        checked_job(platform_admin)
    barrier = threading.Barrier(2)
    done: list[int] = []
    errors: list[BaseException] = []

    def one_run() -> None:
        try:
            barrier.wait(10)
            done.append(run_job(ERASE, now=JUST_AFTER).items_done)
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
    assert sum(done) == 8
    assert erase_runs() == 8
    assert ImportJob.objects.filter(raw=b"", erased_at__isnull=False).count() == 8


def test_a_check_applied_before_the_run_is_not_erased(platform_admin):
    job = checked_job(platform_admin)
    with freeze_time(JUST_AFTER), TestCase.captureOnCommitCallbacks(execute=False):
        assert request_apply(job, by=platform_admin)  # queued again: not finished
        assert run(ERASE) == 0
    job.refresh_from_db()
    assert (job.status, job.erased_at, bytes(job.raw) != b"") == (ImportStatus.QUEUED, None, True)


# --- The page after erasure ----------------------------------------------------------------


def test_page_says_the_file_was_erased_and_has_no_apply_button(platform_admin):
    job = checked_job(platform_admin)
    client = logged_in(platform_admin)
    before = client.get(page_url(job)).content.decode()
    assert "Importer organisasjonene" in before
    with freeze_time(JUST_AFTER):
        run(ERASE)

    html = client.get(page_url(job)).content.decode()

    assert "Kontrollrapport for importen" in html  # the report stays
    assert "Foreningen for test" in html
    assert f"Filen ble slettet etter {DAYS} dager, fordi den kan inneholde personopplysninger." in (
        html
    )
    assert "Den kan ikke importeres herfra lenger." in html
    assert "Importer organisasjonene" not in html
    assert reverse("directory:import_apply", args=[job.token]) not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(page_url(job)).content.decode()
    assert f"The file was erased after {DAYS} days, because it may contain personal data." in (
        english
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    nynorsk = client.get(page_url(job)).content.decode()
    assert f"Fila vart sletta etter {DAYS} dagar" in nynorsk


def test_apply_of_an_erased_check_is_refused_with_a_message(platform_admin):
    job = checked_job(platform_admin)
    client = logged_in(platform_admin)
    with freeze_time(JUST_AFTER):
        run(ERASE)

    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        response = client.post(reverse("directory:import_apply", args=[job.token]))

    assert response.status_code == 302
    assert response["Location"] == reverse("directory:import")
    assert callbacks == []  # nothing queued
    job.refresh_from_db()
    assert (job.mode, job.status) == (ImportMode.CHECK, ImportStatus.DONE)
    assert request_apply(job, by=platform_admin) is False
    html = client.get(response["Location"]).content.decode()
    assert f"Filen ble slettet etter {DAYS} dager og kan ikke importeres lenger." in html
    assert Organisation.objects.exists() is False


def test_apply_still_works_within_the_retention_period(platform_admin):
    job = checked_job(platform_admin)
    client = logged_in(platform_admin)
    with freeze_time(JUST_BEFORE):
        assert run(ERASE) == 0
        response = apply(client, job.token)

    assert response["Location"] == reverse("directory:import_result", args=[job.token])
    assert Organisation.objects.filter(org_number=orgnr(1)).exists()


def test_privacy_page_names_the_retention_period(client):
    html = client.get(reverse("privacy")).content.decode()
    assert f"ellers {DAYS} dager etter at kontrollen eller importen av den er ferdig" in html
