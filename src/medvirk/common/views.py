from __future__ import annotations

from collections.abc import Callable

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


def page(template: str) -> Callable[[HttpRequest], HttpResponse]:
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)

    return view


@public_page
def health(request: HttpRequest) -> HttpResponse:
    """A liveness check that touches nothing (no database, no session, no template).

    Load balancers poll it, and the benchmark uses it as the floor: the cost of
    Django itself, against which every real page is compared."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response
