"""Minutes pages: the published minutes (HTML and PDF), versions, the draft with its
comments, and the secretariat's pages to write, circulate, approve and revise."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.meetings.caching import PDF
from medvirk.meetings.domain.minutes import (
    VersionView,
    approve_minutes,
    can_comment,
    can_manage,
    can_view_draft,
    circulate_minutes,
    comment_on_minutes,
    deadline_passed,
    read_version,
    revise_minutes,
    save_entries,
    start_minutes,
)
from medvirk.meetings.domain.minutes_pdf import minutes_pdf, minutes_pdf_filename
from medvirk.meetings.enums import MinutesStatus
from medvirk.meetings.forms_minutes import (
    ApproveForm,
    CirculateForm,
    CommentForm,
    MinutesEntriesForm,
)
from medvirk.meetings.models import AgendaItem, Meeting, Minutes, MinutesVersion
from medvirk.meetings.selectors import present_attendances
from medvirk.meetings.visibility import (
    can_see_closed,
    visible_items,
    visible_meetings,
    visible_minutes_versions,
)


def _meeting(http: Request, pk: int) -> Meeting:
    """The meeting, if the user may see its arena (404 otherwise: private arenas are not
    public knowledge). The minutes come along in the same query."""
    return get_object_or_404(
        visible_meetings(http.user).select_related("arena__owner", "minutes"), pk=pk
    )


def _minutes(meeting: Meeting) -> Minutes:
    minutes: Minutes | None = getattr(meeting, "minutes", None)
    if minutes is None:
        raise Http404
    return minutes


def _managed(http: AuthedRequest, pk: int) -> tuple[Meeting, Minutes]:
    meeting = _meeting(http, pk)
    if not can_manage(http.user, meeting):
        raise PermissionDenied
    return meeting, _minutes(meeting)


def _items(http: Request, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's items the user may read (closed ones only inside the arena)."""
    return list(
        visible_items(http.user)
        .filter(meeting=meeting)
        .select_related("minutes_entry")
        .order_by("position", "number")
    )


def _entry_text(item: AgendaItem) -> str:
    entry = getattr(item, "minutes_entry", None)
    return entry.text if entry is not None else ""


# --- Reading -------------------------------------------------------------------------


def _versions(http: Request, minutes: Minutes) -> list[MinutesVersion]:
    return list(visible_minutes_versions(http.user).filter(minutes=minutes).order_by("-number"))


def _version_view(http: Request, meeting: Meeting, minutes: Minutes, number: int) -> VersionView:
    if minutes.status != MinutesStatus.APPROVED:
        raise Http404
    version = get_object_or_404(visible_minutes_versions(http.user), minutes=minutes, number=number)
    return read_version(version, include_closed=can_see_closed(http.user, meeting.arena))


def _render_version(http: Request, meeting: Meeting, minutes: Minutes, number: int) -> HttpResponse:
    view = _version_view(http, meeting, minutes, number)
    versions = [v for v in _versions(http, minutes) if v.number != number]
    return render(
        http,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "minutes": minutes,
            "view": view,
            "is_latest": number == minutes.version,
            "other_versions": versions,
            "can_manage": can_manage(http.user, meeting),
        },
    )


def _render_draft(
    http: Request,
    meeting: Meeting,
    minutes: Minutes,
    form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if not can_view_draft(http.user, minutes):
        if not http.user.is_authenticated:
            return redirect_to_login(http.get_full_path())
        raise Http404
    may_comment = can_comment(http.user, minutes)
    return render(
        http,
        "meetings/minutes_draft.html",
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "minutes": minutes,
            "rows": [(item, _entry_text(item)) for item in _items(http, meeting)],
            "comments": list(minutes.comments.all()),
            "can_manage": can_manage(http.user, meeting),
            "can_comment": may_comment,
            "deadline_passed": deadline_passed(minutes),
            "form": form if form is not None else (CommentForm() if may_comment else None),
        },
        status=status,
    )


def minutes_page(http: Request, pk: int) -> HttpResponse:
    meeting = _meeting(http, pk)
    minutes = _minutes(meeting)
    if minutes.status == MinutesStatus.APPROVED:
        return _render_version(http, meeting, minutes, minutes.version)
    return _render_draft(http, meeting, minutes)


def minutes_version(http: Request, pk: int, number: int) -> HttpResponse:
    meeting = _meeting(http, pk)
    minutes = _minutes(meeting)
    return _render_version(http, meeting, minutes, number)


def minutes_pdf_view(http: Request, pk: int) -> HttpResponse:
    meeting = _meeting(http, pk)
    minutes = _minutes(meeting)
    if minutes.status != MinutesStatus.APPROVED:
        raise Http404
    view = _version_view(http, meeting, minutes, minutes.version)
    # Readers who see the same version share one rendering (meetings/caching.py: PDF).
    pdf = PDF.get_or_set(
        "minutes",
        meeting.pk,
        view.version.number,
        "closed" if can_see_closed(http.user, meeting.arena) else "public",
        compute=lambda: minutes_pdf(meeting, view),
        scopes=[meeting.pk],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{minutes_pdf_filename(meeting, view)}"'
    response["Cache-Control"] = "private, no-cache"
    return response


# --- Writing -------------------------------------------------------------------------


@login_required
@require_POST
def minutes_start(http: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(http, pk)
    if not can_manage(http.user, meeting):
        raise PermissionDenied
    try:
        start_minutes(meeting, by=http.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(http, message)
        return redirect(meeting)
    return redirect("meetings:minutes_edit", pk=meeting.pk)


@login_required
def minutes_edit(http: AuthedRequest, pk: int) -> HttpResponse:
    meeting, minutes = _managed(http, pk)
    items = _items(http, meeting)
    revision = minutes.status == MinutesStatus.APPROVED
    form = MinutesEntriesForm(
        http.POST if http.method == "POST" else None,
        items=items,
        texts={item.pk: _entry_text(item) for item in items},
        revision=revision,
    )
    if http.method == "POST" and form.is_valid():
        try:
            if revision:
                version = revise_minutes(
                    minutes,
                    by=http.user,
                    texts=form.texts(),
                    change_note=form.cleaned_data["change_note"],
                )
            else:
                save_entries(minutes, by=http.user, texts=form.texts())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            if revision:
                messages.success(
                    http,
                    _("Versjon %(number)s av protokollen er godkjent og publisert.")
                    % {"number": version.number},
                )
            else:
                messages.success(http, _("Utkastet til protokoll er lagret."))
            return redirect("meetings:minutes", pk=meeting.pk)
    return render(
        http,
        "meetings/minutes_edit.html",
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "minutes": minutes,
            "form": form,
            "revision": revision,
        },
        status=422 if http.method == "POST" else 200,
    )


@login_required
def minutes_circulate(http: AuthedRequest, pk: int) -> HttpResponse:
    meeting, minutes = _managed(http, pk)
    initial = {"comment_deadline": minutes.comment_deadline or CirculateForm.default_deadline()}
    form = CirculateForm(http.POST if http.method == "POST" else None, initial=initial)
    if http.method == "POST" and form.is_valid():
        try:
            count = circulate_minutes(
                minutes, by=http.user, comment_deadline=form.cleaned_data["comment_deadline"]
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                http,
                _("Utkastet er sendt på høring til %(count)s personer som var til stede.")
                % {"count": count},
            )
            return redirect("meetings:minutes", pk=meeting.pk)
    present = present_attendances(meeting)
    return render(
        http,
        "meetings/minutes_circulate.html",
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "minutes": minutes,
            "form": form,
            "present": list(present),
        },
        status=422 if http.method == "POST" else 200,
    )


@login_required
@require_POST
def minutes_comment(http: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _meeting(http, pk)
    minutes = _minutes(meeting)
    if minutes.status == MinutesStatus.APPROVED or not can_view_draft(http.user, minutes):
        raise Http404
    form = CommentForm(http.POST)
    if form.is_valid():
        try:
            comment_on_minutes(minutes, by=http.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(http, _("Merknaden er sendt til sekretariatet."))
            return redirect("meetings:minutes", pk=meeting.pk)
    return _render_draft(http, meeting, minutes, form=form, status=422)


@login_required
def minutes_approve(http: AuthedRequest, pk: int) -> HttpResponse:
    meeting, minutes = _managed(http, pk)
    if minutes.status == MinutesStatus.APPROVED:
        messages.info(
            http, _("Protokollen er allerede godkjent. Endringer gjøres som en ny versjon.")
        )
        return redirect("meetings:minutes", pk=meeting.pk)
    form = ApproveForm(http.POST if http.method == "POST" else None)
    if http.method == "POST" and form.is_valid():
        try:
            approve_minutes(minutes, by=http.user)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                http, _("Protokollen er godkjent og publisert. Medlemmene har fått e-post.")
            )
            return redirect("meetings:minutes", pk=meeting.pk)
    items = _items(http, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "arena": meeting.arena,
        "minutes": minutes,
        "form": form,
        "comments": list(minutes.comments.all()),
        "missing": [item for item in items if not strip_tags(_entry_text(item)).strip()],
        "deadline_open": (
            minutes.status == MinutesStatus.CIRCULATED and not deadline_passed(minutes)
        ),
    }
    return render(
        http,
        "meetings/minutes_approve.html",
        context,
        status=422 if http.method == "POST" else 200,
    )
