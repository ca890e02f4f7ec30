"""Answering: the open link (/undersokelser/svar/<code>/) and the personal one-use
link (/undersokelser/svar/p/<token>/). No account needed; a honeypot and a rate limit
per hashed address keep robots out; a closed survey or a used link gets a page of its
own with 410, a forged link 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from medvirk.common.forms import HONEYPOT, caught_in_honeypot
from medvirk.common.ratelimit import RateLimit
from medvirk.common.views import attach_domain_errors
from medvirk.surveys import selectors
from medvirk.surveys.domain.answers import (
    LinkUsed,
    SurveyClosed,
    check_open,
    find_invitation,
    submit_response,
)
from medvirk.surveys.enums import Distribution
from medvirk.surveys.forms import AnswerForm
from medvirk.surveys.models import Survey, current_language

# Complete answers per hour from one address to one survey: generous enough for a
# meeting room or an office behind one address, low enough to stop a script.
ANSWERS_PER_HOUR = 20


def rate_limited(request: HttpRequest, survey: Survey) -> bool:
    """The project's one rate limit (common/ratelimit.py), per survey and client."""
    return RateLimit(f"survey:{survey.pk}", ANSWERS_PER_HOUR).hit_by(request)


def _gone(request: HttpRequest, survey: Survey | None, reason: str) -> HttpResponse:
    return render(request, "surveys/gone.html", {"survey": survey, "reason": reason}, status=410)


def _answer(request: HttpRequest, survey: Survey, token: str = "") -> HttpResponse:
    try:
        check_open(survey)
    except SurveyClosed:
        return _gone(request, survey, "closed")
    if request.method == "POST" and caught_in_honeypot(request.POST):
        # A robot filled in the trap: thank it, save nothing.
        return redirect("surveys:thanks", code=survey.code)
    sections = selectors.survey_sections(survey)
    form = AnswerForm(
        request.POST or None,
        questions=selectors.questions_in_order(sections),
        kommuner=selectors.kommuner() if survey.ask_kommune else None,
    )
    status = 200
    if request.method == "POST":
        status = 422
        # Only a complete form counts towards the limit: fixing a mistake is not a flood.
        if form.is_valid():
            if rate_limited(request, survey):
                form.add_error(
                    None,
                    _("Det er sendt mange svar fra denne adressen. Vent litt og prøv igjen."),
                )
                status = 429
            else:
                try:
                    submit_response(
                        survey,
                        answers=form.answers(),
                        language=current_language(),
                        kommune=form.cleaned_data.get("kommune"),
                        token=token,
                    )
                except SurveyClosed:
                    return _gone(request, survey, "closed")
                except LinkUsed:
                    return _gone(request, survey, "used")
                except ValidationError as error:
                    attach_domain_errors(form, error)
                else:
                    return redirect("surveys:thanks", code=survey.code)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "sections": sections,
            "form": form,
            "honeypot": form[HONEYPOT],
            "preview": False,
            "language": get_language(),
        },
        status=status,
    )


def answer(request: HttpRequest, code: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), code=code)
    if survey.distribution != Distribution.LINK:
        raise Http404
    return _answer(request, survey)


def answer_personal(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    if invitation.used_on is not None:
        return _gone(request, survey, "used")
    return _answer(request, survey, token)


def thanks(request: HttpRequest, code: str) -> HttpResponse:
    survey = get_object_or_404(Survey.objects.select_related("organisation"), code=code)
    return render(request, "surveys/thanks.html", {"survey": survey, "today": timezone.localdate()})
