from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.appointments import selectors
from medvirk.appointments.domain.nominations import (
    check_consent_link,
    confirm_trust,
    nominate,
    respond_as_candidate,
    respond_to_consent,
    withdraw_nomination,
)
from medvirk.appointments.domain.recommendations import (
    eligible_nominations,
    save_recommendation,
    submit_recommendation,
)
from medvirk.appointments.domain.requests import (
    cancel_blocker,
    cancel_request,
    close_blocker,
    close_request,
    create_request,
    open_blocker,
    open_request,
)
from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
    NominationStatus,
)
from medvirk.appointments.forms import NominationForm, RecommendationForm, RequestForm
from medvirk.appointments.models import (
    AppointmentRequest,
    Nomination,
    Recommendation,
)
from medvirk.arenas.models import Arena
from medvirk.arenas.rules import managed_service_ids
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation


def _get_request(pk: int) -> AppointmentRequest:
    return get_object_or_404(AppointmentRequest.objects.select_related("arena__owner"), pk=pk)


@login_required
def request_create(request: AuthedRequest) -> HttpResponse:
    arena_pk = request.GET.get("arena", "")
    if not arena_pk.isdigit():
        raise PermissionDenied
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=int(arena_pk))
    if not rules.has_perm("appointments.manage_request", request.user, arena):
        raise PermissionDenied
    form = RequestForm(
        request.POST or None,
        initial={
            "member_seats": arena.members_count,
            "deputy_seats": arena.deputies_count,
            "title": _("Kandidater til %(arena)s") % {"arena": arena.name},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = create_request(
                arena=arena,
                by=request.user,
                data=form.request_data(),
                organisations=form.chosen_organisations(),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Forespørselen er lagret som utkast. Send den når den er klar.")
            )
            return redirect(created)
    return render(
        request,
        "appointments/request_form.html",
        {"form": form, "arena": arena},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def request_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    req = _get_request(pk)
    user = request.user
    if not rules.has_perm("appointments.view_request", user, req):
        raise PermissionDenied
    manager = rules.has_perm("appointments.manage_request", user, req)
    invitations = list(req.invitations.select_related("organisation"))
    nominations = list(selectors.nominations_for_request(user, req, manager))
    mine = admin_organisation_ids(user)
    recommendations = selectors.recommendations_for_request(req, manager, mine)
    is_platform_admin = user.is_platform_admin
    for nomination in nominations:
        own = is_platform_admin or nomination.organisation_id in mine
        nomination.can_confirm = own and nomination.status == NominationStatus.CONSENTED  # type: ignore[attr-defined]
        nomination.can_withdraw = own and nomination.status in OPEN_NOMINATION_STATUSES  # type: ignore[attr-defined]
    live = req.status in LIVE_REQUEST_STATUSES
    umbrellas = [
        i.organisation
        for i in invitations
        if i.organisation.kind == OrganisationKind.UMBRELLA
        and (is_platform_admin or i.organisation.pk in mine)
    ]
    context = {
        "req": req,
        "invitations": invitations,
        "nominations": nominations,
        "recommendations": list(recommendations),
        "manager": manager,
        # The breadcrumbs start at the service's list of requests for its secretariat.
        "service_link": manager and req.arena.owner_id in managed_service_ids(user),
        "can_nominate": rules.has_perm("appointments.nominate", user, req),
        "recommend_umbrellas": umbrellas if live else [],
        "live": live,
    }
    return render(request, "appointments/request_detail.html", context)


def _transition(request: AuthedRequest, pk: int, action: Any, done: str) -> HttpResponse:
    req = _get_request(pk)
    try:
        action(req, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(req)


@require_POST
@login_required
def request_open(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, open_request, _("Forespørselen er sendt til organisasjonene."))


@require_POST
@login_required
def request_close(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, close_request, _("Forespørselen er lukket for nye forslag."))


@require_POST
@login_required
def request_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, cancel_request, _("Forespørselen er avlyst."))


@dataclass(frozen=True)
class _Step:
    """A binding step on a request, asked about on its own page first (WCAG 3.3.4)."""

    title: Any
    consequence: Any
    button: Any
    action: str  # the URL name the confirmed POST goes to
    blocker: Callable[[AppointmentRequest], str | None]  # why the step cannot run now
    danger: bool = False


_STEPS = {
    "open": _Step(
        title=gettext_lazy("Send forespørselen"),
        consequence=gettext_lazy(
            "De inviterte organisasjonene får e-post og kan foreslå kandidater fram til "
            "fristen. Etterpå kan forespørselen ikke endres eller gjøres om til utkast."
        ),
        button=gettext_lazy("Ja, send forespørselen"),
        action="appointments:request_open",
        blocker=open_blocker,
    ),
    "close": _Step(
        title=gettext_lazy("Lukk for nye forslag"),
        consequence=gettext_lazy(
            "Organisasjonene kan ikke lenger foreslå kandidater. Forslagene som er kommet "
            "inn, kan fortsatt oppnevnes. Forespørselen kan ikke åpnes igjen."
        ),
        button=gettext_lazy("Ja, lukk for nye forslag"),
        action="appointments:request_close",
        blocker=close_blocker,
    ),
    "cancel": _Step(
        title=gettext_lazy("Avlys forespørselen"),
        consequence=gettext_lazy(
            "Forslag som er kommet inn, blir ikke behandlet, og forespørselen kan ikke åpnes igjen."
        ),
        button=gettext_lazy("Ja, avlys forespørselen"),
        action="appointments:request_cancel",
        blocker=cancel_blocker,
        danger=True,
    ),
}


def _confirm_step(request: AuthedRequest, pk: int, step: str) -> HttpResponse:
    """Ask before a binding step; the POST goes to the step's own view. A step that no
    cannot run now (the domain's blocker, e.g. the request moved on or its deadline
    passed) says why instead of offering the button."""
    req = _get_request(pk)
    if not rules.has_perm("appointments.manage_request", request.user, req):
        raise PermissionDenied
    chosen = _STEPS[step]
    return render(
        request,
        "appointments/request_confirm.html",
        {
            "req": req,
            "step": chosen,
            "blocker": chosen.blocker(req),
            "action_url": reverse(chosen.action, args=[req.pk]),
        },
    )


@login_required
@require_GET
def request_open_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _confirm_step(request, pk, "open")


@login_required
@require_GET
def request_close_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _confirm_step(request, pk, "close")


@login_required
@require_GET
def request_cancel_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _confirm_step(request, pk, "cancel")


@login_required
def my_requests(request: AuthedRequest) -> HttpResponse:
    """Open requests for the organisations where the user is an administrator."""
    requests = selectors.open_requests_for_admin(request.user)
    return render(request, "appointments/my_requests.html", {"requests": requests})


@login_required
def service_requests(request: AuthedRequest) -> HttpResponse:
    """The secretariat's requests not yet decided, across the arenas of its services: the
    state of each and the next step (the way in from the secretariat's dashboard)."""
    managed = managed_service_ids(request.user)
    if not managed:
        raise PermissionDenied
    rows = selectors.request_rows(Q(arena__owner_id__in=managed), timezone.localdate())
    return render(request, "appointments/service_requests.html", {"rows": rows})


@login_required
def nomination_create(request: AuthedRequest, pk: int) -> HttpResponse:
    req = _get_request(pk)
    if not rules.has_perm("appointments.nominate", request.user, req):
        raise PermissionDenied
    form = NominationForm(
        request.POST or None, organisations=selectors.nominating_organisations(request.user, req)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = nominate(
                request=req,
                by=request.user,
                organisation=data["organisation"],
                person=data.get("person"),
                name=data.get("name") or "",
                email=data.get("email") or "",
                criteria=form.criteria(),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s er foreslått. Kandidaten har fått en e-post for å samtykke.")
                % {"name": nomination.person.name},
            )
            return redirect(req)
    return render(
        request,
        "appointments/nomination_form.html",
        {"form": form, "req": req},
        status=422 if request.method == "POST" else 200,
    )


def _nomination_action(request: AuthedRequest, pk: int, action: Any, done: str) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.select_related("request", "organisation", "person"), pk=pk
    )
    try:
        action(nomination, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"name": nomination.person.name})
    if rules.has_perm("appointments.view_request", request.user, nomination.request):
        return redirect(nomination.request)
    return redirect("start:page")


@require_POST
@login_required
def nomination_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    return _nomination_action(
        request, pk, confirm_trust, _("Tilliten til %(name)s er bekreftet. Forslaget er sendt.")
    )


@login_required
def nomination_withdraw_confirm(request: AuthedRequest, pk: int) -> HttpResponse:
    """Ask before a nomination is withdrawn (the POST goes to `nomination_withdraw`)."""
    nomination = get_object_or_404(
        Nomination.objects.select_related("request__arena", "organisation", "person"), pk=pk
    )
    if not rules.has_perm("appointments.withdraw_nomination", request.user, nomination):
        raise PermissionDenied
    return render(
        request, "appointments/nomination_withdraw_confirm.html", {"nomination": nomination}
    )


@require_POST
@login_required
def nomination_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    return _nomination_action(
        request, pk, withdraw_nomination, _("Forslaget om %(name)s er trukket.")
    )


@login_required
def recommendation_edit(request: AuthedRequest, pk: int, umbrella_pk: int) -> HttpResponse:
    req = _get_request(pk)
    umbrella = get_object_or_404(Organisation, pk=umbrella_pk, kind=OrganisationKind.UMBRELLA)
    user = request.user
    if not rules.has_perm("appointments.recommend", user, req) or not (
        user.is_platform_admin or umbrella.pk in admin_organisation_ids(user)
    ):
        raise PermissionDenied
    existing = selectors.recommendation_of(req, umbrella)
    current = (
        {e.nomination_id: (e.rank, e.justification) for e in existing.entries.all()}
        if existing
        else {}
    )
    form = RecommendationForm(
        request.POST or None,
        nominations=eligible_nominations(req, umbrella),
        current=current,
        initial={"summary": existing.summary if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            save_recommendation(
                request=req,
                by=user,
                umbrella=umbrella,
                entries=form.entries(),
                summary=form.cleaned_data.get("summary") or "",
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Innstillingen er lagret. Send den når den er klar."))
            return redirect(req)
    return render(
        request,
        "appointments/recommendation_form.html",
        {
            "form": form,
            "req": req,
            "umbrella": umbrella,
            "submitted": bool(existing and existing.submitted_at),
        },
        status=422 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def recommendation_submit(request: AuthedRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.select_related("request__arena__owner", "umbrella"), pk=pk
    )
    try:
        submit_recommendation(recommendation, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Innstillingen er sendt til sekretariatet."))
    return redirect(recommendation.request)


def consent(request: Request, pk: int, token: str) -> HttpResponse:
    """The candidate's page from the e-mailed link: consent or decline, no login needed."""
    error: str = ""
    nomination: Nomination | None = None
    try:
        nomination = check_consent_link(pk, token)
    except ValidationError as invalid:
        error = " ".join(invalid.messages)
    if nomination is not None and request.method == "POST":
        answer = request.POST.get("answer")
        if answer in ("yes", "no"):
            try:
                done = respond_to_consent(pk=pk, token=token, accept=answer == "yes")
            except ValidationError as invalid:
                error = " ".join(invalid.messages)
            else:
                return render(
                    request,
                    "appointments/consent_done.html",
                    {"nomination": done, "accepted": done.status == NominationStatus.CONSENTED},
                )
        else:
            error = _("Velg om du samtykker eller takker nei.")
    status = 200
    if nomination is None:
        status = 404
    elif error:
        status = 422
    return render(
        request,
        "appointments/consent.html",
        {"nomination": nomination, "error": error},
        status=status,
    )


@login_required
@require_POST
def consent_as_candidate(request: AuthedRequest, pk: int) -> HttpResponse:
    """The candidate answers a nomination from "Mine oppdrag" (logged in)."""
    nomination = get_object_or_404(
        Nomination.objects.select_related("person", "request", "organisation"), pk=pk
    )
    accept = request.POST.get("answer") == "yes"
    try:
        respond_as_candidate(nomination, by=request.user, accept=accept)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if accept:
            messages.success(request, _("Takk! Organisasjonen kan nå bekrefte forslaget."))
        else:
            messages.success(request, _("Du har takket nei. Organisasjonen har fått beskjed."))
    return redirect("people:mine")
