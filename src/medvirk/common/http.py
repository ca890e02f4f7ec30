"""Request types for views, so mypy knows what middleware has attached."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from medvirk.accounts.models import User


class Request(HttpRequest):
    """Any request: `htmx` comes from django-htmx's middleware."""

    htmx: HtmxDetails


class AuthedRequest(Request):
    """A request behind `login_required`: `user` is a real User."""

    user: User  # type: ignore[assignment]
