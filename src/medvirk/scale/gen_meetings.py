"""Per arena: the terms (memberships), ten years of meetings, case proposals, agenda
items with documents, attendance, minutes; the follow-up rows come from
``gen_followup`` for each meeting.

Everything for one arena is generated in one go (parents before children), so
nothing needs to be read back from the database."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass, field

from medvirk.arenas.enums import ArenaKind, EndReason, MemberRole
from medvirk.meetings.enums import (
    AttendanceResponse,
    AttendanceRole,
    ClosedGround,
    ItemKind,
    MeetingStatus,
    MinutesStatus,
    ProposalStatus,
    ProposerKind,
)
from medvirk.people.enums import Gender
from medvirk.scale import gen_followup
from medvirk.scale import gen_text as text
from medvirk.scale.gen_arenas import ArenaPlan, Seat, Term
from medvirk.scale.gen_plan import (
    ATTENDANCE_DAYS,
    BENCH_AGENDA_ITEMS,
    CLOSED_SHARE,
    DAYS_AHEAD,
    DOCUMENTS_PER_ITEM,
    ITEMS_MAX,
    ITEMS_MIN,
    MINUTES_ENTRY_DAYS,
    STATEMENT_SHARE,
    YEARS_BACK,
    Ctx,
)

DAY = datetime.timedelta(days=1)
PROPOSAL_SHARE = 0.15  # meetings that get a case proposal
SAMPLE_FILES = {
    # file_type: (path under MEDIA_ROOT, original extension, content type)
    "pdf": ("scale/saksdokument.pdf", "pdf", "application/pdf"),
    "png": ("scale/illustrasjon.png", "png", "image/png"),
}
_MEMBER_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)
_GROUNDS = list(ClosedGround.values)
_TOPICS = text.ARENA_TOPICS


@dataclass
class MeetingPlan:
    id: int
    day: datetime.date
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    cancelled: bool
    published_at: datetime.datetime | None
    past: bool
    items: int
    proposals: list[tuple[int, str, str]] = field(default_factory=list)  # accepted: id, title, name


@dataclass
class Item:
    id: int
    number: int
    year: int
    position: int
    kind: str
    title: str
    is_closed: bool
    closed_ground: str
    proposal_id: int | None
    statement: str


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


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


# --- Terms and memberships ---------------------------------------------------------------


def _terms(ctx: Ctx, arena: ArenaPlan) -> list[Term]:
    rng, today = ctx.rng, ctx.today
    years = arena.term_years
    span = max(1, years * 365 - 200)
    current_start = today - datetime.timedelta(days=int(rng.random() * span))
    window_start = today - datetime.timedelta(days=365 * YEARS_BACK)
    starts = [current_start]
    while starts[-1] > window_start:
        starts.append(_add_years(starts[-1], -years))
    starts.reverse()
    terms: list[Term] = []
    for index, start in enumerate(starts):
        end = (
            (starts[index + 1] - DAY) if index + 1 < len(starts) else _add_years(start, years) - DAY
        )
        current = index == len(starts) - 1
        term = Term(start, end)
        # The representative persona also sat in the previous term: "Mine oppdrag"
        # then has a history as well as the five current seats.
        persona = arena.persona_seat and index >= len(starts) - 2
        _fill_term(ctx, arena, term, current=current, persona=persona)
        terms.append(term)
    arena.current = terms[-1]
    return terms


def _pick(ctx: Ctx, arena: ArenaPlan, taken: set[int], *, current: bool, want: str | None) -> int:
    """A person index: not in the term already, with free capacity for a current term,
    of the wanted gender and the arena's age group when possible."""
    rng, people = ctx.rng, ctx.people
    count = len(people.ids)
    year = ctx.today.year
    young = arena.kind == ArenaKind.UNGDOMSRAD
    old = arena.elderly_majority
    fallback = -1
    for attempt in range(40):
        index = int(rng.random() * count)
        if index in taken:
            continue
        if current and people.load[index] >= people.capacity[index]:
            continue
        if fallback < 0:
            fallback = index
        if attempt < 30:
            if want and people.genders[index] != want:
                continue
            age = year - people.birth_years[index]
            if young and age > 21:
                continue
            if old and age < 60 and attempt < 20:
                continue
        return index
    if fallback >= 0:
        return fallback
    for index in range(count):  # everybody is full: ignore capacity
        if index not in taken:
            return index
    raise RuntimeError("Too few people for the arenas; raise the people count.")


def _fill_term(ctx: Ctx, arena: ArenaPlan, term: Term, *, current: bool, persona: bool) -> None:
    rng, t, w, people = ctx.rng, ctx.t, ctx.w, ctx.people
    taken: set[int] = set()
    representative = ctx.personas.get("representative") if persona else None
    roles = [MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR] + [MemberRole.MEMBER] * (
        arena.members_count - 2
    )
    roles = roles[: arena.members_count]
    slots: list[tuple[str, int | None]] = [(role, None) for role in roles]
    slots += [(MemberRole.DEPUTY, rank) for rank in range(1, arena.deputies_count + 1)]
    persona_slot = min(2, arena.members_count - 1) if representative else -1
    created = ctx.at(term.starts_on - datetime.timedelta(days=30), 10)
    today = ctx.today
    for slot, (role, rank) in enumerate(slots):
        if slot == persona_slot:
            assert representative is not None
            person_index, person_id = -1, int(str(representative["person_id"]))
            represents: int | None = int(str(representative["organisation_id"]))
        else:
            want = None
            if arena.gender_balance and role != MemberRole.DEPUTY:
                want = Gender.FEMALE if slot % 2 == 0 else Gender.MALE
            person_index = _pick(ctx, arena, taken, current=current, want=want)
            taken.add(person_index)
            person_id = people.ids[person_index]
            represents = people.pool_org[person_index] if rng.random() < 0.9 else None
            if current:
                people.load[person_index] += 1
        ended_on = None
        end_reason = ""
        if not current:
            ended_on, end_reason = term.ends_on, EndReason.TERM_ENDED
            if rng.random() < 0.05:
                length = (term.ends_on - term.starts_on).days
                ended_on = term.starts_on + datetime.timedelta(days=int(rng.random() * length))
                end_reason = EndReason.RESIGNED
        reminded_90 = reminded_30 = None
        if current:
            left = (term.ends_on - today).days
            if left <= 90:
                reminded_90 = ctx.at(term.ends_on - datetime.timedelta(days=90), 8)
            if left <= 30:
                reminded_30 = ctx.at(term.ends_on - datetime.timedelta(days=30), 8)
        membership_id = t.membership.take_id()
        w.add(
            t.membership,
            (
                membership_id,
                arena.id,
                person_id,
                role,
                rank,
                represents,
                term.starts_on,
                term.ends_on,
                ended_on,
                end_reason,
                reminded_90,
                reminded_30,
                created,
            ),
        )
        term.seats.append(
            Seat(membership_id, person_index, person_id, role, rank, represents, ended_on)
        )


def _term_on(terms: list[Term], day: datetime.date) -> Term | None:
    for term in terms:
        if term.starts_on <= day <= term.ends_on:
            return term
    return None


def _seats_on(term: Term, day: datetime.date) -> list[Seat]:
    return [s for s in term.seats if s.ended_on is None or s.ended_on >= day]


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


# --- Agenda items and documents ------------------------------------------------------------


def _items(
    ctx: Ctx,
    arena: ArenaPlan,
    meeting: MeetingPlan,
    counters: dict[int, int],
    sizes: dict[str, int],
) -> list[Item]:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    random = rng.random
    year = meeting.day.year
    number = counters.get(year, 0)
    created = (meeting.published_at or meeting.starts_at) - datetime.timedelta(days=3)
    secretariat = arena.owner.secretariat_user_id
    items: list[Item] = []
    proposals = list(meeting.proposals)
    doc_cumulative = []
    total = 0.0
    for share in DOCUMENTS_PER_ITEM:
        total += share
        doc_cumulative.append(total)
    pdf_path, _ext, pdf_type = SAMPLE_FILES["pdf"]
    png_path, _ext, png_type = SAMPLE_FILES["png"]
    pdf_size, png_size = sizes["pdf"], sizes["png"]
    add_item, add_doc = t.item, t.document
    for position in range(1, meeting.items + 1):
        number += 1
        roll = random()
        if roll < STATEMENT_SHARE:
            kind = ItemKind.STATEMENT
        elif roll < STATEMENT_SHARE + 0.22:
            kind = ItemKind.INFORMATION
        elif roll < 0.97:
            kind = ItemKind.DISCUSSION
        else:
            kind = ItemKind.ELECTION
        proposal_id = None
        proposer = "Sekretariatet"
        if proposals and position >= 3:
            proposal_id, title, proposer = proposals.pop(0)
            kind = ItemKind.STATEMENT if roll < 0.7 else ItemKind.DISCUSSION
        else:
            templates = text.ITEM_TITLES[kind]
            title = templates[int(random() * len(templates))].format(
                topic=_TOPICS[int(random() * len(_TOPICS))]
            )
        closed = random() < CLOSED_SHARE
        ground = _GROUNDS[int(random() * len(_GROUNDS))] if closed else ""
        item_id = add_item.take_id()
        w.add(
            add_item,
            (
                item_id,
                meeting.id,
                arena.id,
                year,
                number,
                position,
                kind,
                title,
                text.ITEM_DESCRIPTIONS[int(random() * len(text.ITEM_DESCRIPTIONS))],
                closed,
                ground,
                text.CLOSED_NOTES[int(random() * len(text.CLOSED_NOTES))] if closed else "",
                proposer,
                proposal_id,
                created,
                created,
            ),
        )
        items.append(
            Item(
                item_id,
                number,
                year,
                position,
                kind,
                title,
                closed,
                ground,
                proposal_id,
                text.STATEMENTS[int(random() * len(text.STATEMENTS))],
            )
        )
        roll = random()
        documents = 0
        while documents < len(doc_cumulative) - 1 and roll >= doc_cumulative[documents]:
            documents += 1
        for index in range(documents):
            title_index = int(random() * len(text.DOCUMENT_TITLES))
            doc_title = text.DOCUMENT_TITLES[title_index]
            if index == 3:  # the odd illustration
                w.add(
                    add_doc,
                    (
                        add_doc.take_id(),
                        item_id,
                        doc_title,
                        png_path,
                        f"{doc_title}.png",
                        "png",
                        png_type,
                        png_size,
                        secretariat,
                        created,
                    ),
                )
            else:
                w.add(
                    add_doc,
                    (
                        add_doc.take_id(),
                        item_id,
                        doc_title,
                        pdf_path,
                        f"{doc_title}.pdf",
                        "pdf",
                        pdf_type,
                        pdf_size,
                        secretariat,
                        created,
                    ),
                )
    counters[year] = number
    return items


# --- Attendance -----------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    id: int
    seat: Seat
    present: bool | None
    apologies: bool


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
