"""The pages: who sees what, the journey's forms with bad input, the exports (PDF text
by pdftotext, XLSX read back by openpyxl, CSV), and statements per page that do not
grow with the rows."""

from __future__ import annotations

import io
import subprocess
import tempfile
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from medvirk.annual.domain.reports import (
    approve_report,
    publish_report,
    send_for_comments,
    update_report,
)
from medvirk.annual.enums import ReportStatus
from medvirk.annual.models import AnnualReport
from tests.annual.conftest import YEAR, AnnualWorld, add_item, d
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "member",
    "deputy",
    "admin_a",
    "secretariat",
    "other_secretariat",
    "platform_admin",
]


def published(w: AnnualWorld) -> AnnualReport:
    report = w.report()
    update_report(
        report,
        by=w.secretariat,
        preface="<p>Året vi la bak oss.</p>",
        language="nb",
        highlights=[(w.statement.pk, "Vi fikk gjennomslag."), (w.closed.pk, "hemmelig notat")],
    )
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_published_report_of_a_public_arena_is_read_by_everyone(
    annual_world: AnnualWorld, persona: str
) -> None:
    report = published(annual_world)
    response = annual_world.client(persona).get(report.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Året vi la bak oss." in html
    assert "Universell utforming av kollektivtilbudet" in html
    # A closed item: only its case number and legal ground.
    assert "Hemmelig personalsak" not in html
    assert "hemmelig notat" not in html
    assert "2/2025" in html
    assert 'role="img"' in html
    assert (reverse("annual:unpublish", args=[report.pk]) in html) == (persona == "secretariat")


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anonymous", 404),
        ("member", 404),
        ("admin_a", 404),
        ("platform_admin", 404),
        ("other_secretariat", 404),
        ("secretariat", 200),
    ],
)
def test_a_draft_is_read_by_the_secretariat_only(
    annual_world: AnnualWorld, persona: str, status: int
) -> None:
    report = annual_world.report()
    assert annual_world.client(persona).get(report.get_absolute_url()).status_code == status


@pytest.mark.parametrize(
    ("persona", "status", "form"),
    [
        ("anonymous", 404, False),
        ("member", 200, True),
        ("deputy", 200, True),
        ("secretariat", 200, False),
    ],
)
def test_members_read_and_comment_on_a_report_on_comment(
    annual_world: AnnualWorld, persona: str, status: int, form: bool
) -> None:
    report = annual_world.report()
    send_for_comments(report, by=annual_world.secretariat, comment_deadline=d(12, 1, 2026))
    response = annual_world.client(persona).get(report.get_absolute_url())
    assert response.status_code == status
    if status == 200:
        assert (reverse("annual:comment", args=[report.pk]) in response.content.decode()) == form


def test_a_comment_without_text_shows_the_error_on_the_field(annual_world: AnnualWorld) -> None:
    report = annual_world.report()
    send_for_comments(report, by=annual_world.secretariat, comment_deadline=d(12, 1, 2026))
    response = annual_world.client("member").post(
        reverse("annual:comment", args=[report.pk]), {"text": ""}
    )
    assert response.status_code == 200
    assert 'href="#id_text"' in response.content.decode()
    response = annual_world.client("member").post(
        reverse("annual:comment", args=[report.pk]), {"text": "Bra!"}
    )
    assert response.status_code == 302
    assert report.comments.get().text == "Bra!"


def test_create_form_keeps_the_input_and_names_the_field(annual_world: AnnualWorld) -> None:
    client = annual_world.client("secretariat")
    url = reverse("annual:create", args=[annual_world.m.service.pk])
    assert client.get(url).status_code == 200
    annual_world.report()
    response = client.post(url, {"arena": annual_world.arena.pk, "year": YEAR, "language": "nn"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_year"' in html
    response = client.post(url, {"arena": "", "year": YEAR, "language": "nn"})
    report = AnnualReport.objects.get(service=annual_world.m.service)
    assert response.status_code == 302
    assert report.language == "nn"
    for persona in ("member", "other_secretariat", "platform_admin"):
        assert annual_world.client(persona).get(url).status_code == 403


def test_the_journey_pages_work_for_the_secretariat(annual_world: AnnualWorld) -> None:
    w = annual_world
    client = w.client("secretariat")
    report = w.report()
    edit = reverse("annual:edit", args=[report.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {
            "language": "nb",
            "preface": "Forord",
            f"item_{w.statement.pk}": "on",
            f"note_{w.statement.pk}": "Omtale",
        },
    )
    assert response.status_code == 302
    send = reverse("annual:send", args=[report.pk])
    response = client.post(send, {"comment_deadline": "2020-01-01"})
    assert 'href="#id_comment_deadline"' in response.content.decode()
    assert client.post(send, {"comment_deadline": "2026-12-01"}).status_code == 302
    approve = reverse("annual:approve", args=[report.pk])
    assert client.get(approve).status_code == 200
    assert client.post(approve).status_code == 302
    response = client.post(approve)
    assert "allerede godkjent" in response.content.decode()
    assert client.post(reverse("annual:publish", args=[report.pk])).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    revise = reverse("annual:revise", args=[report.pk])
    assert (
        'href="#id_change_note"'
        in client.post(revise, {"preface": "x", "change_note": ""}).content.decode()
    )
    assert client.post(revise, {"preface": "Nytt", "change_note": "Rettet"}).status_code == 302
    report.refresh_from_db()
    assert report.version == 2
    for persona in ("member", "platform_admin"):
        assert w.client(persona).get(edit).status_code == 403
        assert (
            w.client(persona).post(reverse("annual:unpublish", args=[report.pk])).status_code == 403
        )


def test_pdf_is_tagged_and_holds_the_text_and_the_charts_tables(
    annual_world: AnnualWorld, django_capture_on_commit_callbacks: Any
) -> None:
    report = published(annual_world)
    # The build is enqueued when the request's transaction commits (the tests' task
    # backend runs it at once).
    url = reverse("annual:pdf", args=[report.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert annual_world.client("anonymous").get(url).status_code == 202
    response = annual_world.client("anonymous").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    info = subprocess.run(
        ["pdfinfo", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Tagged:          yes" in info
    assert "Title:           Årsmelding 2025 for Brukerutvalget" in info
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    assert "Årsmelding 2025" in text
    assert "Året vi la bak oss." in text
    assert "Hva skjedde med rådene" in text
    assert "Hemmelig personalsak" not in text


def test_the_pdf_is_built_in_the_background_with_a_progress_page_meanwhile(
    annual_world: AnnualWorld, settings: object
) -> None:
    from medvirk.annual.models import AnnualReportVersion

    report = published(annual_world)
    settings.TASKS = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "mail"],
        }
    }
    client = annual_world.client("anonymous")
    url = reverse("annual:pdf", args=[report.pk])
    response = client.get(url)
    assert response.status_code == 202
    assert "PDF-en lages" in response.content.decode()
    version = AnnualReportVersion.objects.get(report=report)
    assert version.pdf is None and version.pdf_requested_at is not None
    from medvirk.annual.domain.pdf import build_pdf, request_pdf

    assert request_pdf(version) is False  # already under way: not enqueued twice
    build_pdf(version.pk)
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_a_draft_has_no_pdf(annual_world: AnnualWorld) -> None:
    report = annual_world.report()
    assert (
        annual_world.client("secretariat").get(reverse("annual:pdf", args=[report.pk])).status_code
        == 404
    )


def test_xlsx_and_csv_hold_the_figures(annual_world: AnnualWorld) -> None:
    report = published(annual_world)
    client = annual_world.client("anonymous")
    book = load_workbook(io.BytesIO(client.get(reverse("annual:xlsx", args=[report.pk])).content))
    key = book[book.sheetnames[0]]
    values = {row[0]: row[1] for row in key.iter_rows(values_only=True)}
    assert values["Møter holdt"] == "2"
    assert any(sheet.startswith("Oppmøte per person") for sheet in book.sheetnames)
    csv = b"".join(client.get(reverse("annual:csv", args=[report.pk])).streaming_content).decode(
        "utf-8-sig"
    )
    assert "Møter holdt;2" in csv
    assert "Dina Vara;Vararepresentant;1;1" in csv


def test_a_nynorsk_report_reads_in_nynorsk(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report(language="nn")
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)
    html = w.client("anonymous").get(report.get_absolute_url()).content.decode()
    assert 'lang="nn"' in html


def _count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _more_of_everything(w: AnnualWorld) -> None:
    for n in range(3):
        meeting = make_meeting(w.arena, d(5, 10 + n))
        add_item(meeting, 10 + n, f"Sak {n}")


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat", "platform_admin"])
def test_the_report_page_statements_do_not_grow_with_the_rows(
    annual_world: AnnualWorld, persona: str
) -> None:
    w = annual_world
    report = published(w)
    client = w.client(persona)
    url = report.get_absolute_url()
    _count(client, url)
    first = _count(client, url)
    _more_of_everything(w)
    approve = w.report(year=2024)  # another report in the archive
    assert approve
    assert _count(client, url) == first <= 15


@pytest.mark.parametrize("persona", ["anonymous", "member", "secretariat"])
def test_the_archive_and_list_pages_statements_do_not_grow(
    annual_world: AnnualWorld, persona: str
) -> None:
    w = annual_world
    published(w)
    client = w.client(persona)
    urls = [
        reverse("annual:arena", args=[w.arena.pk]),
        reverse("annual:service", args=[w.m.service.pk]),
    ]
    before = [_count(client, url) for url in urls]
    for year in (2022, 2023, 2024):
        report = w.report(year=year)
        approve_report(report, by=w.secretariat)
        publish_report(report, by=w.secretariat)
    assert [_count(client, url) for url in urls] == before


def test_the_draft_figures_are_cached_and_retired_by_a_change(annual_world: AnnualWorld) -> None:
    w = annual_world
    report = w.report()
    client = w.client("secretariat")
    cache.clear()
    cold = _count(client, report.get_absolute_url())
    warm = _count(client, report.get_absolute_url())
    assert warm < cold
    make_meeting(w.arena, d(8, 8))
    assert _count(client, report.get_absolute_url()) > warm


@pytest.mark.parametrize("persona", ["anonymous", "secretariat"])
def test_the_comparison_page_lists_published_reports_of_public_arenas(
    annual_world: AnnualWorld, persona: str
) -> None:
    from medvirk.annual.domain.reports import create_report

    w = annual_world
    published(w)
    private = create_report(
        by=w.secretariat, service=w.m.service, arena=w.m.private_arena, year=YEAR
    )
    approve_report(private, by=w.secretariat)
    publish_report(private, by=w.secretariat)
    client = w.client(persona)
    url = reverse("annual:comparison")
    response = client.get(url, {"ar": "tull"})
    html = response.content.decode()
    assert response.status_code == 200
    assert w.arena.name in html
    assert w.m.private_arena.name not in html
    first = _count(client, url)
    service = create_report(by=w.secretariat, service=w.m.service, arena=None, year=YEAR)
    approve_report(service, by=w.secretariat)
    publish_report(service, by=w.secretariat)
    assert _count(client, url) == first


@pytest.mark.parametrize(
    ("persona", "sees_on_comment"),
    [
        ("anonymous", False),
        ("member", True),
        ("deputy", True),
        ("admin_a", False),
        ("secretariat", True),
    ],
)
def test_members_reach_a_report_on_comment_from_the_arena_archive(
    annual_world: AnnualWorld, persona: str, sees_on_comment: bool
) -> None:
    w = annual_world
    report = w.report()
    send_for_comments(report, by=w.secretariat, comment_deadline=d(12, 1, 2026))
    arena_page = w.client(persona).get(w.arena.get_absolute_url()).content.decode()
    archive = reverse("annual:arena", args=[w.arena.pk])
    assert archive in arena_page
    html = w.client(persona).get(archive).content.decode()
    assert (report.get_absolute_url() in html) == sees_on_comment


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 404), ("admin_b", 404), ("member", 200), ("secretariat", 200)],
)
def test_a_private_arenas_archive_is_not_public(
    annual_world: AnnualWorld, persona: str, status: int
) -> None:
    url = reverse("annual:arena", args=[annual_world.m.private_arena.pk])
    assert annual_world.client(persona).get(url).status_code == status
