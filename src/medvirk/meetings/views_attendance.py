"""Attendance: answering the invitation, the secretariat's attendance list and the
accommodation summary (health data: the owner's secretariat only, every read logged)."""

from __future__ import annotations

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from medvirk.common.http import AuthedRequest
from medvirk.common.views import attach_domain_errors
from medvirk.meetings.domain.attendance import (
    Answer,
    accommodation_summary,
    answer_target,
    attendance_counts,
    attendance_lines,
    has_started,
    is_standby,
    may_answer,
    record_presence,
    respond,
)
from medvirk.meetings.enums import AttendanceResponse
from medvirk.meetings.forms_attendance import PresenceForm, ResponseForm
from medvirk.meetings.models import Meeting
from medvirk.meetings.sections import answer_context


def _visible_meeting(request: AuthedRequest, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("arena__owner"), pk=pk)
    if not rules.has_perm("meetings.view_meeting", request.user, meeting):
        # A meeting in a private arena: not even its existence is shown.
        raise Http404
    return meeting


def _tell(request: AuthedRequest, answer: Answer) -> None:
    response = answer.attendance.response
    if not answer.changed:
        messages.info(request, _("Svaret ditt var allerede registrert."))
    elif is_standby(answer.attendance):
        if response == AttendanceResponse.ATTENDING:
            messages.success(request, _("Registrert: du kan stille hvis du blir kalt inn."))
        else:
            messages.success(request, _("Registrert: du kan ikke stille på dette møtet."))
    elif response == AttendanceResponse.ATTENDING:
        messages.success(request, _("Svaret ditt er registrert: du kommer på møtet."))
    else:
        messages.success(request, _("Forfallet ditt er registrert."))
    if answer.deputy is not None:
        messages.info(
            request,
            _("%(name)s er kalt inn som vararepresentant og har fått e-post.")
            % {"name": answer.deputy.person.name},
        )
    if answer.no_deputy_available:
        messages.warning(
            request,
            _("Ingen vararepresentant var ledig. Sekretariatet har fått beskjed."),
        )
    if answer.released:
        messages.info(
            request,
            _("Vararepresentanten som var kalt inn, har fått beskjed om at det ikke trengs."),
        )


@login_required
def respond_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Answer the invitation. The meeting page posts here; GET shows the same form
    (for links in mails, and for anyone who prefers a page of its own)."""
    meeting = _visible_meeting(request, pk)
    _person, seat, row = answer_target(meeting, request.user)
    if not may_answer(seat, row):
        raise PermissionDenied
    is_post = request.method == "POST"
    form = ResponseForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        try:
            answer = respond(
                meeting,
                by=request.user,
                response=form.cleaned_data["response"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            _tell(request, answer)
            return redirect(meeting)
    context = {"meeting": meeting, **answer_context(meeting, request.user, form)}
    return render(
        request, "meetings/attendance_respond.html", context, status=422 if is_post else 200
    )


@login_required
def attendance_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """The secretariat's attendance list; once the meeting has started, who came."""
    meeting = _visible_meeting(request, pk)
    if not rules.has_perm("meetings.manage", request.user, meeting):
        raise PermissionDenied
    lines = attendance_lines(meeting)
    is_post = request.method == "POST"
    form = PresenceForm(
        request.POST if is_post else None,
        people=[(line.person.pk, line.person.name) for line in lines],
        initial={
            "present": [
                line.person.pk for line in lines if line.attendance and line.attendance.present
            ]
        },
    )
    if is_post and form.is_valid():
        try:
            record_presence(
                meeting, by=request.user, present_person_ids=set(form.cleaned_data["present"])
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Oppmøtet er lagret."))
            return redirect("meetings:attendance", pk=meeting.pk)
    checked = form.checked()
    return render(
        request,
        "meetings/attendance_list.html",
        {
            "meeting": meeting,
            "lines": lines,
            "form": form,
            "checked": checked,
            "started": has_started(meeting),
            "counts": attendance_counts(meeting),
            "can_view_accommodations": rules.has_perm(
                "meetings.view_accommodations", request.user, meeting
            ),
        },
        status=422 if is_post else 200,
    )


@never_cache
@login_required
def accommodations_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Accommodation needs of the people expected at the meeting. Health data: the
    owner's secretariat only, platform admins included among those who get a 404."""
    meeting = get_object_or_404(Meeting.objects.select_related("arena__owner"), pk=pk)
    if not rules.has_perm("meetings.view_accommodations", request.user, meeting):
        raise Http404
    summary = accommodation_summary(meeting, by=request.user)
    return render(
        request, "meetings/accommodation_summary.html", {"meeting": meeting, "summary": summary}
    )
