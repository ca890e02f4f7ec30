"""The planning pages: the service's overview, the arena chooser (three steps and a
recommendation, each its own GET/POST page, the answers kept in the session) and the
routine for user involvement (edit, publish, read)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.planning import selectors
from medvirk.planning.domain.chooser import create_draft_arena
from medvirk.planning.domain.routines import publish_routine, save_routine, starting_text
from medvirk.planning.forms import STEP_FORMS, DraftArenaForm, RoutineForm
from medvirk.planning.models import RoutineVersion
from medvirk.planning.recommend import ANSWER_FIELDS, Answers, recommend
from medvirk.planning.routine_template import SECTION_FIELDS, SECTIONS

STEPS = tuple(STEP_FORMS)


def _service(org_pk: int) -> Organisation:
    return get_object_or_404(Organisation, pk=org_pk, kind=OrganisationKind.SERVICE)


def _planned_service(request: AuthedRequest, org_pk: int, perm: str) -> Organisation:
    service = _service(org_pk)
    if not rules.has_perm(perm, request.user, service):
        raise PermissionDenied
    return service


def _session_key(service: Organisation) -> str:
    return f"planning:chooser:{service.pk}"


def _answers(request: HttpRequest, service: Organisation) -> dict[str, str]:
    return dict(request.session.get(_session_key(service), {}))


def _missing_step(answers: dict[str, str]) -> int | None:
    """The first step with an answer missing."""
    for step, form_class in STEP_FORMS.items():
        form = form_class(data=answers)
        if not form.is_valid():
            return step
    return None


@login_required
def service(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _planned_service(request, org_pk, "planning.plan_involvement")
    return render(
        request,
        "planning/service.html",
        {
            "service": organisation,
            "versions": list(selectors.versions(organisation, public_only=False)),
            "has_answers": bool(_answers(request, organisation)),
        },
    )


@login_required
def chooser_step(request: AuthedRequest, org_pk: int, step: int) -> HttpResponse:
    organisation = _planned_service(request, org_pk, "planning.plan_involvement")
    if step not in STEP_FORMS:
        raise Http404
    answers = _answers(request, organisation)
    form_class = STEP_FORMS[step]
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            answers.update(form.cleaned_data)
            request.session[_session_key(organisation)] = answers
            if step < STEPS[-1]:
                return redirect("planning:chooser_step", org_pk=organisation.pk, step=step + 1)
            return redirect("planning:chooser_result", org_pk=organisation.pk)
        status = 422
    else:
        form = form_class(initial=answers)
        status = 200
    return render(
        request,
        "planning/chooser_step.html",
        {
            "service": organisation,
            "form": form,
            "step": step,
            "steps": len(STEPS),
            "previous": step - 1 if step > 1 else None,
        },
        status=status,
    )


@login_required
@require_POST
def chooser_reset(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _planned_service(request, org_pk, "planning.plan_involvement")
    request.session.pop(_session_key(organisation), None)
    return redirect("planning:chooser_step", org_pk=organisation.pk, step=1)


@login_required
def chooser_result(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _planned_service(request, org_pk, "planning.plan_involvement")
    stored = _answers(request, organisation)
    given = {name: request.GET[name] for name in ANSWER_FIELDS if name in request.GET}
    if Answers.from_dict(given) is not None:
        # A link to the recommendation (the page offers one to share in the service).
        stored = given
        request.session[_session_key(organisation)] = stored
    missing = _missing_step(stored)
    answers = Answers.from_dict(stored)
    if missing is not None or answers is None:
        return redirect("planning:chooser_step", org_pk=organisation.pk, step=missing or 1)
    kinds = selectors.existing_kinds(organisation)
    recommendation = recommend(
        answers, service_kind=organisation.service_kind, existing_kinds=kinds
    )
    status = 200
    if request.method == "POST":
        form = DraftArenaForm(request.POST)
        if form.is_valid():
            try:
                arena = create_draft_arena(
                    organisation,
                    by=request.user,
                    answers=answers,
                    name=form.cleaned_data["name"],
                    existing_kinds=kinds,
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                request.session.pop(_session_key(organisation), None)
                messages.success(
                    request,
                    _(
                        "Utkastet til arena er opprettet. Det er ikke offentlig før du gjør "
                        "det offentlig under «Rediger arenaen»."
                    ),
                )
                return redirect(arena.get_absolute_url())
        status = 422
    else:
        name = ""
        if recommendation.kind:
            name = _("%(kind)s i %(service)s") % {
                "kind": recommendation.kind_label,
                "service": organisation.name,
            }
        form = DraftArenaForm(initial={"name": name})
    labels = {
        name: field.choices  # type: ignore[attr-defined]
        for step_form in STEP_FORMS.values()
        for name, field in step_form.base_fields.items()
    }
    summary = [
        (field.label, dict(labels[name]).get(stored[name], ""))
        for step_form in STEP_FORMS.values()
        for name, field in step_form.base_fields.items()
    ]
    return render(
        request,
        "planning/chooser_result.html",
        {
            "service": organisation,
            "recommendation": recommendation,
            "summary": summary,
            "form": form,
            "share_query": urlencode({name: stored[name] for name in ANSWER_FIELDS}),
            "can_create": recommendation.kind is not None
            and rules.has_perm("arenas.add_arena", request.user, organisation),
        },
        status=status,
    )


def _sections(version: RoutineVersion) -> list[dict[str, Any]]:
    """The version's sections, each marked when it differs from the version before."""
    before = selectors.previous(version)
    return [
        {
            "heading": section.heading,
            "text": getattr(version, section.field),
            "changed_since": before.number
            if before is not None
            and getattr(before, section.field) != getattr(version, section.field)
            else None,
        }
        for section in SECTIONS
    ]


def routine(request: HttpRequest, org_pk: int) -> HttpResponse:
    """The service's published routine, for everyone (a short note while none is: the
    directory's page of every public service links here)."""
    organisation = _service(org_pk)
    current = selectors.published(organisation)
    keeper = rules.has_perm("planning.change_routine", request.user, organisation)
    return render(
        request,
        "planning/routine.html",
        {
            "service": organisation,
            "version": current,
            "sections": _sections(current) if current is not None else [],
            "versions": list(selectors.versions(organisation, public_only=not keeper)),
            "keeper": keeper,
            "is_current_page": True,
        },
    )


def routine_version(request: HttpRequest, org_pk: int, number: int) -> HttpResponse:
    organisation = _service(org_pk)
    version = get_object_or_404(RoutineVersion, service=organisation, number=number)
    if not rules.has_perm("planning.view_routine_version", request.user, version):
        raise Http404
    keeper = rules.has_perm("planning.change_routine", request.user, organisation)
    return render(
        request,
        "planning/routine.html",
        {
            "service": organisation,
            "version": version,
            "sections": _sections(version),
            "versions": list(selectors.versions(organisation, public_only=not keeper)),
            "keeper": keeper,
            "is_current_page": False,
        },
    )


@login_required
def routine_edit(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organisation = _planned_service(request, org_pk, "planning.change_routine")
    draft = selectors.draft(organisation)
    if request.method == "POST":
        form = RoutineForm(request.POST)
        if form.is_valid():
            try:
                saved = save_routine(
                    organisation,
                    by=request.user,
                    change_note=form.cleaned_data["change_note"],
                    **{field: form.cleaned_data[field] for field in SECTION_FIELDS},
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Utkastet til versjon %(number)s er lagret.") % {"number": saved.number},
                )
                return redirect("planning:routine_publish", org_pk=organisation.pk)
        status = 422
    else:
        if draft is not None:
            initial = {field: getattr(draft, field) for field in SECTION_FIELDS}
            initial["change_note"] = draft.change_note
        else:
            initial = dict(starting_text(organisation))
        form = RoutineForm(initial=initial)
        status = 200
    return render(
        request,
        "planning/routine_edit.html",
        {
            "service": organisation,
            "form": form,
            "draft": draft,
            "published": selectors.published(organisation),
        },
        status=status,
    )


@login_required
def routine_publish(request: AuthedRequest, org_pk: int) -> HttpResponse:
    """The draft as it will read, and the button that publishes it."""
    organisation = _planned_service(request, org_pk, "planning.publish_routine")
    draft = selectors.draft(organisation)
    errors: list[str] = []
    if request.method == "POST":
        try:
            version = publish_routine(organisation, by=request.user)
        except ValidationError as error:
            errors = list(error.messages)
        else:
            messages.success(
                request,
                _("Versjon %(number)s av rutinen er publisert.") % {"number": version.number},
            )
            return redirect("planning:routine", org_pk=organisation.pk)
    return render(
        request,
        "planning/routine_publish.html",
        {
            "service": organisation,
            "draft": draft,
            "sections": _sections(draft) if draft is not None else [],
            "published": selectors.published(organisation),
            "errors": errors,
        },
        status=422 if errors else 200,
    )
