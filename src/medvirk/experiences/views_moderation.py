"""Moderation: a call's answers for its moderators, and one answer's page with likely
personal data marked and a suggested redaction. Platform admins have no access (the
answers may hold health information)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from medvirk.common.http import AuthedRequest
from medvirk.common.paging import counted_page
from medvirk.common.views import attach_domain_errors
from medvirk.experiences import pii
from medvirk.experiences.caching import COUNTS
from medvirk.experiences.domain.answers import approve_answer, reject_answer
from medvirk.experiences.enums import ExperienceStatus
from medvirk.experiences.forms_calls import APPROVE, REJECT, ModerationForm, ModerationStatusFilter
from medvirk.experiences.selectors import (
    answer_for_moderation,
    answers_for_moderation,
    call_with_counts,
)

PAGE_SIZE = 25
TEXTS = ("what_happened", "impact", "would_have_helped")


@login_required
def moderation_list(request: AuthedRequest, pk: int) -> HttpResponse:
    call = call_with_counts(pk)
    if call is None:
        raise Http404
    if not rules.has_perm("experiences.moderate_call", request.user, call):
        raise PermissionDenied
    filter_form = ModerationStatusFilter(request.GET or None)
    status = filter_form.status_value()
    # The counts the selector annotated (STATUS_COUNTS): the page needs no COUNT of its own.
    count = getattr(
        call,
        {
            "": "answer_count",
            ExperienceStatus.PENDING: "pending_count",
            ExperienceStatus.APPROVED: "approved_count",
            ExperienceStatus.REJECTED: "rejected_count",
        }[status],
    )
    page = counted_page(
        answers_for_moderation(call, status), PAGE_SIZE, count=count, number=request.GET.get("page")
    )
    # A page of rows is kept as HTML until one of the call's answers changes: a page
    # found there never reads its rows.
    rows_html = COUNTS.html(
        "moderation",
        status,
        page.number,
        scopes=[call.pk],
        render=lambda: (
            render_to_string("experiences/includes/moderation_rows.html", {"page": page})
            if page.object_list
            else ""
        ),
    )
    return render(
        request,
        "experiences/moderate_list.html",
        {
            "call": call,
            "organisation": call.organisation,
            "filter_form": filter_form,
            "status": status,
            "page": page,
            "rows_html": rows_html,
        },
    )


@login_required
def moderate(request: AuthedRequest, answer_pk: int) -> HttpResponse:
    experience = answer_for_moderation(answer_pk)
    if experience is None:
        raise Http404
    call = experience.call
    if not rules.has_perm("experiences.moderate_call", request.user, call):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    if experience.status == ExperienceStatus.APPROVED:
        initial = {f"shared_{name}": getattr(experience, f"shared_{name}") for name in TEXTS}
    else:  # the suggestion: every finding replaced by [fjernet]
        initial = {f"shared_{name}": pii.redacted(getattr(experience, name)) for name in TEXTS}
    # The service is shown outside the moderators too: as written, for the moderator to
    # look over (its likely personal data is marked above).
    initial["service"] = experience.service
    initial["reject_reason"] = experience.reject_reason
    form = ModerationForm(request.POST or None, initial=initial, decision=decision)
    if request.method == "POST" and not experience.purged_at and form.is_valid():
        data = form.cleaned_data
        try:
            if decision == APPROVE:
                approve_answer(
                    experience,
                    by=request.user,
                    shared_what_happened=data["shared_what_happened"],
                    shared_impact=data["shared_impact"],
                    shared_would_have_helped=data["shared_would_have_helped"],
                    service=data["service"],
                )
                messages.success(request, _("Svaret er godkjent med teksten til deling."))
            else:
                reject_answer(experience, by=request.user, reason=data["reject_reason"])
                messages.success(request, _("Svaret er avvist."))
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            return redirect("experiences:moderation_list", pk=call.pk)
    texts = [
        (
            getattr(experience._meta.get_field(name), "verbose_name", name),
            pii.highlighted(getattr(experience, name)),
        )
        for name in TEXTS
        if getattr(experience, name)
    ]
    findings = sum(
        len(pii.find_personal_data(getattr(experience, name))) for name in (*TEXTS, "service")
    )
    return render(
        request,
        "experiences/moderate_answer.html",
        {
            "experience": experience,
            "call": call,
            "organisation": call.organisation,
            "texts": texts,
            "service": pii.highlighted(experience.service),
            "findings": findings,
            "form": form,
            "APPROVE": APPROVE,
            "REJECT": REJECT,
        },
        status=422 if request.method == "POST" else 200,
    )
