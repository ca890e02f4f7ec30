"""Case proposals: the form (also for the public, where the arena allows it), the
arena's list for its managers and members, one proposal with its handling, and
"my proposals"."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.arenas.models import Arena
from medvirk.common.forms import HONEYPOT, caught_in_honeypot
from medvirk.common.http import AuthedRequest, Request
from medvirk.common.views import attach_domain_errors
from medvirk.meetings.domain.proposal_handling import (
    accept_proposal,
    decline_proposal,
    postpone_proposal,
    withdraw_proposal,
)
from medvirk.meetings.domain.proposals import (
    deadline_message,
    is_arena_manager,
    is_member_of,
    may_propose,
    may_withdraw_as_owner,
    next_open_meeting,
    proposing_organisations,
    submit_proposal,
    upcoming_meetings,
)
from medvirk.meetings.enums import HANDLED_PROPOSAL_STATUSES, OPEN_PROPOSAL_STATUSES
from medvirk.meetings.forms_proposals import (
    HandleProposalForm,
    ProposalFilterForm,
    ProposalForm,
)
from medvirk.meetings.models import CaseProposal
from medvirk.meetings.selectors import proposal_history
from medvirk.meetings.visibility import visible_items, visible_proposals

PAGE_SIZE = 25
RECEIPT_KEY = "medvirk_proposal_receipt"


def _get_arena(request: Request, arena_pk: int) -> Arena:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=arena_pk)
    if not rules.has_perm("arenas.view_arena", request.user, arena):
        # A private arena's existence is not public either.
        raise Http404
    return arena


def who_may_propose(arena: Arena) -> str:
    return _(
        "Saksforslag til %(arena)s kan sendes av medlemmene i arenaen, administratorer i "
        "organisasjonene som er representert der, og sekretariatet hos %(owner)s."
    ) % {"arena": arena.name, "owner": arena.owner.name}


def _store_receipt(request: Request, arena: Arena, *, title: str, message: str) -> None:
    request.session[RECEIPT_KEY] = {"arena": arena.pk, "title": title[:200], "message": message}


def propose(request: Request, arena_pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=arena_pk)
    user = request.user
    can_view_arena = rules.has_perm("arenas.view_arena", user, arena)
    allowed = may_propose(user, arena)
    if not (allowed or can_view_arena):
        # A private arena's existence is not public either. (An admin of an organisation
        # represented in a private arena may propose without seeing the arena's page.)
        raise Http404
    if not allowed:
        if not user.is_authenticated:
            messages.info(
                request,
                who_may_propose(arena) + " " + _("Logg inn for å sende et saksforslag."),
            )
            return redirect_to_login(request.get_full_path())
        return render(
            request,
            "meetings/proposal_forbidden.html",
            {"arena": arena, "who": who_may_propose(arena)},
            status=403,
        )
    if request.method == "POST" and caught_in_honeypot(request.POST):
        # A robot filled in the trap: the receipt a proposal without a wanted meeting
        # gets (it goes to the next open meeting), nothing saved, no mail.
        unsaved = CaseProposal(arena=arena, wanted_meeting=next_open_meeting(arena))
        _store_receipt(
            request, arena, title=request.POST.get("title", ""), message=deadline_message(unsaved)
        )
        return redirect("meetings:proposal_thanks", arena_pk=arena.pk)
    organisations = proposing_organisations(arena, user)
    organisation_required = not (
        is_arena_manager(user, arena) or is_member_of(user, arena) or arena.public_proposals
    )
    meetings = upcoming_meetings(arena)
    form = ProposalForm(
        request.POST or None,
        meetings=meetings,
        organisations=organisations,
        organisation_required=organisation_required,
        anonymous=not user.is_authenticated,
    )
    if request.method == "POST" and form.is_valid():
        kwargs = form.submit_kwargs()
        try:
            proposal = submit_proposal(arena, by=user if user.is_authenticated else None, **kwargs)
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            missed = kwargs["wanted_meeting"] if proposal.after_deadline else None
            message = deadline_message(proposal, missed)
            if user.is_authenticated:
                messages.success(
                    request,
                    _("Takk! Saksforslaget er sendt, og du har fått en kvittering på e-post.")
                    + " "
                    + message,
                )
                return redirect(proposal)
            _store_receipt(request, arena, title=proposal.title, message=message)
            return redirect("meetings:proposal_thanks", arena_pk=arena.pk)
    return render(
        request,
        "meetings/proposal_form.html",
        {
            "form": form,
            "arena": arena,
            "can_view_arena": can_view_arena,
            "next_meeting": next_open_meeting(arena),
            "honeypot": form[HONEYPOT],
        },
        status=422 if request.method == "POST" else 200,
    )


def proposal_thanks(request: Request, arena_pk: int) -> HttpResponse:
    arena = _get_arena(request, arena_pk)
    receipt = request.session.get(RECEIPT_KEY)
    if not isinstance(receipt, dict) or receipt.get("arena") != arena.pk:
        receipt = None
    return render(request, "meetings/proposal_thanks.html", {"arena": arena, "receipt": receipt})


@login_required
def proposal_list(request: AuthedRequest, arena_pk: int) -> HttpResponse:
    arena = _get_arena(request, arena_pk)
    user = request.user
    # The arena's managers and current members (rules.has_perm: not platform admins).
    if not rules.has_perm("meetings.view_closed", user, arena):
        raise PermissionDenied
    filter_form = ProposalFilterForm(request.GET or None)
    status = filter_form.status_value()
    base = (
        visible_proposals(user)
        .filter(arena=arena)
        .select_related("wanted_meeting__arena", "organisation")
    )
    show_open = not status or status in OPEN_PROPOSAL_STATUSES
    show_handled = not status or status in HANDLED_PROPOSAL_STATUSES
    open_proposals = (base.filter(status=status) if status else base.open()).order_by(
        "submitted_at", "pk"
    )
    handled = (base.filter(status=status) if status else base.handled()).order_by(
        "-updated_at", "-pk"
    )
    page = Paginator(handled, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/proposal_list.html",
        {
            "arena": arena,
            "filter_form": filter_form,
            "status": status,
            "open_proposals": list(open_proposals) if show_open else [],
            "show_open": show_open,
            "show_handled": show_handled,
            "page": page,
            "can_propose": may_propose(user, arena),
        },
    )


def _get_proposal(user: Any, pk: int) -> CaseProposal:
    proposal = get_object_or_404(
        visible_proposals(user).select_related(
            "arena__owner", "wanted_meeting__arena", "organisation"
        ),
        pk=pk,
    )
    if not rules.has_perm("meetings.view_proposal", user, proposal):
        raise Http404
    return proposal


def _render_detail(
    request: AuthedRequest,
    proposal: CaseProposal,
    handle_form: HandleProposalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_handle = proposal.is_open and rules.has_perm("meetings.handle_proposal", user, proposal)
    if can_handle and handle_form is None:
        handle_form = HandleProposalForm(
            meetings=upcoming_meetings(proposal.arena),
            initial={"meeting": proposal.wanted_meeting_id},
        )
    manager = is_arena_manager(user, proposal.arena)
    history = proposal_history(proposal)
    items = (
        visible_items(user)
        .filter(proposal=proposal)
        .select_related("meeting__arena")
        .order_by("meeting__starts_at", "pk")
    )
    return render(
        request,
        "meetings/proposal_detail.html",
        {
            "proposal": proposal,
            "arena": proposal.arena,
            "handle_form": handle_form,
            "can_handle": can_handle,
            "can_list": rules.has_perm("meetings.view_closed", user, proposal.arena),
            "manager": manager,
            "history": list(history),
            "items": list(items),
            "can_withdraw": rules.has_perm("meetings.withdraw_proposal", user, proposal),
        },
        status=status,
    )


def proposal_detail(request: Request, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    authed: AuthedRequest = request  # type: ignore[assignment]
    return _render_detail(authed, _get_proposal(authed.user, pk))


@require_POST
@login_required
def proposal_handle(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _get_proposal(user, pk)
    if not rules.has_perm("meetings.handle_proposal", user, proposal):
        raise PermissionDenied
    form = HandleProposalForm(request.POST, meetings=upcoming_meetings(proposal.arena))
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "accept":
                item = accept_proposal(
                    proposal,
                    by=user,
                    meeting=data["meeting"],
                    kind=data.get("kind") or "",
                    is_closed=bool(data.get("is_closed")),
                    closed_ground=data.get("closed_ground") or "",
                    closed_note=data.get("closed_note") or "",
                )
                done = _("Saksforslaget er satt på sakskartet som sak %(number)s.") % {
                    "number": item.case_number
                }
            elif data["action"] == "postpone":
                postpone_proposal(proposal, by=user, note=data.get("note") or "")
                done = _("Saksforslaget er utsatt. Det står fortsatt blant de åpne forslagene.")
            else:
                decline_proposal(proposal, by=user, reason=data.get("reason") or "")
                done = _("Saksforslaget er avvist, og begrunnelsen er sendt til forslagsstilleren.")
        except ValidationError as error:
            attach_domain_errors(form, error)
        else:
            messages.success(request, done + " " + _("Forslagsstilleren har fått e-post."))
            return redirect(proposal)
    return _render_detail(request, proposal, handle_form=form, status=422)


@login_required
def proposal_withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    user = request.user
    proposal = _get_proposal(user, pk)
    if not may_withdraw_as_owner(user, proposal):
        raise PermissionDenied
    if not proposal.is_open:
        messages.error(
            request,
            _("Saksforslaget er allerede behandlet (%(status)s) og kan ikke trekkes.")
            % {"status": proposal.get_status_display().lower()},
        )
        return redirect(proposal)
    if request.method == "POST":
        try:
            withdraw_proposal(proposal, by=user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saksforslaget er trukket."))
        return redirect(proposal)
    return render(request, "meetings/proposal_withdraw.html", {"proposal": proposal})


@login_required
def my_proposals(request: AuthedRequest) -> HttpResponse:
    """Proposals the user sent, and those of organisations where the user is admin."""
    user = request.user
    admin_orgs = admin_organisation_ids(user)
    proposals = (
        visible_proposals(user)
        .filter(Q(submitted_by=user) | Q(organisation_id__in=admin_orgs))
        .select_related("arena__owner", "wanted_meeting__arena", "organisation")
        .order_by("-submitted_at", "-pk")
    )
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "meetings/proposal_mine.html", {"page": page})
