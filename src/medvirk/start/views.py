"""The start page, "Min side": what is next for each role the user holds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from medvirk.common.http import AuthedRequest
from medvirk.start import selectors


@login_required
@require_GET
def start_page(request: AuthedRequest) -> HttpResponse:
    context = selectors.start_sections(request.user, timezone.now())
    return render(request, "start/start_page.html", context)
