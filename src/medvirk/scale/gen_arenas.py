"""Arenas owned by the services, kinds spread as in real life: every kommune and
fylkeskommune has its three statutory councils, Nav offices and health trusts a
user committee, health trusts many more arenas. The hub (the benchmark's largest
service) gets the most arenas, meeting more often."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.kinds import TEMPLATES
from medvirk.directory.enums import ServiceKind
from medvirk.scale import gen_text as text
from medvirk.scale.gen_plan import DAYS_AHEAD, YEARS_BACK, Ctx
from medvirk.scale.gen_records import Org

K = ArenaKind
COUNCILS: list[str] = [K.ELDRERAD, K.FUNKSJONSHEMMEDE, K.UNGDOMSRAD]
MANDATORY: dict[str, list[str]] = {
    ServiceKind.KOMMUNE: COUNCILS,
    ServiceKind.FYLKESKOMMUNE: COUNCILS,
    ServiceKind.NAV: [K.BRUKERUTVALG],
    ServiceKind.HELSEFORETAK: [K.BRUKERUTVALG],
    ServiceKind.RHF: [K.BRUKERUTVALG],
    ServiceKind.COMPETENCE_CENTRE: [K.BRUKERPANEL],
    ServiceKind.STATE_AGENCY: [K.BRUKERUTVALG],
}
_LOCAL_EXTRAS: list[str] = [
    K.REFERANSEGRUPPE,
    K.PROSJEKTGRUPPE,
    K.BRUKERPANEL,
    K.ERFARINGSFORUM,
    K.DIALOGKONFERANSE,
]
EXTRAS: dict[str, tuple[float, list[str]]] = {
    # service kind: (weight for extra arenas, kinds to draw from)
    ServiceKind.KOMMUNE: (0.6, _LOCAL_EXTRAS),
    ServiceKind.FYLKESKOMMUNE: (1.5, _LOCAL_EXTRAS),
    ServiceKind.NAV: (0.8, [K.ERFARINGSFORUM, K.BRUKERPANEL, K.REFERANSEGRUPPE]),
    ServiceKind.HELSEFORETAK: (
        6.0,
        [
            K.BRUKERUTVALG,
            K.ERFARINGSFORUM,
            K.REFERANSEGRUPPE,
            K.PROSJEKTGRUPPE,
            K.BRUKERPANEL,
            K.DIALOGKONFERANSE,
        ],
    ),
    ServiceKind.RHF: (3.0, [K.REFERANSEGRUPPE, K.PROSJEKTGRUPPE, K.DIALOGKONFERANSE]),
    ServiceKind.COMPETENCE_CENTRE: (2.0, [K.REFERANSEGRUPPE, K.BRUKERPANEL]),
    ServiceKind.STATE_AGENCY: (2.0, [K.REFERANSEGRUPPE, K.DIALOGKONFERANSE]),
}
MEETINGS_PER_YEAR: dict[str, float] = {
    K.ELDRERAD: 8,
    K.FUNKSJONSHEMMEDE: 8,
    K.UNGDOMSRAD: 8,
    K.BRUKERUTVALG: 10,
    K.ERFARINGSFORUM: 6,
    K.REFERANSEGRUPPE: 6,
    K.PROSJEKTGRUPPE: 8,
    K.BRUKERPANEL: 4,
    K.DIALOGKONFERANSE: 2,
}
HUB_RATE = 1.6  # the hub's arenas meet this much more often
BUSY_RATE = 1.25  # and its first arena more again: the benchmark's busy arena
_KIND_NAMES: dict[str, str] = {
    K.ELDRERAD: "Eldrerådet",
    K.FUNKSJONSHEMMEDE: "Rådet for personer med funksjonsnedsettelse",
    K.UNGDOMSRAD: "Ungdomsrådet",
    K.BRUKERUTVALG: "Brukerutvalget",
    K.ERFARINGSFORUM: "Erfaringsforum",
    K.REFERANSEGRUPPE: "Referansegruppe",
    K.PROSJEKTGRUPPE: "Prosjektgruppe",
    K.BRUKERPANEL: "Brukerpanel",
    K.DIALOGKONFERANSE: "Dialogkonferanse",
}


@dataclass
class Seat:
    membership_id: int
    person_index: int  # into ctx.people; -1 for the representative persona
    person_id: int
    role: str
    deputy_rank: int | None
    represents: int | None
    ended_on: datetime.date | None


@dataclass
class Term:
    starts_on: datetime.date
    ends_on: datetime.date
    seats: list[Seat] = field(default_factory=list)


@dataclass
class ArenaPlan:
    id: int
    owner: Org
    kind: str
    name: str
    is_public: bool
    term_years: int
    members_count: int
    deputies_count: int
    gender_balance: bool
    elderly_majority: bool
    max_age: int | None
    proposal_deadline_days: int
    agenda_deadline_days: int
    advice_response_weeks: int
    public_proposals: bool
    rate: float
    meetings: int = 0
    busy: bool = False
    persona_seat: bool = False
    current: Term | None = None


def plan_arenas(ctx: Ctx) -> list[ArenaPlan]:
    """Decide every arena (small: 2,000 at scale 1.0) and write the arena rows."""
    rng = ctx.rng
    hub = ctx.hub
    assert hub is not None
    total = ctx.counts.arenas
    kinds: dict[int, list[str]] = {
        org.id: list(MANDATORY[org.service_kind]) for org in ctx.services
    }
    hub_count = ctx.counts.hub_arenas
    hub_extras = list(EXTRAS[ServiceKind.HELSEFORETAK][1])
    while len(kinds[hub.id]) < hub_count:
        kinds[hub.id].append(hub_extras[len(kinds[hub.id]) % len(hub_extras)])
    # The rest spread by weight; no other service may reach the hub's count.
    others = [org for org in ctx.services if org is not hub]
    weights = [EXTRAS[org.service_kind][0] for org in others]
    planned = sum(len(v) for v in kinds.values())
    attempts = 0
    while planned < total and attempts < total * 20:
        attempts += 1
        org = rng.choices(others, weights=weights)[0]
        if len(kinds[org.id]) >= hub_count - 1:
            continue
        options = EXTRAS[org.service_kind][1]
        kinds[org.id].append(options[int(rng.random() * len(options))])
        planned += 1
    while planned < total:  # nowhere else to put them (tiny scales)
        kinds[hub.id].append(hub_extras[len(kinds[hub.id]) % len(hub_extras)])
        planned += 1

    arenas: list[ArenaPlan] = []
    for org in ctx.services:
        for position, kind in enumerate(kinds[org.id]):
            arenas.append(_arena(ctx, org, kind, position, is_hub=org is hub))
    arenas[0].busy = True  # the hub comes first: its first arena
    arenas[0].rate *= BUSY_RATE
    arenas[0].is_public = True
    arenas[0].gender_balance = True
    _spread_meetings(ctx, arenas)
    _persona_seats(ctx, arenas)
    for arena in arenas:
        _write_arena(ctx, arena)
    return arenas


def _arena(ctx: Ctx, org: Org, kind: str, position: int, *, is_hub: bool) -> ArenaPlan:
    rng = ctx.rng
    template = TEMPLATES[kind]
    council = kind in COUNCILS or kind == K.BRUKERUTVALG
    topic = text.ARENA_TOPICS[int(rng.random() * len(text.ARENA_TOPICS))]
    if kind in COUNCILS or (kind == K.BRUKERUTVALG and position == 0):
        name = f"{_KIND_NAMES[kind]} i {org.name}"
    elif kind == K.BRUKERUTVALG:
        clinic = text.CLINICS[position % len(text.CLINICS)]
        name = f"Brukerutvalg for {clinic.lower()}, {org.name}"
        if position >= len(text.CLINICS):
            name = f"{name} ({position})"
    else:
        name = f"{_KIND_NAMES[kind]} for {topic}, {org.name}"
        if position >= 4:
            name = f"{name} ({position})"
    is_public = rng.random() < (0.95 if council else 0.65)
    if kind == K.ELDRERAD:
        members = 5 + int(rng.random() * 5)
    elif council:
        members = 7 + int(rng.random() * 5)
    else:
        members = 4 + int(rng.random() * 5)
    return ArenaPlan(
        id=ctx.t.arena.take_id(),
        owner=org,
        kind=kind,
        name=name,
        is_public=is_public,
        term_years=template.term_years,
        members_count=members,
        deputies_count=2 + int(rng.random() * 3),
        gender_balance=council and rng.random() < 0.8,
        elderly_majority=kind == K.ELDRERAD and rng.random() < 0.5,
        max_age=template.max_age_at_appointment,
        proposal_deadline_days=template.proposal_deadline_days,
        agenda_deadline_days=template.agenda_deadline_days,
        advice_response_weeks=template.advice_response_weeks,
        public_proposals=is_public and rng.random() < 0.2,
        rate=MEETINGS_PER_YEAR[kind] * (HUB_RATE if is_hub else 1.0),
    )


def _spread_meetings(ctx: Ctx, arenas: list[ArenaPlan]) -> None:
    """Meetings per arena, scaled so that the total comes out at the target."""
    years = YEARS_BACK + DAYS_AHEAD / 365
    wanted = ctx.counts.meetings
    factor = wanted / (sum(a.rate for a in arenas) * years)
    for arena in arenas:
        arena.meetings = max(2, round(arena.rate * factor * years))


def _persona_seats(ctx: Ctx, arenas: list[ArenaPlan]) -> None:
    """Five arenas in which the representative persona holds a current seat: two of
    the hub's (not the busy one) and three of other services, all with member seats."""
    hub = ctx.hub
    chosen: list[ArenaPlan] = []
    for arena in arenas[1:]:
        if arena.owner is hub and arena.kind != K.UNGDOMSRAD and len(chosen) < 2:
            chosen.append(arena)
    owners = {a.owner.id for a in chosen}
    for arena in arenas:
        if len(chosen) >= 5:
            break
        if arena.owner.id not in owners and arena.kind != K.UNGDOMSRAD and not arena.busy:
            chosen.append(arena)
            owners.add(arena.owner.id)
    for arena in arenas[1:]:  # tiny scales: fewer services than five
        if len(chosen) >= 5:
            break
        if arena not in chosen and not arena.busy and arena.kind != K.UNGDOMSRAD:
            chosen.append(arena)
    for arena in arenas[1:]:
        if len(chosen) >= 5:
            break
        if arena not in chosen and not arena.busy:
            chosen.append(arena)
    for arena in chosen:
        arena.persona_seat = True


def _write_arena(ctx: Ctx, arena: ArenaPlan) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    template = TEMPLATES[arena.kind]
    created = ctx.at(ctx.today - datetime.timedelta(days=365 * YEARS_BACK + 200), 9)
    w.add(
        t.arena,
        (
            arena.id,
            arena.owner.id,
            arena.kind,
            arena.name,
            template.level,
            template.influence,
            text.MANDATES[int(rng.random() * len(text.MANDATES))],
            arena.is_public,
            arena.term_years,
            arena.members_count,
            arena.deputies_count,
            arena.gender_balance,
            False,
            arena.elderly_majority,
            arena.max_age,
            arena.proposal_deadline_days,
            arena.agenda_deadline_days,
            arena.advice_response_weeks,
            arena.public_proposals,
            created,
            created,
        ),
    )
    if rng.random() < 0.3:
        for area in rng.sample(ctx.competence_ids, k=min(2, len(ctx.competence_ids))):
            w.add(t.arena_competence, (t.arena_competence.take_id(), arena.id, area))
    if arena.kind == K.BRUKERUTVALG and ctx.national_umbrellas and rng.random() < 0.3:
        umbrella = ctx.national_umbrellas[int(rng.random() * len(ctx.national_umbrellas))]
        seats = min(arena.members_count, 2 + int(rng.random() * 2))
        w.add(t.reserved_seat, (t.reserved_seat.take_id(), arena.id, umbrella.id, None, seats))
    elif arena.kind in COUNCILS and ctx.competence_ids and rng.random() < 0.1:
        w.add(
            t.reserved_seat,
            (
                t.reserved_seat.take_id(),
                arena.id,
                None,
                ctx.competence_ids[1 % len(ctx.competence_ids)],
                1,
            ),
        )
