"""The reads of the start page ("Min side"): what is next for each role the user holds.

Thin on purpose: every section calls the selectors of the app that owns its rows
(meetings, appointments, followup, arenas, directory) and keeps the first few rows. A
section is read only for a role the user holds, in one or two statements, and its count
comes with the rows (a window over all of them, or the app's own figures), so the page
costs the same number of statements whatever the number of rows (tests/start/).

The roles:
- representative: a person with seats (any role, deputies included) that have not ended;
- organisation admin: admin of a user organisation or an umbrella;
- secretariat: secretariat or admin of a service (``managed_service_ids``);
- decision-maker: decision-maker of a service;
- platform admin: the "Drift" links (no query).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Window
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.accounts.rules import organisation_ids_with_roles
from medvirk.appointments.selectors import (
    nominations_awaiting_consent,
    open_requests_for_admin,
    request_rows,
)
from medvirk.arenas.enums import MemberRole
from medvirk.arenas.models import Membership
from medvirk.arenas.rules import know_member_arena_ids, managed_service_ids
from medvirk.arenas.selectors import arenas_short_of_seats
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.selectors import entries_to_confirm
from medvirk.experiences.selectors import open_calls_for_representative, pending_by_organisation
from medvirk.followup.selectors import (
    advice_addressed_to,
    advice_for_secretariat,
    new_reports,
    recent_answers_in_seats,
    reports_to_write,
    waiting_figures,
    waiting_for_answer,
)
from medvirk.meetings.dashboard import DashboardRows, dashboard_window
from medvirk.meetings.domain.attendance import is_called_in
from medvirk.meetings.enums import AttendanceResponse
from medvirk.meetings.models import Attendance, Meeting
from medvirk.meetings.sections import STANDBY_LABELS
from medvirk.meetings.selectors import (
    arenas_for_dashboard,
    meetings_for_seats,
    open_proposal_counts,
    open_seats,
    own_attendances,
    start_of_day,
    unapproved_meetings_for_dashboard,
    upcoming_meetings_for_dashboard,
)

#: Rows shown per list; "Se alle" leads to the whole list.
ROWS = 5
#: Answers to advice and representatives' reports count as new for this many days.
NEW_DAYS = 30
#: A term ending within this many days is shown (the secretariat's first reminder).
TERM_DAYS = 90
ADMIN_KINDS = (OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA)


@dataclass
class Rows:
    """The first rows of a list and how many there are in all."""

    rows: list[Any] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> bool:
        return self.total > len(self.rows)


def first_rows(queryset: QuerySet[Any], limit: int = ROWS) -> Rows:
    """The first ``limit`` rows of a queryset annotated with the window ``total``."""
    rows = list(queryset[:limit])
    return Rows(rows, rows[0].total if rows else 0)


def listed(items: Sequence[Any], limit: int = ROWS) -> Rows:
    return Rows(list(items[:limit]), len(items))


def with_total(queryset: QuerySet[Any], *order: str) -> QuerySet[Any]:
    """Each row with the ``total`` of rows (a window over all of them, before any
    limit), in ``order`` if given."""
    queryset = queryset.annotate(total=Window(Count("pk")))
    return queryset.order_by(*order) if order else queryset


# --- Representative --------------------------------------------------------------------


@dataclass
class MeetingRow:
    meeting: Meeting
    seat: Membership
    is_deputy: bool
    answer: str  # the user's own answer, or for a deputy whether called in
    answer_colour: str
    called_in: bool
    proposal_deadline: datetime.date | None  # when still open


def _answer(seat: Membership, row: Attendance | None) -> tuple[str, str, bool]:
    """What the user has answered for the meeting, as a label and a tag colour, and
    whether a deputy is called in."""
    responses = dict(AttendanceResponse.choices)
    if seat.role != MemberRole.DEPUTY:
        response = row.response if row is not None else AttendanceResponse.PENDING
        colour = {"attending": "success", "apologies": "neutral"}.get(response, "warning")
        return str(responses[response]), colour, False
    if row is None:
        return _("Ikke kalt inn"), "neutral", False
    if is_called_in(row):
        if row.response == AttendanceResponse.ATTENDING:
            return _("Kalt inn, du kommer"), "success", True
        return _("Kalt inn, ikke svart"), "warning", True
    if row.substitute_for_id is not None:  # called in, then sent apologies
        return str(responses[AttendanceResponse.APOLOGIES]), "neutral", False
    # Not called in; the deputy has said whether they are available.
    colour = "info" if row.response == AttendanceResponse.ATTENDING else "neutral"
    return str(STANDBY_LABELS[row.response]), colour, False


def representative(user: Any, today: datetime.date) -> dict[str, Any] | None:
    """Next meetings with the agenda's state and the user's answer, reports to write,
    new answers to the advice of their arenas and terms ending soon; None without seats
    and reports."""
    seats = open_seats(today, user=user)
    reports = first_rows(with_total(reports_to_write(user)))
    if not seats and not reports.rows:
        return None
    meetings = listed(meetings_for_seats(seats, start_of_day(today)))
    given = (
        own_attendances(seats[0].person_id, [meeting.pk for meeting, _seat in meetings.rows])
        if seats
        else {}
    )
    rows = []
    for meeting, seat in meetings.rows:
        answer, colour, called_in = _answer(seat, given.get(meeting.pk))
        deadline = meeting.proposal_deadline
        rows.append(
            MeetingRow(
                meeting=meeting,
                seat=seat,
                is_deputy=seat.role == MemberRole.DEPUTY,
                answer=answer,
                answer_colour=colour,
                called_in=called_in,
                proposal_deadline=deadline if deadline >= today else None,
            )
        )
    meetings.rows = rows
    answered = Rows()
    # The seats held today (the open seats that have started), read once above.
    current = [seat for seat in seats if seat.starts_on <= today]
    know_member_arena_ids(user, {seat.arena_id for seat in current})
    if seats:
        since = today - datetime.timedelta(days=NEW_DAYS)
        arena_ids = {seat.arena_id for seat in current}
        answered = first_rows(with_total(recent_answers_in_seats(user, arena_ids, since)))
    ending = [
        seat
        for seat in seats
        if seat.starts_on <= today and seat.ends_on <= today + datetime.timedelta(days=TERM_DAYS)
    ]
    return {
        "has_seats": bool(seats),
        "meetings": meetings,
        "reports": reports,
        "answers": answered,
        "answers_days": NEW_DAYS,
        "terms_ending": listed(sorted(ending, key=lambda seat: (seat.ends_on, seat.pk))),
        "term_days": TERM_DAYS,
        "open_calls": open_calls_for_representative(
            {seat.represents_id for seat in current if seat.represents_id}, today
        ),
    }


# --- Organisation admin ------------------------------------------------------------------


def organisation_admin(
    user: Any, organisations: Sequence[Any], now: datetime.datetime
) -> dict[str, Any]:
    """Requests to answer, nominations waiting for consent, the representatives' new
    reports and the entries to confirm, for the user and umbrella organisations the user
    administers (``organisations``)."""
    ids = [organisation.pk for organisation in organisations]
    pending = pending_by_organisation(ids)
    return {
        "organisations": organisations,
        "requests": listed(list(open_requests_for_admin(user))),
        "nominations": first_rows(nominations_awaiting_consent(ids)),
        "reports": first_rows(
            with_total(new_reports(user, ids, now - datetime.timedelta(days=NEW_DAYS)))
        ),
        "reports_days": NEW_DAYS,
        "to_confirm": list(entries_to_confirm(ids)),
        "participation": [
            (organisation, pending.get(organisation.pk, 0)) for organisation in organisations
        ],
    }


# --- Secretariat -------------------------------------------------------------------------


def secretariat(managed: Sequence[int], now: datetime.datetime) -> dict[str, Any]:
    """Appointment requests with their next step, meetings whose deadlines need action,
    minutes to approve, open case proposals, overdue advice and arenas short of seats,
    across the services the user runs."""
    today = timezone.localdate(now)
    arenas = list(arenas_for_dashboard(managed))
    arena_ids = [arena.pk for arena in arenas]
    start, end = dashboard_window(now)
    dashboard_rows = DashboardRows(today)
    late = [
        row
        for row in map(
            dashboard_rows.upcoming, upcoming_meetings_for_dashboard(arena_ids, now, end)
        )
        if row["warnings"]
    ]
    unapproved = list(unapproved_meetings_for_dashboard(arena_ids, now, start)[:ROWS])
    counts = open_proposal_counts(arena_ids)
    proposals = [
        {"arena": arena, "count": counts[arena.pk]} for arena in arenas if counts.get(arena.pk)
    ]
    overdue = advice_for_secretariat(
        managed, today, arena_id=None, overdue=True, status=""
    ).select_related("arena", "item", "meeting")
    return {
        "has_arenas": bool(arenas),
        "requests": listed(request_rows(Q(arena__owner_id__in=managed), today)),
        "late_meetings": listed(late),
        "minutes": Rows(
            [dashboard_rows.past(meeting) for meeting in unapproved],
            unapproved[0].total if unapproved else 0,  # type: ignore[attr-defined]
        ),
        "proposals": listed(proposals),
        "proposal_total": sum(counts.values()),
        "overdue": first_rows(with_total(overdue, "due_on", "pk")),
        "vacancies": first_rows(arenas_short_of_seats(managed, today)),
    }


# --- Decision-maker ----------------------------------------------------------------------


def decision_maker(user: Any, services: set[int], today: datetime.date) -> dict[str, Any]:
    """Advice waiting for the user's answer, soonest due first, with its case and
    meeting."""
    mine = advice_addressed_to(user, services)
    figures = waiting_figures(mine, today)
    waiting = waiting_for_answer(mine)[0:ROWS] if figures["waiting"] else []
    return {
        "figures": figures,
        "advice": Rows(
            [{"advice": advice, "overdue": advice.is_overdue(today)} for advice in waiting],
            figures["waiting"],
        ),
    }


# --- The page ----------------------------------------------------------------------------


def user_roles(user: Any) -> list[Role]:
    """The user's roles with their organisations, by organisation name."""
    return list(
        user.roles.select_related("organisation").order_by("organisation__name", "role", "pk")
    )


def start_sections(user: Any, now: datetime.datetime) -> dict[str, Any]:
    """Everything the start page shows, read for the roles the user holds only."""
    today = timezone.localdate(now)
    roles = user_roles(user)
    admin_of = [
        role.organisation
        for role in roles
        if role.role == RoleKind.ADMIN and role.organisation.kind in ADMIN_KINDS
    ]
    managed = sorted(managed_service_ids(user))
    decides = organisation_ids_with_roles(user, RoleKind.DECISION_MAKER)
    return {
        "roles": roles,
        "representative": representative(user, today),
        "org_admin": organisation_admin(user, admin_of, now) if admin_of else None,
        "secretariat": secretariat(managed, now) if managed else None,
        "decision_maker": decision_maker(user, decides, today) if decides else None,
        "today": today,
    }
