"""The meeting plan: upcoming public meetings, an arena's yearly plan, the meeting
page, creating/generating/editing/cancelling meetings, and the calendar feeds."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.paging import CountedPaginator
from medvirk.meetings import selectors
from medvirk.meetings.caching import FEEDS, UPCOMING
from medvirk.meetings.domain.feeds import (
    active_feed,
    arena_calendar,
    arenas_calendar,
    create_feed,
    feed_for_token,
    meeting_calendar,
    person_arena_id_list,
    record_feed_use,
    revoke_feed,
)
from medvirk.meetings.domain.plan import (
    OSLO,
    cancel_meeting,
    create_meeting,
    generate_meetings,
    plan_preview,
    update_meeting,
)
from medvirk.meetings.forms_plan import (
    CancelForm,
    GenerateForm,
    MeetingForm,
    UpcomingFilterForm,
    attach_plan_errors,
    parse_year,
)
from medvirk.meetings.models import Meeting
from medvirk.meetings.visibility import can_see_closed
from medvirk.people.selectors import person_of_user

UPCOMING_PAGE_SIZE = 25
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _start_of_today() -> datetime.datetime:
    return datetime.datetime.combine(timezone.localdate(), datetime.time(0), tzinfo=OSLO)


def _visible_arena(request: Request, pk: int) -> Arena:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    if not rules.has_perm("meetings.view_meeting", request.user, arena):
        # Not found rather than forbidden: a private arena's existence is not public.
        raise Http404
    return arena


def _managed_arena(request: AuthedRequest, pk: int) -> Arena:
    arena = _visible_arena(request, pk)
    if not rules.has_perm("meetings.manage", request.user, arena):
        raise PermissionDenied
    return arena


def _visible_meeting(request: Request, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("arena__owner"), pk=pk)
    if not rules.has_perm("meetings.view_meeting", request.user, meeting):
        raise Http404
    return meeting


def _managed_meeting(request: AuthedRequest, pk: int) -> Meeting:
    meeting = _visible_meeting(request, pk)
    if not rules.has_perm("meetings.manage", request.user, meeting):
        raise PermissionDenied
    return meeting


# --- Public list -----------------------------------------------------------------------


@require_GET
def upcoming(request: Request) -> HttpResponse:
    """Upcoming meetings in public arenas across all services."""
    form = UpcomingFilterForm(request.GET or None)
    filters = form.filters()
    since = _start_of_today()
    meetings = selectors.public_upcoming_meetings(since, filters)
    # The count is the same for every visitor and cost a COUNT over the year's meetings
    # on every request at national scale: cached until a meeting, an arena or a service's
    # regions change (or the day does).
    region = filters.get("region")
    count = UPCOMING.get_or_set(
        "count",
        since.isoformat(),
        filters.get("kind", ""),
        region.pk if region else "",
        compute=meetings.count,
        language=False,
    )
    paginator = CountedPaginator(meetings, UPCOMING_PAGE_SIZE, count=count)
    page = paginator.get_page(request.GET.get("page"))
    # The list is the same for every visitor: its HTML is cached with the count, per
    # day, query (filters and page; the page links carry it), page and language
    # (rendering 25 meetings cost ~10 ms a request).
    results = UPCOMING.get_or_set(
        "results",
        since.isoformat(),
        sorted(request.GET.lists()),
        page.number,
        compute=lambda: render_to_string(
            "meetings/upcoming.html#results",
            {"page": page, "filtered": bool(filters)},
            request=request,
        ),
    )
    return render(
        request,
        "meetings/upcoming.html",
        # Rendered by our template (autoescaped), as the rest of the page.
        {"form": form, "results_html": mark_safe(results)},  # noqa: S308
    )


# --- The arena's plan ------------------------------------------------------------------


def plan(request: Request, arena_pk: int) -> HttpResponse:
    arena = _visible_arena(request, arena_pk)
    this_year = timezone.localdate().year
    year = parse_year(request.GET.get("ar"), this_year)
    start = datetime.datetime(year, 1, 1, tzinfo=OSLO)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=OSLO)
    meetings = list(selectors.meetings_between(arena, start, end))
    can_manage = rules.has_perm("meetings.manage", request.user, arena)
    is_member = arena.pk in member_arena_ids(request.user)
    return render(
        request,
        "meetings/plan.html",
        {
            "arena": arena,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "meetings": meetings,
            "can_manage": can_manage,
            "show_deadlines": can_manage or is_member,
            "now": timezone.now(),
        },
    )


# --- The meeting page -----------------------------------------------------------------


def meeting_detail(request: Request, pk: int) -> HttpResponse:
    # The minutes come along for the minutes section (a reverse one-to-one: None if absent).
    meeting = get_object_or_404(Meeting.objects.select_related("arena__owner", "minutes"), pk=pk)
    if not rules.has_perm("meetings.view_meeting", request.user, meeting):
        raise Http404
    arena = meeting.arena
    can_manage = rules.has_perm("meetings.manage", request.user, meeting)
    is_member = arena.pk in member_arena_ids(request.user)
    accessibility = [
        label
        for flag, label in (
            (meeting.step_free_access, _("Trinnfri adkomst")),
            (meeting.hearing_loop, _("Teleslynge")),
            (meeting.accessible_toilet, _("Tilgjengelig toalett")),
        )
        if flag
    ]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "arena": arena,
            "can_manage": can_manage,
            "can_cancel": can_manage
            and not meeting.is_cancelled
            and meeting.starts_at > timezone.now(),
            "show_link": can_manage or can_see_closed(request.user, arena),
            "show_deadlines": can_manage or is_member,
            "accessibility": accessibility,
        },
    )


# --- Creating, generating, editing, cancelling --------------------------------------


@login_required
def meeting_create(request: AuthedRequest, arena_pk: int) -> HttpResponse:
    arena = _managed_arena(request, arena_pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = create_meeting(arena, by=request.user, **form.domain_fields())
        except ValidationError as error:
            attach_plan_errors(form, error)
        else:
            messages.success(request, _("Møtet er lagt inn i møteplanen."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "arena": arena, "meeting": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def meeting_generate(request: AuthedRequest, arena_pk: int) -> HttpResponse:
    """Two steps without JavaScript: fill in the rule and see the dates, then confirm."""
    arena = _managed_arena(request, arena_pk)
    form = GenerateForm(request.POST or None)
    context: dict[str, Any] = {"form": form, "arena": arena}
    if request.method != "POST":
        return render(request, "meetings/plan_generate.html", context)
    action = request.POST.get("action", "preview")
    if action == "edit":
        form.is_valid()
        form.errors.clear()  # back to editing: the user has not asked for a check yet
        return render(request, "meetings/plan_generate.html", context)
    if form.is_valid():
        try:
            if action == "confirm":
                meetings = generate_meetings(arena, by=request.user, **form.plan(), **form.venue())
            else:
                pairs, skipped = plan_preview(**form.plan())
        except ValidationError as error:
            attach_plan_errors(form, error)
        else:
            if action == "confirm":
                messages.success(
                    request,
                    _("%(count)s møter er lagt inn i møteplanen.") % {"count": len(meetings)},
                )
                first_year = timezone.localtime(meetings[0].starts_at, OSLO).year
                return redirect(f"{reverse('meetings:plan', args=[arena.pk])}?ar={first_year}")
            context["pairs"] = pairs
            context["skipped"] = skipped
            return render(request, "meetings/plan_generate_preview.html", context)
    return render(request, "meetings/plan_generate.html", context, status=422)


@login_required
def meeting_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.is_cancelled:
        messages.error(request, _("Møtet er avlyst og kan ikke endres."))
        return redirect(meeting)
    form = MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(meeting, by=request.user, **form.domain_fields())
        except ValidationError as error:
            attach_plan_errors(form, error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "arena": meeting.arena, "meeting": meeting},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def meeting_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    meeting = _managed_meeting(request, pk)
    if meeting.is_cancelled:
        messages.info(request, _("Møtet er allerede avlyst."))
        return redirect(meeting)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cancel_meeting(meeting, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            attach_plan_errors(form, error)
        else:
            messages.success(request, _("Møtet er avlyst, og medlemmene har fått beskjed."))
            return redirect(meeting)
    return render(
        request,
        "meetings/meeting_cancel.html",
        {"form": form, "meeting": meeting, "is_past": meeting.starts_at <= timezone.now()},
        status=422 if request.method == "POST" else 200,
    )


# --- My meetings ------------------------------------------------------------------------


@login_required
def my_meetings(request: AuthedRequest) -> HttpResponse:
    """Upcoming meetings in the arenas where the user's person has a seat, with the role."""
    person = person_of_user(request.user)
    rows: list[tuple[Meeting, Membership]] = []
    if person is not None:
        rows = selectors.meetings_with_seat(person, timezone.localdate(), _start_of_today())
    return render(
        request,
        "meetings/my_meetings.html",
        {"person": person, "rows": rows, "has_feed": active_feed(request.user) is not None},
    )


# --- Calendar feeds ---------------------------------------------------------------------


def _calendar_response(body: bytes, filename: str, *, disposition: str = "inline") -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_GET
def meeting_ics(request: Request, pk: int) -> HttpResponse:
    """ "Legg til i kalender": the one meeting as a file, to whoever may see its page."""
    meeting = get_object_or_404(Meeting.objects.select_related("arena__owner"), pk=pk)
    if not rules.has_perm("meetings.view_meeting", request.user, meeting):
        raise Http404
    # The digital link goes to exactly those the meeting page shows it to.
    show_link = rules.has_perm("meetings.manage", request.user, meeting) or can_see_closed(
        request.user, meeting.arena
    )
    body = meeting_calendar(meeting, show_link=show_link)
    filename = f"mote-{meeting.local_date:%Y-%m-%d}-{meeting.pk}.ics"
    return _calendar_response(body, filename, disposition="attachment")


@require_GET
def arena_feed(request: Request, arena_pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena, pk=arena_pk)
    if not arena.is_public:
        raise Http404
    body = FEEDS.get_or_set(
        "arena", arena.pk, compute=lambda: arena_calendar(arena), scopes=[arena.pk]
    )
    return _calendar_response(body, f"arena-{arena.pk}.ics")


@require_GET
def person_feed(request: Request, token: str) -> HttpResponse:
    """No login: the unguessable token in the URL is the key."""
    feed = feed_for_token(token)
    if feed is None:
        raise Http404
    record_feed_use(feed)
    # Cached per set of arenas: everyone who sits in the same arenas gets the same feed.
    arena_ids = person_arena_id_list(feed.user)
    body = FEEDS.get_or_set(
        "arenas",
        ",".join(map(str, arena_ids)),
        compute=lambda: arenas_calendar(arena_ids),
        scopes=arena_ids or None,
    )
    return _calendar_response(body, "mine-moter.ics")


@login_required
def feeds(request: AuthedRequest) -> HttpResponse:
    """The user's private calendar feed: create (the URL is shown once) or revoke."""
    new_url = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            _feed, token = create_feed(by=request.user)
            new_url = settings.SITE_URL.rstrip("/") + reverse("meetings:person_feed", args=[token])
        elif action == "revoke":
            feed = active_feed(request.user)
            if feed is not None:
                with contextlib.suppress(ValidationError):
                    revoke_feed(feed, by=request.user)
            messages.success(
                request,
                _("Kalenderabonnementet er trukket tilbake. Den gamle lenken virker ikke lenger."),
            )
            return redirect("meetings:feeds")
        else:
            return redirect("meetings:feeds")
    feed = active_feed(request.user)
    public_arenas = list(selectors.public_arenas_with_seat(request.user))
    return render(
        request,
        "meetings/feeds.html",
        {"feed": feed, "new_url": new_url, "public_arenas": public_arenas},
    )
