"""Per arena: the terms (memberships), ten years of meetings, case proposals, agenda
items with documents, attendance, minutes; the follow-up rows come from
``gen_followup`` for each meeting.

Everything for one arena is generated in one go (parents before children), so
nothing needs to be read back from the database. This module holds the plan of the
meetings, the run for one arena (``generate_arena``), the meetings and the case
proposals; the terms are in ``gen_terms``, the agenda items and documents in
``gen_agenda``, attendance and minutes in ``gen_minutes``."""

from __future__ import annotations

import datetime
import uuid

from medvirk.arenas.enums import ArenaKind
from medvirk.meetings.enums import MeetingStatus, ProposalStatus, ProposerKind
from medvirk.scale import gen_followup
from medvirk.scale import gen_text as text
from medvirk.scale.gen_agenda import _items
from medvirk.scale.gen_arenas import ArenaPlan, Term
from medvirk.scale.gen_minutes import _attendance, _minutes, _names
from medvirk.scale.gen_plan import (
    BENCH_AGENDA_ITEMS,
    DAYS_AHEAD,
    ITEMS_MAX,
    ITEMS_MIN,
    YEARS_BACK,
    Ctx,
)
from medvirk.scale.gen_terms import DAY, _seats_on, _term_on, _terms
from medvirk.scale.gen_types import MeetingPlan

PROPOSAL_SHARE = 0.15  # meetings that get a case proposal
_TOPICS = text.ARENA_TOPICS


def generate_arena(ctx: Ctx, arena: ArenaPlan, sizes: dict[str, int]) -> None:
    terms = _terms(ctx, arena)
    meetings = _meetings(ctx, arena)
    _proposals(ctx, arena, meetings, terms)
    counters: dict[int, int] = {}
    for meeting in meetings:
        if meeting.cancelled:
            continue
        term = _term_on(terms, meeting.day)
        items = _items(ctx, arena, meeting, counters, sizes)
        seats = _seats_on(term, meeting.day) if term else []
        attendance = _attendance(ctx, arena, meeting, seats)
        present, apologies = _names(ctx, seats, attendance)
        _minutes(ctx, arena, meeting, items, present, apologies, attendance)
        gen_followup.meeting_followup(ctx, arena, meeting, items, seats, attendance)


# --- Meetings ------------------------------------------------------------------------------


def _meetings(ctx: Ctx, arena: ArenaPlan) -> list[MeetingPlan]:
    rng, t, w, today = ctx.rng, ctx.t, ctx.w, ctx.today
    start = today - datetime.timedelta(days=365 * YEARS_BACK)
    span = 365 * YEARS_BACK + DAYS_AHEAD
    count = arena.meetings
    interval = span / count
    hour = 17 if arena.kind == ArenaKind.UNGDOMSRAD else (10, 12, 13)[arena.id % 3]
    hours = 6 if arena.kind == ArenaKind.DIALOGKONFERANSE else 2 + arena.id % 2
    place, address = text.PLACES[arena.owner.id % len(text.PLACES)]
    digital = arena.id % 3 == 0
    plans: list[MeetingPlan] = []
    days: list[datetime.date] = []
    for index in range(count):
        offset = (index + 0.5 + (rng.random() - 0.5) * 0.4) * interval
        day = start + datetime.timedelta(days=int(offset))
        if day.weekday() >= 5:
            day -= datetime.timedelta(days=day.weekday() - 4)
        if days and day <= days[-1]:
            day = days[-1] + DAY
        days.append(day)
    last_past = max((i for i, d in enumerate(days) if d < today), default=-1)
    for index, day in enumerate(days):
        past = day < today
        starts_at = ctx.at(day, hour)
        ends_at = starts_at + datetime.timedelta(hours=hours)
        roll = rng.random()
        special = arena.busy and index == last_past
        cancelled = not special and roll < (0.02 if past else 0.01)
        published = None
        late_reason = ""
        deadline = arena.agenda_deadline_days
        if not cancelled and (past or (day - today).days <= deadline):
            if rng.random() < 0.03:
                published = starts_at - datetime.timedelta(
                    days=2 + int(rng.random() * (deadline - 2)), hours=hour - 14
                )
                late_reason = "Saksdokumentene kom sent fra administrasjonen."
            else:
                published = starts_at - datetime.timedelta(
                    days=deadline + int(rng.random() * 5), hours=hour - 14
                )
            if published > ctx.now:
                published = ctx.now - datetime.timedelta(hours=2)
        items = (
            BENCH_AGENDA_ITEMS
            if special
            else ITEMS_MIN + int(rng.random() * (ITEMS_MAX - ITEMS_MIN + 1))
        )
        plan = MeetingPlan(
            t.meeting.take_id(), day, starts_at, ends_at, cancelled, published, past, items
        )
        plans.append(plan)
        if special:
            ctx.ids["agenda_meeting"] = plan.id
        created = starts_at - datetime.timedelta(days=120)
        w.add(
            t.meeting,
            (
                plan.id,
                arena.id,
                "",
                starts_at,
                ends_at,
                place,
                address,
                f"https://meet.example.org/m{plan.id}" if digital else "",
                True,
                arena.id % 2 == 0,
                True,
                MeetingStatus.CANCELLED if cancelled else MeetingStatus.PLANNED,
                "For få kunne komme." if cancelled else "",
                uuid.UUID(int=rng.getrandbits(128), version=4),
                1 if cancelled else 0,
                published,
                late_reason,
                created,
                published or created,
            ),
        )
    ctx.meetings_per_arena[arena.id] = count
    return plans


# --- Case proposals ------------------------------------------------------------------------


def _proposal_status(ctx: Ctx, meeting: MeetingPlan) -> str:
    roll = ctx.rng.random()
    P = ProposalStatus
    shares: tuple[tuple[str, float], ...]
    if meeting.past:
        shares = ((P.ACCEPTED, 0.65), (P.DECLINED, 0.15), (P.WITHDRAWN, 0.1), (P.POSTPONED, 0.1))
    else:
        shares = (
            (P.SUBMITTED, 0.55),
            (P.POSTPONED, 0.15),
            (P.ACCEPTED, 0.15),
            (P.DECLINED, 0.1),
            (P.WITHDRAWN, 0.05),
        )
    total = 0.0
    for status, share in shares:
        total += share
        if roll < total:
            return status
    return shares[0][0]


def _proposals(ctx: Ctx, arena: ArenaPlan, meetings: list[MeetingPlan], terms: list[Term]) -> None:
    """About one meeting in seven gets a proposal; the busy arena's next meeting gets
    one in every status, so that every status exists at any scale."""
    rng = ctx.rng
    for meeting in meetings:
        if meeting.cancelled or rng.random() >= PROPOSAL_SHARE:
            continue
        _proposal(ctx, arena, meeting, terms, _proposal_status(ctx, meeting))
    if arena.busy:
        upcoming = next((m for m in meetings if not m.past and not m.cancelled), None)
        if upcoming is not None:
            for status in ProposalStatus.values:
                _proposal(ctx, arena, upcoming, terms, status)


def _proposal(
    ctx: Ctx, arena: ArenaPlan, meeting: MeetingPlan, terms: list[Term], status: str
) -> None:
    rng, t, w, people = ctx.rng, ctx.t, ctx.w, ctx.people
    owner = arena.owner
    kind_roll = rng.random()
    submitted_by: int | None = None
    organisation: int | None = None
    if arena.public_proposals and kind_roll < 0.2:
        kind, name = ProposerKind.PUBLIC, _name(ctx)
        email = f"innbygger-{t.proposal.next_id}@example.org"
    elif kind_roll < 0.55:
        kind = ProposerKind.MEMBER
        term = _term_on(terms, meeting.day) or terms[-1]
        seat = term.seats[int(rng.random() * len(term.seats))]
        if seat.person_index >= 0:
            name = people.names[seat.person_index]
            submitted_by = people.user_ids[seat.person_index]
        else:
            name = "Benk Representant"
        email = f"rep-{seat.person_id}@scale.medvirk.test"
    elif kind_roll < 0.85 and ctx.national_orgs:
        kind = ProposerKind.ORGANISATION
        orgs = ctx.national_orgs + ctx.county_orgs
        org = orgs[int(rng.random() * len(orgs))]
        organisation, submitted_by, name = org.id, org.admin_user_id, org.name
        email = f"post-{org.id}@example.org"
    else:
        kind, name = ProposerKind.SECRETARIAT, "Sekretariatet"
        submitted_by = owner.secretariat_user_id
        email = f"sekretariat-{owner.id}@scale.medvirk.test"
    after = rng.random() < 0.05
    lead = (
        1 + int(rng.random() * max(1, arena.proposal_deadline_days - 1))
        if after
        else arena.proposal_deadline_days + int(rng.random() * 30)
    )
    submitted_at = ctx.at(meeting.day - datetime.timedelta(days=lead), 9 + int(rng.random() * 10))
    if submitted_at > ctx.now:
        submitted_at = ctx.now - datetime.timedelta(hours=3)
    updated_at = min(submitted_at + datetime.timedelta(days=5), ctx.now)
    topic = _TOPICS[int(rng.random() * len(_TOPICS))]
    title = text.PROPOSAL_TITLES[int(rng.random() * len(text.PROPOSAL_TITLES))].format(topic=topic)
    proposal_id = t.proposal.take_id()
    w.add(
        t.proposal,
        (
            proposal_id,
            arena.id,
            title,
            text.PROPOSAL_WHY[int(rng.random() * len(text.PROPOSAL_WHY))],
            text.PROPOSAL_SOLUTIONS[int(rng.random() * len(text.PROPOSAL_SOLUTIONS))],
            kind,
            submitted_by,
            organisation,
            name,
            email,
            status,
            meeting.id,
            after,
            text.DECLINE_REASONS[proposal_id % 2] if status == ProposalStatus.DECLINED else "",
            "Satt på sakskartet." if status == ProposalStatus.ACCEPTED else "",
            submitted_at,
            updated_at,
        ),
    )
    if status == ProposalStatus.ACCEPTED:
        meeting.proposals.append((proposal_id, title, name))


def _name(ctx: Ctx) -> str:
    rng = ctx.rng
    return (
        f"{text.FIRST_NAMES[int(rng.random() * len(text.FIRST_NAMES))]} "
        f"{text.LAST_NAMES[int(rng.random() * len(text.LAST_NAMES))]}"
    )
