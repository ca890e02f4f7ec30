"""The agenda: items, case documents, publishing, the PDF and the secretariat's dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, NamedTuple

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache as django_cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.arenas.models import Arena
from medvirk.arenas.rules import managed_service_ids
from medvirk.common import cache
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.meetings import selectors, visibility
from medvirk.meetings.caching import DASHBOARD, PDF
from medvirk.meetings.dashboard import (
    DASHBOARD_DAYS,
    DASHBOARD_PAST_DAYS,
    DASHBOARD_PAST_ROWS,
    DashboardRows,
    dashboard_window,
)
from medvirk.meetings.domain.agenda import (
    add_item,
    can_manage,
    move_item,
    remove_item,
    update_item,
)
from medvirk.meetings.domain.agenda_pdf import agenda_pdf, agenda_pdf_filename
from medvirk.meetings.domain.documents import add_document, remove_document
from medvirk.meetings.domain.publishing import (
    is_late,
    organisation_recipients,
    publish_agenda,
)
from medvirk.meetings.forms_agenda import DocumentForm, ItemForm, MoveForm, PublishForm
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting

# --- Lookups: 404 for what the user may not know exists, 403 for what they may not do --


def _visible_meeting(user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        visibility.visible_meetings(user).select_related("arena__owner"), pk=pk
    )


def _managed_meeting(user: Any, pk: int) -> Meeting:
    meeting = _visible_meeting(user, pk)
    if not can_manage(user, meeting):
        raise PermissionDenied
    return meeting


def _visible_item(user: Any, pk: int) -> AgendaItem:
    return get_object_or_404(
        visibility.visible_items(user).select_related("meeting", "arena__owner", "proposal"),
        pk=pk,
    )


def _managed_item(user: Any, pk: int) -> AgendaItem:
    item = _visible_item(user, pk)
    if not can_manage(user, item):
        raise PermissionDenied
    return item


def _visible_document(user: Any, pk: int) -> CaseDocument:
    return get_object_or_404(
        CaseDocument.objects.select_related("item__meeting", "item__arena__owner"),
        pk=pk,
        item__in=visibility.visible_items(user),
    )


def _data(request: Request) -> Any:
    """The POST data of a POST, even an empty one (``request.POST or None`` would leave a
    form with no fields unbound)."""
    return request.POST if request.method == "POST" else None


def _agenda_url(meeting: Meeting) -> str:
    return meeting.get_absolute_url() + "#sakskart"


# --- Items ---------------------------------------------------------------------------


@login_required
def item_create(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request.user, pk)
    form = ItemForm(_data(request), initial={"proposer": _("Sekretariatet")})
    if request.method == "POST" and form.is_valid():
        try:
            item = add_item(meeting, by=request.user, **form.domain_fields())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Sak %(number)s er lagt til på sakskartet.") % {"number": item.case_number},
            )
            return redirect(_agenda_url(meeting))
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": meeting, "item": None},
        status=422 if request.method == "POST" else 200,
    )


def item_detail(request: Request, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.visible_items_for_detail(request.user), pk=pk)
    user = request.user
    proposal = item.proposal
    return render(
        request,
        "meetings/item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "can_manage": can_manage(user, item),
            "show_proposal": proposal is not None
            and rules.has_perm("meetings.view_proposal", user, proposal),
        },
    )


@login_required
def item_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request.user, pk)
    form = ItemForm(_data(request), initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            update_item(item, by=request.user, **form.domain_fields())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, _("Sak %(number)s er lagret.") % {"number": item.case_number})
            return redirect(item)
    return render(
        request,
        "meetings/item_form.html",
        {"form": form, "meeting": item.meeting, "item": item},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def item_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request.user, pk)
    meeting = item.meeting
    error = ""
    if request.method == "POST":
        try:
            remove_item(item, by=request.user)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                _("Sak %(number)s er slettet fra sakskartet.") % {"number": item.case_number},
            )
            return redirect(_agenda_url(meeting))
    return render(
        request,
        "meetings/item_delete.html",
        {"item": item, "meeting": meeting, "error": error},
        status=422 if error else 200,
    )


@login_required
@require_POST
def item_move(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request.user, pk)
    form = MoveForm(request.POST)
    direction = form.cleaned_data["direction"] if form.is_valid() else ""
    try:
        move_item(item, by=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Sak %(number)s er flyttet.") % {"number": item.case_number})
    return redirect(item.meeting.get_absolute_url() + f"#sak-{item.pk}")


# --- Documents -----------------------------------------------------------------------


@login_required
def document_upload(request: AuthedRequest, pk: int) -> HttpResponse:
    item = _managed_item(request.user, pk)
    form = DocumentForm(_data(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document = add_document(
                item,
                by=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Dokumentet «%(title)s» er lastet opp.") % {"title": document.title}
            )
            return redirect(item)
    return render(
        request,
        "meetings/document_form.html",
        {"form": form, "item": item, "meeting": item.meeting},
        status=422 if request.method == "POST" else 200,
    )


def document(request: Request, pk: int) -> FileResponse:
    """Download a case document: only where its item is visible to the user."""
    found = _visible_document(request.user, pk)
    if not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=(found.file.name or "dokument").rsplit("/", 1)[-1],
        content_type=found.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if found.item.is_closed else "private"
    return response


@login_required
def document_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    found = _visible_document(request.user, pk)
    item = found.item
    if not can_manage(request.user, item):
        raise PermissionDenied
    if request.method == "POST":
        remove_document(found, by=request.user)
        messages.success(request, _("Dokumentet «%(title)s» er slettet.") % {"title": found.title})
        return redirect(item)
    return render(
        request,
        "meetings/document_delete.html",
        {"document": found, "item": item, "meeting": item.meeting},
    )


# --- Publishing and the PDF ----------------------------------------------------------


@login_required
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request.user, pk)
    late = is_late(meeting)
    form = PublishForm(_data(request), late=late and not meeting.is_published)
    if request.method == "POST" and form.is_valid():
        try:
            publish_agenda(
                meeting,
                by=request.user,
                late_reason=form.cleaned_data.get("late_reason", ""),
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request, _("Sakskartet er publisert og sendt til medlemmene og organisasjonene.")
            )
            return redirect(_agenda_url(meeting))
    items = list(selectors.items_with_document_counts(meeting))
    people = selectors.seat_holders_with_email(meeting)
    organisations = organisation_recipients(meeting)
    return render(
        request,
        "meetings/agenda_publish.html",
        {
            "form": form,
            "meeting": meeting,
            "items": items,
            "late": late,
            "people_count": len(people),
            "organisation_count": len(organisations),
            "without_email": selectors.seat_holders_without_email(meeting),
        },
        status=422 if request.method == "POST" else 200,
    )


def agenda_pdf_view(request: Request, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request.user, pk)
    if not meeting.is_published and not visibility.can_see_draft_agenda(
        request.user, meeting.arena
    ):
        raise Http404
    # Readers who see the same agenda share one rendering (meetings/caching.py: PDF).
    reader = "closed" if visibility.can_see_closed(request.user, meeting.arena) else "public"
    pdf = PDF.get_or_set(
        "agenda",
        meeting.pk,
        reader,
        "published" if meeting.is_published else "draft",
        compute=lambda: agenda_pdf(meeting, request.user),
        scopes=[meeting.pk],
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agenda_pdf_filename(meeting)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


# --- The secretariat's dashboard -----------------------------------------------------


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Everything the secretariat must keep an eye on across the arenas it runs.

    The three sections are cached as HTML per user, services, language and day under the
    services' dashboard versions (see meetings/caching.py: any change to their arenas,
    meetings, items, proposals or minutes gives a new version), so an unchanged dashboard
    costs two cache reads and no query of its own."""
    managed = sorted(managed_service_ids(request.user))
    if not managed:
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate()
    key = DASHBOARD.key("sections", request.user.pk, today, scopes=managed)
    entry = DashboardEntry(
        *cache.get_or_set(
            key,
            lambda: _dashboard_entry(request, managed, now, today).plain(),
            DASHBOARD.timeout,
        )
    )
    if entry.valid_until is not None and entry.valid_until <= now:
        # A meeting has started since: it moves from "upcoming" to "minutes waiting".
        entry = _dashboard_entry(request, managed, now, today)
        django_cache.set(key, entry.plain(), DASHBOARD.timeout)
    context = {"has_arenas": entry.has_arenas, "sections": entry.html, "days": DASHBOARD_DAYS}
    return render(request, "meetings/dashboard.html", context)


class DashboardEntry(NamedTuple):
    """What is cached, stored as a plain tuple: no class of ours to unpickle after a
    deploy."""

    has_arenas: bool
    html: str
    valid_until: datetime.datetime | None  # when the next meeting shown as upcoming starts

    def plain(self) -> tuple[bool, str, datetime.datetime | None]:
        return (self.has_arenas, self.html, self.valid_until)


def _dashboard_entry(
    request: AuthedRequest, managed: Sequence[int], now: datetime.datetime, today: datetime.date
) -> DashboardEntry:
    arenas = list(selectors.arenas_for_dashboard(managed))
    if not arenas:
        return DashboardEntry(has_arenas=False, html="", valid_until=None)
    html, next_start = _dashboard_sections(request, arenas, now, today)
    return DashboardEntry(has_arenas=True, html=html, valid_until=next_start)


def _dashboard_sections(
    request: AuthedRequest, arenas: Sequence[Arena], now: datetime.datetime, today: datetime.date
) -> tuple[str, datetime.datetime | None]:
    """The upcoming meetings, the open proposals and the minutes waiting, as HTML.

    A large service has dozens of arenas and a hundred meetings in the window, so the
    rows' texts, dates and links are made in Python by :class:`DashboardRows` (the same
    translated strings the template would use): rendered tag by tag they cost most of
    the time."""
    arena_ids = [arena.pk for arena in arenas]
    start, end = dashboard_window(now)
    upcoming = list(selectors.upcoming_meetings_for_dashboard(arena_ids, now, end))
    open_counts = selectors.open_proposal_counts(arena_ids)
    # Meetings of the last year whose minutes are not approved: the newest, with the total.
    # Older ones are in each arena's plan; checking ten years of meetings here would make
    # the page slower the longer a service has used Medvirk.
    unapproved = list(
        selectors.unapproved_meetings_for_dashboard(arena_ids, now, start)[:DASHBOARD_PAST_ROWS]
    )
    rows = DashboardRows(today)
    context = {
        "upcoming": [rows.upcoming(meeting) for meeting in upcoming],
        "arena_rows": [rows.arena(arena, open_counts.get(arena.pk, 0)) for arena in arenas],
        "past_rows": [rows.past(meeting) for meeting in unapproved],
        "past_total": unapproved[0].total if unapproved else 0,  # type: ignore[attr-defined]
        "days": DASHBOARD_DAYS,
        "past_days": DASHBOARD_PAST_DAYS,
    }
    next_start = upcoming[0].starts_at if upcoming else None
    return render_to_string("meetings/dashboard.html#sections", context, request), next_start
