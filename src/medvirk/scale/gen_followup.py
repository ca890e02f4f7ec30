"""Per meeting: advice on every statement item with the service's answers (every
status, some overdue with reminders), report-backs from present representatives
(requested, submitted, some confidential) and organisations' input before meetings."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from medvirk.arenas.enums import MemberRole
from medvirk.followup.enums import AddresseeKind, AdviceStatus, DecisionOutcome, ReportStatus
from medvirk.meetings.enums import ItemKind
from medvirk.scale import gen_text as text
from medvirk.scale.gen_plan import REPORT_SHARE, Ctx

if TYPE_CHECKING:
    from medvirk.scale.gen_arenas import ArenaPlan, Seat
    from medvirk.scale.gen_types import AttendanceRow, Item, MeetingPlan

S = AdviceStatus
# Answer paths: the steps (status, days after the advice was given), and how often.
# Steps later than today are not taken yet, so recent advice stands earlier on its path.
PATHS: list[tuple[list[tuple[str, int]], float]] = [
    ([(S.RECEIVED, 3), (S.FOLLOWED, 28), (S.IMPLEMENTED, 120)], 0.18),
    ([(S.RECEIVED, 2), (S.CONSIDERING, 9), (S.FOLLOWED, 35)], 0.17),
    ([(S.RECEIVED, 4), (S.PARTLY, 47)], 0.17),
    ([(S.CONSIDERING, 6), (S.NOT_FOLLOWED, 50)], 0.13),
    ([(S.FOLLOWED, 14)], 0.10),
    ([(S.RECEIVED, 3), (S.PARTLY, 40), (S.IMPLEMENTED, 150)], 0.07),
    ([(S.RECEIVED, 5)], 0.06),  # acknowledged, never answered (overdue)
    ([(S.RECEIVED, 2), (S.CONSIDERING, 8)], 0.06),  # stuck in consideration
    ([], 0.06),  # not even acknowledged
]
_CUMULATIVE: list[float] = []
_total = 0.0
for _steps, _share in PATHS:
    _total += _share
    _CUMULATIVE.append(_total)
_ACKNOWLEDGEMENTS = frozenset({S.RECEIVED, S.CONSIDERING})
_MEMBER_ROLES = frozenset({MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER})
INPUT_SHARE = 0.3
# Issue 16: most advice carry the service's case number; of the answered advice whose
# answer is a month old, this share has the final decision recorded (a fifth of them
# imported), its outcome following the answer, now and then postponed or other.
CASE_NUMBER_SHARE = 0.7
DECISION_SHARE = 0.5
DECISION_OUTCOMES: dict[str, str] = {
    S.FOLLOWED: DecisionOutcome.IN_LINE,
    S.IMPLEMENTED: DecisionOutcome.IN_LINE,
    S.PARTLY: DecisionOutcome.PARTLY,
    S.NOT_FOLLOWED: DecisionOutcome.AGAINST,
}


def meeting_followup(
    ctx: Ctx,
    arena: ArenaPlan,
    meeting: MeetingPlan,
    items: list[Item],
    seats: list[Seat],
    attendance: list[AttendanceRow],
) -> None:
    if meeting.past:
        _advice(ctx, arena, meeting, items)
        if attendance:
            _reports(ctx, arena, meeting, items, attendance)
    if meeting.published_at is not None and seats and (ctx.today - meeting.day).days <= 60:
        _inputs(ctx, meeting, items, seats, public_arena=arena.is_public)


def _advice(ctx: Ctx, arena: ArenaPlan, meeting: MeetingPlan, items: list[Item]) -> None:
    rng, t, w, today = ctx.rng, ctx.t, ctx.w, ctx.today
    random = rng.random
    owner = arena.owner
    given = meeting.day
    due = given + datetime.timedelta(weeks=arena.advice_response_weeks)
    created = min(meeting.ends_at + datetime.timedelta(hours=20), ctx.now)
    add_advice, add_response = t.advice, t.advice_response
    count = 0
    for item in items:
        if item.kind != ItemKind.STATEMENT:
            continue
        count += 1
        advice_id = add_advice.take_id()
        roll = random()
        path = 0
        while roll >= _CUMULATIVE[path] and path < len(PATHS) - 1:
            path += 1
        stretch = 0.6 + random()
        to_body = random() < 0.1
        if to_body:
            kind, user_id = AddresseeKind.BODY, None
            name, email = text.BODIES[advice_id % len(text.BODIES)], ""
        else:
            kind, user_id = AddresseeKind.DECISION_MAKER, owner.decision_user_id
            name, email = owner.decision_name, owner.decision_email
        status: str = S.SENT
        first_answer = None
        last = created
        responses = []
        for step_status, days in PATHS[path][0]:
            day = given + datetime.timedelta(days=max(1, int(days * stretch)))
            if day > today:
                break
            status = step_status
            if first_answer is None and step_status not in _ACKNOWLEDGEMENTS:
                first_answer = day
            responses.append((step_status, day))
        reminded_before = reminded_after = None
        if first_answer is None and today >= due - datetime.timedelta(days=7):
            reminded_before = ctx.at(due - datetime.timedelta(days=7), 7)
        if first_answer is None and today > due:
            reminded_after = ctx.at(due + datetime.timedelta(days=1), 7)
        if responses:
            last = ctx.at(responses[-1][1], 11)
        case_number = body = ""
        if random() < CASE_NUMBER_SHARE:
            case_number = f"{given.year % 100}/{advice_id}"
            body = text.BODIES[advice_id % len(text.BODIES)] if to_body else "Kommunestyret"
        w.add(
            add_advice,
            (
                advice_id,
                arena.id,
                item.id,
                meeting.id,
                item.proposal_id,
                item.title,
                f"<p>{item.statement}</p>",
                kind,
                user_id,
                name,
                email,
                given,
                due,
                status,
                first_answer,
                arena.is_public and not item.is_closed,
                owner.secretariat_user_id,
                reminded_before,
                reminded_after,
                reminded_after,
                created,
                last,
                case_number,
                body,
            ),
        )
        decided_on = first_answer + datetime.timedelta(days=21) if first_answer else None
        if (
            decided_on is not None
            and case_number
            and decided_on <= today
            and random() < DECISION_SHARE
        ):
            outcome = DECISION_OUTCOMES.get(status, DecisionOutcome.OTHER)
            if random() < 0.08:
                outcome = DecisionOutcome.POSTPONED
            w.add(
                t.final_decision,
                (
                    t.final_decision.take_id(),
                    advice_id,
                    decided_on,
                    outcome,
                    "",
                    "https://www.example.org/vedtak",
                    owner.secretariat_user_id,
                    "",
                    random() < 0.2,
                    ctx.at(decided_on, 14),
                    ctx.at(decided_on, 14),
                ),
            )
        for step_status, day in responses:
            w.add(
                add_response,
                (
                    add_response.take_id(),
                    advice_id,
                    step_status,
                    text.ADVICE_TEXTS[step_status],
                    "https://www.example.org/vedtak" if step_status == S.IMPLEMENTED else "",
                    day,
                    user_id,
                    name,
                    ctx.at(day, 11),
                ),
            )
    if count:
        ctx.advice_per_service[owner.id] += count


def _reports(
    ctx: Ctx,
    arena: ArenaPlan,
    meeting: MeetingPlan,
    items: list[Item],
    attendance: list[AttendanceRow],
) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    age = (ctx.today - meeting.day).days
    closed = [i for i in items if i.is_closed]
    public = [i for i in items if not i.is_closed]
    requested = min(meeting.ends_at + datetime.timedelta(hours=20), ctx.now)
    for row in attendance:
        seat = row.seat
        if not row.present or seat.represents is None:
            continue
        persona = seat.person_index < 0
        if not persona and rng.random() >= REPORT_SHARE:
            continue
        submitted = rng.random() < (0.3 if age <= 14 else 0.75)
        if persona and age <= 60:
            submitted = False  # the persona has reports left to write
        confidential = submitted and bool(closed) and rng.random() < 0.3
        submitted_at = None
        if submitted:
            submitted_at = min(
                meeting.ends_at + datetime.timedelta(days=1 + int(rng.random() * 9)), ctx.now
            )
        report_id = t.report.take_id()
        w.add(
            t.report,
            (
                report_id,
                meeting.id,
                seat.person_id,
                seat.represents,
                seat.membership_id,
                ReportStatus.SUBMITTED if submitted else ReportStatus.REQUESTED,
                text.REPORT_DISCUSSED[report_id % 2] if submitted else "",
                text.REPORT_CONTRIBUTED[report_id % 2] if submitted else "",
                text.REPORT_FOLLOW_UP[report_id % 2] if submitted else "",
                confidential,
                requested,
                submitted_at,
                submitted_at or requested,
            ),
        )
        if submitted:
            chosen = closed[:1] if confidential else public[:2]
            for item in chosen:
                w.add(t.report_item, (t.report_item.take_id(), report_id, item.id))


def _inputs(
    ctx: Ctx, meeting: MeetingPlan, items: list[Item], seats: list[Seat], *, public_arena: bool
) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    public = [i for i in items if not i.is_closed]
    if not public:
        return
    share = INPUT_SHARE if not meeting.past else INPUT_SHARE / 3
    assert meeting.published_at is not None
    big = ctx.big_org.id if ctx.big_org is not None else None
    for seat in seats:
        if seat.represents is None or seat.role not in _MEMBER_ROLES:
            continue
        drawn = rng.random() < share
        # The benchmark's org admin gives input on a page of the route catalogue: the big
        # organisation's first chance is always taken, whatever the draw (the draw stays,
        # so the rest of the data does not move).
        # (On a public arena: the page shows only what the public sees of a meeting.)
        first_chance = public_arena and seat.represents == big and "big_org_input" not in ctx.ids
        if not drawn and not first_chance:
            continue
        if first_chance:
            ctx.ids.setdefault("big_org_input", meeting.id)
        org = ctx.orgs_by_id.get(seat.represents)
        item = public[int(rng.random() * len(public))]
        created = min(
            meeting.published_at + datetime.timedelta(days=1 + int(rng.random() * 3)), ctx.now
        )
        w.add(
            t.org_input,
            (
                t.org_input.take_id(),
                meeting.id,
                item.id,
                seat.represents,
                seat.person_id,
                text.INPUTS[int(rng.random() * len(text.INPUTS))],
                org.admin_user_id if org else None,
                created,
            ),
        )
