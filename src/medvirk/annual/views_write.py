"""The writing pages: create a report, write it (preface, highlights), send it for
comments, comment, approve, publish, unpublish and revise. Each calls one domain function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from medvirk.annual import selectors
from medvirk.annual.domain.reports import (
    approve_report,
    comment_on_report,
    create_report,
    publish_report,
    revise_report,
    send_for_comments,
    unpublish_report,
    update_report,
)
from medvirk.annual.forms import (
    CommentForm,
    CreateReportForm,
    EditReportForm,
    ReviseForm,
    SendForm,
)
from medvirk.annual.models import AnnualReport
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation


def _managed(request: AuthedRequest, pk: int) -> AnnualReport:
    report = selectors.report_by_pk(pk)
    if report is None:
        raise PermissionDenied
    if not rules.has_perm("annual.manage_report", request.user, report):
        raise PermissionDenied
    return report


@login_required
def report_create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    service = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("annual.add_report", request.user, service):
        raise PermissionDenied
    arenas = selectors.arenas_of_service(service.pk)
    initial = {"year": timezone.localdate().year - 1, "language": "nb"}
    form = CreateReportForm(request.POST or None, arenas=arenas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = create_report(
                by=request.user,
                service=service,
                arena=form.cleaned_data["arena"],
                year=form.cleaned_data["year"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Årsmeldingen er laget. Skriv forord og velg saker å trekke fram.")
            )
            return redirect(report)
    return render(request, "annual/report_create.html", {"service": service, "form": form})


@login_required
def report_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    # Only what the form shows: a busy council's year is 250 items with long descriptions.
    items = list(
        selectors.candidate_items(report).only(
            "pk", "number", "year", "title", "is_closed", "meeting__starts_at"
        )
    )
    chosen = {h.item_id: h.note for h in report.highlights.all()}
    initial: dict[str, Any] = {"preface": report.preface, "language": report.language}
    for item_id, note in chosen.items():
        initial[f"item_{item_id}"] = True
        initial[f"note_{item_id}"] = note
    form = EditReportForm(request.POST or None, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_report(
                report,
                by=request.user,
                preface=form.cleaned_data["preface"],
                language=form.cleaned_data["language"],
                highlights=form.highlights(),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Utkastet er lagret."))
            return redirect(report)
    return render(request, "annual/report_edit.html", {"report": report, "form": form})


@login_required
def report_send(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = send_for_comments(
                report, by=request.user, comment_deadline=form.cleaned_data["comment_deadline"]
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Årsmeldingen er sendt til merknader. %(count)s medlem fikk e-post.",
                    "Årsmeldingen er sendt til merknader. %(count)s medlemmer fikk e-post.",
                    count,
                )
                % {"count": count},
            )
            return redirect(report)
    return render(request, "annual/report_send.html", {"report": report, "form": form})


@login_required
def report_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    """A confirmation page; the POST approves."""
    report = _managed(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            version = approve_report(report, by=request.user)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(
                request,
                _("Årsmeldingen er godkjent som versjon %(number)s.") % {"number": version.number},
            )
            return redirect(report)
    return render(request, "annual/report_approve.html", {"report": report, "errors": errors})


@login_required
def report_revise(request: AuthedRequest, pk: int) -> HttpResponse:
    report = _managed(request, pk)
    form = ReviseForm(request.POST or None, initial={"preface": report.preface})
    if request.method == "POST" and form.is_valid():
        try:
            version = revise_report(
                report,
                by=request.user,
                preface=form.cleaned_data["preface"],
                change_note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Versjon %(number)s er godkjent.") % {"number": version.number}
            )
            return redirect(report)
    return render(request, "annual/report_revise.html", {"report": report, "form": form})


def _post_action(
    request: AuthedRequest, pk: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    report = _managed(request, pk)
    try:
        action(report, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(report)


@require_POST
@login_required
def report_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, publish_report, _("Årsmeldingen er publisert."))


@require_POST
@login_required
def report_unpublish(request: AuthedRequest, pk: int) -> HttpResponse:
    return _post_action(
        request, pk, unpublish_report, _("Årsmeldingen er tatt ut av det offentlige arkivet.")
    )


@require_POST
@login_required
def report_comment(request: AuthedRequest, pk: int) -> HttpResponse:
    report = selectors.report_by_pk(pk)
    if report is None or not rules.has_perm("annual.view_report", request.user, report):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment_on_report(report, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Takk! Merknaden er sendt til sekretariatet."))
            return redirect(report)
    return render(request, "annual/report_comment.html", {"report": report, "form": form})
