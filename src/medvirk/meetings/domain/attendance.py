"""Attendance: members answer, deputies are called in, the secretariat records who came.

Who answers: the seat holders (chair, deputy chair, members) whose membership is
current on the meeting's *local* date (Europe/Oslo), deputies who have been
called in to this meeting (an ``Attendance`` row with role deputy exists), and the
arena's other deputies on that date, who say whether they are available.

Calling in a deputy: when a seat holder sends apologies, the first available
deputy of the arena (current on the meeting date, by ``deputy_rank``) gets an
``Attendance`` row (role deputy, ``substitute_for`` = the member's row) and a
mail. A deputy is *available* when they have no row for the meeting yet, or when
they were released earlier (row with ``substitute_for`` empty, no apologies).
When that deputy sends apologies, the next one is called in for the same member.
When nobody is available, the member still gets their apologies registered; the
owner's secretariat is mailed and the event is logged.

Changing back from apologies to attending: nothing is deleted. The deputies
called in for the member keep their rows (the secretariat can see they were
invited), but their ``substitute_for`` is cleared and those who had not sent
apologies get a mail saying they are no longer needed. Such a released deputy
may still answer (they were invited), is not counted as expected at the
meeting, and is the first candidate if the member sends apologies again.

A deputy who is not called in may say beforehand whether they are available: the
answer is a deputy row with ``substitute_for`` empty (attending: available, so called
in first when their turn comes; apologies: not available, so passed over). Such a row
is not counted as expected at the meeting.

Only a *change* to apologies calls a deputy in, so answering apologies twice
calls in one deputy. The meeting row is locked (``select_for_update``) for the
whole answer, so two apologies at the same moment never pick the same deputy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.memberships import SEAT_ROLES, secretariat_emails
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole, MeetingStatus
from medvirk.meetings.models import Attendance, Meeting
from medvirk.meetings.notifications import (
    send_deputy_invitation,
    send_deputy_not_needed,
    send_no_deputy_available,
)
from medvirk.people.domain.accommodation import record_reads
from medvirk.people.models import Accommodation, Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

logger = logging.getLogger(__name__)

RESPONDED = register_action(
    "meetings.attendance.responded", gettext_lazy("Svarte på innkalling til møte")
)
DEPUTY_CALLED_IN = register_action(
    "meetings.attendance.deputy_called_in", gettext_lazy("Kalte inn vararepresentant til møte")
)
DEPUTY_RELEASED = register_action(
    "meetings.attendance.deputy_released",
    gettext_lazy("Vararepresentant trengs ikke lenger på møtet"),
)
NO_DEPUTY = register_action(
    "meetings.attendance.no_deputy",
    gettext_lazy("Ingen vararepresentant var ledig til møtet"),
)
PRESENCE_RECORDED = register_action(
    "meetings.attendance.presence_recorded", gettext_lazy("Registrerte oppmøte på møtet")
)
ACCOMMODATIONS_VIEWED = register_action(
    "meetings.accommodation.viewed",
    gettext_lazy("Leste behov for tilrettelegging til et møte"),
)

ANSWERS = (AttendanceResponse.ATTENDING, AttendanceResponse.APOLOGIES)
MAX_NOTE_LENGTH = 500


@dataclass
class Answer:
    """What happened when someone answered: the row, and any deputy called in or released."""

    attendance: Attendance
    changed: bool = True
    deputy: Attendance | None = None
    no_deputy_available: bool = False
    released: list[Attendance] = field(default_factory=list)


# --- Queries ------------------------------------------------------------------------


def expected_attendees(meeting: Meeting) -> QuerySet[Membership]:
    """The seat holders (chair, deputy chair, members) current on the meeting's local date."""
    return (
        Membership.objects.current(on=meeting.local_date)
        .filter(arena_id=meeting.arena_id, role__in=SEAT_ROLES)
        .select_related("person")
        .order_by("role", "person__name", "pk")
    )


def arena_deputies(meeting: Meeting) -> QuerySet[Membership]:
    """The arena's deputies current on the meeting's local date, first rank first."""
    return (
        Membership.objects.current(on=meeting.local_date)
        .filter(arena_id=meeting.arena_id, role=MemberRole.DEPUTY)
        .select_related("person")
        .order_by("deputy_rank", "person__name", "pk")
    )


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user_id=user.pk).first()


def is_called_in(attendance: Attendance) -> bool:
    """A deputy currently standing in for someone (not released, not apologised)."""
    return (
        attendance.role == AttendanceRole.DEPUTY
        and attendance.substitute_for_id is not None
        and attendance.response != AttendanceResponse.APOLOGIES
    )


def answer_target(meeting: Meeting, user: Any) -> tuple[Person | None, Membership | None, Any]:
    """The user's person, their seat on the meeting date and their row, if any.

    The seat is a seat holder's membership or, failing that, a deputy's (current on the
    meeting's local date). The user may answer when the seat or a deputy row exists: a
    deputy not called in answers whether they are available.
    """
    person = person_of(user)
    if person is None:
        return None, None, None
    row = (
        Attendance.objects.filter(meeting=meeting, person=person)
        .select_related("substitute_for__person")
        .first()
    )
    seat = expected_attendees(meeting).filter(person=person).first()
    if seat is None:
        seat = arena_deputies(meeting).filter(person=person).first()
    return person, seat, row


def may_answer(seat: Membership | None, row: Attendance | None) -> bool:
    return seat is not None or (row is not None and row.role == AttendanceRole.DEPUTY)


def is_standby(row: Attendance | None) -> bool:
    """A deputy's row saying only whether they are available: never called in."""
    return (
        row is not None
        and row.role == AttendanceRole.DEPUTY
        and row.substitute_for_id is None
        and row.invited_at is None
    )


def has_started(meeting: Meeting) -> bool:
    return meeting.starts_at <= timezone.now()


# --- Mail -----------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _meeting_context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "arena_name": meeting.arena.name,
        "owner_name": meeting.arena.owner.name,
        "meeting_link": _absolute(meeting.get_absolute_url()),
        "respond_link": _absolute(reverse("meetings:respond", kwargs={"pk": meeting.pk})),
        "site_url": settings.SITE_URL,
    }


def _send(
    send: Callable[[Person, dict[str, Any]], bool], person: Person, context: dict[str, Any]
) -> None:
    if not send(person, context):
        logger.warning(
            "Attendance mail %s not sent: person %s has no e-mail address",
            send.__name__,
            person.pk,
        )


def _mail_no_deputy(meeting: Meeting, member: Attendance) -> None:
    recipients = secretariat_emails(meeting.arena.owner)
    if not recipients:
        logger.warning(
            "No secretariat to tell that no deputy is available (meeting %s)", meeting.pk
        )
        return
    # The secretariat works in the source language; the mail is one for all of them.
    context = {
        **_meeting_context(meeting),
        "member_name": member.person.name,
        "attendance_link": _absolute(reverse("meetings:attendance", kwargs={"pk": meeting.pk})),
    }
    send_no_deputy_available(recipients, context)


# --- Answering ------------------------------------------------------------------------


def _clean_answer(response: str, note: str) -> str:
    errors: dict[str, str] = {}
    if response not in ANSWERS:
        errors["response"] = _("Velg om du kommer eller melder forfall.")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = _("Merknaden kan være høyst %(max)s tegn (nå %(length)s).") % {
            "max": MAX_NOTE_LENGTH,
            "length": len(note),
        }
    if errors:
        raise ValidationError(errors)
    return note


def _check_open(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Møtet er avlyst. Du kan ikke svare på innkallingen."))
    if has_started(meeting):
        raise ValidationError(
            _("Møtet har startet. Svar kan ikke endres nå; kontakt sekretariatet.")
        )


def _call_in_deputy(meeting: Meeting, member: Attendance, *, by: User) -> Attendance | None:
    """Call in the first available deputy for ``member`` (a seat holder's row).

    Call with the meeting row locked. Returns None when nobody is available;
    the secretariat is then told.
    """
    rows = {
        row.person_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related("person")
    }
    chosen: Attendance | None = None
    for deputy in arena_deputies(meeting):
        existing = rows.get(deputy.person_id)
        if existing is None:
            chosen = Attendance(
                meeting=meeting,
                person=deputy.person,
                membership=deputy,
                role=AttendanceRole.DEPUTY,
            )
            break
        released = (
            existing.role == AttendanceRole.DEPUTY
            and existing.substitute_for_id is None
            and existing.response != AttendanceResponse.APOLOGIES
        )
        if released:
            chosen = existing
            break
    if chosen is None:
        logger.warning("No deputy available for attendance %s at meeting %s", member.pk, meeting.pk)
        _mail_no_deputy(meeting, member)
        log_activity(
            action=NO_DEPUTY,
            actor=by,
            obj=meeting,
            organisation=meeting.arena.owner,
            data={"meeting": meeting.pk, "for_person": member.person_id},
        )
        return None
    chosen.substitute_for = member
    chosen.invited_at = timezone.now()
    chosen.response = AttendanceResponse.PENDING
    chosen.response_note = ""
    chosen.responded_at = None
    chosen.save()
    _send(
        send_deputy_invitation,
        chosen.person,
        {**_meeting_context(meeting), "member_name": member.person.name},
    )
    log_activity(
        action=DEPUTY_CALLED_IN,
        actor=by,
        obj=chosen,
        organisation=meeting.arena.owner,
        data={"meeting": meeting.pk, "deputy": chosen.person_id, "for_person": member.person_id},
    )
    return chosen


def _release_deputies(meeting: Meeting, member: Attendance, *, by: User) -> list[Attendance]:
    """The member comes after all: clear ``substitute_for`` on their deputies; mail those
    who had not sent apologies that they are not needed."""
    released = []
    for deputy in Attendance.objects.filter(substitute_for=member).select_related("person"):
        was_called_in = is_called_in(deputy)
        deputy.substitute_for = None
        deputy.save(update_fields=["substitute_for"])
        if was_called_in:
            released.append(deputy)
            _send(
                send_deputy_not_needed,
                deputy.person,
                {**_meeting_context(meeting), "member_name": member.person.name},
            )
            log_activity(
                action=DEPUTY_RELEASED,
                actor=by,
                obj=deputy,
                organisation=meeting.arena.owner,
                data={"meeting": meeting.pk, "deputy": deputy.person_id},
            )
    return released


@transaction.atomic
def respond(meeting: Meeting, *, by: User, response: str, note: str = "") -> Answer:
    """Answer the meeting invitation: ``attending`` or ``apologies`` with an optional note.

    Allowed for seat holders current on the meeting's local date, for deputies called
    in to this meeting and for the arena's other deputies on that date (who say whether
    they are available), while the meeting is planned and has not started.
    See the module docstring for how deputies are called in and released.
    """
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().select_related("arena__owner").get(pk=meeting.pk)
    person, seat, row = answer_target(meeting, by)
    if person is None or not may_answer(seat, row):
        raise PermissionDenied
    if row is None:
        # A deputy who is not called in says whether they are available: a row with no
        # ``substitute_for`` (attending: available, apologies: not available).
        is_deputy = seat is not None and seat.role == MemberRole.DEPUTY
        row = Attendance(
            meeting=meeting,
            person=person,
            role=AttendanceRole.DEPUTY if is_deputy else AttendanceRole.MEMBER,
            membership=seat,
        )
    if not rules.has_perm("meetings.respond_attendance", by, row):
        raise PermissionDenied
    note = _clean_answer(response, note)
    _check_open(meeting)

    previous = row.response
    changed = previous != response or row.response_note != note or row.pk is None
    row.response = response
    row.response_note = note
    if changed:
        row.responded_at = timezone.now()
    row.save()
    answer = Answer(attendance=row, changed=changed)
    if changed:
        # The note may say why; it stays out of the log.
        log_activity(
            action=RESPONDED,
            actor=by,
            obj=row,
            organisation=meeting.arena.owner,
            data={"meeting": meeting.pk, "response": response, "role": row.role},
        )
    if previous == response:
        return answer
    if response == AttendanceResponse.APOLOGIES:
        member = row if row.role == AttendanceRole.MEMBER else row.substitute_for
        if member is not None:
            answer.deputy = _call_in_deputy(meeting, member, by=by)
            answer.no_deputy_available = answer.deputy is None
    elif row.role == AttendanceRole.MEMBER and previous == AttendanceResponse.APOLOGIES:
        answer.released = _release_deputies(meeting, row, by=by)
    return answer


# --- Presence -------------------------------------------------------------------------


@dataclass
class AttendanceLine:
    """One line of the attendance list: a seat holder or an invited deputy."""

    person: Person
    role_label: str
    membership: Membership | None
    attendance: Attendance | None

    @property
    def response(self) -> str:
        return self.attendance.response if self.attendance else AttendanceResponse.PENDING

    @property
    def response_label(self) -> str:
        return str(AttendanceResponse(self.response).label)

    @property
    def is_deputy(self) -> bool:
        return self.attendance is not None and self.attendance.role == AttendanceRole.DEPUTY


def attendance_lines(meeting: Meeting) -> list[AttendanceLine]:
    """Seat holders on the meeting date (with their answer, if any), then invited deputies.

    Three queries, however many members the arena has.
    """
    rows = {
        row.person_id: row
        for row in Attendance.objects.filter(meeting=meeting).select_related(
            "person", "membership", "substitute_for__person"
        )
    }
    lines: list[AttendanceLine] = []
    seen: set[int] = set()
    for seat in expected_attendees(meeting):
        seen.add(seat.person_id)
        lines.append(
            AttendanceLine(
                person=seat.person,
                role_label=str(seat.get_role_display()),
                membership=seat,
                attendance=rows.get(seat.person_id),
            )
        )
    others = sorted(
        (row for person_id, row in rows.items() if person_id not in seen),
        key=lambda row: (row.role != AttendanceRole.MEMBER, row.person.name, row.pk),
    )
    for row in others:
        lines.append(
            AttendanceLine(
                person=row.person,
                role_label=str(row.get_role_display()),
                membership=row.membership,
                attendance=row,
            )
        )
    return lines


@transaction.atomic
def record_presence(
    meeting: Meeting, *, by: User, present_person_ids: Iterable[int]
) -> list[Attendance]:
    """Record who actually came. Everyone on the attendance list not named is marked absent.

    Only once the meeting has started. Creates rows for seat holders who never answered.
    """
    if not rules.has_perm("meetings.manage", by, meeting):
        raise PermissionDenied
    meeting = Meeting.objects.select_for_update().select_related("arena__owner").get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Møtet er avlyst. Det kan ikke registreres oppmøte."))
    if not has_started(meeting):
        raise ValidationError(
            {"present": _("Oppmøte kan registreres først når møtet har startet.")}
        )
    present = set(present_person_ids)
    lines = attendance_lines(meeting)
    known = {line.person.pk for line in lines}
    if present - known:
        raise ValidationError(
            {"present": _("Velg bare personer som står på oppmøtelisten for møtet.")}
        )
    to_create: list[Attendance] = []
    to_update: list[Attendance] = []
    for line in lines:
        if line.attendance is None:
            to_create.append(
                Attendance(
                    meeting=meeting,
                    person=line.person,
                    membership=line.membership,
                    role=AttendanceRole.MEMBER,
                    present=line.person.pk in present,
                )
            )
        else:
            line.attendance.present = line.person.pk in present
            to_update.append(line.attendance)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["present"])
    log_activity(
        action=PRESENCE_RECORDED,
        actor=by,
        obj=meeting,
        organisation=meeting.arena.owner,
        data={"meeting": meeting.pk, "present": sorted(present), "listed": len(lines)},
    )
    return [*to_update, *to_create]


# --- Accommodation (health data) --------------------------------------------------------


def expected_person_ids(meeting: Meeting) -> set[int]:
    """People expected at the meeting: seat holders who have not sent apologies, and
    deputies called in who have not sent apologies either."""
    apologised = set(
        Attendance.objects.filter(
            meeting=meeting, response=AttendanceResponse.APOLOGIES
        ).values_list("person_id", flat=True)
    )
    seat_holders = set(expected_attendees(meeting).values_list("person_id", flat=True))
    deputies = set(
        Attendance.objects.filter(
            meeting=meeting, role=AttendanceRole.DEPUTY, substitute_for__isnull=False
        )
        .filter(~Q(response=AttendanceResponse.APOLOGIES))
        .values_list("person_id", flat=True)
    )
    return (seat_holders - apologised) | deputies


@transaction.atomic
def accommodation_summary(meeting: Meeting, *, by: User) -> list[tuple[Person, str]]:
    """Accommodation needs of the people expected at the meeting, for the owner's
    secretariat only (checked with ``rules.has_perm`` so platform admins do not pass).

    Every read is logged, with the person ids but never the needs.
    """
    if not rules.has_perm("meetings.view_accommodations", by, meeting):
        raise PermissionDenied
    # Health data follows people.view_accommodation: only people who sit NOW in an
    # arena of this service. Someone who held a seat on an old meeting's date but has
    # left since (resigned, or whose term ran out) is not listed.
    sitting_now = Membership.objects.current().filter(arena__owner_id=meeting.arena.owner_id)
    accommodations = (
        Accommodation.objects.filter(person_id__in=expected_person_ids(meeting))
        .filter(person_id__in=sitting_now.values("person_id"))
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    summary = [(row.person, row.needs) for row in accommodations]
    read = [person for person, _needs in summary]
    log_activity(
        action=ACCOMMODATIONS_VIEWED,
        actor=by,
        obj=meeting,
        organisation=meeting.arena.owner,
        data={"meeting": meeting.pk, "people": [person.pk for person in read]},
    )
    record_reads(read, by=by, organisation=meeting.arena.owner, about=meeting)  # on each
    return summary


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """Counts for the secretariat: attending, apologies, not answered, deputies called in.

    Two queries, however many members the arena has.
    """
    seat_holders = set(expected_attendees(meeting).values_list("person_id", flat=True))
    counts = {"attending": 0, "apologies": 0, "pending": 0, "deputies": 0}
    answered: set[int] = set()
    rows = Attendance.objects.filter(meeting=meeting).values_list(
        "person_id", "role", "response", "substitute_for_id"
    )
    for person_id, role, response, substitute_for_id in rows:
        deputy_for_someone = role == AttendanceRole.DEPUTY and substitute_for_id is not None
        if person_id not in seat_holders and not deputy_for_someone:
            continue
        if deputy_for_someone and response != AttendanceResponse.APOLOGIES:
            counts["deputies"] += 1
        if response == AttendanceResponse.ATTENDING:
            counts["attending"] += 1
        elif response == AttendanceResponse.APOLOGIES:
            counts["apologies"] += 1
        else:
            counts["pending"] += 1
        answered.add(person_id)
    counts["pending"] += len(seat_holders - answered)
    return counts
