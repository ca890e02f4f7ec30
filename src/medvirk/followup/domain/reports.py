"""Report-back (tilbakemelding) from representatives to the organisation that nominated them.

After a meeting every person who sat in the arena for an organisation is asked, once, for a
short structured report: what was discussed, what they contributed, what the organisation
should follow up. The periodic job ``followup.report_requests`` (``run_periodic``) asks; the request is
claimed by setting ``requested_at`` in one UPDATE, so running it twice -- or two runs at
once -- never mails anybody twice.

``submit_report`` may be called again to edit a submitted report. ``submitted_at`` keeps the
time of the FIRST submission (the organisation's feed is ordered by when the report came in,
and an edit must not push an old report to the top); ``updated_at`` shows the last edit.
Only the first submission mails the organisation's admins.

A report that touches a closed agenda item is confidential: only the organisation's admins
and the writer read it, and the mail about it holds no report text, only the link.
Nobody at the service reads reports; the checks use ``rules.has_perm`` so platform admins
(superusers) do not pass either.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.appointments.domain.requests import recipients_for
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.followup import notifications
from medvirk.followup.enums import ReportStatus
from medvirk.followup.models import Report
from medvirk.followup.visibility import visible_advice
from medvirk.meetings.enums import (
    AttendanceResponse,
    AttendanceRole,
    MeetingStatus,
    ProposalStatus,
)
from medvirk.meetings.models import Attendance, CaseProposal, Meeting
from medvirk.meetings.visibility import visible_items, visible_proposals
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

REQUESTED = register_action(
    "followup.report.requested", gettext_lazy("Ba om tilbakemelding etter et møte")
)
SUBMITTED = register_action(
    "followup.report.submitted", gettext_lazy("Sendte tilbakemelding til organisasjonen")
)
UPDATED = register_action(
    "followup.report.updated", gettext_lazy("Endret tilbakemelding til organisasjonen")
)

REQUEST_WINDOW = datetime.timedelta(days=14)
MAX_TEXT = 6000
TEXT_FIELDS = ("discussed", "contributed", "follow_up")


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def seated_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Memberships that held a seat on ``day`` (a seat ended early counts up to, not
    including, the day it ended). Unlike ``Membership.objects.current`` this also holds
    for past days, when a seat has since been ended."""
    return Q(**{f"{prefix}starts_on__lte": day, f"{prefix}ends_on__gte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": day})
    )


def attendance_recorded(meeting: Meeting) -> bool:
    return Attendance.objects.filter(meeting=meeting, present__isnull=False).exists()


def reporting_memberships(meeting: Meeting) -> list[Membership]:
    """One membership per person who sat in the arena on the meeting day for an
    organisation -- only those recorded present, when attendance was recorded."""
    memberships = (
        Membership.objects.filter(seated_on_q(meeting.local_date))
        .filter(arena_id=meeting.arena_id, represents__isnull=False)
        .select_related("person", "represents")
    )
    if attendance_recorded(meeting):
        present = Attendance.objects.filter(meeting=meeting, present=True).values("person_id")
        memberships = memberships.filter(person_id__in=present)
    chosen: dict[int, Membership] = {}
    # A person with two seats (say member and deputy) reports once, for the full seat.
    for membership in sorted(memberships, key=lambda m: (m.role == MemberRole.DEPUTY, m.pk)):
        chosen.setdefault(membership.person_id, membership)
    return list(chosen.values())


def _report_for(meeting: Meeting, membership: Membership) -> Report:
    assert membership.represents is not None
    try:
        with transaction.atomic():
            report, _created = Report.objects.get_or_create(
                meeting=meeting,
                person=membership.person,
                defaults={"organisation": membership.represents, "membership": membership},
            )
    except IntegrityError:  # created by a run in parallel
        report = Report.objects.get(meeting=meeting, person=membership.person)
    return report


def _send_request(report: Report, meeting: Meeting, membership: Membership) -> bool:
    assert membership.represents is not None
    return notifications.send_report_request(
        membership.person,
        {
            "arena_name": meeting.arena.name,
            "meeting_date": meeting.starts_at,
            "organisation_name": membership.represents.name,
            "link": absolute(reverse("followup:report_write", kwargs={"pk": report.pk})),
            "has_account": membership.person.user_id is not None,
        },
    )


def due_meetings(now: datetime.datetime) -> QuerySet[Meeting]:
    """Meetings that ended in the last 14 days (not cancelled, agenda published)."""
    return (
        Meeting.objects.filter(
            ends_at__lt=now,
            ends_at__gte=now - REQUEST_WINDOW,
            agenda_published_at__isnull=False,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("arena__owner")
        .order_by("ends_at", "pk")
    )


def create_due_reports(now: datetime.datetime) -> None:
    """Create the (not yet requested) report of everyone who represented an organisation
    at a due meeting; idempotent, so overlapping runs may both call it."""
    for meeting in due_meetings(now):
        for membership in reporting_memberships(meeting):
            _report_for(meeting, membership)


def due_requests(now: datetime.datetime) -> QuerySet[Report]:
    """Reports of due meetings not requested yet (the periodic job
    ``followup.report_requests`` claims each by setting ``requested_at``, so each person
    is asked once per meeting)."""
    return Report.objects.filter(
        requested_at__isnull=True,
        membership__isnull=False,
        meeting__in=due_meetings(now).order_by().values("pk"),
    )


def send_report_request(report: Report) -> bool:
    """Ask for one report (claimed by the caller in the same transaction)."""
    report = Report.objects.select_related(
        "meeting__arena__owner", "membership__person", "membership__represents", "organisation"
    ).get(pk=report.pk)
    meeting, membership = report.meeting, report.membership
    assert membership is not None  # due_requests
    with transaction.atomic():
        log_activity(
            action=REQUESTED,
            actor=None,
            actor_label="Medvirk",
            obj=report,
            organisation=report.organisation,
            data={"meeting": meeting.pk, "person": membership.person_id},
        )
        return _send_request(report, meeting, membership)


# -- Submitting -----------------------------------------------------------------------


def writable_items(report: Report, user: Any) -> Any:
    """The meeting's items the writer may see (closed ones too, for a seat holder)."""
    return (
        visible_items(user)
        .filter(meeting_id=report.meeting_id)
        .order_by("position", "number", "pk")
    )


def _clean_texts(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    cleaned = {name: (values.get(name) or "").strip() for name in TEXT_FIELDS}
    errors: dict[str, str] = {}
    for name, value in cleaned.items():
        if len(value) > MAX_TEXT:
            errors[name] = _("Teksten kan være på høyst %(max)s tegn (nå %(count)s).") % {
                "max": MAX_TEXT,
                "count": len(value),
            }
    if not any(cleaned.values()):
        errors["discussed"] = _(
            "Skriv noe i minst ett av feltene: hva ble drøftet, hva du bidro med, "
            "eller hva organisasjonen bør følge opp."
        )
    return cleaned, errors


def _send_submitted(report: Report) -> None:
    context = {
        "person_name": report.person.name,
        "organisation_name": report.organisation.name,
        "arena_name": report.meeting.arena.name,
        "meeting_date": report.meeting.starts_at,
        "confidential": report.is_confidential,
        "link": absolute(report.get_absolute_url()),
        # A confidential report's text never goes by mail.
        "report": None if report.is_confidential else report,
    }
    for address in recipients_for(report.organisation):
        notifications.send_report_submitted([address], context)


def submit_report(
    report: Report,
    *,
    by: User,
    discussed: str,
    contributed: str,
    follow_up: str,
    item_ids: Iterable[int],
    confidential: bool = False,
) -> Report:
    """Save (or edit) the writer's report. A report about a closed item is confidential
    whatever the writer chose. The first submission mails the organisation's admins."""
    if not rules.has_perm("followup.write_report", by, report):
        raise PermissionDenied
    texts, errors = _clean_texts(
        {"discussed": discussed, "contributed": contributed, "follow_up": follow_up}
    )
    wanted = {int(pk) for pk in item_ids}
    items = list(writable_items(report, by).filter(pk__in=wanted)) if wanted else []
    if len(items) != len(wanted):
        errors["items"] = _("Velg bare saker fra dette møtet.")
    if errors:
        raise ValidationError(errors)
    closed = [item for item in items if item.is_closed]
    with transaction.atomic():
        locked = (
            Report.objects.select_for_update()
            .select_related("meeting__arena", "organisation", "person")
            .get(pk=report.pk)
        )
        first = locked.submitted_at is None
        for name, value in texts.items():
            setattr(locked, name, value)
        locked.is_confidential = bool(confidential or closed)
        locked.status = ReportStatus.SUBMITTED
        if first:
            locked.submitted_at = timezone.now()
        locked.save()
        locked.items.set(items)
        log_activity(
            action=SUBMITTED if first else UPDATED,
            actor=by,
            obj=locked,
            organisation=locked.organisation,
            # No report text in the log: it is read outside the organisation too.
            data={
                "meeting": locked.meeting_id,
                "items": sorted(item.pk for item in items),
                "confidential": locked.is_confidential,
                "forced_confidential": bool(closed) and not confidential,
            },
        )
        if first:
            _send_submitted(locked)
    return locked


# -- The organisation's year (read only) ---------------------------------------------------


@dataclass
class RepresentativeYear:
    """One representative's year for the organisation."""

    person: Person
    seats: list[Membership] = field(default_factory=list)
    held: int = 0
    attended: int = 0
    not_recorded: int = 0  # meetings held where the secretariat recorded no attendance
    reports_requested: int = 0
    reports_submitted: int = 0
    proposals: int = 0
    proposal_statuses: list[tuple[str, int]] = field(default_factory=list)


def _last_seat_day(membership: Membership) -> datetime.date:
    if membership.ended_on is not None:
        return min(membership.ends_on, membership.ended_on - datetime.timedelta(days=1))
    return membership.ends_on


def representatives_year(organisation: Organisation, year: int) -> dict[str, Any]:
    """What the organisation's representatives did in ``year`` (Europe/Oslo), in a fixed
    number of queries: per representative the arenas, meetings held while they sat (for
    a deputy: those they were called in to or came to) and attended, reports requested and submitted, proposals they sent. The same for every
    reader (the view caches it per organisation, ``ORG_YEAR``); what a reader may see of
    the proposals and advice is :func:`year_lists`."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    memberships = list(
        Membership.objects.filter(represents=organisation, starts_on__lte=last, ends_on__gte=first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=first))
        .select_related("person", "arena")
        .order_by("person__name", "person_id", "arena__name", "pk")
    )
    people: dict[int, RepresentativeYear] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, RepresentativeYear(membership.person))
        people[membership.person_id].seats.append(membership)
    arena_ids = {m.arena_id for m in memberships}

    meetings: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for pk, arena_id, starts_at in (
        Meeting.objects.filter(
            arena_id__in=arena_ids,
            starts_at__gte=start,
            starts_at__lt=end,
            ends_at__lt=timezone.now(),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("pk", "arena_id", "starts_at")
    ):
        meetings[arena_id].append((pk, timezone.localtime(starts_at).date()))
    meeting_ids = [pk for rows in meetings.values() for pk, _day in rows]
    present: set[tuple[int, int]] = set()
    called_in: set[tuple[int, int]] = set()
    recorded: set[int] = set()
    # Which of these meetings have attendance recorded at all (one row per meeting, not
    # every line: a national organisation's seats meet ~4,000 times a year), and the
    # representatives' own lines: present, or called in as a deputy.
    recorded.update(
        Attendance.objects.filter(meeting_id__in=meeting_ids, present__isnull=False)
        .order_by()
        .values_list("meeting_id", flat=True)
        .distinct()
    )
    for person_id, meeting_id, was_present, substitute_for_id, response in (
        Attendance.objects.filter(meeting_id__in=meeting_ids, person_id__in=list(people))
        .filter(
            Q(present=True)
            | (
                Q(role=AttendanceRole.DEPUTY, substitute_for__isnull=False)
                & ~Q(response=AttendanceResponse.APOLOGIES)
            )
        )
        .values_list("person_id", "meeting_id", "present", "substitute_for_id", "response")
    ):
        if was_present:
            present.add((person_id, meeting_id))
        if substitute_for_id is not None and response != AttendanceResponse.APOLOGIES:
            called_in.add((person_id, meeting_id))
    # A seat holder is counted for every meeting held while they sat; a deputy only for
    # the meetings they were called in to or came to (a deputy is not expected at the
    # others).
    held: dict[int, set[int]] = defaultdict(set)
    for membership in memberships:
        person_id = membership.person_id
        is_deputy = membership.role == MemberRole.DEPUTY
        for pk, day in meetings[membership.arena_id]:
            if not membership.starts_on <= day <= _last_seat_day(membership):
                continue
            key = (person_id, pk)
            if is_deputy and key not in called_in and key not in present:
                continue
            held[person_id].add(pk)
    for person_id, row in people.items():
        row.held = len(held[person_id])
        row.attended = sum(1 for pk in held[person_id] if (person_id, pk) in present)
        row.not_recorded = sum(1 for pk in held[person_id] if pk not in recorded)

    for person_id, status, count in (
        Report.objects.filter(
            organisation=organisation,
            person_id__in=list(people),
            meeting__starts_at__gte=start,
            meeting__starts_at__lt=end,
        )
        .values("person_id", "status")
        .annotate(count=Count("pk"))
        .values_list("person_id", "status", "count")
    ):
        people[person_id].reports_requested += count
        if status == ReportStatus.SUBMITTED:
            people[person_id].reports_submitted += count

    by_user = {m.person.user_id: m.person_id for m in memberships if m.person.user_id}
    # Per representative only a count by status of what they sent in the arenas where they
    # sit for the organisation -- no titles: a member's own proposal is not the
    # organisation's to read (``visible_proposals``), but that it was sent is its record.
    seat_arenas: dict[int, set[int]] = defaultdict(set)
    for membership in memberships:
        seat_arenas[membership.person_id].add(membership.arena_id)
    sent: dict[int, Counter[str]] = defaultdict(Counter)
    for user_id, arena_id, status in CaseProposal.objects.filter(
        submitted_by_id__in=list(by_user),
        arena_id__in=arena_ids,
        submitted_at__gte=start,
        submitted_at__lt=end,
    ).values_list("submitted_by_id", "arena_id", "status"):
        person_id = by_user[user_id]
        if arena_id in seat_arenas[person_id]:
            sent[person_id][status] += 1
    for person_id, counts in sent.items():
        people[person_id].proposals = sum(counts.values())
        people[person_id].proposal_statuses = [
            (str(label), counts[value]) for value, label in ProposalStatus.choices if counts[value]
        ]
    representatives = list(people.values())
    return {
        "representatives": representatives,
        "totals": {
            "held": sum(r.held for r in representatives),
            "attended": sum(r.attended for r in representatives),
            "not_recorded": sum(r.not_recorded for r in representatives),
            "reports_requested": sum(r.reports_requested for r in representatives),
            "reports_submitted": sum(r.reports_submitted for r in representatives),
            "proposals": sum(r.proposals for r in representatives),
        },
        # user id -> the representative's name, for the proposals' "sent by"
        "senders": {
            user_id: people[person_id].person.name for user_id, person_id in by_user.items()
        },
        "arena_ids": sorted(arena_ids),
    }


def year_lists(
    organisation: Organisation,
    year: int,
    user: Any,
    *,
    arena_ids: Iterable[int],
    sender_ids: Iterable[int],
) -> dict[str, Any]:
    """The proposals and advice of the organisation's year that ``user`` may see
    (``visible_proposals`` / ``visible_advice``): the organisation's own proposals and
    those its representatives (``sender_ids``, users) sent, and the advice of the arenas
    where it had seats (``arena_ids``), each as a queryset the view reads a page at a
    time, the most urgent first."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    proposals = (
        visible_proposals(user)
        .filter(Q(organisation=organisation) | Q(submitted_by_id__in=list(sender_ids)))
        .filter(submitted_at__gte=start, submitted_at__lt=end)
    )
    advice = visible_advice(user).filter(
        arena_id__in=list(arena_ids), given_on__gte=first, given_on__lte=last
    )
    return {"proposals": proposals, "advice": advice}
