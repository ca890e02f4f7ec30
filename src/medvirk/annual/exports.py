"""A report's outputs besides its page: the figures as CSV and XLSX, and the whole report
as a tagged PDF (PDF/UA-1, WeasyPrint, like the minutes' PDF) with its charts and their
tables (the charts' text alternatives).

The content is the report's (``selectors.report_content``): an approved version's frozen
copy, or a draft's live texts and cached figures. No queries here.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import save_workbook

from medvirk.annual import present
from medvirk.annual.models import AnnualReport
from medvirk.appointments.domain.letters import render_pdf
from medvirk.common.csv_export import csv_safe

PDF_TEMPLATE = "annual/pdf/report.html"


def tables(content: dict[str, Any]) -> list[present.Table]:
    """Every table of figures, in the order of the report."""
    figures = content["figures"]
    labels = present.key_figure_labels()
    key = present.Table(
        caption=gettext("Nøkkeltall"),
        head=(gettext("Nøkkeltall"), gettext("Verdi")),
        rows=[
            (labels[name], "" if value is None else str(value))
            for name, value in present.key_figures(figures)
        ],
        empty="",
    )
    drawn = present.view(content)
    charts = [
        drawn[name]
        for name in (
            "gender_chart",
            "meetings_chart",
            "proposer_chart",
            "advice_chart",
            "decision_chart",
        )
    ]
    from_charts = [
        present.Table(
            caption=chart.table_caption,
            head=tuple(chart.table_head),
            rows=[(row.label, *row.cells) for row in chart.rows],
            empty=chart.empty_text,
        )
        for chart in charts
    ]
    return [
        key,
        drawn["composition"],
        drawn["vacancies"],
        *drawn["attendance"],
        drawn["cases_by_kind"],
        *from_charts,
        *([compensation] if (compensation := present.compensation_table(figures)) else []),
    ]


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", csv_safe(value))
    return value


def csv_rows(content: dict[str, Any]) -> Iterator[list[str]]:
    """The tables one after another: the caption, the head, the rows, an empty line."""
    for table in tables(content):
        yield [table.caption]
        yield list(table.head)
        for row in table.rows:
            yield [csv_safe(cell) for cell in row]
        yield []


def xlsx(content: dict[str, Any]) -> bytes:
    """One sheet per table (names cut to Excel's 31 characters, kept unique)."""
    book = Workbook(write_only=True)
    used: set[str] = set()
    for index, table in enumerate(tables(content), start=1):
        name = ILLEGAL_CHARACTERS_RE.sub("", table.caption)
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        name = name[:28]
        if name in used:
            name = f"{name[:25]} {index}"
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append([_cell(cell) for cell in table.head])
        for row in table.rows:
            sheet.append([_cell(cell) for cell in row])
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return buffer.getvalue()


def report_html(report: AnnualReport, content: dict[str, Any], version: Any, language: str) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {
            "report": report,
            "version": version,
            "language": language,
            **present.view(content, prefix="pdf"),
        },
    )


def report_pdf(report: AnnualReport, content: dict[str, Any], version: Any, language: str) -> bytes:
    return render_pdf(report_html(report, content, version, language))


def filename(report: AnnualReport, suffix: str) -> str:
    name = slugify(report.subject_name)[:60] or "arsmelding"
    return f"arsmelding-{name}-{report.year}-v{report.version}.{suffix}"
