"""The API's URLs: the ninja routes, and for each of them its form with a trailing slash,
which answers a permanent redirect (301) to the canonical form without one, keeping the
query string. Only real endpoints get a twin, so an unknown path stays a plain 404."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import URLPattern, URLResolver, path

from medvirk.api.router import api


def without_slash(request: HttpRequest, **kwargs: object) -> HttpResponsePermanentRedirect:
    target = request.path.rstrip("/")
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def _slash_twins(patterns: list[URLPattern | URLResolver]) -> list[URLPattern]:
    return [path(f"{p.pattern}/", without_slash) for p in patterns if str(p.pattern)]


_patterns, _app_name, _namespace = api.urls

urlpatterns = [path("", api.urls), *_slash_twins(_patterns)]
