"""The secretariat's decision page (oppnevning), its live rule check, the confirmation
step and the result.

The form posts one of four actions: ``check`` (show the rules' findings), ``review`` (the
choices are checked as `decide` would check them; if they pass, a summary asks for
confirmation, with every choice carried in hidden fields), ``edit`` (back from the summary
to the form, choices kept) and ``decide`` (the binding step, only from the summary).
Nothing is written before ``decide`` (WCAG 3.3.4: review, confirm, correct).

The summary carries a signature of the candidates it was built from (``reviewed``); if a
nomination was withdrawn or confirmed since, ``decide`` refuses and shows the form again,
so the group decided is the group reviewed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.appointments import selectors
from medvirk.appointments.domain.decisions import (
    can_decide,
    candidates,
    decide,
    preview,
    review,
)
from medvirk.appointments.forms_decisions import DecisionForm
from medvirk.appointments.models import AppointmentRequest, Decision
from medvirk.arenas.enums import MemberRole
from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors


def _request_or_403(user: Any, pk: int) -> AppointmentRequest:
    request = get_object_or_404(AppointmentRequest.objects.select_related("arena__owner"), pk=pk)
    if not can_decide(user, request):
        raise PermissionDenied
    return request


def _context(request: AppointmentRequest, form: DecisionForm, **extra: Any) -> dict[str, Any]:
    ranks = selectors.recommendation_ranks(request)
    rows = [(n, role, rank, ranks.get(n.pk, [])) for n, role, rank in form.rows()]
    return {
        "appointment_request": request,
        "form": form,
        "rows": rows,
        "not_ready": selectors.nominations_not_ready(request),
        **extra,
    }


def _signature(nominations: list[Any]) -> str:
    """The reviewed candidate set: the sorted pks of the confirmed nominations."""
    return ",".join(str(pk) for pk in sorted(n.pk for n in nominations))


@login_required
def decision(http: AuthedRequest, pk: int) -> HttpResponse:
    request = _request_or_403(http.user, pk)
    if hasattr(request, "decision"):
        return redirect("appointments:decision_result", pk=request.pk)
    nominations = list(candidates(request))
    form = DecisionForm(http.POST or None, nominations=nominations)
    findings = None
    status = 200
    action = http.POST.get("action")
    if http.method == "POST":
        if not form.is_valid():
            status = 422
        elif action == "check":
            findings = preview(request, form.choices())
        elif action == "review":
            reason = form.cleaned_data["dispensation_reason"]
            try:
                findings = review(request, form.choices(), reason)
            except ValidationError as error:
                attach_domain_errors(form, error)
                findings = preview(request, form.choices())
                status = 422
            else:
                return render(
                    http,
                    "appointments/decision_confirm.html",
                    {
                        "appointment_request": request,
                        "form": form,
                        "summary": _summary(form.choices()),
                        "findings": findings,
                        "dispensation": reason if any(f.blocks for f in findings) else "",
                        "reviewed": _signature(nominations),
                    },
                )
        elif action == "decide" and http.POST.get("reviewed") != _signature(nominations):
            form.add_error(
                None, _("Forslagene er endret siden du så over valget. Se over på nytt.")
            )
            findings = preview(request, form.choices())
            status = 422
        elif action == "decide":
            try:
                decide(
                    request,
                    by=http.user,
                    choices=form.choices(),
                    dispensation_reason=form.cleaned_data["dispensation_reason"],
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
                findings = preview(request, form.choices())
                status = 422
            else:
                messages.success(http, _("Oppnevningen er gjort, og alle er varslet."))
                return redirect("appointments:decision_result", pk=request.pk)
    return render(
        http,
        "appointments/decision.html",
        _context(request, form, findings=findings),
        status=status,
    )


def _summary(choices: list[Any]) -> list[tuple[str, list[Any]]]:
    """The chosen nominations grouped by role, in the order the letters name them:
    chair, deputy chair, members, then deputies by rank."""
    headings = [
        (MemberRole.CHAIR, _("Leder")),
        (MemberRole.DEPUTY_CHAIR, _("Nestleder")),
        (MemberRole.MEMBER, _("Medlemmer")),
        (MemberRole.DEPUTY, _("Vararepresentanter, i den rekkefølgen de kalles inn")),
    ]
    groups: list[tuple[str, list[Any]]] = []
    for role, heading in headings:
        chosen = sorted(
            ((n, rank) for n, r, rank in choices if r == role),
            key=lambda pair: (pair[1] or 0, pair[0].person.name),
        )
        if chosen:
            groups.append((heading, chosen))
    return groups


@login_required
@require_POST
def decision_preview(http: AuthedRequest, pk: int) -> HttpResponse:
    """htmx: the rule findings for the choices as they stand (invalid rows are skipped)."""
    request = _request_or_403(http.user, pk)
    form = DecisionForm(http.POST, nominations=list(candidates(request)))
    form.is_valid()
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    findings = preview(request, form.choices())
    return render(
        http,
        "appointments/decision.html#findings",
        {"appointment_request": request, "findings": findings},
    )


@login_required
def decision_result(http: AuthedRequest, pk: int) -> HttpResponse:
    request = _request_or_403(http.user, pk)
    decision = get_object_or_404(Decision.objects.select_related("decided_by"), request=request)
    seats = decision.seats.select_related("nomination__person", "nomination__organisation")
    not_appointed = request.nominations.filter(status="not_appointed").select_related(
        "person", "organisation"
    )
    return render(
        http,
        "appointments/decision_result.html",
        {
            "appointment_request": request,
            "decision": decision,
            "seats": seats,
            "not_appointed": not_appointed,
            "decision_url": reverse("appointments:decision", kwargs={"pk": request.pk}),
        },
    )
