"""Report-back (tilbakemelding) from representatives to the organisation that nominated them.

After a meeting every person who sat in the arena for an organisation is asked, once, for a
short structured report: what was discussed, what they contributed, what the organisation
should follow up. ``request_reports`` runs daily (``run_periodic``); the request is claimed
by setting ``requested_at`` in one UPDATE, so running it twice -- or two workers at once --
never mails anybody twice.

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
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.appointments.domain.requests import recipients_for
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.followup.enums import ReportStatus
from medvirk.followup.models import Report
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.mail import send_template, send_to_person
from medvirk.meetings.models import AgendaItem, Attendance, Meeting
from medvirk.meetings.visibility import visible_items

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
    return send_to_person(
        membership.person,
        "followup/email/report_request",
        {
            "arena_name": meeting.arena.name,
            "meeting_date": meeting.starts_at,
            "organisation_name": membership.represents.name,
            "link": absolute(reverse("followup:report_write", kwargs={"pk": report.pk})),
            "has_account": membership.person.user_id is not None,
        },
    )


def request_reports(*, now: datetime.datetime | None = None) -> int:
    """Ask for a report from everyone who represented an organisation at a meeting that
    ended in the last 14 days (not cancelled, agenda published). Each person is asked
    once per meeting. Returns how many reports were requested in this run."""
    now = now or timezone.now()
    meetings = (
        Meeting.objects.filter(
            ends_at__lt=now,
            ends_at__gte=now - REQUEST_WINDOW,
            agenda_published_at__isnull=False,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("arena__owner")
        .order_by("ends_at", "pk")
    )
    requested = 0
    for meeting in meetings:
        for membership in reporting_memberships(meeting):
            report = _report_for(meeting, membership)
            with transaction.atomic():
                claimed = Report.objects.filter(pk=report.pk, requested_at__isnull=True).update(
                    requested_at=now
                )
                if not claimed:
                    continue
                log_activity(
                    action=REQUESTED,
                    actor=None,
                    actor_label="Medvirk",
                    obj=report,
                    organisation=report.organisation,
                    data={"meeting": meeting.pk, "person": membership.person_id},
                )
                _send_request(report, meeting, membership)
            requested += 1
    return requested


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
        send_template("followup/email/report_submitted", context, [address], settings.LANGUAGE_CODE)


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


def closed_item_ids(items: Iterable[AgendaItem]) -> list[int]:
    return [item.pk for item in items if item.is_closed]
