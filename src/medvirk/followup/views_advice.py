"""Advice: sending a statement as advice, the advice page with its timeline and answer
form, response documents, the secretariat's overview and the decision-maker's list."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import organisation_ids_with_roles
from medvirk.arenas.rules import managed_service_ids
from medvirk.common.dates import format_date
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.middleware import public_page
from medvirk.common.paging import counted_page
from medvirk.common.views import attach_domain_errors
from medvirk.followup import selectors, visibility
from medvirk.followup.caching import list_ids
from medvirk.followup.domain.advice import (
    approved_entry_text,
    can_answer,
    can_create,
    can_view,
    create_advice,
    decision_makers,
    default_due_on,
)
from medvirk.followup.domain.advice_answers import record_response
from medvirk.followup.domain.final_decisions import can_record
from medvirk.followup.enums import NEXT_STATUSES, AddresseeKind
from medvirk.followup.forms_advice import OVERDUE, AdviceForm, AnswerForm, SecretariatFilterForm
from medvirk.followup.models import Advice, AdviceResponse, FinalDecision
from medvirk.meetings import visibility as meeting_visibility
from medvirk.meetings.domain.documents import CONTENT_TYPES
from medvirk.meetings.enums import ItemKind
from medvirk.meetings.models import AgendaItem

# Work lists show 25 rows a page, as the other lists do: a row of these tables costs
# about half a millisecond to render, and a page of 100 rows missed the 20 ms target at
# national scale (issue 13). The statements still to send are a short list, not a page.
PAGE_SIZE = 25
ITEMS_SHOWN = 20
ANSWERED_SHOWN = 10
WAITING_SHOWN = 25


# --- Lookups: 404 for what the user may not know exists, 403 for what they may not do --


def _visible_advice(user: Any, pk: int) -> Advice:
    advice = get_object_or_404(
        visibility.visible_advice(user).select_related(
            "arena__owner", "addressee_user", "proposal", "final_decision"
        ),
        pk=pk,
    )
    if not can_view(user, advice):
        raise Http404
    return advice


# --- Sending a statement as advice ---------------------------------------------------


def _initial(
    item: AgendaItem, *, has_decision_makers: bool, approved: str | None
) -> dict[str, Any]:
    given_on = item.meeting.local_date
    return {
        "addressee_kind": AddresseeKind.DECISION_MAKER
        if has_decision_makers
        else AddresseeKind.BODY,
        "title": item.title,
        "text": approved or "",
        "given_on": given_on,
        "due_on": default_due_on(item, given_on),
    }


def _problem(item: AgendaItem) -> str:
    meeting = item.meeting
    if item.kind != ItemKind.STATEMENT:
        return _("Bare saker av typen uttalelse/råd kan sendes som råd.")
    if not meeting.is_published:
        return _(
            "Sakskartet er ikke publisert. Saken kan sendes som råd når sakskartet er publisert."
        )
    if meeting.is_cancelled:
        return _("Møtet er avlyst. Saken kan ikke sendes som råd.")
    return ""


@login_required
def advice_create(request: AuthedRequest, item_pk: int) -> HttpResponse:
    user = request.user
    item = get_object_or_404(
        meeting_visibility.visible_items(user).select_related("meeting", "arena__owner"),
        pk=item_pk,
    )
    if not can_create(user, item):
        raise PermissionDenied
    existing = selectors.advice_of_item(item)
    if existing is not None:
        messages.info(request, _("Saken er allerede sendt som råd."))
        return redirect(existing)
    makers = decision_makers(item.arena.owner)
    has_makers = makers.exists()
    approved = approved_entry_text(item)
    form = AdviceForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(item, has_decision_makers=has_makers, approved=approved),
        decision_makers=makers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            advice = create_advice(item, by=user, **form.domain_fields())
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Rådet er sendt til %(addressee)s. Svarfristen er %(date)s.")
                % {
                    "addressee": advice.addressee_name,
                    "date": format_date(advice.due_on, "SHORT_DATE_FORMAT"),
                },
            )
            return redirect(advice)
    return render(
        request,
        "followup/advice_form.html",
        {
            "form": form,
            "item": item,
            "meeting": item.meeting,
            "problem": _problem(item),
            "has_decision_makers": has_makers,
            "minutes_approved": approved is not None,
        },
        status=422 if request.method == "POST" else 200,
    )


# --- One advice ----------------------------------------------------------------------


def _render_detail(
    request: Request, advice: Advice, *, form: AnswerForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    allowed = NEXT_STATUSES.get(advice.status, frozenset())
    may_answer = can_answer(user, advice)
    if form is None and may_answer and allowed:
        form = AnswerForm(allowed=allowed, initial={"responded_on": today})
    item = None
    if advice.item_id is not None:
        item = selectors.visible_item_with_documents(user, advice.item_id)
    proposal = advice.proposal
    try:
        decision: FinalDecision | None = advice.final_decision
    except FinalDecision.DoesNotExist:
        decision = None
    return render(
        request,
        "followup/advice_detail.html",
        {
            "decision": decision,
            "may_record": can_record(user, advice),
            "advice": advice,
            "arena": advice.arena,
            "responses": list(advice.responses.order_by("responded_on", "created_at", "pk")),
            "overdue": advice.is_overdue(today),
            "item": item,
            "form": form,
            "may_answer": may_answer,
            "finished": not allowed,
            "show_proposal": proposal is not None
            and rules.has_perm("meetings.view_proposal", user, proposal),
        },
        status=status,
    )


def advice_detail(request: Request, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_advice(request.user, pk))


@login_required
@require_POST
def advice_answer(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    advice = _visible_advice(user, pk)
    if not can_answer(user, advice):
        raise PermissionDenied
    allowed = NEXT_STATUSES.get(advice.status, frozenset())
    form = AnswerForm(request.POST, request.FILES, allowed=allowed)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record_response(
                advice,
                by=user,
                status=data["status"],
                text=data.get("text") or "",
                responded_on=data.get("responded_on"),
                document=data.get("document"),
                link=data.get("link") or "",
            )
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("Svaret er registrert. Rådets medlemmer får beskjed på e-post."),
            )
            return redirect(advice)
    elif not allowed:
        form.add_error(
            None, _("Rådet er ferdig behandlet (gjennomført). Det kan ikke få nytt svar.")
        )
    return _render_detail(request, advice, form=form, status=422)


@public_page
def response_document(request: Request, pk: int) -> FileResponse:
    """Download a response's document: only where the advice is visible to the user.
    Public advice's documents are public (may be kept by the browser); the view sets
    no-store itself for the rest."""
    response = get_object_or_404(
        AdviceResponse.objects.select_related("advice__arena__owner"),
        pk=pk,
        advice__in=visibility.visible_advice(request.user),
    )
    if not can_view(request.user, response.advice) or not response.document:
        raise Http404
    try:
        handle = response.document.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = response.document_name or (response.document.name or "dokument").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    download = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    download["X-Content-Type-Options"] = "nosniff"
    download["Cache-Control"] = "private" if response.advice.is_public else "private, no-store"
    return download


# --- The secretariat's overview ------------------------------------------------------


@login_required
def secretariat(request: AuthedRequest) -> HttpResponse:
    """Statements not yet sent as advice, and all advice of the arenas the user runs."""
    managed = managed_service_ids(request.user)
    if not managed:
        raise PermissionDenied
    today = timezone.localdate()
    arenas = list(selectors.arenas_of_services(managed))
    filter_form = SecretariatFilterForm(request.GET or None, arenas=arenas)
    arena_id = status = ""
    if filter_form.is_bound and filter_form.is_valid():
        arena_id = filter_form.cleaned_data.get("arena") or ""
        status = filter_form.cleaned_data.get("status") or ""

    arena_filter = int(arena_id) if arena_id else None
    advice_qs = selectors.advice_for_secretariat(
        managed,
        today,
        arena_id=arena_filter,
        overdue=status == OVERDUE,
        status="" if status == OVERDUE else status,
    )
    # Which rows to show is cached per service (SECRETARIAT, retired by any change to
    # their advice, items, meetings, minutes and arenas); the rows are read by id.
    item_ids = list_ids(
        "items",
        managed,
        arena_filter,
        lambda: list(
            selectors.statements_to_send(managed, arena_id=arena_filter).values_list(
                "pk", flat=True
            )[: ITEMS_SHOWN + 1]
        ),
    )
    items = selectors.statements_by_ids(item_ids[:ITEMS_SHOWN])
    filters = (arena_filter, status, today.isoformat())
    page = counted_page(
        selectors.secretariat_pages(
            advice_qs,
            today,
            lambda bounds, ids: list_ids("page", managed, (filters, bounds), ids),
        ),
        PAGE_SIZE,
        count=list_ids("count", managed, filters, advice_qs.count),
        number=request.GET.get("page"),
    )
    return render(
        request,
        "followup/secretariat.html",
        {
            "filter_form": filter_form,
            "filtered": bool(arena_id or status),
            "items": items,
            "more_items": len(item_ids) > ITEMS_SHOWN,
            "items_shown": ITEMS_SHOWN,
            "page": page,
            "today": today,
            "has_arenas": bool(arenas),
            # Where final decisions may be imported: the services of these arenas.
            "services": sorted(
                {arena.owner_id: arena.owner for arena in arenas}.values(), key=lambda o: o.name
            ),
        },
    )


# --- The decision-maker's list -------------------------------------------------------


@login_required
def decision_maker(request: AuthedRequest) -> HttpResponse:
    """Advice waiting for the user's answer: addressed to them, or to a service where
    they are a decision-maker."""
    user = request.user
    services = organisation_ids_with_roles(user, RoleKind.DECISION_MAKER)
    if not services:
        raise PermissionDenied
    mine = selectors.advice_addressed_to(user, services)
    today = timezone.localdate()
    # The figures and which rows each list shows are cached per service (retired by any
    # change to their advice) and reader; the rows are read by id.
    reader = (user.pk, today.isoformat())
    figures = list_ids(
        "decisions:figures", services, reader, lambda: selectors.waiting_figures(mine, today)
    )
    # The count is the figure shown above the list: no second COUNT for the pages.
    page = counted_page(
        selectors.waiting_for_answer(
            mine, lambda bounds, ids: list_ids("decisions:waiting", services, (reader, bounds), ids)
        ),
        WAITING_SHOWN,
        count=figures["waiting"],
        number=request.GET.get("page"),
    )
    answered = selectors.last_answered(
        mine,
        ANSWERED_SHOWN,
        lambda bounds, ids: list_ids("decisions:answered", services, (reader, bounds), ids),
    )
    return render(
        request,
        "followup/decision_maker.html",
        {
            "page": page,
            "waiting": [{"advice": advice, "overdue": advice.is_overdue(today)} for advice in page],
            "figures": figures,
            "answered": answered,
            "answered_shown": ANSWERED_SHOWN,
            "today": today,
        },
    )
