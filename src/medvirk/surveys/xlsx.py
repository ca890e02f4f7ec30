"""An XLSX workbook written while it is sent: sheets of plain cells (text and numbers),
zipped as the rows are produced.

openpyxl (even in its write-only mode) writes every sheet to a temporary file and zips
the workbook when it is saved, so nothing could leave before the last of a big survey's
5,000 rows was written: 1.3-1.8 s before the first byte at national scale, and the whole
file in memory. This writes the few parts of SpreadsheetML a workbook needs (content
types, relationships, the workbook, a minimal stylesheet) and one worksheet per sheet,
with text as inline strings, into a ``zipfile`` on a stream that cannot seek (each entry
then carries a data descriptor, as the ZIP format allows), and hands on the compressed
bytes in chunks of about :data:`CHUNK` as they come. Excel, LibreOffice and openpyxl
read it (``tests/surveys/test_results.py`` reads it back with openpyxl).

Like :mod:`medvirk.common.csv_export`, the rows are produced after the view returned:
whatever depends on the request (sheet names, labels) is resolved before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

CHUNK = 64 * 1024
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters XML 1.0 does not allow (openpyxl refused them with IllegalCharacterError).
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


class _Sink:
    """Where the zip writes (no ``seek``, no ``tell``: ``zipfile`` streams then); the
    bytes are taken out as they come."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def column(index: int) -> str:
    """The letters of column ``index`` (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(_ILLEGAL.sub("", str(value)))
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def row_xml(number: int, cells: Sequence[Any], columns: list[str]) -> str:
    """One ``<row>``: row ``number`` (from 1), its cells in order."""
    while len(columns) < len(cells):
        columns.append(column(len(columns)))
    inner = "".join(_cell(f"{columns[index]}{number}", value) for index, value in enumerate(cells))
    return f'<row r="{number}">{inner}</row>'


def stream_xlsx(sheets: Sequence[tuple[str, Iterable[Sequence[Any]]]]) -> Iterator[bytes]:
    """The workbook of ``sheets`` (name, rows), as chunks of bytes."""
    sink = _Sink()
    count = len(sheets)
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        book.writestr(
            "[Content_Types].xml",
            f'{_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name={quoteattr(_ILLEGAL.sub("", name)[:31])} sheetId="{n}" r:id="rId{n}"/>'
            for n, (name, _rows) in enumerate(sheets, 1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'{_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{entries}</sheets>'
            "</workbook>",
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{_HEAD}<Relationships xmlns="{_PKG_REL}">{links}'
            f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        book.writestr("xl/styles.xml", _STYLES)
        yield sink.take()  # the first bytes leave before any row is read
        for n, (_name, rows) in enumerate(sheets, 1):
            with book.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                part.write(f'{_HEAD}<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
                columns: list[str] = []
                buffer: list[str] = []
                size = 0
                for number, cells in enumerate(rows, 1):
                    line = row_xml(number, cells, columns)
                    buffer.append(line)
                    size += len(line)
                    if size >= CHUNK:
                        part.write("".join(buffer).encode())
                        buffer, size = [], 0
                        if sink.size:
                            yield sink.take()
                part.write(("".join(buffer) + "</sheetData></worksheet>").encode())
            if sink.size:
                yield sink.take()
    rest = sink.take()
    if rest:
        yield rest
