"""What every resource module of the API shares: the error envelope, the page envelope,
and the one place where the API writes the cache (``cached_for_anonymous``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from ninja import Schema, Status
from ninja.renderers import JSONRenderer

from medvirk.api.caching import ORGANISATIONS

RENDERER = JSONRenderer()


class Ref(Schema):
    id: int
    name: str


class ArenaRef(Schema):
    id: int
    name: str
    kind: str


class ParamError(Schema):
    param: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ParamError] = []


def bad_request(message: str) -> Status[Any]:
    return Status(400, ErrorOut(detail=message))


def not_found(message: str) -> Status[Any]:
    return Status(404, ErrorOut(detail=message))


def paginated(
    items: Any, filters: Any, page_schema: Callable[..., Schema], to_out: Callable[[Any], Any]
) -> Status[Any]:
    """One page of ``items`` in the envelope every list endpoint shares."""
    paginator = Paginator(items, filters.page_size)
    page = paginator.get_page(filters.page)
    return Status(
        200,
        page_schema(
            count=paginator.count,
            page=page.number,
            pages=paginator.num_pages,
            page_size=filters.page_size,
            results=[to_out(item) for item in page.object_list],
        ),
    )


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
        data = value.model_dump() if isinstance(value, Schema) else value
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
