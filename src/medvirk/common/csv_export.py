"""CSV downloads written while they are sent (``StreamingHttpResponse``).

A national file (the directory: 3,000 entries, 870 kB; a service's advice: 20,000 rows)
used to be built whole in memory before the first byte left. :func:`streaming_csv` writes
the rows as the iterator yields them, in chunks of about 64 kB, so the first byte leaves
after the first query and memory stays flat. The rows come from a server-side cursor
(``values_list(...).iterator(chunk_size=...)``), never model instances, and related names
are read in bulk before the first row: no query per row.

The format stays what it was: UTF-8 with a byte order mark (so spreadsheet programs read
UTF-8), semicolons, ``\\r\\n`` line ends, and text defused against formulas
(:func:`csv_safe`).

Read the rows with :func:`whole_result`: on PostgreSQL a cursor is planned for its first
tenth of rows (``cursor_tuple_fraction``), and for a service's advice that meant walking
the index of all public advice in the country in date order (600 ms before the first
row) instead of reading the service's 16,000 and sorting them (60 ms). A file is read to
the end, so its cursor is planned for all of its rows.

The generator runs after the view has returned, so whatever depends on the request (the
language of labels, the user) must be resolved in the view, not inside the rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet
from django.http import StreamingHttpResponse

CHUNK = 64 * 1024
BOM = "\ufeff"


class _Echo:
    """A file-like object whose ``write`` hands back what it was given (csv.writer needs
    somewhere to write; we yield the line instead)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The file as chunks of text of about :data:`CHUNK` characters: the byte order mark
    and the header first, then the rows."""
    writer = csv.writer(_Echo(), delimiter=";")
    buffer = [BOM, writer.writerow(header)]
    size = 0
    for row in rows:
        line = writer.writerow(row)
        buffer.append(line)
        size += len(line)
        if size >= CHUNK:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def streaming_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], disposition: str
) -> StreamingHttpResponse:
    """A CSV download (``text/csv; charset=utf-8``) written as ``rows`` are produced."""
    return StreamingHttpResponse(
        csv_lines(header, rows),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": disposition},
    )


def whole_result(rows: QuerySet[Any], chunk_size: int = 2000) -> Iterator[Any]:
    """``rows.iterator(chunk_size)`` (a server-side cursor on PostgreSQL), planned for
    reading every row rather than the first few."""
    connection = connections[rows.db]
    if connection.vendor != "postgresql":
        yield from rows.iterator(chunk_size=chunk_size)
        return
    with connection.cursor() as cursor:
        cursor.execute("SET cursor_tuple_fraction = 1.0")
    try:
        iterator = rows.iterator(chunk_size=chunk_size)
        first = next(iterator, None)  # the cursor is declared (and planned) here
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET cursor_tuple_fraction")
    if first is None:
        return
    yield first
    yield from iterator


def csv_safe(value: str) -> str:
    """Defuse spreadsheet formulas in exported text (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
