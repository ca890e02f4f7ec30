"""The agenda: items, case documents, publishing, the PDF and the secretariat's dashboard."""

from __future__ import annotations

import datetime
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.arenas.models import Arena
from medvirk.arenas.rules import managed_service_ids
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.meetings import visibility
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
from medvirk.meetings.enums import MeetingStatus, MinutesStatus, ProposalStatus
from medvirk.meetings.forms_agenda import DocumentForm, ItemForm, MoveForm, PublishForm
from medvirk.meetings.models import AgendaItem, CaseDocument, CaseProposal, Meeting
from medvirk.meetings.recipients import seat_holders_with_email

DASHBOARD_DAYS = 90
WARN_DAYS = 7


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
    item = get_object_or_404(
        visibility.visible_items(request.user)
        .select_related("meeting", "arena__owner", "proposal")
        .prefetch_related(
            Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "pk"))
        ),
        pk=pk,
    )
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
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .order_by("position", "number")
        .annotate(document_count=Count("documents"))
    )
    people = seat_holders_with_email(meeting)
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
            "without_email": _seat_holders_without_email(meeting),
        },
        status=422 if request.method == "POST" else 200,
    )


def _seat_holders_without_email(meeting: Meeting) -> int:
    from medvirk.arenas.models import Membership

    return (
        Membership.objects.current(meeting.local_date)
        .filter(arena_id=meeting.arena_id, person__email="")
        .values("person_id")
        .distinct()
        .count()
    )


def agenda_pdf_view(request: Request, pk: int) -> HttpResponse:
    meeting = _visible_meeting(request.user, pk)
    if not meeting.is_published and not visibility.can_see_draft_agenda(
        request.user, meeting.arena
    ):
        raise Http404
    response = HttpResponse(agenda_pdf(meeting, request.user), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{agenda_pdf_filename(meeting)}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response


# --- The secretariat's dashboard -----------------------------------------------------


def _warnings(meeting: Meeting, today: datetime.date) -> list[dict[str, str]]:
    """Deadline warnings for an upcoming meeting, most serious first. Text, not colour alone."""
    found: list[dict[str, str]] = []
    agenda_deadline = meeting.agenda_deadline
    proposal_deadline = meeting.proposal_deadline
    if not meeting.is_published:
        if today > agenda_deadline:
            found.append(
                {
                    "level": "danger",
                    "label": _("Frist passert"),
                    "text": _(
                        "Fristen for sakskartet var %(date)s, og sakskartet er ikke publisert."
                    )
                    % {"date": agenda_deadline.strftime("%d.%m.%Y")},
                }
            )
        elif (agenda_deadline - today).days <= WARN_DAYS:
            found.append(
                {
                    "level": "warning",
                    "label": _("Frist snart"),
                    "text": _("Sakskartet må publiseres innen %(date)s.")
                    % {"date": agenda_deadline.strftime("%d.%m.%Y")},
                }
            )
    if today > proposal_deadline:
        found.append(
            {
                "level": "info",
                "label": _("Frist passert"),
                "text": _("Fristen for saksforslag gikk ut %(date)s.")
                % {"date": proposal_deadline.strftime("%d.%m.%Y")},
            }
        )
    elif (proposal_deadline - today).days <= WARN_DAYS:
        found.append(
            {
                "level": "warning",
                "label": _("Frist snart"),
                "text": _("Fristen for saksforslag er %(date)s.")
                % {"date": proposal_deadline.strftime("%d.%m.%Y")},
            }
        )
    return found


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    """Everything the secretariat must keep an eye on across the arenas it runs."""
    managed = managed_service_ids(request.user)
    if not managed:
        raise PermissionDenied
    now = timezone.now()
    today = timezone.localdate()
    arenas = list(Arena.objects.filter(owner_id__in=managed).select_related("owner"))
    arena_ids = [arena.pk for arena in arenas]
    upcoming = list(
        Meeting.objects.filter(
            arena_id__in=arena_ids,
            status=MeetingStatus.PLANNED,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=DASHBOARD_DAYS),
        )
        .select_related("arena")
        .annotate(item_count=Count("items"))
        .order_by("starts_at", "pk")
    )
    open_counts = dict(
        CaseProposal.objects.filter(
            arena_id__in=arena_ids,
            status__in=[ProposalStatus.SUBMITTED, ProposalStatus.POSTPONED],
        )
        .order_by()
        .values("arena_id")
        .annotate(count=Count("pk"))
        .values_list("arena_id", "count")
    )
    unapproved = list(
        Meeting.objects.filter(
            arena_id__in=arena_ids, status=MeetingStatus.PLANNED, starts_at__lt=now
        )
        .exclude(minutes__status=MinutesStatus.APPROVED)
        .select_related("arena", "minutes")
        .order_by("-starts_at", "pk")
    )
    past_rows = []
    for meeting in unapproved:
        minutes = getattr(meeting, "minutes", None)
        past_rows.append(
            {
                "meeting": meeting,
                "minutes_status": minutes.get_status_display()
                if minutes is not None
                else _("Ikke påbegynt"),
            }
        )
    return render(
        request,
        "meetings/dashboard.html",
        {
            "upcoming": [
                {"meeting": meeting, "warnings": _warnings(meeting, today)} for meeting in upcoming
            ],
            "arena_rows": [
                {"arena": arena, "open_proposals": open_counts.get(arena.pk, 0)}
                for arena in sorted(arenas, key=lambda a: (a.name, a.pk))
            ],
            "past_rows": past_rows,
            "days": DASHBOARD_DAYS,
            "has_arenas": bool(arenas),
        },
    )
