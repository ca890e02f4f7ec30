"""Course pages: the public list and course page, "Mine kurs", the organiser's pages
(courses, sessions, participants, attendance, accommodation needs) and the certificate."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.people.selectors import has_accommodation
from medvirk.training import selectors
from medvirk.training.domain import attendance as attendance_domain
from medvirk.training.domain import courses as course_domain
from medvirk.training.domain import enrolments as enrolment_domain
from medvirk.training.enums import EnrolmentStatus
from medvirk.training.forms import (
    AttendanceForm,
    CancelCourseForm,
    CourseForm,
    SessionForm,
    SignUpForm,
)
from medvirk.training.models import Course, Enrolment, Session


def course_list(request: Request) -> HttpResponse:
    user = request.user
    return render(
        request,
        "training/course_list.html",
        {
            "courses": selectors.public_courses(),
            "may_organise": rules.has_perm("training.view_organised", user),
        },
    )


@login_required
def mine(request: AuthedRequest) -> HttpResponse:
    person = selectors.person_of(request.user)
    enrolments = selectors.my_enrolments(person) if person is not None else []
    return render(request, "training/mine.html", {"person": person, "enrolments": enrolments})


@login_required
def organised(request: AuthedRequest) -> HttpResponse:
    if not rules.has_perm("training.view_organised", request.user):
        raise PermissionDenied
    return render(
        request,
        "training/organised.html",
        {
            "courses": selectors.organised_courses(request.user),
            "organisations": selectors.organiser_choices(request.user),
        },
    )


def _course(request: Request, pk: int) -> Course:
    course = selectors.course_detail(pk)
    if course is None or not rules.has_perm("training.view_course", request.user, course):
        raise Http404
    return course


def _managed(request: Request, pk: int, perm: str) -> Course:
    course = _course(request, pk)
    if not rules.has_perm(perm, request.user, course):
        raise PermissionDenied
    return course


def course(request: Request, pk: int) -> HttpResponse:
    found = _course(request, pk)
    return _course_page(request, found)


def _course_page(
    request: Request, found: Course, *, form: SignUpForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    person = selectors.person_of(user)
    enrolment = selectors.own_enrolment(found, person)
    active = enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED
    context: dict[str, Any] = {
        "course": found,
        "sessions": list(found.sessions.all()),
        "person": person,
        "enrolment": enrolment if active else None,
        "deadline_passed": enrolment_domain.deadline_passed(found),
        "may_sign_up": not active and rules.has_perm("training.sign_up", user, found),
        "may_change": rules.has_perm("training.change_course", user, found),
        "may_publish": rules.has_perm("training.publish_course", user, found),
        "may_cancel": rules.has_perm("training.cancel_course", user, found),
        "may_see_participants": rules.has_perm("training.view_participants", user, found),
        "may_see_accommodations": rules.has_perm("training.view_accommodations", user, found),
    }
    if context["may_sign_up"]:
        context["has_accommodation"] = person is not None and has_accommodation(person)
        context["form"] = form or SignUpForm()
    if enrolment is not None and active:
        context["may_download"] = rules.has_perm("training.download_certificate", user, enrolment)
        context["may_cancel_enrolment"] = rules.has_perm(
            "training.cancel_enrolment", user, enrolment
        )
        context["has_accommodation"] = person is not None and has_accommodation(person)
        if enrolment.status == EnrolmentStatus.WAITING:
            context["position"] = selectors.waiting_position(enrolment)
    return render(request, "training/course.html", context, status=status)


def _course_form_page(
    request: Request, form: CourseForm, organiser: Organisation, found: Course | None = None
) -> HttpResponse:
    return render(
        request,
        "training/course_form.html",
        {"form": form, "organiser": organiser, "course": found},
        status=422 if form.is_bound else 200,
    )


@login_required
def course_create(request: AuthedRequest, org_pk: int) -> HttpResponse:
    organiser = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("training.add_course", request.user, organiser):
        raise PermissionDenied
    if request.method != "POST":
        return _course_form_page(request, CourseForm(), organiser)
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            created = course_domain.create_course(
                organiser=organiser, by=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Kurset er lagret som utkast. Legg til samlinger."))
            return redirect(created.get_absolute_url())
    return _course_form_page(request, form, organiser)


@login_required
def course_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.change_course")
    if request.method != "POST":
        initial = {name: getattr(found, name) for name in course_domain.COURSE_FIELDS}
        return _course_form_page(request, CourseForm(initial=initial), found.organiser, found)
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            course_domain.update_course(found, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(found.get_absolute_url())
    return _course_form_page(request, form, found.organiser, found)


@login_required
def session_add(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.change_course")
    form = SessionForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            course_domain.add_session(found, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Samlingen er lagt til."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "training/session_form.html",
        {"form": form, "course": found},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def session_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    if not rules.has_perm("training.change_course", request.user, session.course):
        raise PermissionDenied
    try:
        course_domain.remove_session(session, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Samlingen er fjernet."))
    return redirect(session.course.get_absolute_url())


@login_required
def course_publish(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.publish_course")
    error: ValidationError | None = None
    if request.method == "POST":
        try:
            course_domain.publish_course(found, by=request.user)
        except ValidationError as caught:
            error = caught
        else:
            messages.success(request, _("Kurset er publisert."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "training/course_publish.html",
        {"course": found, "errors": error.messages if error else []},
        status=422 if error else 200,
    )


@login_required
def course_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.cancel_course")
    form = CancelCourseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            course_domain.cancel_course(found, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Kurset er avlyst, og de påmeldte har fått beskjed."))
            return redirect(found.get_absolute_url())
    return render(
        request,
        "training/course_cancel.html",
        {"course": found, "form": form},
        status=422 if form.is_bound else 200,
    )


@login_required
@require_POST
def sign_up(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _course(request, pk)
    if not rules.has_perm("training.sign_up", request.user, found):
        raise PermissionDenied
    form = SignUpForm(request.POST)
    if form.is_valid():
        try:
            enrolment = enrolment_domain.sign_up(
                found,
                by=request.user,
                share_accommodation=form.cleaned_data["share_accommodation"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            if enrolment.status == EnrolmentStatus.WAITING:
                messages.success(
                    request,
                    _("Kurset er fullt. Du står på ventelisten og får e-post om du får plass."),
                )
            else:
                messages.success(request, _("Du er påmeldt kurset."))
            return redirect(found.get_absolute_url())
    return _course_page(request, found, form=form, status=422)


def _own_enrolment(request: AuthedRequest, pk: int) -> Enrolment:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course__organiser", "person"), pk=pk
    )
    if enrolment.person.user_id != request.user.pk:
        raise Http404
    return enrolment


@login_required
def enrolment_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _own_enrolment(request, pk)
    if not rules.has_perm("training.cancel_enrolment", request.user, enrolment):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            enrolment_domain.cancel_enrolment(enrolment, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Du er meldt av kurset."))
            return redirect(enrolment.course.get_absolute_url())
    return render(
        request,
        "training/enrolment_cancel.html",
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "errors": errors,
            "deadline_passed": enrolment_domain.deadline_passed(enrolment.course),
        },
        status=422 if errors else 200,
    )


@login_required
def participant_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("course__organiser", "person"), pk=pk
    )
    found = enrolment.course
    if not rules.has_perm("training.view_participants", request.user, found):
        raise Http404
    if not rules.has_perm("training.remove_participant", request.user, enrolment):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            enrolment_domain.remove_participant(enrolment, by=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("%(name)s er meldt av kurset.") % {"name": enrolment.person.name},
            )
            return redirect("training:participants", found.pk)
    return render(
        request,
        "training/participant_remove.html",
        {"enrolment": enrolment, "course": found, "errors": errors},
        status=422 if errors else 200,
    )


@login_required
@require_POST
def sharing(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = _own_enrolment(request, pk)
    if not rules.has_perm("training.change_sharing", request.user, enrolment):
        raise PermissionDenied
    share = request.POST.get("share") == "1"
    enrolment_domain.set_accommodation_sharing(enrolment, by=request.user, share=share)
    messages.success(
        request,
        _("Arrangøren kan nå lese behovene dine for tilrettelegging.")
        if share
        else _("Arrangøren kan ikke lenger lese behovene dine for tilrettelegging."),
    )
    return redirect(enrolment.course.get_absolute_url())


@login_required
def participants(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.view_participants")
    rows = selectors.participants(found)
    sessions = list(found.sessions.all())
    for row in rows:
        attended = {presence.session_id for presence in row.presences.all()}
        row.marks = [session.pk in attended for session in sessions]  # type: ignore[attr-defined]
    return render(
        request,
        "training/participants.html",
        {
            "course": found,
            "sessions": sessions,
            "enrolled": [row for row in rows if row.status == EnrolmentStatus.ENROLLED],
            "waiting": [row for row in rows if row.status == EnrolmentStatus.WAITING],
            "may_record": rules.has_perm("training.record_attendance", request.user, found),
            "may_remove": found.status == "published"
            and rules.has_perm("training.view_participants", request.user, found),
        },
    )


@login_required
def attendance(request: AuthedRequest, pk: int) -> HttpResponse:
    session = selectors.session_detail(pk)
    if session is None:
        raise Http404
    found = session.course
    if not rules.has_perm("training.record_attendance", request.user, found):
        raise PermissionDenied
    rows = selectors.attendance_rows(session)
    choices = [(row.pk, row.person.name) for row, _present in rows]
    initial = {"present": [row.pk for row, present in rows if present]}
    if request.method == "POST":
        form = AttendanceForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                completed = attendance_domain.record_attendance(
                    session, by=request.user, present=form.cleaned_data["present"]
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(request, _("Oppmøtet er lagret."))
                if completed:
                    messages.info(
                        request,
                        ngettext(
                            "%(count)s har nå fullført kurset og fått det registrert.",
                            "%(count)s har nå fullført kurset og fått det registrert.",
                            len(completed),
                        )
                        % {"count": len(completed)},
                    )
                return redirect("training:participants", found.pk)
    else:
        form = AttendanceForm(initial=initial, choices=choices)
    return render(
        request,
        "training/attendance.html",
        {"course": found, "session": session, "form": form, "has_rows": bool(rows)},
        status=422 if form.is_bound else 200,
    )


@login_required
def accommodations(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _managed(request, pk, "training.view_accommodations")
    summary = enrolment_domain.accommodation_summary(found, by=request.user)
    return render(request, "training/accommodations.html", {"course": found, "summary": summary})


@login_required
def certificate(request: AuthedRequest, pk: int) -> HttpResponse:
    enrolment = get_object_or_404(
        Enrolment.objects.select_related(
            "course__organiser", "course__catalogue_course", "person", "training_record"
        ),
        pk=pk,
    )
    if not rules.has_perm("training.download_certificate", request.user, enrolment):
        raise Http404
    made = attendance_domain.certificate(enrolment, by=request.user)
    response = HttpResponse(made.pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response
