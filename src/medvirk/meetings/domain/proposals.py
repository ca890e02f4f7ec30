"""Case proposals (saksforslag): submitted, then accepted onto a meeting, postponed,
declined with a reason, or withdrawn by the proposer.

Who may propose (``meetings.propose``): the arena's current members, admins of the
organisations currently represented in the arena (they propose on behalf of one of
those organisations), the owner's secretariat, and -- where the arena takes public
proposals -- anyone, without logging in.

Deadlines: a meeting's proposal deadline is a local date (Europe/Oslo); the deadline
day itself is still in time. A proposal sent after the deadline of the meeting it
wanted is still taken in for handling: it is marked ``after_deadline`` and moved to
the next meeting whose deadline has not passed (or to no meeting, when none is planned).

Proposals are never public, and neither are they handled by platform admins: the
checks here use ``rules.has_perm``, which superusers do not bypass, so that what a
user may do matches what ``visibility.visible_proposals`` lets them see.

Every step mails the proposer in their language and writes the activity log.

This module holds the reading helpers, the mails, the submission, and reopening a
proposal whose agenda item was removed (called by ``agenda.remove_item``); accepting,
postponing, declining and withdrawing are in
:mod:`medvirk.meetings.domain.proposal_handling`. All the activity actions are
registered here, so their labels are known as soon as either module is imported.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.rules import (
    admin_organisation_ids,
    secretariat_or_admin_organisation_ids,
)
from medvirk.arenas.domain.memberships import secretariat_emails
from medvirk.arenas.models import Arena
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.richtext import clean_rich_text
from medvirk.directory.models import Organisation
from medvirk.meetings.enums import MeetingStatus, ProposalStatus, ProposerKind
from medvirk.meetings.models import CaseProposal, Meeting
from medvirk.meetings.notifications import (
    send_proposal_notice,
    send_proposal_receipt,
    send_proposal_status,
)
from medvirk.meetings.rules import (
    is_admin_of_proposing_org,
    is_proposer,
    represented_organisation_ids,
)

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SUBMITTED = register_action(
    "meetings.proposal.submitted", gettext_lazy("Sendte inn et saksforslag")
)
ACCEPTED = register_action(
    "meetings.proposal.accepted", gettext_lazy("Satte et saksforslag på sakskartet")
)
POSTPONED = register_action("meetings.proposal.postponed", gettext_lazy("Utsatte et saksforslag"))
DECLINED = register_action("meetings.proposal.declined", gettext_lazy("Avviste et saksforslag"))
WITHDRAWN = register_action("meetings.proposal.withdrawn", gettext_lazy("Trakk et saksforslag"))

MAX_TEXT = 4000
MAX_TITLE = 200
MAX_NAME = 200


# -- Reading helpers (shared with the views) ---------------------------------------------


def _user(by: User | None) -> Any:
    return by if by is not None else AnonymousUser()


def upcoming_meetings(arena: Arena) -> QuerySet[Meeting]:
    """Planned meetings of the arena that have not started yet, soonest first."""
    return (
        Meeting.objects.filter(
            arena=arena, status=MeetingStatus.PLANNED, starts_at__gt=timezone.now()
        )
        .select_related("arena")
        .order_by("starts_at", "pk")
    )


def deadline_passed(meeting: Meeting, today: datetime.date | None = None) -> bool:
    """True once the proposal deadline day (Europe/Oslo) is over."""
    return (today or timezone.localdate()) > meeting.proposal_deadline


def next_open_meeting(arena: Arena, today: datetime.date | None = None) -> Meeting | None:
    """The next planned meeting whose proposal deadline has not passed."""
    today = today or timezone.localdate()
    for meeting in upcoming_meetings(arena):
        if not deadline_passed(meeting, today):
            return meeting
    return None


def proposing_organisations(arena: Arena, user: Any) -> QuerySet[Organisation]:
    """Organisations the user may propose on behalf of: admin there, and represented now."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    admin_of = admin_organisation_ids(user)
    if not admin_of:
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=admin_of & represented_organisation_ids(arena)
    ).order_by("name", "pk")


def is_arena_manager(user: Any, arena: Arena) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and arena.owner_id in secretariat_or_admin_organisation_ids(user)
    )


def is_member_of(user: Any, arena: Arena) -> bool:
    return bool(getattr(user, "is_authenticated", False) and arena.pk in member_arena_ids(user))


def may_propose(user: Any, arena: Arena) -> bool:
    return bool(rules.has_perm("meetings.propose", _user(user), arena))


def may_withdraw_as_owner(user: Any, proposal: CaseProposal) -> bool:
    """The user is the proposer or an admin of the proposing organisation (any state)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (is_proposer.test(user, proposal) or is_admin_of_proposing_org.test(user, proposal))
    )


def proposer_label(proposal: CaseProposal) -> str:
    """Who proposed the case, as it is shown on the agenda item.

    A citizen's name is not published on the agenda: they are shown as «Innbygger».
    """
    if proposal.organisation_id is not None and proposal.organisation is not None:
        return proposal.organisation.name
    if proposal.proposer_kind == ProposerKind.PUBLIC:
        return str(ProposerKind.PUBLIC.label)
    return proposal.proposer_name


def description_html(proposal: CaseProposal) -> str:
    """The four answers as simple, sanitised HTML for the agenda item's description."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [
            (_("Hvorfor er dette et problem?"), proposal.problem_why),
            (_("Hvor oppstår problemet?"), proposal.problem_where),
            (_("Når oppstår problemet?"), proposal.problem_when),
            (_("Forslag til løsning"), proposal.proposed_solution),
        ]
        html = "".join(
            f"<p><strong>{escape(label)}</strong></p>{linebreaks(text, autoescape=True)}"
            for label, text in parts
            if text.strip()
        )
    return clean_rich_text(html)


def deadline_message(proposal: CaseProposal, missed: Meeting | None = None) -> str:
    """A plain sentence about where the proposal stands against the deadlines."""
    target = proposal.wanted_meeting
    if proposal.after_deadline:
        if missed is not None:
            first = _(
                "Forslaget kom etter fristen for møtet %(meeting)s (fristen var %(deadline)s)."
            ) % {
                "meeting": format_date(missed.local_date, "SHORT_DATE_FORMAT"),
                "deadline": format_date(missed.proposal_deadline, "SHORT_DATE_FORMAT"),
            }
        else:
            first = _("Forslaget kom etter fristen for møtet det var ment for.")
        if target is not None:
            second = _("Det blir likevel behandlet, men tidligst til møtet %(meeting)s.") % {
                "meeting": format_date(target.local_date, "SHORT_DATE_FORMAT")
            }
        else:
            second = _(
                "Det blir likevel behandlet, men det er ikke satt opp flere møter ennå. "
                "Sekretariatet tar det med til et senere møte."
            )
        return f"{first} {second}"
    if target is not None:
        return _(
            "Forslaget er sendt i tide til møtet %(meeting)s (frist for saksforslag %(deadline)s)."
        ) % {
            "meeting": format_date(target.local_date, "SHORT_DATE_FORMAT"),
            "deadline": format_date(target.proposal_deadline, "SHORT_DATE_FORMAT"),
        }
    return _(
        "Det er ikke satt opp noe møte med åpen frist ennå. Sekretariatet tar forslaget "
        "med til et senere møte."
    )


# -- Mail --------------------------------------------------------------------------------


def proposal_link(proposal: CaseProposal) -> str:
    return settings.SITE_URL.rstrip("/") + proposal.get_absolute_url()


def _language(proposal: CaseProposal) -> str:
    user = proposal.submitted_by
    if user is not None:
        person = getattr(user, "person", None)
        if person is not None and person.preferred_language:
            return str(person.preferred_language)
    return str(settings.LANGUAGE_CODE)


def _proposer_context(proposal: CaseProposal) -> dict[str, Any]:
    return {
        "proposal": proposal,
        "name": proposal.proposer_name,
        "title": proposal.title,
        "arena_name": proposal.arena.name,
        "owner_name": proposal.arena.owner.name,
        "organisation_name": proposal.organisation.name if proposal.organisation else "",
        # Only a proposer with an account can open the proposal's page.
        "link": proposal_link(proposal) if proposal.submitted_by_id else "",
    }


def _mail_receipt(proposal: CaseProposal, missed: Meeting | None) -> None:
    language = _language(proposal)
    with translation.override(language):
        message = deadline_message(proposal, missed)
    send_proposal_receipt(
        [proposal.proposer_email],
        language,
        {**_proposer_context(proposal), "deadline_message": message},
    )
    with translation.override(settings.LANGUAGE_CODE):
        notice = deadline_message(proposal, missed)
        kind = str(proposal.get_proposer_kind_display())
    send_proposal_notice(
        secretariat_emails(proposal.arena.owner),
        settings.LANGUAGE_CODE,
        {
            **_proposer_context(proposal),
            "link": proposal_link(proposal),
            "deadline_message": notice,
            "kind": kind,
        },
    )


def mail_status(proposal: CaseProposal, **extra: Any) -> None:
    send_proposal_status(
        [proposal.proposer_email],
        _language(proposal),
        {**_proposer_context(proposal), "status": proposal.status, **extra},
    )


# -- Locking, and reopening after an agenda item is removed -----------------------------


def lock_proposal(proposal: CaseProposal) -> CaseProposal:
    return (
        CaseProposal.objects.select_for_update(of=("self",))
        .select_related("arena__owner", "organisation", "submitted_by", "wanted_meeting")
        .get(pk=proposal.pk)
    )


def copy_saved_state(target: CaseProposal, source: CaseProposal) -> None:
    """Copy the saved state back onto the caller's instance."""
    for name in ("status", "decline_reason", "handled_note", "wanted_meeting_id", "updated_at"):
        setattr(target, name, getattr(source, name))


def reopen_after_item_removed(proposal: CaseProposal, *, by: User) -> CaseProposal:
    """The item made from an accepted proposal was removed from a draft agenda: the
    proposal is open again (postponed), and the proposer is told. Called by
    ``agenda.remove_item`` inside its transaction, after its own permission check.

    It lives here, below both ``agenda`` and ``proposal_handling`` (which accepts a
    proposal onto an agenda through ``agenda.add_item``), so the two do not import
    each other."""
    locked = lock_proposal(proposal)
    if locked.status != ProposalStatus.ACCEPTED or locked.agenda_items.exists():
        return locked
    locked.status = ProposalStatus.POSTPONED
    locked.handled_note = _(
        "Saken ble tatt av sakskartet før det ble publisert. Forslaget er fortsatt åpent "
        "og kan settes opp på et senere møte."
    )
    locked.save(update_fields=["status", "handled_note", "updated_at"])
    log_activity(
        action=POSTPONED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"reason": "item_removed"},
    )
    mail_status(locked, note=locked.handled_note)
    copy_saved_state(proposal, locked)
    return locked


# -- Submitting --------------------------------------------------------------------------


def clean_text(
    errors: dict[str, str], field: str, value: str, *, required: str | None, limit: int
) -> str:
    value = (value or "").strip()
    if required and not value:
        errors[field] = required
    elif len(value) > limit:
        errors[field] = _("Teksten er for lang. Den kan ha høyst %(limit)d tegn.") % {
            "limit": limit
        }
    return value


def _kind_for(
    user: Any, arena: Arena, on_behalf_of: Organisation | None, errors: dict[str, str]
) -> str:
    if on_behalf_of is not None:
        if not proposing_organisations(arena, user).filter(pk=on_behalf_of.pk).exists():
            errors["on_behalf_of"] = _(
                "Du kan bare foreslå saker for en organisasjon der du er administrator, og "
                "som er representert i arenaen nå."
            )
        return ProposerKind.ORGANISATION
    if is_arena_manager(user, arena):
        return ProposerKind.SECRETARIAT
    if is_member_of(user, arena):
        return ProposerKind.MEMBER
    if arena.public_proposals:
        return ProposerKind.PUBLIC
    # Left: an admin of a represented organisation, who proposes for the organisation.
    errors["on_behalf_of"] = _("Velg hvilken organisasjon du foreslår saken for.")
    return ProposerKind.ORGANISATION


def _check_wanted(arena: Arena, wanted: Meeting | None, errors: dict[str, str]) -> None:
    if wanted is None:
        return
    if (
        wanted.arena_id != arena.pk
        or wanted.status != MeetingStatus.PLANNED
        or wanted.starts_at <= timezone.now()
    ):
        errors["wanted_meeting"] = _(
            "Velg et planlagt møte i denne arenaen som ikke har vært ennå, eller la feltet stå tomt."
        )


@transaction.atomic
def submit_proposal(
    arena: Arena,
    *,
    by: User | None,
    title: str,
    problem_why: str,
    problem_where: str,
    problem_when: str,
    proposed_solution: str,
    wanted_meeting: Meeting | None = None,
    on_behalf_of: Organisation | None = None,
    proposer_name: str = "",
    proposer_email: str = "",
) -> CaseProposal:
    """Send a case proposal to the arena. ``by`` is None for an anonymous citizen."""
    user = _user(by)
    if not may_propose(user, arena):
        raise PermissionDenied
    errors: dict[str, str] = {}
    title = clean_text(
        errors, "title", title, required=_("Skriv en kort tittel på saken."), limit=MAX_TITLE
    )
    problem_why = clean_text(
        errors,
        "problem_why",
        problem_why,
        required=_("Forklar hvorfor dette er et problem."),
        limit=MAX_TEXT,
    )
    problem_where = clean_text(
        errors, "problem_where", problem_where, required=None, limit=MAX_TEXT
    )
    problem_when = clean_text(errors, "problem_when", problem_when, required=None, limit=MAX_TEXT)
    proposed_solution = clean_text(
        errors,
        "proposed_solution",
        proposed_solution,
        required=_("Skriv hva du foreslår som løsning."),
        limit=MAX_TEXT,
    )
    kind = _kind_for(user, arena, on_behalf_of, errors)
    _check_wanted(arena, wanted_meeting, errors)

    if user.is_authenticated:
        person = getattr(user, "person", None)
        name = (proposer_name or "").strip() or (
            (person.name if person is not None else "") or user.name or user.email
        )
        email = (proposer_email or "").strip() or (
            (person.email if person is not None else "") or user.email
        )
    else:
        name = clean_text(
            errors,
            "proposer_name",
            proposer_name,
            required=_("Skriv navnet ditt, så sekretariatet vet hvem forslaget er fra."),
            limit=MAX_NAME,
        )
        email = (proposer_email or "").strip()
        if not email:
            errors["proposer_email"] = _(
                "Skriv e-postadressen din, så du får kvittering og svar på forslaget."
            )
        else:
            try:
                validate_email(email)
            except ValidationError:
                errors["proposer_email"] = _(
                    "Skriv en gyldig e-postadresse, for eksempel navn@example.no."
                )
    if errors:
        raise ValidationError(errors)

    today = timezone.localdate()
    after_deadline = False
    target = wanted_meeting
    if target is None:
        target = next_open_meeting(arena, today)
    elif deadline_passed(target, today):
        after_deadline = True
        target = next_open_meeting(arena, today)

    proposal = CaseProposal.objects.create(
        arena=arena,
        title=title,
        problem_why=problem_why,
        problem_where=problem_where,
        problem_when=problem_when,
        proposed_solution=proposed_solution,
        proposer_kind=kind,
        submitted_by=user if user.is_authenticated else None,
        organisation=on_behalf_of if kind == ProposerKind.ORGANISATION else None,
        proposer_name=name[:MAX_NAME],
        proposer_email=email,
        wanted_meeting=target,
        after_deadline=after_deadline,
    )
    log_activity(
        action=SUBMITTED,
        actor=user if user.is_authenticated else None,
        actor_label="" if user.is_authenticated else str(_("innbygger uten innlogging")),
        obj=proposal,
        organisation=arena.owner,
        data={
            "kind": kind,
            "organisation": on_behalf_of.pk if on_behalf_of is not None else None,
            "wanted_meeting": wanted_meeting.pk if wanted_meeting is not None else None,
            "meeting": target.pk if target is not None else None,
            "after_deadline": after_deadline,
        },
    )
    _mail_receipt(proposal, wanted_meeting if after_deadline else None)
    return proposal
