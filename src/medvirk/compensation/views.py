"""Compensation pages: "Mine krav", a claim (the claimant's lines and the approver's
decision), receipts, the approval queue, payment details and the payroll export."""

from __future__ import annotations

import datetime
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.bounds import parse_year
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.compensation import exports, selectors
from medvirk.compensation.domain import claims as claim_domain
from medvirk.compensation.domain.payment import read_payment_details, save_payment_details
from medvirk.compensation.domain.payroll import export_period, pay_rows
from medvirk.compensation.enums import CLAIMANT_KINDS
from medvirk.compensation.forms import (
    AllowanceForm,
    DecisionForm,
    ExportForm,
    LostEarningsForm,
    PaymentDetailsForm,
    SendBackForm,
    TravelForm,
)
from medvirk.compensation.models import ClaimLine, PayrollExport, Receipt
from medvirk.directory.models import Organisation
from medvirk.meetings.domain.attendance import person_of

MINE_PAGE_SIZE = 20  # newest first: the drafts to finish are on the first page


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    person = person_of(request.user)
    page = None
    if person is not None:
        claim_domain.ensure_draft_claims(person)
        page = Paginator(selectors.claims_of(person), MINE_PAGE_SIZE).get_page(
            request.GET.get("side")
        )
    return render(
        request,
        "compensation/mine.html",
        {
            "person": person,
            "page": page,
            "claims": page.object_list if page is not None else [],
            "may_approve": rules.has_perm("compensation.view_approval_queue", request.user),
            "payroll": selectors.payroll_organisations(request.user),
        },
    )


def _claim(request: AuthedRequest, pk: int) -> Any:
    claim = selectors.claim_detail(pk)
    if claim is None or not rules.has_perm("compensation.view_claim", request.user, claim):
        raise Http404
    return claim


def _claim_page(
    request: AuthedRequest, claim: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    user = request.user
    may_edit = rules.has_perm("compensation.edit_claim", user, claim)
    may_decide = rules.has_perm("compensation.decide_claim", user, claim)
    lines = list(claim.lines.all())
    context = {
        "claim": claim,
        "lines": lines,
        "claimant_kinds": CLAIMANT_KINDS,
        "may_edit": may_edit,
        "may_decide": may_decide,
        "may_correct": rules.has_perm("compensation.correct_claim", user, claim)
        and not hasattr(claim, "correction"),
        "is_claimant": claim.person.user_id == user.pk,
    }
    if may_edit:
        context["travel_form"] = forms.get("travel_form") or TravelForm()
        context["lost_form"] = forms.get("lost_form") or LostEarningsForm()
        if claim_domain.pays_allowances(claim):
            context["allowance_form"] = forms.get("allowance_form") or AllowanceForm()
    if may_decide:
        context["decision_form"] = forms.get("decision_form") or DecisionForm(lines=lines)
        context["send_back_form"] = forms.get("send_back_form") or SendBackForm()
    if forms.get("error"):
        context["error"] = forms["error"]
    return render(request, "compensation/claim.html", context, status=status)


@login_required
def claim(request: AuthedRequest, pk: int) -> HttpResponse:
    return _claim_page(request, _claim(request, pk))


def _add_line(
    request: AuthedRequest,
    pk: int,
    form_class: type[Any],
    context_name: str,
    add: Any,
    done: str,
) -> HttpResponse:
    """The claimant adds a line (travel, lost earnings, allowance): the form collects,
    the domain function ``add(claim, by=..., **cleaned_data)`` decides."""
    found = _claim(request, pk)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            add(found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # about the claim, not a field
                return _claim_page(request, found, status=422, error=" ".join(error.messages))
            attach_domain_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(found.get_absolute_url())
    return _claim_page(request, found, status=422, **{context_name: form})


@login_required
@require_POST
def add_travel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _add_line(
        request, pk, TravelForm, "travel_form", claim_domain.add_travel, _("Reisen er lagt til.")
    )


@login_required
@require_POST
def add_lost_earnings(request: AuthedRequest, pk: int) -> HttpResponse:
    return _add_line(
        request,
        pk,
        LostEarningsForm,
        "lost_form",
        claim_domain.add_lost_earnings,
        _("Tapt arbeidsinntekt er lagt til."),
    )


@login_required
@require_POST
def add_allowance(request: AuthedRequest, pk: int) -> HttpResponse:
    return _add_line(
        request,
        pk,
        AllowanceForm,
        "allowance_form",
        claim_domain.add_allowance,
        _("Kostgodtgjøringen er lagt til."),
    )


@login_required
@require_POST
def remove_line(request: AuthedRequest, pk: int, line_pk: int) -> HttpResponse:
    found = _claim(request, pk)
    line = get_object_or_404(ClaimLine, pk=line_pk, claim=found)
    claim_domain.remove_line(line, by=request.user)
    messages.success(request, _("Linjen er fjernet."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def set_digital(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _claim(request, pk)
    claim_domain.set_digital(found, by=request.user, digital=request.POST.get("digital") == "1")
    messages.success(request, _("Oppmøtet er endret."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def submit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _claim(request, pk)
    try:
        claim_domain.submit_claim(found, by=request.user)
    except ValidationError as error:
        return _claim_page(request, found, status=422, error=" ".join(error.messages))
    messages.success(request, _("Kravet er sendt til godkjenning."))
    return redirect(found.get_absolute_url())


@login_required
@require_POST
def decide(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _claim(request, pk)
    if not rules.has_perm("compensation.decide_claim", request.user, found):
        raise PermissionDenied
    lines = list(found.lines.all())
    if request.POST.get("action") == "send_back":
        send_back_form = SendBackForm(request.POST)
        if send_back_form.is_valid():
            claim_domain.decide_claim(
                found, by=request.user, send_back=send_back_form.cleaned_data["reason"]
            )
            messages.success(request, _("Kravet er sendt tilbake."))
            return redirect("compensation:queue")
        return _claim_page(request, found, status=422, send_back_form=send_back_form)
    form = DecisionForm(request.POST, lines=lines)
    if form.is_valid():
        try:
            claim_domain.decide_claim(found, by=request.user, rejected=form.rejected())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Kravet er godkjent."))
            return redirect("compensation:queue")
    return _claim_page(request, found, status=422, decision_form=form)


@login_required
@require_POST
def correct(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _claim(request, pk)
    try:
        correction = claim_domain.start_correction(found, by=request.user)
    except ValidationError as error:
        return _claim_page(request, found, status=422, error=" ".join(error.messages))
    messages.success(request, _("Rettingen er opprettet. Legg til det som manglet, og send den."))
    return redirect(correction.get_absolute_url())


@login_required
def receipt(request: AuthedRequest, pk: int) -> FileResponse:
    found = get_object_or_404(Receipt.objects.select_related("line__claim__meeting"), pk=pk)
    if not rules.has_perm("compensation.view_claim", request.user, found.line.claim):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.original_name,
        content_type=content_type.get(found.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def queue(request: AuthedRequest) -> HttpResponse:
    if not rules.has_perm("compensation.view_approval_queue", request.user):
        raise PermissionDenied
    return render(
        request,
        "compensation/queue.html",
        {"claims": list(selectors.approval_queue(request.user))},
    )


@login_required
def payment_details(request: AuthedRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None or not rules.has_perm(
        "compensation.manage_payment_details", request.user, person
    ):
        raise PermissionDenied
    form = PaymentDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_payment_details(
                person,
                by=request.user,
                nin=form.cleaned_data["nin"],
                account=form.cleaned_data["account"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Betalingsopplysningene er lagret."))
            return redirect("compensation:payment_details")
    clear = None
    if request.method == "GET" and request.GET.get("vis") == "1":
        clear = read_payment_details(person, by=request.user, purpose="own_page")
    return render(
        request,
        "compensation/payment_details.html",
        {"form": form, "hints": selectors.payment_hints(person), "clear": clear},
        status=422 if request.method == "POST" else 200,
    )


def _payroll_organisation(request: AuthedRequest, pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=pk)
    if not rules.has_perm("compensation.export_payroll", request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def payroll(request: AuthedRequest, pk: int) -> HttpResponse:
    organisation = _payroll_organisation(request, pk)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    form = ExportForm(
        request.POST or None,
        initial={"period_start": yesterday.replace(day=1), "period_end": yesterday},
    )
    if request.method == "POST" and form.is_valid():
        try:
            export = export_period(
                organisation,
                by=request.user,
                start=form.cleaned_data["period_start"],
                end=form.cleaned_data["period_end"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Perioden er eksportert og kravene merket som utbetalt."))
            return redirect(f"{request.path}#eksport-{export.pk}")
    year = parse_year(request.GET.get("ar"), timezone.localdate().year)
    return render(
        request,
        "compensation/payroll.html",
        {
            "organisation": organisation,
            "form": form,
            "unpaid": list(selectors.unpaid_approved(organisation)),
            "exports": list(selectors.exports_of(organisation)),
            "year": year,
            "totals": selectors.yearly_totals(organisation, year),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def export_file(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in {"csv", "xlsx"}:
        raise Http404
    export = get_object_or_404(PayrollExport.objects.select_related("organisation"), pk=pk)
    _payroll_organisation(request, export.organisation_id)
    scheme = selectors.scheme_of(export.organisation)
    columns = exports.columns_of(scheme.columns if scheme else None)
    rows = pay_rows(export, by=request.user)
    name = f"lonn-{export.period_start.isoformat()}-{export.period_end.isoformat()}"
    if kind == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(rows, columns),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = HttpResponse(
            exports.csv_bytes(rows, columns), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response
