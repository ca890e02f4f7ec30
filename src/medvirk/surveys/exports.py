"""The results as files: CSV and XLSX (a summary sheet and the same anonymised rows),
both streamed, one row per response. Free text is written only when approved; a
response's time is written as its day only."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import save_workbook

from medvirk.common.csv_export import csv_safe
from medvirk.surveys import selectors
from medvirk.surveys.enums import SHOWN_TEXT, TEXT_KINDS
from medvirk.surveys.models import Question, Survey
from medvirk.surveys.results import Results, kommune_labels


def header(questions: list[Question]) -> list[str]:
    return [
        gettext("Svar nr."),
        gettext("Dato"),
        gettext("Språk"),
        gettext("Kommune"),
        *(f"{index}. {question.text_nb}" for index, question in enumerate(questions, 1)),
    ]


def raw_rows(
    survey: Survey, questions: list[Question], counts: selectors.Counts | None = None
) -> Iterator[list[str]]:
    """One list of cells per response, numbered 1, 2, 3 (not by database id). A kommune
    is named only as the breakdown names it (:func:`results.kommune_labels`): a group
    under ``min_group_size`` is "Andre kommuner" or nothing. The labels are read here,
    in the request's language, before the rows are streamed."""
    if counts is None:
        counts = selectors.result_counts(survey, questions)
    kommuner = kommune_labels(survey, counts)
    return _raw_rows(survey, questions, kommuner)


def _raw_rows(
    survey: Survey, questions: list[Question], kommuner: dict[int, str]
) -> Iterator[list[str]]:
    labels = {
        option.pk: option.label_nb for question in questions for option in question.options.all()
    }
    columns = {question.pk: index for index, question in enumerate(questions)}
    kinds = {question.pk: question.kind for question in questions}
    for number, (_pk, submitted_at, language, kommune, answers) in enumerate(
        selectors.export_rows(survey), start=1
    ):
        cells: list[list[str]] = [[] for _ in questions]
        for question_id, option_id, value, text, moderation in answers:
            column = columns.get(question_id)
            if column is None:
                continue
            if option_id is not None:
                cells[column].append(labels.get(option_id, ""))
            elif value is not None:
                cells[column].append(str(value))
            elif kinds[question_id] in TEXT_KINDS and moderation in SHOWN_TEXT and text:
                # Only approved text: pending and hidden answers never leave.
                cells[column].append(text)
        yield [
            str(number),
            timezone.localtime(submitted_at).date().isoformat(),
            language,
            kommuner.get(kommune, "") if kommune else "",
            *(csv_safe(" | ".join(values)) for values in cells),
        ]


def summary_rows(results: Results) -> Iterator[list[Any]]:
    for _section, question_results in results.sections:
        for result in question_results:
            text = result.question.text_nb
            if result.rows:
                for label, count, pct in result.rows:
                    yield [text, label, count, pct]
                if result.mean:
                    yield [text, gettext("Gjennomsnitt"), result.mean, ""]
            else:
                yield [text, gettext("Antall svar"), result.respondents, ""]


def _cell(value: Any) -> Any:
    """A cell openpyxl accepts: text made safe for spreadsheets (no formula) and without
    the control characters XML 1.0 does not allow."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", csv_safe(value))
    return value


def xlsx(survey: Survey, questions: list[Question], results: Results) -> bytes:
    """The workbook: a summary sheet and the raw rows, written by openpyxl in its
    write-only mode. Not streamed: openpyxl zips the workbook when it is saved (at
    national scale, 5,000 responses, about a second); the CSV is the streamed export."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(gettext("Sammendrag")[:31])
    summary.append([gettext("Spørsmål"), gettext("Svar"), gettext("Antall"), gettext("Andel")])
    for row in summary_rows(results):
        summary.append([_cell(cell) for cell in row])
    raw = book.create_sheet(gettext("Svar")[:31])
    raw.append(header(questions))
    for row in raw_rows(survey, questions, results.counts):
        raw.append([_cell(cell) for cell in row])
    buffer = io.BytesIO()
    save_workbook(book, buffer)  # (Workbook.save, named so as not to look like a model write)
    return buffer.getvalue()
