"""What every resource module of the API shares: the error envelope, the page parameters
and envelope (keyset pagination: ``pagination.py``), and the one place where the API
writes the cache (``cached_for_anonymous``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status
from ninja.renderers import JSONRenderer
from pydantic import AfterValidator, BaseModel

from medvirk.api.caching import ORGANISATIONS
from medvirk.api.pagination import (
    CURSOR_DESCRIPTION,
    NEXT_CURSOR_DESCRIPTION,
    NEXT_DESCRIPTION,
    PAGE_DESCRIPTION,
    PAGE_SIZE_DESCRIPTION,
    InvalidCursor,
    Keyset,
    next_url,
)
from medvirk.common import bounds

RENDERER = JSONRenderer()

# --- Parameter types: every id, day and year a client sends, within common/bounds.py ---
#
# A parameter outside them answers 400 naming it (the API's one validation status, see
# ``invalid_params`` in router.py), never a 500 from arithmetic or a database integer.

DAY_FORMAT = (
    f"A day as YYYY-MM-DD, from {bounds.EARLIEST_DAY.isoformat()} "
    f"to {bounds.LATEST_DAY.isoformat()}."
)


def _day_in_bounds(value: datetime.date) -> datetime.date:
    if not bounds.EARLIEST_DAY <= value <= bounds.LATEST_DAY:
        raise ValueError(DAY_FORMAT)
    return value


Day = Annotated[
    datetime.date,
    AfterValidator(_day_in_bounds),
    Field(
        json_schema_extra={
            "formatMinimum": bounds.EARLIEST_DAY.isoformat(),
            "formatMaximum": bounds.LATEST_DAY.isoformat(),
            "pattern": r"^(19[0-9]{2}|20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
        }
    ),
]
"""A day (``format: date``) from 1900-01-01 to 2100-12-31; the bounds are in the schema
as ``formatMinimum``/``formatMaximum`` and a ``pattern`` on the year."""


def one_of(values: list[str]) -> dict[str, Any]:
    """The schema of a text parameter that takes one of ``values`` or is left empty: an
    ``enum`` (the endpoint checks it itself, with a message listing the values)."""
    return {"enum": ["", *values]}


Id = Annotated[int, Field(ge=1, le=bounds.LARGEST_ID)]
"""A row's id: 1 up to bigint's largest (ids are BigAutoField)."""

Year = Annotated[int, Field(ge=bounds.EARLIEST_YEAR, le=bounds.LATEST_YEAR)]
"""A year from 1900 to 2100."""


class Out(BaseModel):
    """The base of every response body: a plain pydantic model. ninja's ``Schema`` reads
    each field through its ``DjangoGetter`` (for ORM objects), about 30 times slower per
    row (0.11 ms against 0.004 ms for a meeting): at 100 rows a page that was most of the
    page's time (issue 13). Our bodies are built field by field from the rows, so they
    need none of it. Parameters stay ``Schema``."""


class Ref(Out):
    id: int
    name: str


class ArenaRef(Out):
    id: int
    name: str
    kind: str


class ParamError(Out):
    param: str
    message: str


class ErrorOut(Out):
    detail: str
    errors: list[ParamError] = []


# A number that cannot be part of the rest of a path: one ``reverse`` per page, not per row.
_PLACEHOLDER_PK = 987654321


def absolute_url(viewname: str) -> Callable[[int], str]:
    """The site's absolute URL of ``viewname`` for a pk: reversed once (a ``reverse`` per
    row cost 0.16 ms, a sixth of a row's time), then the number is put in."""
    path = reverse(viewname, kwargs={"pk": _PLACEHOLDER_PK})
    before, after = (settings.SITE_URL.rstrip("/") + path).split(str(_PLACEHOLDER_PK))
    return lambda pk: f"{before}{pk}{after}"


def bad_request(message: str) -> Status[Any]:
    return Status(400, ErrorOut(detail=message))


def not_found(message: str) -> Status[Any]:
    return Status(404, ErrorOut(detail=message))


class PageParams(Schema):
    """The paging parameters of every list endpoint."""

    cursor: str = Field("", max_length=1000, description=CURSOR_DESCRIPTION)
    page_size: int = Field(
        settings.MEDVIRK_PAGE_SIZE, ge=1, le=100, description=PAGE_SIZE_DESCRIPTION
    )
    # Kept for the transition so that a client asking for page 1 still works and one
    # asking for a later page is told what to do instead (a 400, not page 1 again).
    # Only 1 is accepted (the schema says so); a later page is refused with a message.
    page: int = Field(
        1,
        ge=1,
        description=PAGE_DESCRIPTION,
        json_schema_extra={"deprecated": True, "maximum": 1},
    )


class PageOut(Out):
    """The page envelope every list endpoint shares (``results`` added per resource)."""

    page_size: int
    next: str | None = Field(description=NEXT_DESCRIPTION)
    next_cursor: str | None = Field(description=NEXT_CURSOR_DESCRIPTION)


def cursor_page(
    request: HttpRequest,
    params: PageParams,
    keyset: Keyset,
    items: QuerySet[Any],
    page_schema: Callable[..., Out],
    to_out: Callable[[Any], Any],
    rows: Callable[[QuerySet[Any]], QuerySet[Any]] = lambda qs: qs,
) -> Status[Any]:
    """The page of ``items`` that ``params.cursor`` points at, in ``keyset``'s order, in
    the envelope every list endpoint shares; 400 for a cursor the list did not make and
    for the removed offset paging."""
    if params.page != 1:
        return param_error(
            "page",
            _(
                "Parameteren page støttes ikke lenger ut over første side. Følg lenken i "
                "next (eller send next_cursor som cursor) for å hente neste side."
            ),
        )
    try:
        found, next_cursor = keyset.page(items, params.cursor, params.page_size, rows)
    except InvalidCursor:
        return param_error(
            "cursor",
            _(
                "Ugyldig cursor. Bruk next_cursor fra forrige side uendret, eller utelat "
                "cursor for å begynne på første side."
            ),
        )
    return Status(
        200,
        page_schema(
            page_size=params.page_size,
            next=next_url(request.path, request.GET, next_cursor),
            next_cursor=next_cursor,
            results=[to_out(item) for item in found],
        ),
    )


def param_error(param: str, message: str) -> Status[Any]:
    return Status(400, ErrorOut(detail=message, errors=[ParamError(param=param, message=message)]))


def cached_for_anonymous(
    request: HttpRequest, compute: Callable[[], Status[Any]]
) -> HttpResponse | Status[Any]:
    """The JSON answer of a directory endpoint, cached for anonymous requests.

    The organisation endpoints show public data only, the same to everyone; the key is the
    path, the query string, the language and the version of the organisations it shows
    (api/caching.py), computed by one caller at a time like the pages' fragments. Only
    successful answers are kept. The API's only cache write."""
    if request.user.is_authenticated:
        return compute()

    def body() -> bytes | Status[Any]:
        result = compute()
        if result.status_code != 200:
            return result
        value = result.value
        data = value.model_dump() if isinstance(value, BaseModel) else value
        return str(RENDERER.render(request, data, response_status=200)).encode()

    answer = ORGANISATIONS.get_or_set(
        "api",
        request.path,
        request.GET.urlencode(),
        compute=body,
        keep=lambda found: isinstance(found, bytes),
    )
    if not isinstance(answer, bytes):
        return answer
    return HttpResponse(answer, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")
