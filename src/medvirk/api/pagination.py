"""Keyset (cursor) pagination for the API's lists (issue 13).

A list is read in a total order: its sort key with the primary key as the tie-breaker
(``Keyset("meetings", "starts_at", "pk")``), and a page is "the next ``page_size`` rows
after this one" (``WHERE (starts_at, id) > (…, …) ORDER BY starts_at, id LIMIT n``), which
an index on the order answers in the same time at any depth. An OFFSET made the database
walk past every earlier row (advice page 5,000: 311 ms).

The cursor is the last row's sort key and id, as JSON, signed with the site's secret
(``django.core.signing.Signer``, salted per list): opaque to clients, deterministic (the
same position gives the same cursor, so cached answers stay shared), and a cursor that
was altered, cut short or made for another list answers 400 with a clear message rather
than a 500 or a wrong page. A client never builds one: it follows ``next``.

Rows inserted or removed while a client walks the list do not shift the pages: a row is
seen at most once, and every row that exists throughout the walk is seen.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q, QuerySet
from django.http import QueryDict

CURSOR_DESCRIPTION = (
    "Where the page starts: the `next_cursor` of the previous page (the `next` link "
    "carries it). Opaque and signed: do not build or change it. Leave it out for the "
    "first page."
)
PAGE_SIZE_DESCRIPTION = "Rows per page (1–100)."
PAGE_DESCRIPTION = (
    "Deprecated: offset paging was replaced by `cursor` (issue 13). Only 1, the first "
    "page, is still accepted; follow `next` for the following pages."
)
NEXT_DESCRIPTION = (
    "The URL of the next page (the same filters and page_size, with `cursor`), or null on "
    "the last page."
)
NEXT_CURSOR_DESCRIPTION = "The `cursor` value of the next page, or null on the last page."


class InvalidCursor(ValueError):
    """The cursor was not made by this list (altered, truncated, from another list)."""


@dataclass(frozen=True)
class Field:
    name: str  # a model field name, "pk" included
    descending: bool


@dataclass(frozen=True)
class Keyset:
    """A list's total order: sort fields (``-`` for descending), the primary key last."""

    name: str
    order: tuple[str, ...]

    def __init__(self, name: str, *order: str) -> None:
        if not order or order[-1].lstrip("-") != "pk":
            raise ValueError("a keyset order ends with the primary key")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "order", order)

    @property
    def fields(self) -> list[Field]:
        return [Field(f.lstrip("-"), f.startswith("-")) for f in self.order]

    def _signer(self) -> signing.Signer:
        return signing.Signer(salt=f"medvirk.api.cursor.{self.name}")

    # --- The cursor ------------------------------------------------------------------

    def cursor_of(self, row: models.Model) -> str:
        values = [_to_json(getattr(row, field.name)) for field in self.fields]
        return self._signer().sign_object(values, compress=False)

    def decode(self, model: type[models.Model], cursor: str) -> list[Any]:
        """The values of the sort fields a cursor holds; InvalidCursor if it was not made
        by this list."""
        try:
            values = self._signer().unsign_object(cursor)
        except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
            raise InvalidCursor(cursor) from error
        fields = self.fields
        if not isinstance(values, list) or len(values) != len(fields):
            raise InvalidCursor(cursor)
        return [
            _from_json(model, field.name, value)
            for field, value in zip(fields, values, strict=True)
        ]

    # --- The page --------------------------------------------------------------------

    def after(self, values: Sequence[Any]) -> Q:
        """Rows after the one with these values in the order: (a > x) or (a = x and b > y)
        …, and the first field's bound on its own (a ≥ x), so the index range starts
        there instead of the database filtering from the first row."""
        fields = self.fields
        q = Q()
        for depth, field in enumerate(fields):
            step = Q(**{f"{field.name}__{'lt' if field.descending else 'gt'}": values[depth]})
            for earlier, value in zip(fields[:depth], values[:depth], strict=True):
                step &= Q(**{earlier.name: value})
            q |= step
        first = fields[0]
        return Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": values[0]}) & q

    def page(
        self,
        queryset: QuerySet[Any],
        cursor: str,
        size: int,
        rows: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs,
    ) -> tuple[list[Any], str | None]:
        """The ``size`` rows after ``cursor`` (from the first without one), dressed by
        ``rows``, and the cursor of the next page (None on the last page). One statement
        (and the prefetches of ``rows``), however deep."""
        ordered = queryset.order_by(*self.order)
        if cursor:
            ordered = ordered.filter(self.after(self.decode(queryset.model, cursor)))
        found = list(rows(ordered)[: size + 1])
        if len(found) > size:
            return found[:size], self.cursor_of(found[size - 1])
        return found, None


def next_url(path: str, query: QueryDict, next_cursor: str | None) -> str | None:
    """The link to the next page: the same query string with the cursor replaced (and the
    deprecated ``page`` dropped)."""
    if next_cursor is None:
        return None
    params = [(k, v) for k, values in query.lists() for v in values if k not in {"cursor", "page"}]
    params.append(("cursor", next_cursor))
    return f"{settings.SITE_URL.rstrip('/')}{path}?{urlencode(params)}"


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _from_json(model: type[models.Model], name: str, value: Any) -> Any:
    """A sort value read back into the field's Python type; InvalidCursor if it is not one."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    try:
        if isinstance(field, models.DateTimeField):
            parsed = datetime.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError(value)
            return parsed
        if isinstance(field, models.DateField):
            return datetime.date.fromisoformat(value)
        if isinstance(field, (models.AutoField, models.BigAutoField, models.IntegerField)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(value)
            return value
        if isinstance(field, models.CharField):
            if not isinstance(value, str):
                raise TypeError(value)
            return value
    except (TypeError, ValueError) as error:
        raise InvalidCursor(str(value)) from error
    raise InvalidCursor(f"no cursor for the field {name}")
