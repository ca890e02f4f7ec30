"""The open-data JSON API (django-ninja): ONE NinjaAPI object, one router per resource.

Read-only, public data only. Each resource lives in its own module (``directory``,
``meetings``, ``advice``) and reads through its app's selectors and visibility, the same
as the pages. Every URL is written WITHOUT a trailing slash (``/api/v1/meetings``,
``/api/v1/openapi.json``); the form with a slash answers a permanent redirect to it
(``urls.py``).

The OpenAPI schema is served at /api/v1/openapi.json. The interactive docs page is off:
it loads scripts that our content security policy forbids; the open data page
(/apne-data/) describes the API instead.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation

from medvirk.api import advice, annual, directory, meetings
from medvirk.api.common import ErrorOut, ParamError


class MedvirkAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str], Any] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        """The schema is the same for every request while the code is: built once per
        process, path prefix and language (django-ninja builds it anew per request,
        ~20 ms); it is only serialised, never changed."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (path_prefix, get_language())
        if key not in self._schemas:
            self._schemas[key] = super().get_openapi_schema(path_prefix=path_prefix)
        return self._schemas[key]

    def get_openapi_operation_id(self, operation: Operation) -> str:
        # The ids the schema had when the API was one module (medvirk/api/api.py), so
        # that clients generated from the schema keep their method names.
        return f"medvirk_api_api_{operation.view_func.__name__}"


api = MedvirkAPI(
    title="Medvirk open data",
    version="1",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/v1/openapi.json",
    description=(
        "Public directory of Norwegian user organisations, umbrellas and services, "
        "and the meetings of public participation arenas (public agenda items only), "
        "advice and answers, and the key figures of published annual reports.\n\n"
        "Lists are read a page at a time with a cursor: each page has `next` (the URL of "
        "the next page, null on the last) and `next_cursor` (the same position as the "
        "`cursor` parameter). Follow `next` until it is null; every row is seen once, in "
        "a stable order, however deep. A cursor is opaque and signed: an altered one "
        "answers 400. `page_size` is 1–100. The `page` parameter of offset paging is "
        "deprecated: only `page=1` is still accepted, a later page answers 400.\n\n"
        "Errors: a query parameter that is malformed or out of its range answers 400 "
        "with `errors`, each naming its `param`; a malformed id in the path (not a whole "
        "number from 1) answers 422 the same way; an object that does not exist or is "
        "not public answers 404. Days are YYYY-MM-DD from "
        "1900-01-01 to 2100-12-31, years 1900 to 2100, ids 1 to 9223372036854775807; each "
        "parameter's range is in its schema."
    ),
)
api.add_router("/v1/", directory.router)
api.add_router("/v1/", meetings.router)
api.add_router("/v1/", advice.router)
api.add_router("/v1/", annual.router)


@api.exception_handler(NinjaValidationError)
def invalid_params(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Bad parameters are the client's mistake, answered with a readable message naming
    each: 422 when the id in the path is malformed (the address names no object that
    could exist), 400 for a query parameter that is malformed or out of its range."""
    problems = [
        ParamError(
            param=str(error.get("loc", ["", "?"])[-1]),
            message=str(error.get("msg", "")),
        )
        for error in exc.errors
    ]
    in_path = any(str(error.get("loc", [""])[0]) == "path" for error in exc.errors)
    names = ", ".join(sorted({p.param for p in problems}))
    body = ErrorOut(
        detail=_("Ugyldig verdi for parameter: %(names)s.") % {"names": names},
        errors=problems,
    )
    return api.create_response(request, body.model_dump(), status=422 if in_path else 400)
