"""The payroll file, CSV and XLSX, in the columns and order the service's scheme sets."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import save_workbook

from medvirk.common.csv_export import csv_safe
from medvirk.compensation.domain.payroll import PayRow
from medvirk.compensation.enums import DEFAULT_COLUMNS, ExportColumn


def columns_of(layout: str | None) -> list[str]:
    return [column for column in (layout or DEFAULT_COLUMNS).split(",") if column]


def header(columns: list[str]) -> list[str]:
    labels = dict(ExportColumn.choices)
    return [str(labels[column]) for column in columns]


def _value(row: PayRow, column: str) -> Any:
    value = getattr(row, column)
    return value.isoformat() if hasattr(value, "isoformat") else value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", csv_safe(value))
    return value


def csv_bytes(rows: list[PayRow], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header(columns))
    for row in rows:
        writer.writerow([_text(_value(row, column)) for column in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: list[PayRow], columns: list[str]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Lonn")
    sheet.append(header(columns))
    for row in rows:
        sheet.append([_text(_value(row, column)) for column in columns])
    buffer = io.BytesIO()
    save_workbook(book, buffer)
    return buffer.getvalue()
