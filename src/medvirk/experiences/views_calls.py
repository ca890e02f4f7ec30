"""The pages that run a call: the organisation's calls, a call's page for its
moderators, creating, changing and publishing it, and its QR code and poster."""

from __future__ import annotations

import functools

import qrcode
import qrcode.image.svg
import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.experiences.domain.answers import call_state
from medvirk.experiences.domain.calls import create_call, publish_call, update_call
from medvirk.experiences.forms_calls import CallForm
from medvirk.experiences.models import ExperienceCall
from medvirk.experiences.selectors import call_with_counts, calls_of_organisation


def short_url(call: ExperienceCall) -> str:
    """The call's short address, as printed on the poster: https://host/i/<code>."""
    return settings.SITE_URL.rstrip("/") + reverse("experience_short", args=[call.code])


def _call_for(
    request: AuthedRequest, pk: int, perm: str = "experiences.change_call"
) -> ExperienceCall:
    call = call_with_counts(pk)
    if call is None:
        raise Http404
    if not rules.has_perm(perm, request.user, call):
        raise PermissionDenied
    return call


@login_required
def organisation_calls(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("experiences.add_call", request.user, organisation):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [(call, call_state(call, today)) for call in calls_of_organisation(organisation)]
    return render(
        request,
        "experiences/call_list.html",
        {"organisation": organisation, "rows": rows},
    )


@login_required
def call_create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("experiences.add_call", request.user, organisation):
        raise PermissionDenied
    form = CallForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            call = create_call(organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Innspillsrunden er lagret. Den er ikke publisert ennå: les over, og publiser."),
            )
            return redirect(call)
    return render(
        request,
        "experiences/call_form.html",
        {"form": form, "organisation": organisation, "call": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def call_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "experiences.moderate_call")
    return render(
        request,
        "experiences/call_detail.html",
        {
            "call": call,
            "organisation": call.organisation,
            "state": call_state(call, timezone.localdate()),
            "public_url": settings.SITE_URL.rstrip("/") + call.get_public_url(),
            "short_url": short_url(call),
            "can_change": rules.has_perm("experiences.change_call", request.user, call),
        },
    )


@login_required
def call_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk)
    form = CallForm(
        request.POST or None, organisation=call.organisation, initial=CallForm.initial_for(call)
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_call(call, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(call)
    return render(
        request,
        "experiences/call_form.html",
        {"form": form, "organisation": call.organisation, "call": call},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def call_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """Confirm, then publish (binding: the link starts working on the opening date)."""
    call = _call_for(request, pk)
    error = ""
    if request.method == "POST":
        try:
            publish_call(call, by=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(request, _("Innspillsrunden er publisert."))
            return redirect(call)
    return render(
        request,
        "experiences/call_publish.html",
        {
            "call": call,
            "organisation": call.organisation,
            "error": error,
            "short_url": short_url(call),
        },
        status=422 if error else 200,
    )


@functools.lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """The QR code of ``url`` as SVG: depends on nothing else, so it is drawn once per
    process and address (drawing it took 50-80 ms)."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        box_size=10,
        border=2,
    )
    return str(image.to_string(encoding="unicode"))


@login_required
def call_qr(request: AuthedRequest, pk: int) -> HttpResponse:
    """The short address as a QR code (SVG), for the poster and for download."""
    call = _call_for(request, pk, "experiences.moderate_call")
    response = HttpResponse(qr_svg(short_url(call)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="innspill-{call.code}.svg"'
    return response


@login_required
def call_poster(request: AuthedRequest, pk: int) -> HttpResponse:
    call = _call_for(request, pk, "experiences.moderate_call")
    return render(
        request,
        "experiences/call_poster.html",
        {"call": call, "organisation": call.organisation, "short_url": short_url(call)},
    )
