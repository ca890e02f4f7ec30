"""From advice to change: the advice's case number and final decision (recorded by
whoever may answer it), the decision's document, and the import of final decisions from
a service's case system (upload → the check's report → apply), run by the task worker
(``followup/domain/decision_imports.py``). While a job waits or runs, its page polls
itself with htmx every two seconds, and has an "Oppdater" link that does the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest, Request
from medvirk.common.middleware import public_page
from medvirk.common.views import attach_domain_errors
from medvirk.directory.enums import ImportMode, ImportStatus
from medvirk.directory.models import Organisation
from medvirk.followup import visibility
from medvirk.followup.domain.advice import can_view
from medvirk.followup.domain.decision_imports import (
    COLUMNS,
    OUTCOME_VALUES,
    can_import,
    report_of,
    request_apply,
    start_decision_import,
)
from medvirk.followup.domain.final_decisions import (
    can_record,
    record_final_decision,
    remove_final_decision,
    set_case_reference,
)
from medvirk.followup.enums import DecisionOutcome
from medvirk.followup.forms_decisions import (
    CaseReferenceForm,
    DecisionImportForm,
    FinalDecisionForm,
)
from medvirk.followup.models import Advice, DecisionImport, FinalDecision
from medvirk.meetings.domain.documents import CONTENT_TYPES

EXAMPLE = Path(__file__).resolve().parent / "data" / "decisions_example.csv"
JOB_TEMPLATE = "followup/decision_import_job.html"


def _advice(user: Any, pk: int) -> Advice:
    """The advice the user may record a decision on (404 if unseen, 403 if not theirs)."""
    advice = get_object_or_404(
        visibility.visible_advice(user).select_related("arena__owner", "final_decision"),
        pk=pk,
    )
    if not can_view(user, advice):
        raise Http404
    if not can_record(user, advice):
        raise PermissionDenied
    return advice


def _decision_of(advice: Advice) -> FinalDecision | None:
    try:
        return advice.final_decision
    except FinalDecision.DoesNotExist:
        return None


def _render_page(
    request: AuthedRequest,
    advice: Advice,
    *,
    reference_form: CaseReferenceForm | None = None,
    decision_form: FinalDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    decision = _decision_of(advice)
    if reference_form is None:
        reference_form = CaseReferenceForm(
            initial={
                "service_case_number": advice.service_case_number,
                "deciding_body": advice.deciding_body,
            }
        )
    if decision_form is None:
        initial: dict[str, Any] = {"decided_on": timezone.localdate()}
        if decision is not None:
            initial = {
                "decided_on": decision.decided_on,
                "outcome": decision.outcome,
                "summary": decision.summary,
                "link": decision.link,
            }
        decision_form = FinalDecisionForm(initial=initial)
    return render(
        request,
        "followup/final_decision.html",
        {
            "advice": advice,
            "arena": advice.arena,
            "decision": decision,
            "reference_form": reference_form,
            "decision_form": decision_form,
            "may_import": can_import(request.user, advice.arena.owner),
        },
        status=status,
    )


@login_required
def final_decision(request: AuthedRequest, pk: int) -> HttpResponse:
    """The advice's case number and final decision: the forms, and recording it."""
    advice = _advice(request.user, pk)
    if request.method != "POST":
        return _render_page(request, advice)
    form = FinalDecisionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_final_decision(
                advice,
                by=request.user,
                decided_on=data["decided_on"],
                outcome=data["outcome"],
                summary=data.get("summary") or "",
                link=data.get("link") or "",
                document=data.get("document"),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Det endelige vedtaket er registrert på rådet."))
            return redirect(advice)
    return _render_page(request, advice, decision_form=form, status=422)


@login_required
@require_POST
def case_reference(request: AuthedRequest, pk: int) -> HttpResponse:
    advice = _advice(request.user, pk)
    form = CaseReferenceForm(request.POST)
    if form.is_valid():
        try:
            set_case_reference(advice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Saksnummeret og vedtaksorganet er lagret."))
            return redirect("followup:final_decision", pk=advice.pk)
    return _render_page(request, advice, reference_form=form, status=422)


@login_required
@require_POST
def final_decision_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    advice = _advice(request.user, pk)
    if remove_final_decision(advice, by=request.user):
        messages.success(request, _("Det endelige vedtaket er fjernet fra rådet."))
    return redirect(advice)


@public_page
def decision_document(request: Request, pk: int) -> FileResponse:
    """The decision's document, where the advice is visible to the user (public advice's
    document is public; the rest is sent with no-store)."""
    decision = get_object_or_404(
        FinalDecision.objects.select_related("advice__arena__owner"),
        pk=pk,
        advice__in=visibility.visible_advice(request.user),
    )
    if not can_view(request.user, decision.advice) or not decision.document:
        raise Http404
    try:
        handle = decision.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = decision.document_name or (decision.document.name or "vedtak").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    download = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    download["X-Content-Type-Options"] = "nosniff"
    download["Cache-Control"] = "private" if decision.advice.is_public else "private, no-store"
    return download


# --- Import ------------------------------------------------------------------------------


def _service(request: AuthedRequest, org_pk: int) -> Organisation:
    service = get_object_or_404(Organisation, pk=org_pk)
    if not can_import(request.user, service):
        raise PermissionDenied
    return service


@login_required
def decision_import_upload(request: AuthedRequest, org_pk: int) -> HttpResponse:
    service = _service(request, org_pk)
    form = DecisionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = start_decision_import(
                service,
                by=request.user,
                filename=form.cleaned_data["file"].name,
                raw=form.raw,
                language=get_language() or "",
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            return redirect("followup:decision_import", token=job.token)
    aliases: dict[str, list[str]] = {}
    for word, outcome in OUTCOME_VALUES.items():
        if word != outcome:
            aliases.setdefault(outcome, []).append(word)
    return render(
        request,
        "followup/decision_import_upload.html",
        {
            "service": service,
            "form": form,
            "columns": COLUMNS,
            "outcomes": [
                (value, label, aliases.get(value, [])) for value, label in DecisionOutcome.choices
            ],
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def decision_import_example(request: AuthedRequest, org_pk: int) -> HttpResponse:
    _service(request, org_pk)
    return HttpResponse(
        EXAMPLE.read_bytes(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="medvirk-vedtak-eksempel.csv"'},
    )


def _job(request: AuthedRequest, token: str) -> DecisionImport:
    job = get_object_or_404(DecisionImport.objects.select_related("service"), token=token)
    if not rules.has_perm("followup.run_decision_import", request.user, job):
        raise Http404  # another user's upload: its file is theirs alone
    return job


@login_required
def decision_import(request: AuthedRequest, token: str) -> HttpResponse:
    """The job's page (the check's report, or the real run's result); for htmx's
    polling, its changing part only."""
    job = _job(request, token)
    report = None if job.is_active or job.status == ImportStatus.FAILED else report_of(job)
    context = {
        "job": job,
        "service": job.service,
        "report": report,
        "is_apply": job.mode == ImportMode.APPLY,
        "status_changed": request.GET.get("seen") != job.status,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, f"{JOB_TEMPLATE}#job", context)
    else:
        response = render(request, JOB_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def decision_import_apply(request: AuthedRequest, token: str) -> HttpResponse:
    job = _job(request, token)
    if not request_apply(job, by=request.user):
        messages.warning(
            request, _("Filen er allerede importert, eller kontrollen er ikke ferdig.")
        )
    return redirect("followup:decision_import", token=job.token)
