"""Handling case proposals: accepted onto a meeting, postponed, declined with a reason,
or withdrawn by the proposer (submission and the shared helpers are in
:mod:`medvirk.meetings.domain.proposals`).

Handlers are checked with ``rules.has_perm`` (superusers do not bypass it), and every
step mails the proposer and writes the activity log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.common.activity import log_activity
from medvirk.meetings.domain.agenda import add_item
from medvirk.meetings.domain.proposals import (
    ACCEPTED,
    DECLINED,
    MAX_TEXT,
    POSTPONED,
    WITHDRAWN,
    clean_text,
    copy_saved_state,
    description_html,
    lock_proposal,
    mail_status,
    may_withdraw_as_owner,
    proposer_label,
)
from medvirk.meetings.enums import MeetingStatus, ProposalStatus
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting

if TYPE_CHECKING:
    from medvirk.accounts.models import User


# -- Handling ----------------------------------------------------------------------------


def _check_open(proposal: CaseProposal) -> None:
    if not proposal.is_open:
        raise ValidationError(
            _("Saksforslaget er allerede behandlet (%(status)s) og kan ikke endres.")
            % {"status": proposal.get_status_display().lower()}
        )


def _check_handler(by: User, proposal: CaseProposal) -> None:
    if not rules.has_perm("meetings.handle_proposal", by, proposal):
        raise PermissionDenied


@transaction.atomic
def accept_proposal(
    proposal: CaseProposal,
    *,
    by: User,
    meeting: Meeting,
    kind: str,
    is_closed: bool = False,
    closed_ground: str = "",
    closed_note: str = "",
) -> AgendaItem:
    """Put the proposal on a meeting's agenda as a new case."""
    _check_handler(by, proposal)
    locked = lock_proposal(proposal)
    _check_open(locked)
    if (
        meeting.arena_id != locked.arena_id
        or meeting.status != MeetingStatus.PLANNED
        or meeting.starts_at <= timezone.now()
    ):
        raise ValidationError(
            {"meeting": _("Velg et planlagt møte i denne arenaen som ikke har vært ennå.")}
        )
    item = add_item(
        meeting,
        by=by,
        kind=kind,
        title=locked.title,
        description=description_html(locked),
        is_closed=is_closed,
        closed_ground=closed_ground,
        closed_note=closed_note,
        proposer=proposer_label(locked),
        proposal=locked,
    )
    locked.status = ProposalStatus.ACCEPTED
    locked.wanted_meeting = meeting
    locked.save(update_fields=["status", "wanted_meeting", "updated_at"])
    log_activity(
        action=ACCEPTED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"meeting": meeting.pk, "item": item.pk, "case_number": item.case_number},
    )
    mail_status(
        locked,
        meeting_date=meeting.local_date,
        meeting_time=timezone.localtime(meeting.starts_at),
        case_number=item.case_number,
    )
    copy_saved_state(proposal, locked)
    return item


@transaction.atomic
def postpone_proposal(proposal: CaseProposal, *, by: User, note: str = "") -> CaseProposal:
    """Not on this meeting's agenda: the proposal stays open for a later meeting."""
    _check_handler(by, proposal)
    locked = lock_proposal(proposal)
    _check_open(locked)
    errors: dict[str, str] = {}
    note = clean_text(errors, "note", note, required=None, limit=MAX_TEXT)
    if errors:
        raise ValidationError(errors)
    locked.status = ProposalStatus.POSTPONED
    locked.handled_note = note
    locked.save(update_fields=["status", "handled_note", "updated_at"])
    log_activity(
        action=POSTPONED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"note": bool(note)},
    )
    mail_status(locked, note=note)
    copy_saved_state(proposal, locked)
    return locked


@transaction.atomic
def decline_proposal(proposal: CaseProposal, *, by: User, reason: str) -> CaseProposal:
    """Decline the proposal. The reason is required and is sent to the proposer."""
    _check_handler(by, proposal)
    locked = lock_proposal(proposal)
    _check_open(locked)
    errors: dict[str, str] = {}
    reason = clean_text(
        errors,
        "reason",
        reason,
        required=_("Skriv en begrunnelse. Den sendes til forslagsstilleren."),
        limit=MAX_TEXT,
    )
    if errors:
        raise ValidationError(errors)
    locked.status = ProposalStatus.DECLINED
    locked.decline_reason = reason
    locked.save(update_fields=["status", "decline_reason", "updated_at"])
    log_activity(action=DECLINED, actor=by, obj=locked, organisation=locked.arena.owner)
    mail_status(locked, reason=reason)
    copy_saved_state(proposal, locked)
    return locked


@transaction.atomic
def withdraw_proposal(proposal: CaseProposal, *, by: User) -> CaseProposal:
    """The proposer (or an admin of the proposing organisation) takes the proposal back."""
    if not may_withdraw_as_owner(by, proposal):
        raise PermissionDenied
    locked = lock_proposal(proposal)
    _check_open(locked)
    if not rules.has_perm("meetings.withdraw_proposal", by, locked):
        raise PermissionDenied
    locked.status = ProposalStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    log_activity(action=WITHDRAWN, actor=by, obj=locked, organisation=locked.arena.owner)
    mail_status(locked)
    copy_saved_state(proposal, locked)
    return locked
