"""Helpers for pages that build their rows in Python rather than tag by tag (issue 6).

On the busiest pages, ``{% url %}``, ``get_FOO_display`` and lazy translations cost more
per row than the row's data: each ``reverse()`` walks the URL patterns, and each
``get_FOO_display`` hashes every (lazy, translated) choice label. These do that work once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Choices
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language

_labels: dict[tuple[type[Choices], str], dict[str, str]] = {}


def url_maker(name: str) -> Callable[[int], str]:
    """The URL of ``name`` for any pk, from a single reverse() (lists with many rows)."""
    marker = 987654321
    head, tail = reverse(name, args=[marker]).split(str(marker), 1)
    return lambda pk: f"{head}{pk}{tail}"


def choice_labels(choices: type[Choices]) -> dict[str, str]:
    """``{value: label}`` of a choices enum in the active language, translated once per
    process and language."""
    key = (choices, get_language() or "")
    found = _labels.get(key)
    if found is None:
        found = _labels[key] = {str(value): str(label) for value, label in choices.choices}
    return found


def aware(value: datetime.datetime | str | None) -> datetime.datetime | None:
    """A timestamp read with a plain cursor, as the ORM would give it: SQLite hands back
    naive UTC (or text), PostgreSQL an aware value."""
    if value is None:
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(f"not a timestamp: {value!r}")
        value = parsed
    if timezone.is_naive(value):
        return value.replace(tzinfo=datetime.UTC)
    return value


def text_rows(sql: str, params: list[Any]) -> tuple[tuple[str, ...], ...]:
    """The rows of a written-out statement with every value as text: for cache
    fingerprints, which only need to compare equal while the data does."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return tuple(tuple(str(value) for value in row) for row in cursor.fetchall())
