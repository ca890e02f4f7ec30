"""Invented demo advice and report-back, on top of the demo meetings: every statement
item of the last two years went as advice to Bergen kommune's decision-maker, with
answers in every status (some overdue, with reminders sent), report-backs from the
representatives (one confidential) and input from an organisation before the next
meeting. Everything is made up.

Like the meetings demo, the past is written directly in the shapes the domain
functions produce (they refuse dates behind us and would mail everyone).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.arenas.models import Membership
from medvirk.followup import demo_decisions
from medvirk.followup.enums import AddresseeKind, AdviceStatus, ReportStatus
from medvirk.followup.models import Advice, AdviceResponse, OrganisationInput, Report
from medvirk.meetings.enums import ItemKind, MinutesStatus
from medvirk.meetings.models import AgendaItem, Attendance, Meeting

DECISION_MAKER_EMAIL = "leder@medvirk.test"
ORG_ADMIN_EMAIL = "orgadmin@medvirk.test"
MEMBER_EMAIL = "medlem@medvirk.test"

# Answer paths, used in turn: (steps as (status, days after given), text of the outcome).
PATHS: list[tuple[list[tuple[str, int]], str]] = [
    (
        [(AdviceStatus.RECEIVED, 3), (AdviceStatus.FOLLOWED, 28), (AdviceStatus.IMPLEMENTED, 120)],
        "Rådets råd er tatt inn i planen, og tiltakene er gjennomført.",
    ),
    (
        [(AdviceStatus.RECEIVED, 2), (AdviceStatus.CONSIDERING, 9), (AdviceStatus.FOLLOWED, 35)],
        "Kommunedirektøren følger rådet og legger det fram for bystyret.",
    ),
    (
        [(AdviceStatus.RECEIVED, 4), (AdviceStatus.PARTLY, 47)],
        "Teleslynge monteres i nye bygg. Eldre bygg vurderes i neste budsjett.",
    ),
    (
        [(AdviceStatus.CONSIDERING, 6), (AdviceStatus.NOT_FOLLOWED, 50)],
        "Rådet følges ikke nå: tiltaket er ikke finansiert i økonomiplanen. Saken tas opp igjen "
        "ved neste rullering.",
    ),
    ([(AdviceStatus.FOLLOWED, 14)], "Rådet er fulgt i sin helhet."),
    ([(AdviceStatus.RECEIVED, 5)], ""),  # acknowledged, no answer yet (overdue when old)
    ([(AdviceStatus.RECEIVED, 2), (AdviceStatus.CONSIDERING, 8)], ""),  # being considered
    ([], ""),  # not even acknowledged
]
TEXTS: dict[str, str] = {
    AdviceStatus.RECEIVED: "Rådet er mottatt og sendt til fagavdelingen.",
    AdviceStatus.CONSIDERING: "Saken er til behandling i helse- og omsorgsetaten.",
    AdviceStatus.IMPLEMENTED: "Tiltakene er gjennomført og tatt i bruk.",
}


def _advice(item: AgendaItem, decision_maker: User, secretariat: User, turn: int) -> None:
    meeting = item.meeting
    entry = getattr(item, "minutes_entry", None)
    given = meeting.local_date
    due = given + datetime.timedelta(weeks=item.arena.advice_response_weeks)
    today = timezone.localdate()
    advice = Advice.objects.create(
        arena=item.arena,
        item=item,
        meeting=meeting,
        proposal=item.proposal,
        title=item.title,
        text=entry.text if entry is not None else item.description,
        addressee_kind=AddresseeKind.DECISION_MAKER,
        addressee_user=decision_maker,
        addressee_name=decision_maker.name or decision_maker.email,
        addressee_email=decision_maker.email,
        given_on=given,
        due_on=due,
        is_public=not item.is_closed and item.arena.is_public,
        created_by=secretariat,
    )
    steps, outcome_text = PATHS[turn % len(PATHS)]
    status: str = AdviceStatus.SENT
    first_answer: datetime.date | None = None
    for step_status, days in steps:
        day = given + datetime.timedelta(days=days)
        if day > today:
            break
        AdviceResponse.objects.create(
            advice=advice,
            status=step_status,
            text=TEXTS.get(step_status, outcome_text),
            link="https://www.example.org/bergen/vedtak"
            if step_status == AdviceStatus.IMPLEMENTED
            else "",
            responded_on=day,
            by=decision_maker,
            by_name=decision_maker.name or decision_maker.email,
        )
        status = step_status
        if first_answer is None and step_status not in (
            AdviceStatus.RECEIVED,
            AdviceStatus.CONSIDERING,
        ):
            first_answer = day
    advice.status = status
    advice.first_answer_on = first_answer
    now = timezone.now()
    if first_answer is None and today >= due - datetime.timedelta(days=7):
        advice.reminded_before_at = now - datetime.timedelta(days=max(0, (today - due).days + 7))
    if first_answer is None and today > due:
        advice.reminded_after_at = now - datetime.timedelta(days=(today - due).days - 1)
        advice.overdue_notified_at = advice.reminded_after_at
    advice.save()


def _reports(meetings: list[Meeting], today: datetime.date) -> None:
    member_user = User.objects.filter(email=MEMBER_EMAIL).first()
    recent = [m for m in meetings if (today - m.local_date).days <= 180]
    for index, meeting in enumerate(recent):
        present = (
            Attendance.objects.filter(meeting=meeting, present=True)
            .select_related("person", "membership__represents")
            .order_by("person__name")
        )
        items = list(meeting.items.all())
        for number, attendance in enumerate(present):
            membership = attendance.membership
            if membership is None or membership.represents is None:
                continue
            submitted = (number + index) % 3 != 0
            closed = [i for i in items if i.is_closed]
            confidential = submitted and number == 0 and bool(closed)
            report = Report.objects.create(
                meeting=meeting,
                person=attendance.person,
                organisation=membership.represents,
                membership=membership,
                status=ReportStatus.SUBMITTED if submitted else ReportStatus.REQUESTED,
                discussed=(
                    "Rådet drøftet høringen om universell utforming og budsjettet."
                    if submitted
                    else ""
                ),
                contributed=(
                    "Jeg la fram medlemmenes erfaringer med bestillingstransport."
                    if submitted
                    else ""
                ),
                follow_up=(
                    "Organisasjonen bør sende egen høringsuttalelse innen fristen."
                    if submitted
                    else ""
                ),
                is_confidential=confidential,
                requested_at=meeting.ends_at + datetime.timedelta(hours=20),
                submitted_at=(meeting.ends_at + datetime.timedelta(days=3) if submitted else None),
            )
            if submitted:
                report.items.set(
                    closed[:1] if confidential else [i for i in items if not i.is_closed][:2]
                )
    # The member login has a report to write for the latest meeting.
    if member_user is not None and recent:
        latest = recent[-1]
        membership = (
            Membership.objects.current(on=latest.local_date)
            .filter(arena=latest.arena, person__user=member_user)
            .select_related("person", "represents")
            .first()
        )
        if membership is not None and membership.represents is not None:
            Report.objects.get_or_create(
                meeting=latest,
                person=membership.person,
                defaults={
                    "organisation": membership.represents,
                    "membership": membership,
                    "requested_at": latest.ends_at + datetime.timedelta(hours=20),
                },
            )


def _inputs(meetings: list[Meeting]) -> None:
    admin = User.objects.filter(email=ORG_ADMIN_EMAIL).first()
    if admin is None:
        return
    role = admin.roles.select_related("organisation").first()
    if role is None:
        return
    upcoming = [m for m in meetings if m.starts_at > timezone.now() and m.is_published]
    if not upcoming:
        return
    meeting = upcoming[0]
    representatives = (
        Membership.objects.current(on=meeting.local_date)
        .filter(arena=meeting.arena, represents=role.organisation)
        .select_related("person")
        .order_by("-person__user", "person__name")
    )
    items = [i for i in meeting.items.order_by("position") if not i.is_closed][:2]
    for representative in list(representatives)[:2]:
        for item in items:
            OrganisationInput.objects.create(
                meeting=meeting,
                item=item,
                organisation=role.organisation,
                person=representative.person,
                text=(
                    "Styret ber deg løfte fram at mange medlemmer venter lenge på "
                    "tilrettelagt transport, og at tiltakene må ha penger i budsjettet."
                ),
                author=admin,
            )


def load() -> None:
    """Create demo advice, answers, report-back and input (after the meetings demo)."""
    decision_maker = User.objects.filter(email=DECISION_MAKER_EMAIL).first()
    secretariat = User.objects.filter(email="sekretariat@medvirk.test").first()
    if decision_maker is None or secretariat is None:
        return
    today = timezone.localdate()
    items = (
        AgendaItem.objects.filter(
            kind=ItemKind.STATEMENT,
            meeting__minutes__status=MinutesStatus.APPROVED,
            meeting__starts_at__lt=timezone.now(),
        )
        .select_related("meeting", "arena", "minutes_entry", "proposal")
        .order_by("meeting__starts_at", "position")
    )
    for turn, item in enumerate(items):
        _advice(item, decision_maker, secretariat, turn)
    demo_decisions.load(secretariat)
    for arena_id in sorted(set(Meeting.objects.values_list("arena_id", flat=True))):
        meetings = list(
            Meeting.objects.filter(arena_id=arena_id).select_related("arena").order_by("starts_at")
        )
        past = [m for m in meetings if m.local_date < today]
        _reports(past, today)
        _inputs(meetings)
