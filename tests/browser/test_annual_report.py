"""The annual report in Chromium: the secretariat reaches the arena's archive from the
arena page, creates the report for 2025, writes a preface, highlights a case, sends it for
comments, approves and publishes it; the public reads it and downloads the PDF (text by
pdftotext) and the XLSX (read back by openpyxl). axe at 1280 and 320 px on every page, and
the published report in bokmål and nynorsk."""

from __future__ import annotations

import datetime
import io
import subprocess
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from medvirk.annual.enums import ReportStatus
from medvirk.annual.models import AnnualReport
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.models import FinalDecision
from tests.annual.conftest import (  # noqa: F401 - fixtures for this module
    AnnualWorld,
    annual_world,
    meeting_world,
)
from tests.annual.test_compensation_and_decisions import paid_and_unpaid
from tests.browser.helpers import check_structure, force_login, use_language
from tests.followup.test_accountability_world import make_advice


def test_secretariat_writes_and_publishes_the_report_the_public_reads_it(
    page: Page,
    live_server: Any,
    a11y: Any,
    annual_world: AnnualWorld,  # noqa: F811
) -> None:
    w = annual_world
    # Compensation and a final decision, so axe reads those sections too.
    paid_and_unpaid(w)
    FinalDecision.objects.create(
        advice=make_advice(w.arena, "Et råd", datetime.date(2025, 3, 1)),
        decided_on=datetime.date(2025, 4, 1),
        outcome=DecisionOutcome.IN_LINE,
    )
    force_login(page, live_server, w.secretariat)
    page.goto(w.arena.get_absolute_url())
    page.get_by_role("link", name="Årsmeldinger", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Årsmeldinger for {w.arena.name}")
    a11y(page)
    page.get_by_role("link", name="Lag årsmelding").click()
    a11y(page)
    page.get_by_label("Hvem gjelder årsmeldingen?").select_option(label=w.arena.name)
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Lag årsmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Årsmelding 2025 for {w.arena.name}")
    expect(page.get_by_role("heading", name="Godtgjøring", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Endelige vedtak", exact=True)).to_be_visible()
    check_structure(page)
    a11y(page)

    page.get_by_role("link", name="Skriv forord og velg saker").click()
    a11y(page)
    editor = page.locator("#id_preface_editor")
    if editor.count():
        editor.click()
        page.keyboard.type("Et år med mange gode saker.")
    else:
        page.get_by_label("Forord").fill("Et år med mange gode saker.")
    page.get_by_label(f"{w.statement.case_number} {w.statement.title}").check()
    page.get_by_label(f"Kort omtale av sak {w.statement.case_number}").fill(
        "Rådet fikk gjennomslag."
    )
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_text("Rådet fikk gjennomslag.")).to_be_visible()

    page.get_by_role("link", name="Send til merknader").click()
    a11y(page)
    page.get_by_label("Frist for merknader").fill("2026-12-01")
    page.get_by_role("button", name="Send til merknader").click()
    expect(page.get_by_text("Årsmeldingen er sendt til merknader.")).to_be_visible()

    page.get_by_role("link", name="Godkjenn årsmeldingen").click()
    a11y(page)
    page.get_by_role("button", name="Godkjenn").click()
    expect(page.get_by_text("Årsmeldingen er godkjent som versjon 1.")).to_be_visible()
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_text("Årsmeldingen er publisert.")).to_be_visible()
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.PUBLISHED

    # The public: from the arena page to the archive and the report.
    page.context.clear_cookies()
    page.goto(w.arena.get_absolute_url())
    page.get_by_role("link", name="Årsmeldinger", exact=True).click()
    a11y(page)
    page.get_by_role("link", name="Årsmelding 2025").click()
    expect(page.get_by_text("Et år med mange gode saker.")).to_be_visible()
    expect(page.get_by_text("Hemmelig personalsak")).to_have_count(0)
    check_structure(page)
    a11y(page)

    pdf_url = page.get_by_role("link", name="Last ned som PDF").get_attribute("href")
    pdf = page.request.get(pdf_url or "")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Et år med mange gode saker." in text
    assert "Rådet fikk gjennomslag." in text
    xlsx_url = page.get_by_role("link", name="Tallene som regneark (XLSX)").get_attribute("href")
    book = load_workbook(io.BytesIO(page.request.get(xlsx_url or "").body()))
    values = {row[0]: row[1] for row in book[book.sheetnames[0]].iter_rows(values_only=True)}
    assert values["Møter holdt"] == "2"

    # The same page in nynorsk.
    use_language(page, live_server, "nn")
    page.goto(report.get_absolute_url())
    expect(page.get_by_role("link", name="Last ned som PDF")).to_be_visible()
    a11y(page)


def test_comparison_page_in_bokmal_and_nynorsk(
    page: Page,
    live_server: Any,
    a11y: Any,
    annual_world: AnnualWorld,  # noqa: F811
) -> None:
    from medvirk.annual.domain.reports import approve_report, publish_report

    w = annual_world
    report = w.report(language="nn")
    approve_report(report, by=w.secretariat)
    publish_report(report, by=w.secretariat)
    page.goto("/arsmelding/sammenligning/")
    expect(page.get_by_role("link", name=w.arena.name)).to_be_visible()
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name=w.arena.name).click()
    a11y(page)
    use_language(page, live_server, "nn")
    page.goto("/arsmelding/sammenligning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Samanlikning av årsmeldingar")
    a11y(page)
