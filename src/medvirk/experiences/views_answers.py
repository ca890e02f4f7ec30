"""The public side: the list of open calls, the answer page (no account needed unless
the call is for members), the receipt, and withdrawal by the personal link."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from medvirk.common.forms import HONEYPOT, caught_in_honeypot
from medvirk.common.http import Request
from medvirk.common.ratelimit import RateLimit
from medvirk.common.views import attach_domain_errors
from medvirk.experiences.domain.answers import (
    LinkNotValid,
    call_state,
    may_answer,
    submit_answer,
    withdraw_answer,
)
from medvirk.experiences.enums import Audience
from medvirk.experiences.forms_calls import AnswerForm
from medvirk.experiences.models import ExperienceCall
from medvirk.experiences.selectors import answer_by_withdraw_token, call_by_code, public_calls

# Answers per client and hour (the one rate limit of the public forms).
ANSWER_RATE = RateLimit("experience-answer", limit=10)
RECEIPT_KEY = "experiences:receipt"


def open_calls(request: Request) -> HttpResponse:
    return render(
        request,
        "experiences/call_public_list.html",
        {"calls": list(public_calls(timezone.localdate()))},
    )


def short_address(request: Request, code: str) -> HttpResponse:
    """/i/<code>: the address on posters and QR codes."""
    return redirect("experiences:answer", code=code.lower().strip())


def _call_or_404(request: Request, code: str) -> tuple[ExperienceCall, bool]:
    """The call and whether the user is one of its moderators (who may preview it)."""
    call = call_by_code(code)
    if call is None:
        raise Http404
    moderator = rules.has_perm("experiences.moderate_call", request.user, call)
    if not call.published_at and not moderator:
        raise Http404
    return call, moderator


@never_cache
def answer(request: Request, code: str) -> HttpResponse:
    call, moderator = _call_or_404(request, code)
    state = call_state(call, timezone.localdate())
    context = {"call": call, "state": state, "moderator": moderator}
    if state != "open" and (not moderator or request.method == "POST"):
        return render(request, "experiences/answer_closed.html", context)
    if not may_answer(request.user, call):
        if not request.user.is_authenticated:
            messages.info(
                request,
                _(
                    "Denne innspillsrunden er bare for medlemmene i %(organisation)s. Logg inn for å svare."
                )
                % {"organisation": call.organisation.name},
            )
            return redirect_to_login(request.get_full_path())
        return render(request, "experiences/answer_members_only.html", context, status=403)
    if request.method == "POST" and caught_in_honeypot(request.POST):
        # A robot filled in the trap: the same receipt (promising the mail a real answer
        # with an address gets), nothing saved, nothing sent.
        mailed = bool(str(request.POST.get("contact_email", "")).strip())
        request.session[RECEIPT_KEY] = {"call": call.pk, "mailed": mailed}
        return redirect("experiences:answer_receipt", code=call.code)
    form = AnswerForm(request.POST or None, call=call)
    status = 200
    if request.method == "POST":
        status = 422
        # Only an answer that would be stored counts against the limit, not a typo.
        if form.is_valid() and ANSWER_RATE.hit_by(request):
            form.add_error(None, _("Du har sendt mange svar på kort tid. Vent litt og prøv igjen."))
            status = 429
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
            try:
                _experience, token = submit_answer(call, by=request.user, **data)
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                request.session[RECEIPT_KEY] = {"call": call.pk, "mailed": bool(token)}
                return redirect("experiences:answer_receipt", code=call.code)
    easy_read = bool(call.easy_read) and request.GET.get("lettlest") == "1"
    return render(
        request,
        "experiences/answer_form.html",
        {
            **context,
            "form": form,
            "honeypot": form[HONEYPOT],
            "easy_read": easy_read,
            "members_only": call.audience == Audience.MEMBERS,
        },
        status=status,
    )


@never_cache
def answer_receipt(request: Request, code: str) -> HttpResponse:
    call, _moderator = _call_or_404(request, code)
    receipt = request.session.get(RECEIPT_KEY)
    if not isinstance(receipt, dict) or receipt.get("call") != call.pk:
        receipt = None
    return render(request, "experiences/answer_receipt.html", {"call": call, "receipt": receipt})


@never_cache
def withdraw(request: Request, token: str) -> HttpResponse:
    """Confirm, then delete the answer the personal link names."""
    experience = answer_by_withdraw_token(token)
    if experience is None:
        return render(request, "experiences/answer_link_invalid.html", status=404)
    if request.method == "POST":
        try:
            call = withdraw_answer(token=token)
        except LinkNotValid:
            return render(request, "experiences/answer_link_invalid.html", status=404)
        return render(request, "experiences/answer_withdrawn.html", {"call": call})
    return render(
        request, "experiences/answer_withdraw.html", {"call": experience.call, "token": token}
    )
