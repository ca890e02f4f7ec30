"""Importing final decisions from CSV (issue 16): the dry run's report per row, each
malformed row (a test each), applying, permissions, and a large file's statements."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from medvirk.common.models import ActivityLog
from medvirk.directory.enums import ImportMode, ImportStatus
from medvirk.followup.domain.decision_imports import (
    CORRECT,
    NEW,
    REJECT,
    UNCHANGED,
    check_file,
    report_of,
    request_apply,
    start_decision_import,
)
from medvirk.followup.domain.final_decisions import record_final_decision, set_case_reference
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import Advice, DecisionImport, FinalDecision
from tests.followup.conftest import FOLLOWUP_PERSONAS, FollowupWorld
from tests.followup.test_advice_support import actor, give, statement, today

pytestmark = pytest.mark.django_db

HEADER = "saksnummer;dato;utfall;lenke\n"


def csv(*lines: str) -> bytes:
    return (HEADER + "\n".join(lines) + "\n").encode()


def numbered(w: FollowupWorld, number: str, title: str = "") -> Advice:
    advice = give(w, statement(w, title or f"Uttalelse {number}"), text="<p>Rådet mener noe.</p>")
    set_case_reference(advice, by=w.m.secretariat, service_case_number=number, deciding_body="")
    return advice


def day() -> str:
    return today().strftime("%d.%m.%Y")


def rows_of(w: FollowupWorld, raw: bytes) -> list[Any]:
    report, _existing = check_file(w.m.service, raw)
    return report.rows


def only_problem(w: FollowupWorld, line: str) -> str:
    (row,) = rows_of(w, csv(line))
    assert row.action == REJECT
    assert row.line == 2
    return " ".join(row.problems)


# --- The check, row by row ---------------------------------------------------------------


def test_a_good_row_matches_its_advice(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = numbered(w, "24/1")
    (row,) = rows_of(w, csv(f"24/1;{day()};i_tråd;https://example.org/v"))
    assert (row.action, row.advice_id, row.outcome) == (NEW, advice.pk, DecisionOutcome.IN_LINE)


def test_unknown_case_number(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    assert "Fant ikke noe råd" in only_problem(w, f"24/999;{day()};delvis;")


def test_ambiguous_case_number(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1", "Første")
    numbered(w, "24/1", "Andre")
    assert "står på 2 råd" in only_problem(w, f"24/1;{day()};delvis;")


def test_malformed_date(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    assert "kan ikke leses" in only_problem(w, "24/1;31.02.2027;delvis;")


def test_date_before_the_advice(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    assert "før rådet" in only_problem(w, "24/1;01.01.2000;delvis;")


def test_date_in_the_future(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    later = (today() + datetime.timedelta(days=2)).isoformat()
    assert "fram i tid" in only_problem(w, f"24/1;{later};delvis;")


def test_unknown_outcome(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    assert "Utfallet «kanskje» er ukjent" in only_problem(w, f"24/1;{day()};kanskje;")


def test_bad_url(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    assert "https://" in only_problem(w, f"24/1;{day()};delvis;ftp://example.org/v")


def test_missing_case_number(followup_world: FollowupWorld) -> None:
    w = followup_world
    assert "mangler" in only_problem(w, f";{day()};delvis;")


def test_case_number_with_bad_characters(followup_world: FollowupWorld) -> None:
    w = followup_world
    assert "bare ha bokstaver" in only_problem(w, f"24/1<b>;{day()};delvis;")


def test_wrong_number_of_columns(followup_world: FollowupWorld) -> None:
    w = followup_world
    assert "kolonner" in only_problem(w, f"24/1;{day()}")


def test_duplicate_row_in_file(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    first, second = rows_of(w, csv(f"24/1;{day()};delvis;", f"24/1;{day()};annet;"))
    assert first.action == NEW
    assert second.action == REJECT
    assert "står også på rad 2" in " ".join(second.problems)
    assert second.line == 3


def test_a_case_number_of_another_service_is_unknown(followup_world: FollowupWorld) -> None:
    w = followup_world
    numbered(w, "24/1")
    report, _ = check_file(w.m.other_service, csv(f"24/1;{day()};delvis;"))
    assert report.rows[0].action == REJECT


def test_existing_decision_is_corrected_or_unchanged(followup_world: FollowupWorld) -> None:
    w = followup_world
    advice = numbered(w, "24/1")
    record_final_decision(advice, by=w.m.secretariat, decided_on=today(), outcome="partly")
    (same,) = rows_of(w, csv(f"24/1;{day()};partly;"))
    assert same.action == UNCHANGED
    (changed,) = rows_of(w, csv(f"24/1;{day()};against;"))
    assert changed.action == CORRECT


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "tom"),
        (b"saksnummer;dato\n24/1;01.01.2027\n", "utfall"),
        (b"PK\x03\x04xlsx", "Excel"),
        (HEADER.encode(), "ingen vedtak"),
    ],
)
def test_unreadable_files_are_refused_at_upload(
    followup_world: FollowupWorld, raw: bytes, message: str
) -> None:
    w = followup_world
    with pytest.raises(ValidationError) as caught:
        start_decision_import(w.m.service, by=w.m.secretariat, filename="v.csv", raw=raw)
    assert message in " ".join(caught.value.messages)


# --- Start, check, apply -----------------------------------------------------------------


def test_dry_run_then_apply_saves_the_good_rows(
    followup_world: FollowupWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = followup_world
    good = numbered(w, "24/1")
    also = numbered(w, "24/2")
    raw = csv(f"24/1;{day()};i_tråd;https://example.org/1", f"24/2;{day()};utsatt;", "24/3;x;y;")
    with django_capture_on_commit_callbacks(execute=True):
        job = start_decision_import(w.m.service, by=w.m.secretariat, filename="v.csv", raw=raw)
    job.refresh_from_db()
    assert (job.mode, job.status) == (ImportMode.CHECK, ImportStatus.DONE)
    assert not FinalDecision.objects.exists()
    report = report_of(job)
    assert report is not None
    assert (report.new, report.rejected) == (2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert request_apply(job, by=w.m.secretariat) is True
    assert request_apply(job, by=w.m.secretariat) is False  # a double click runs it once
    job.refresh_from_db()
    assert (job.mode, job.status, bytes(job.raw)) == (ImportMode.APPLY, ImportStatus.DONE, b"")
    decisions = {d.advice_id: d for d in FinalDecision.objects.all()}
    assert set(decisions) == {good.pk, also.pk}
    assert decisions[good.pk].imported is True
    assert decisions[also.pk].outcome == DecisionOutcome.POSTPONED
    assert ActivityLog.objects.filter(action="followup.decisions.imported").count() == 1


@pytest.mark.parametrize("persona", FOLLOWUP_PERSONAS)
def test_import_permission_matrix(followup_world: FollowupWorld, persona: str) -> None:
    w = followup_world
    raw = csv(f"24/1;{day()};delvis;")
    upload = reverse("followup:decision_import_upload", args=[w.m.service.pk])
    response = w.client(persona).get(upload)
    if persona in {"secretariat", "decision_maker"}:
        assert response.status_code == 200
        assert start_decision_import(w.m.service, by=actor(w, persona), filename="v.csv", raw=raw)
    else:
        assert response.status_code in {302, 403}
        with pytest.raises(PermissionDenied):
            start_decision_import(w.m.service, by=actor(w, persona), filename="v.csv", raw=raw)


def test_another_users_job_is_not_found(followup_world: FollowupWorld) -> None:
    w = followup_world
    job = start_decision_import(
        w.m.service, by=w.m.secretariat, filename="v.csv", raw=csv(f"24/1;{day()};delvis;")
    )
    url = reverse("followup:decision_import", args=[job.token])
    assert w.client("decision_maker").get(url).status_code == 404
    assert w.client("secretariat").get(url).status_code == 200
    with pytest.raises(PermissionDenied):
        request_apply(job, by=w.decision_maker)


def test_upload_page_bad_file_keeps_the_page(followup_world: FollowupWorld) -> None:
    w = followup_world
    url = reverse("followup:decision_import_upload", args=[w.m.service.pk])
    response = w.client("secretariat").post(
        url, {"file": SimpleUploadedFile("v.csv", b"navn\nx\n", "text/csv")}
    )
    assert response.status_code == 422
    assert "mangler kolonnen «saksnummer»" in response.content.decode()
    example = w.client("secretariat").get(
        reverse("followup:decision_import_example", args=[w.m.service.pk])
    )
    assert example.content.startswith(b"saksnummer;dato;utfall;lenke")


def test_a_large_file_is_checked_and_applied_in_constant_statements(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    first = numbered(w, "24/0")
    clones = [
        Advice(
            arena=first.arena,
            title=f"Råd {i}",
            text="<p>Råd.</p>",
            addressee_kind=first.addressee_kind,
            addressee_name=first.addressee_name,
            given_on=first.given_on,
            due_on=first.due_on,
            service_case_number=f"24/{i}",
        )
        for i in range(1, 3000)
    ]
    Advice.objects.bulk_create(clones)
    raw = csv(*(f"24/{i};{day()};delvis;" for i in range(3000)))
    job = DecisionImport.objects.create(
        token="t", service=w.m.service, started_by=w.m.secretariat, filename="v.csv", raw=raw
    )
    from medvirk.followup.domain.decision_imports import run

    with CaptureQueriesContext(connection) as checked:
        run(job.pk)
    DecisionImport.objects.filter(pk=job.pk).update(
        mode=ImportMode.APPLY, status=ImportStatus.QUEUED
    )
    with CaptureQueriesContext(connection) as applied:
        run(job.pk)
    assert FinalDecision.objects.count() == 3000
    assert len(checked.captured_queries) <= 15
    # The writes go in batches (SQLite's limit on parameters makes them smaller there).
    assert len(applied.captured_queries) <= 60


def page_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("persona", ["secretariat", "decision_maker"])
def test_import_pages_queries_do_not_grow_with_rows(
    followup_world: FollowupWorld, persona: str, django_capture_on_commit_callbacks: Any
) -> None:
    w = followup_world
    user = w.user(persona)
    upload = reverse("followup:decision_import_upload", args=[w.m.service.pk])
    assert page_queries(w.client(persona), upload) <= 15
    counts = []
    for size in (1, 30):
        for i in range(size):
            numbered(w, f"{size}/{i}")
        raw = csv(*(f"{size}/{i};{day()};delvis;" for i in range(size)), f"x/1;{day()};nei;")
        with django_capture_on_commit_callbacks(execute=True):
            job = start_decision_import(w.m.service, by=user, filename="v.csv", raw=raw)
        counts.append(
            page_queries(w.client(persona), reverse("followup:decision_import", args=[job.token]))
        )
    assert counts[0] == counts[1]
    assert counts[0] <= 15


def test_accountability_list_shows_decisions_in_constant_queries(
    followup_world: FollowupWorld,
) -> None:
    w = followup_world
    url = reverse("followup:service_accountability", args=[w.m.service.pk])
    client = w.client("anonymous")
    first = numbered(w, "24/1")
    record_final_decision(first, by=w.m.secretariat, decided_on=today(), outcome="against")
    one = page_queries(client, url + "?page=1")
    for i in range(2, 8):
        advice = numbered(w, f"24/{i}")
        record_final_decision(advice, by=w.m.secretariat, decided_on=today(), outcome="partly")
    html = client.get(url + "?page=1").content.decode()
    assert page_queries(client, url + "?page=1") == one
    assert "Vedtatt i strid med rådet" in html
    assert "Fra råd til vedtak" in html


def test_applying_retires_the_cached_figures(
    followup_world: FollowupWorld, django_capture_on_commit_callbacks: Any
) -> None:
    w = followup_world
    numbered(w, "24/1")
    url = reverse("followup:service_accountability", args=[w.m.service.pk])
    client = w.client("anonymous")
    shown = f"Endelig vedtak {day()}: Utsatt eller sendt tilbake"
    assert shown not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        job = start_decision_import(
            w.m.service, by=w.m.secretariat, filename="v.csv", raw=csv(f"24/1;{day()};utsatt;")
        )
    with django_capture_on_commit_callbacks(execute=True):
        request_apply(job, by=w.m.secretariat)
    assert shown in client.get(url).content.decode()
