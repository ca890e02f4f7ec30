"""Middleware of our own.

``PrivateCacheMiddleware`` marks every response to a logged-in user
``Cache-Control: private, no-store``: pages for logged-in users may carry personal or
health data, and no browser or proxy cache may keep them. A view that is deliberately
public (the same for everyone, or deciding its own caching per response) opts out
with ``@public_page``. Anonymous responses and static files (served before the
middleware, by nginx or runserver's static handler) are left as they are.

``QueryCountMiddleware`` adds ``X-Query-Count`` (SQL statements the request ran) to
every response when ``MEDVIRK_QUERY_COUNT_HEADER`` is on. The load benchmark
(`make bench`) reads it; it is off by default and costs nothing then.

``MethodNotAllowedPageMiddleware`` is THE way a page answers a GET on a POST-only
address (``@require_POST`` and friends): instead of an empty 405 the person sees
templates/405.html in the site layout, with a way back. The status (405) and the
``Allow`` header stay. htmx requests and the JSON API keep the bare response.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from medvirk.common import cache, logs

PRIVATE_NO_STORE = "private, no-store"

View = TypeVar("View", bound=Callable[..., Any])


def public_page(view: View) -> View:
    """Mark a view as deliberately public: ``PrivateCacheMiddleware`` leaves its
    ``Cache-Control`` alone, also for logged-in users. The view then answers for its
    own caching (a view that may serve confidential content sets no-store itself)."""
    view.medvirk_public_page = True  # type: ignore[attr-defined]
    return view


class PrivateCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if not getattr(user, "is_authenticated", False):
            return response
        if getattr(request, "medvirk_public_page", False):
            return response
        directives = {d.strip().lower() for d in response.get("Cache-Control", "").split(",")}
        if not {"private", "no-store"} <= directives:
            response["Cache-Control"] = PRIVATE_NO_STORE
        return response

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> None:
        if getattr(view_func, "medvirk_public_page", False):
            request.medvirk_public_page = True  # type: ignore[attr-defined]


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not getattr(settings, "MEDVIRK_QUERY_COUNT_HEADER", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        count = 0

        def counter(
            execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
        ) -> Any:
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Query-Count"] = str(count)
        return response


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not isinstance(response, HttpResponseNotAllowed)
            or request.method not in ("GET", "HEAD")
            or request.headers.get("HX-Request")
            or request.path.startswith("/api/")
        ):
            return response
        referer = request.headers.get("Referer", "")
        back = (
            referer
            if referer
            and url_has_allowed_host_and_scheme(
                referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            else ""
        )
        page = render(request, "405.html", {"back_url": back}, status=405)
        page["Allow"] = response["Allow"]
        return page


class CacheVersionsMiddleware:
    """The cache registry's version tokens read once per request
    (:func:`medvirk.common.cache.tokens_per_request`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with cache.tokens_per_request():
            return self.get_response(request)


class PermissionsPolicyMiddleware:
    """``Permissions-Policy`` on every response: the browser features Medvirk never uses
    (camera, microphone, geolocation, payment, usb ...) are denied to every page and
    anything it might embed (settings.MEDVIRK_PERMISSIONS_POLICY)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.policy = settings.MEDVIRK_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestIdMiddleware:
    """THE request id (common/logs.py): a sane incoming ``X-Request-ID`` (from the proxy)
    or a fresh one, bound while the request runs and sent back on the response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with logs.bound_request_id(request.headers.get(logs.HEADER)) as request_id:
            request.request_id = request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
        response[logs.HEADER] = request_id
        return response
