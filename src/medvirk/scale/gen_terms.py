"""Per arena: the terms of office and their memberships (who sat in which seat when)."""

from __future__ import annotations

import datetime

from medvirk.arenas.enums import ArenaKind, EndReason, MemberRole
from medvirk.common.dates import add_years
from medvirk.people.enums import Gender
from medvirk.scale.gen_arenas import ArenaPlan, Seat, Term
from medvirk.scale.gen_plan import YEARS_BACK, Ctx

DAY = datetime.timedelta(days=1)
_MEMBER_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY_CHAIR, MemberRole.MEMBER)


# --- Terms and memberships ---------------------------------------------------------------


def _terms(ctx: Ctx, arena: ArenaPlan) -> list[Term]:
    rng, today = ctx.rng, ctx.today
    years = arena.term_years
    span = max(1, years * 365 - 200)
    current_start = today - datetime.timedelta(days=int(rng.random() * span))
    window_start = today - datetime.timedelta(days=365 * YEARS_BACK)
    starts = [current_start]
    while starts[-1] > window_start:
        starts.append(add_years(starts[-1], -years))
    starts.reverse()
    terms: list[Term] = []
    for index, start in enumerate(starts):
        end = (
            (starts[index + 1] - DAY) if index + 1 < len(starts) else add_years(start, years) - DAY
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
