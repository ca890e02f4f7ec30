"""The accessibility statement and its feedback form."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from medvirk.common.forms import HONEYPOT, caught_in_honeypot
from medvirk.feedback.domain import FEEDBACK_RATE, report_accessibility_problem
from medvirk.feedback.forms import AccessibilityFeedbackForm


def _thanks() -> str:
    return _("Takk! Vi har fått meldingen din og ser på problemet.")


def accessibility(request: HttpRequest) -> HttpResponse:
    """The statement, and the form that reports a problem (PRG: thanks after a redirect)."""
    form = AccessibilityFeedbackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if caught_in_honeypot(request.POST):
            # A robot filled in the trap: say thank you, save nothing.
            messages.success(request, _thanks())
            return redirect("accessibility")
        if FEEDBACK_RATE.hit_by(request):
            form.is_valid()
            form.add_error(
                None, _("Du har sendt mange meldinger på kort tid. Vent litt og prøv igjen.")
            )
            status = 429
        elif form.is_valid():
            report_accessibility_problem(
                page=form.cleaned_data["page"],
                description=form.cleaned_data["description"],
                email=form.cleaned_data["email"],
                by=request.user,
            )
            messages.success(request, _thanks())
            return redirect("accessibility")
        else:
            status = 422
    return render(
        request,
        "pages/accessibility.html",
        {
            "form": form,
            "honeypot": form[HONEYPOT],
            "tested_on": settings.MEDVIRK_ACCESSIBILITY_TESTED_ON,
            "contact": settings.MEDVIRK_ACCESSIBILITY_CONTACT,
        },
        status=status,
    )
