from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from medvirk.common.middleware import public_page


def attach_domain_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a domain function's ValidationError on the form the user filled in."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for item in errors:
                form.add_error(None if target == NON_FIELD_ERRORS else target, item)
    else:
        for message in error.messages:
            form.add_error(None, message)


def page(
    template: str, context: Callable[[], dict[str, Any]] | None = None
) -> Callable[[HttpRequest], HttpResponse]:
    """A page that only shows its template; ``context`` (read per request) may give it
    a few values, such as a setting the text names."""

    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, context() if context is not None else None)

    return view


@public_page
def health(request: HttpRequest) -> HttpResponse:
    """A liveness check that touches nothing (no database, no session, no template).

    Load balancers poll it, and the benchmark uses it as the floor: the cost of
    Django itself, against which every real page is compared."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
