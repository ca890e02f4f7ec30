"""Report-back, the organisation's input, and the dashboards of representatives
("due now") and organisations ("what our representatives did this year").

Every check uses ``rules.has_perm`` (platform admins are not let in), and every query of
reports, input, items, proposals and advice goes through the visibility modules.
"""

from __future__ import annotations

import datetime
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from medvirk.accounts.rules import is_org_admin_or_member
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.http import AuthedRequest
from medvirk.common.paging import counted_page
from medvirk.common.views import attach_domain_errors
from medvirk.directory.models import Organisation
from medvirk.followup import selectors
from medvirk.followup.caching import org_year as org_year_cache
from medvirk.followup.charts import year_status_chart
from medvirk.followup.domain.inputs import (
    delete_input,
    input_items,
    input_organisations,
    meeting_open_for_input,
    representative_memberships,
    send_input,
)
from medvirk.followup.domain.reports import (
    representatives_year,
    submit_report,
    writable_items,
    year_lists,
)
from medvirk.followup.enums import AdviceStatus, ReportStatus
from medvirk.followup.forms_reports import FeedFilterForm, InputForm, ReportForm, YearForm
from medvirk.followup.models import Report
from medvirk.followup.selectors import (
    advice_needing_action_first,
    overdue_q,
    proposals_needing_action_first,
    status_figures,
)
from medvirk.followup.visibility import (
    reader_key,
    visible_advice,
    visible_inputs,
    visible_reports,
    visible_reports_of,
)
from medvirk.meetings.enums import MeetingStatus, ProposalStatus
from medvirk.meetings.visibility import visible_items, visible_meetings, visible_proposals

FEED_PAGE_SIZE = 20
YEAR_ROWS_SHOWN = 10
PROPOSALS_PAGE = "forslagside"
ADVICE_PAGE = "radside"
ANSWERS_DAYS = 30


def local_year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """[1 January, next 1 January) of ``year`` in Europe/Oslo, as aware datetimes."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return start, end


# -- One report ------------------------------------------------------------------------


def _visible_report(user: Any, pk: int) -> Report:
    report = get_object_or_404(
        visible_reports(user).select_related(
            "meeting__arena__owner", "organisation", "person", "membership"
        ),
        pk=pk,
    )
    if not rules.has_perm("followup.view_report", user, report):
        raise Http404
    return report


@login_required
def report_write(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _visible_report(user, pk)
    if not rules.has_perm("followup.write_report", user, report):
        raise PermissionDenied
    items = writable_items(report, user)
    initial: dict[str, Any] = {
        "discussed": report.discussed,
        "contributed": report.contributed,
        "follow_up": report.follow_up,
        "items": list(report.items.values_list("pk", flat=True)),
        "confidential": report.is_confidential,
    }
    form = ReportForm(
        request.POST if request.method == "POST" else None, items=items, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        first = report.submitted_at is None
        try:
            saved = submit_report(
                report,
                by=user,
                discussed=data["discussed"],
                contributed=data["contributed"],
                follow_up=data["follow_up"],
                item_ids=[item.pk for item in data["items"]],
                confidential=data["confidential"],
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            done = (
                _("Takk! Tilbakemeldingen er sendt til %(organisation)s.")
                if first
                else _("Tilbakemeldingen er oppdatert.")
            ) % {"organisation": saved.organisation.name}
            if saved.is_confidential and not data["confidential"]:
                done += " " + _(
                    "Den er merket fortrolig fordi den gjelder en lukket sak. Bare "
                    "administratorene i organisasjonen og du kan lese den."
                )
            messages.success(request, done)
            return redirect(saved)
    return render(
        request,
        "followup/report_form.html",
        {"form": form, "report": report, "meeting": report.meeting},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def report_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _visible_report(user, pk)
    seen = set(
        visible_items(user).filter(meeting_id=report.meeting_id).values_list("pk", flat=True)
    )
    items: list[dict[str, Any]] = [
        {"item": item, "visible": item.pk in seen}
        for item in report.items.order_by("position", "number", "pk")
    ]
    return render(
        request,
        "followup/report_detail.html",
        {
            "report": report,
            "meeting": report.meeting,
            "items": items,
            "about_closed": any(entry["item"].is_closed for entry in items),
            "can_write": rules.has_perm("followup.write_report", user, report),
            "can_see_meeting": visible_meetings(user).filter(pk=report.meeting_id).exists(),
            "can_feed": rules.has_perm("followup.view_report_feed", user, report.organisation)
            or is_org_admin_or_member.test(user, report.organisation),
        },
    )


# -- The organisation's feed -------------------------------------------------------------


def _organisation_for_feed(user: Any, org_pk: int) -> Organisation:
    organisation = get_object_or_404(Organisation, pk=org_pk)
    allowed = rules.has_perm("followup.view_report_feed", user, organisation) or (
        is_org_admin_or_member.test(user, organisation)
    )
    if not allowed:
        raise PermissionDenied
    return organisation


@login_required
def report_feed(request: AuthedRequest, org_pk: int) -> HttpResponse:
    """Submitted reports of the organisation's representatives, newest first. Admins see
    confidential ones too; members only the others (``visible_reports`` decides)."""
    user = request.user
    organisation = _organisation_for_feed(user, org_pk)
    base = visible_reports_of(user, organisation.pk).filter(status=ReportStatus.SUBMITTED)
    # Years, arenas and every count from one grouped query; the page is one more.
    groups = selectors.report_feed_groups(base)
    years = sorted({year for year, _arena, _n in groups}, reverse=True)
    arenas = selectors.arenas_by_name({arena for _year, arena, _n in groups})
    filter_form = FeedFilterForm(request.GET or None, years=years, arenas=arenas)
    reports = base
    year = filter_form.value("ar")
    if year:
        start, end = local_year_bounds(year)
        reports = reports.filter(meeting__starts_at__gte=start, meeting__starts_at__lt=end)
    arena = filter_form.value("arena")
    if arena:
        reports = reports.filter(meeting__arena=arena)
    count = sum(
        n
        for group_year, group_arena, n in groups
        if (not year or group_year == year) and (not arena or group_arena == arena.pk)
    )
    reports = reports.select_related("meeting__arena", "person").order_by("-submitted_at", "-pk")
    page = counted_page(reports, FEED_PAGE_SIZE, count=count, number=request.GET.get("page"))
    return render(
        request,
        "followup/report_feed.html",
        {
            "organisation": organisation,
            "filter_form": filter_form,
            "filtered": bool(year or arena),
            "page": page,
            "is_admin": rules.has_perm("followup.view_report_feed", user, organisation),
        },
    )


# -- Input before a meeting --------------------------------------------------------------


@login_required
def input_create(request: AuthedRequest, meeting_pk: int) -> HttpResponse:
    user = request.user
    # The organisation sees only what the public sees of a meeting: no private arenas.
    meeting = get_object_or_404(
        visible_meetings(user).select_related("arena__owner"), pk=meeting_pk
    )
    organisations = list(input_organisations(meeting, user))
    if not organisations:
        raise PermissionDenied
    is_open = meeting_open_for_input(meeting)
    org_ids = [o.pk for o in organisations]
    memberships = list(representative_memberships(meeting, org_ids))
    items = input_items(meeting, user)
    form: InputForm | None = None
    if is_open:
        form = InputForm(
            request.POST if request.method == "POST" else None,
            organisations=organisations,
            memberships=memberships,
            items=items,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                sent = send_input(
                    data["item"],
                    by=user,
                    organisation=form.chosen_organisation(),
                    person=data["person"],
                    text=data["text"],
                )
            except ValidationError as error:
                attach_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Innspillet er sendt til %(person)s.") % {"person": sent.person.name},
                )
                return redirect("followup:input_create", meeting_pk=meeting.pk)
    elif request.method == "POST":
        messages.error(request, _("Møtet tar ikke imot innspill nå."))
        return redirect("followup:input_create", meeting_pk=meeting.pk)
    sent_inputs = (
        visible_inputs(user)
        .filter(meeting=meeting, organisation_id__in=org_ids)
        .select_related("item", "person", "organisation", "author")
        .order_by("item__position", "item__number", "created_at", "pk")
    )
    return render(
        request,
        "followup/input_form.html",
        {
            "meeting": meeting,
            "arena": meeting.arena,
            "form": form,
            "is_open": is_open,
            "has_items": form is not None and items.exists(),
            "organisations": organisations,
            "sent_inputs": list(sent_inputs),
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def input_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    org_input = get_object_or_404(
        visible_inputs(user).select_related("meeting__arena", "item", "person", "organisation"),
        pk=pk,
    )
    if not rules.has_perm("followup.send_input", user, org_input.organisation):
        raise PermissionDenied
    meeting = org_input.meeting
    if request.method == "POST":
        try:
            delete_input(org_input, by=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Innspillet er slettet."))
        return redirect("followup:input_create", meeting_pk=meeting.pk)
    return render(
        request,
        "followup/input_delete.html",
        {
            "org_input": org_input,
            "meeting": meeting,
            "started": meeting.starts_at <= timezone.now(),
        },
    )


# -- The meeting page's section ------------------------------------------------------------


# -- Dashboards ------------------------------------------------------------------------------


@login_required
def due_now(request: AuthedRequest) -> HttpResponse:
    """The representative's "due now": reports to write, answers to read, open proposals,
    and input received for coming meetings."""
    user = request.user
    now = timezone.now()
    reports = selectors.reports_to_write(user)
    since = timezone.localdate() - datetime.timedelta(days=ANSWERS_DAYS)
    seats = member_arena_ids(user)
    answers = selectors.recent_answers_in_seats(user, seats, since)
    proposals = (
        visible_proposals(user)
        .filter(submitted_by=user)
        .open()
        .select_related("arena", "wanted_meeting")
        .order_by("-submitted_at", "-pk")
    )
    inputs = (
        visible_inputs(user)
        .filter(person__user=user, meeting__starts_at__gt=now)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("meeting__arena", "item", "organisation")
        .order_by("meeting__starts_at", "item__position", "item__number", "created_at", "pk")
    )
    return render(
        request,
        "followup/due_now.html",
        {
            "reports": list(reports),
            "answers": list(answers),
            "proposals": list(proposals),
            "inputs": list(inputs),
            "answers_days": ANSWERS_DAYS,
            "has_seat": bool(seats),
        },
    )


def _year_facts(organisation: Organisation, year: int) -> dict[str, Any]:
    """The organisation's year as the page needs it from the cache: the representatives'
    table as HTML (a row per representative, hundreds for a national organisation, the
    same for every reader), the arenas where it had seats and who its representatives
    are (for the lists). Plain values: reading them back costs no model instances."""
    summary = representatives_year(organisation, year)
    return {
        "people_html": render_to_string(
            "followup/org_year.html#people",
            {
                "representatives": summary["representatives"],
                "totals": summary["totals"],
                "year": year,
            },
        ),
        "arena_ids": summary["arena_ids"],
        "senders": summary["senders"],
    }


@login_required
def org_year(request: AuthedRequest, org_pk: int) -> HttpResponse:
    """What the organisation's representatives did in a year (``?ar=YYYY``)."""
    user = request.user
    organisation = get_object_or_404(Organisation, pk=org_pk)
    if not rules.has_perm("followup.view_report_feed", user, organisation):
        raise PermissionDenied
    this_year = timezone.localdate().year
    years = list(range(this_year, this_year - 10, -1))
    form = YearForm(request.GET or None, years=years)
    year = form.cleaned_data["ar"] if form.is_bound and form.is_valid() else this_year
    if not form.is_bound or not form.is_valid():
        form = YearForm(initial={"ar": year}, years=years)
    # Cached per organisation (ORG_YEAR, retired by changes in the arenas where it has
    # seats); the lists' rows are read by id, as the reader may see them.
    today = timezone.localdate()
    summary = org_year_cache(
        organisation.pk, (year, today.isoformat(), "facts"), lambda: _year_facts(organisation, year)
    )
    lists = year_lists(
        organisation,
        year,
        user,
        arena_ids=summary["arena_ids"],
        sender_ids=summary["senders"],
    )
    reader = (year, today.isoformat(), reader_key(user))
    figures = org_year_cache(
        organisation.pk,
        (reader, "figures"),
        lambda: {
            "proposal_figures": status_figures(lists["proposals"], ProposalStatus.choices),
            "advice_figures": status_figures(
                lists["advice"], AdviceStatus.choices, overdue=overdue_q(today)
            ),
        },
    )
    # Each list a page at a time; its count is the total its figures show (no COUNT).
    proposals = counted_page(
        proposals_needing_action_first(
            lists["proposals"],
            lambda bounds, ids: org_year_cache(organisation.pk, (reader, "p", bounds), ids),
            readable=visible_proposals(user),
        ),
        YEAR_ROWS_SHOWN,
        count=figures["proposal_figures"]["total"],
        number=request.GET.get(PROPOSALS_PAGE),
    )
    advice = counted_page(
        advice_needing_action_first(
            lists["advice"],
            today,
            lambda bounds, ids: org_year_cache(organisation.pk, (reader, "a", bounds), ids),
            readable=visible_advice(user),
        ),
        YEAR_ROWS_SHOWN,
        count=figures["advice_figures"]["total"],
        number=request.GET.get(ADVICE_PAGE),
    )
    senders = summary["senders"]
    return render(
        request,
        "followup/org_year.html",
        {
            "organisation": organisation,
            "year": year,
            "form": form,
            "people_html": mark_safe(summary["people_html"]),  # noqa: S308 - our template
            **figures,
            "proposal_page": proposals,
            # (proposal, the representative who sent it or "")
            "proposal_rows": [
                (proposal, senders.get(proposal.submitted_by_id, "")) for proposal in proposals
            ],
            "advice_page": advice,
            # The status counts above, drawn (no query: followup/charts.py).
            "advice_chart": year_status_chart(
                figures["advice_figures"], year=year, id="chart-advice-status"
            ),
            "advice_page_param": ADVICE_PAGE,
            "proposal_page_param": PROPOSALS_PAGE,
        },
    )
