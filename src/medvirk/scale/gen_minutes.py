"""Per meeting: attendance (apologies, deputies called in) and the minutes with their
versions, comments and entries."""

from __future__ import annotations

import datetime
import json

from medvirk.arenas.enums import MemberRole
from medvirk.meetings.enums import AttendanceResponse, AttendanceRole, MinutesStatus
from medvirk.scale.gen_arenas import ArenaPlan, Seat
from medvirk.scale.gen_plan import ATTENDANCE_DAYS, MINUTES_ENTRY_DAYS, Ctx
from medvirk.scale.gen_records import PersonaAttendance
from medvirk.scale.gen_terms import _MEMBER_ROLES
from medvirk.scale.gen_types import AttendanceRow, Item, MeetingPlan

# --- Attendance -----------------------------------------------------------------------------


def _attendance(
    ctx: Ctx, arena: ArenaPlan, meeting: MeetingPlan, seats: list[Seat]
) -> list[AttendanceRow]:
    """Rows for meetings in the last year (and published upcoming ones): members answer,
    some send apologies, the next deputy is called in for each."""
    age = (ctx.today - meeting.day).days
    if not seats or meeting.published_at is None:
        return []
    if meeting.past and age > ATTENDANCE_DAYS:
        return []
    rng, t, w = ctx.rng, ctx.t, ctx.w
    invited = meeting.published_at
    rows: list[AttendanceRow] = []
    deputies = [s for s in seats if s.role == MemberRole.DEPUTY]
    responded = min(invited + datetime.timedelta(days=2), ctx.now)
    for seat in seats:
        if seat.role not in _MEMBER_ROLES:
            continue
        roll = rng.random()
        if meeting.past:
            apologies = roll < 0.12
            response = AttendanceResponse.APOLOGIES if apologies else AttendanceResponse.ATTENDING
            present: bool | None = (not apologies) and rng.random() > 0.03
        else:
            apologies = roll < 0.1
            response = (
                AttendanceResponse.APOLOGIES
                if apologies
                else AttendanceResponse.ATTENDING
                if roll < 0.5
                else AttendanceResponse.PENDING
            )
            present = None
        row_id = t.attendance.take_id()
        w.add(
            t.attendance,
            (
                row_id,
                meeting.id,
                seat.person_id,
                seat.membership_id,
                AttendanceRole.MEMBER,
                response,
                "Forhindret" if apologies else "",
                None if response == AttendanceResponse.PENDING else responded,
                None,
                invited,
                present,
            ),
        )
        row = AttendanceRow(row_id, seat, present, apologies)
        if seat.person_index == -1 and present and meeting.past:
            ctx.persona_attended.append(
                PersonaAttendance(
                    row_id,
                    meeting.id,
                    arena.id,
                    arena.owner.id,
                    meeting.starts_at,
                    meeting.ends_at,
                    seat.role,
                )
            )
        rows.append(row)
        if apologies and deputies:
            deputy = deputies.pop(0)
            deputy_id = t.attendance.take_id()
            w.add(
                t.attendance,
                (
                    deputy_id,
                    meeting.id,
                    deputy.person_id,
                    deputy.membership_id,
                    AttendanceRole.DEPUTY,
                    AttendanceResponse.ATTENDING,
                    "",
                    responded,
                    row_id,
                    responded,
                    True if meeting.past else None,
                ),
            )
            rows.append(AttendanceRow(deputy_id, deputy, True if meeting.past else None, False))
    return rows


def _person_name(ctx: Ctx, seat: Seat) -> str:
    return ctx.people.names[seat.person_index] if seat.person_index >= 0 else "Benk Representant"


def _names(
    ctx: Ctx, seats: list[Seat], attendance: list[AttendanceRow]
) -> tuple[list[str], list[str]]:
    if attendance:
        present = sorted(_person_name(ctx, a.seat) for a in attendance if a.present)
        apologies = sorted(_person_name(ctx, a.seat) for a in attendance if a.apologies)
        return present, apologies
    return sorted(_person_name(ctx, s) for s in seats if s.role in _MEMBER_ROLES), []


# --- Minutes -------------------------------------------------------------------------------


def _minutes(
    ctx: Ctx,
    arena: ArenaPlan,
    meeting: MeetingPlan,
    items: list[Item],
    present: list[str],
    apologies: list[str],
    attendance: list[AttendanceRow],
) -> None:
    if not meeting.past:
        return
    rng, t, w = ctx.rng, ctx.t, ctx.w
    age = (ctx.today - meeting.day).days
    secretariat = arena.owner.secretariat_user_id
    minutes_id = t.minutes.take_id()
    if age <= 10:
        w.add(
            t.minutes,
            (
                minutes_id,
                meeting.id,
                MinutesStatus.DRAFT,
                None,
                None,
                None,
                None,
                0,
                meeting.ends_at,
            ),
        )
    elif age <= 30:
        circulated = meeting.ends_at + datetime.timedelta(days=3)
        w.add(
            t.minutes,
            (
                minutes_id,
                meeting.id,
                MinutesStatus.CIRCULATED,
                circulated.date() + datetime.timedelta(days=14),
                circulated,
                None,
                None,
                0,
                circulated,
            ),
        )
        author = next(
            (
                a.seat
                for a in attendance
                if a.present
                and a.seat.person_index >= 0
                and ctx.people.user_ids[a.seat.person_index]
            ),
            None,
        )
        if author is not None:
            w.add(
                t.minutes_comment,
                (
                    t.minutes_comment.take_id(),
                    minutes_id,
                    ctx.people.user_ids[author.person_index],
                    _person_name(ctx, author),
                    "Under en av sakene bør det stå at rådet var enstemmig.",
                    circulated + datetime.timedelta(days=2),
                ),
            )
    else:
        approved = meeting.ends_at + datetime.timedelta(days=10)
        revised = rng.random() < 0.03
        version = 2 if revised else 1
        w.add(
            t.minutes,
            (
                minutes_id,
                meeting.id,
                MinutesStatus.APPROVED,
                approved.date() - datetime.timedelta(days=3),
                approved - datetime.timedelta(days=8),
                approved,
                secretariat,
                version,
                approved,
            ),
        )
        entries = [
            {
                "item_id": item.id,
                "case_number": f"{item.number}/{item.year}",
                "title": item.title,
                "kind": item.kind,
                "is_closed": item.is_closed,
                "closed_ground": item.closed_ground,
                "text": f"<p>{item.statement}</p>",
            }
            for item in items
        ]
        content = json.dumps({"entries": entries, "present": present, "apologies": apologies})
        w.add(
            t.minutes_version,
            (t.minutes_version.take_id(), minutes_id, 1, content, "", approved, secretariat),
        )
        if revised:
            w.add(
                t.minutes_version,
                (
                    t.minutes_version.take_id(),
                    minutes_id,
                    2,
                    content,
                    "Rettet etter merknad fra et medlem: vedtaket var enstemmig.",
                    approved + datetime.timedelta(days=20),
                    secretariat,
                ),
            )
    if age <= MINUTES_ENTRY_DAYS:
        entry = t.minutes_entry
        for item in items:
            w.add(entry, (entry.take_id(), minutes_id, item.id, f"<p>{item.statement}</p>"))
