"""Appointment requests in every status, with invitations and nominations; decided
ones carry the decision and the seats it filled. Plus the benchmark's open request
for candidate matching: on the busy arena, inviting every umbrella and a sample of
organisations, so that thousands of pool members are candidates at scale 1.0; and a
local one, inviting a fixed number of county and local chapters, whose pool is about as
large at every scale."""

from __future__ import annotations

import datetime
import json

from medvirk.appointments.enums import NominationLevel, NominationStatus, RequestStatus
from medvirk.common.dates import add_years
from medvirk.scale.gen_arenas import ArenaPlan
from medvirk.scale.gen_plan import Ctx
from medvirk.scale.gen_records import Org

R, N = RequestStatus, NominationStatus
_STATUSES = [(R.DRAFT, 0.15), (R.OPEN, 0.2), (R.CLOSED, 0.2), (R.DECIDED, 0.35), (R.CANCELLED, 0.1)]
# The local benchmark request invites this many organisations (with a pool each), so
# that its candidate pool (about 5 people per organisation) does not grow with the scale.
LOCAL_REQUEST_INVITATIONS = 8
_OPEN_NOMINATIONS = [N.AWAITING_CONSENT, N.CONSENTED, N.CONFIRMED, N.DECLINED, N.WITHDRAWN]


def generate_appointments(ctx: Ctx, arenas: list[ArenaPlan]) -> None:
    rng = ctx.rng
    pools: dict[int, list[int]] = {}
    for index, org_id in enumerate(ctx.people.pool_org):
        pools.setdefault(org_id, []).append(index)
    others = arenas[1:] or arenas
    decided: set[int] = set()  # a decision fills the current term's seats: one per arena
    for number in range(ctx.counts.requests):
        arena = others[int(rng.random() * len(others))]
        status = _STATUSES[number % len(_STATUSES)][0] if number < len(_STATUSES) else _status(ctx)
        if status == R.DECIDED:
            if arena.id in decided:
                status = R.CLOSED
            decided.add(arena.id)
        _request(ctx, arena, status, pools)
    _bench_request(ctx, arenas[0], pools)
    _local_bench_request(ctx, arenas[0], pools)


def _status(ctx: Ctx) -> str:
    roll, total = ctx.rng.random(), 0.0
    for status, share in _STATUSES:
        total += share
        if roll < total:
            return status
    return R.DECIDED


def _invited(ctx: Ctx, count: int) -> list[Org]:
    rng = ctx.rng
    candidates = ctx.national_umbrellas + ctx.county_umbrellas + ctx.national_orgs + ctx.county_orgs
    return rng.sample(candidates, k=min(count, len(candidates)))


def _write_request(
    ctx: Ctx,
    arena: ArenaPlan,
    status: str,
    *,
    title: str,
    starts: datetime.date,
    deadline: datetime.date,
    created: datetime.datetime,
    members: int,
    deputies: int,
) -> int:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    request_id = t.request.take_id()
    w.add(
        t.request,
        (
            request_id,
            arena.id,
            title,
            members,
            deputies,
            starts,
            add_years(starts, arena.term_years) - datetime.timedelta(days=1),
            "Vi ønsker kandidater med erfaring fra målgruppen og god kapasitet.",
            deadline,
            status,
            arena.owner.secretariat_user_id,
            created,
            None if status == R.DRAFT else created + datetime.timedelta(days=1),
        ),
    )
    for area in rng.sample(
        ctx.competence_ids, k=min(len(ctx.competence_ids), 1 + int(rng.random() * 3))
    ):
        w.add(t.request_competence, (t.request_competence.take_id(), request_id, area))
    return request_id


def _request(ctx: Ctx, arena: ArenaPlan, status: str, pools: dict[int, list[int]]) -> None:
    rng, t, w, people = ctx.rng, ctx.t, ctx.w, ctx.people
    term = arena.current
    assert term is not None
    if status == R.DECIDED:
        starts = term.starts_on
        created = ctx.at(starts - datetime.timedelta(days=120), 10)
        deadline = starts - datetime.timedelta(days=60)
    else:
        starts = term.ends_on + datetime.timedelta(days=1)
        created = ctx.at(ctx.today - datetime.timedelta(days=5 + int(rng.random() * 40)), 10)
        deadline = ctx.today + datetime.timedelta(days=(-5 if status == R.CLOSED else 20))
    request_id = _write_request(
        ctx,
        arena,
        status,
        title=f"Nye medlemmer til {arena.name}"[:200],
        starts=starts,
        deadline=deadline,
        created=created,
        members=max(1, arena.members_count // 2),
        deputies=max(0, arena.deputies_count // 2),
    )
    invited = _invited(ctx, 3 + int(rng.random() * 4))
    if status != R.DRAFT:
        for org in invited:
            w.add(
                t.invitation,
                (t.invitation.take_id(), request_id, org.id, created + datetime.timedelta(days=1)),
            )
    else:
        for org in invited:
            w.add(t.invitation, (t.invitation.take_id(), request_id, org.id, None))
    if status == R.DRAFT:
        return
    nominated: set[int] = set()
    if status == R.DECIDED:
        decision_id = t.decision.take_id()
        decided = ctx.at(starts - datetime.timedelta(days=30), 12)
        w.add(
            t.decision,
            (decision_id, request_id, arena.owner.secretariat_user_id, decided, json.dumps([])),
        )
        for seat in term.seats[: max(1, arena.members_count // 2)]:
            if seat.person_id in nominated or seat.represents is None:
                continue
            nominated.add(seat.person_id)
            nomination_id = _nomination(
                ctx, request_id, seat.represents, seat.person_id, N.APPOINTED, created
            )
            w.add(
                t.appointed_seat,
                (
                    t.appointed_seat.take_id(),
                    decision_id,
                    nomination_id,
                    seat.role,
                    seat.deputy_rank,
                    seat.membership_id,
                ),
            )
    for org in invited:
        pool = pools.get(org.id, [])
        for index in rng.sample(pool, k=min(len(pool), int(rng.random() * 3))):
            person_id = people.ids[index]
            if person_id in nominated:
                continue
            nominated.add(person_id)
            if status == R.DECIDED:
                nomination_status = N.NOT_APPOINTED
            elif status == R.CANCELLED:
                nomination_status = N.WITHDRAWN
            elif status == R.CLOSED:
                nomination_status = N.CONFIRMED
            else:
                nomination_status = _OPEN_NOMINATIONS[int(rng.random() * len(_OPEN_NOMINATIONS))]
            _nomination(ctx, request_id, org.id, person_id, nomination_status, created)


def _nomination(
    ctx: Ctx, request_id: int, org_id: int, person_id: int, status: str, created: datetime.datetime
) -> int:
    t, w = ctx.t, ctx.w
    org = ctx.orgs_by_id.get(org_id)
    admin = org.admin_user_id if org else None
    consented = status not in (N.AWAITING_CONSENT, N.DECLINED)
    confirmed = status in (N.CONFIRMED, N.APPOINTED, N.NOT_APPOINTED)
    nominated = created + datetime.timedelta(days=3)
    nomination_id = t.nomination.take_id()
    w.add(
        t.nomination,
        (
            nomination_id,
            request_id,
            org_id,
            person_id,
            status,
            "Representerer medlemmene i organisasjonen.",
            "Ønsker å bidra med egne erfaringer.",
            NominationLevel.NATIONAL if org and org.level == "national" else NominationLevel.LOCAL,
            nominated + datetime.timedelta(days=2) if consented else None,
            nominated + datetime.timedelta(days=4) if confirmed else None,
            admin if confirmed else None,
            admin,
            nominated,
            nominated + datetime.timedelta(days=4),
        ),
    )
    return nomination_id


def _open_bench_request(
    ctx: Ctx,
    arena: ArenaPlan,
    *,
    title: str,
    days_ago: int,
    deadline_days: int,
    members: int,
    deputies: int,
) -> tuple[int, datetime.datetime]:
    """An open request for the arena's next term. Returns its id and when it was
    created."""
    term = arena.current
    assert term is not None
    created = ctx.at(ctx.today - datetime.timedelta(days=days_ago), 10)
    request_id = _write_request(
        ctx,
        arena,
        R.OPEN,
        title=f"{title} {arena.name}"[:200],
        starts=term.ends_on + datetime.timedelta(days=1),
        deadline=ctx.today + datetime.timedelta(days=deadline_days),
        created=created,
        members=members,
        deputies=deputies,
    )
    return request_id, created


def _invite(ctx: Ctx, request_id: int, created: datetime.datetime, invited: list[Org]) -> None:
    """Invitations to the organisations, sent the day after the request was created."""
    for org in invited:
        ctx.w.add(
            ctx.t.invitation,
            (ctx.t.invitation.take_id(), request_id, org.id, created + datetime.timedelta(days=1)),
        )


def _bench_request(ctx: Ctx, arena: ArenaPlan, pools: dict[int, list[int]]) -> None:
    """The open request the benchmark ranks candidates for."""
    rng, people = ctx.rng, ctx.people
    term = arena.current
    assert term is not None
    request_id, created = _open_bench_request(
        ctx, arena, title="Nye medlemmer til", days_ago=7, deadline_days=21, members=3, deputies=2
    )
    sample = rng.sample(
        ctx.national_orgs + ctx.county_orgs,
        k=min(20, len(ctx.national_orgs) + len(ctx.county_orgs)),
    )
    invited = list(dict.fromkeys([*ctx.national_umbrellas, *ctx.county_umbrellas, *sample]))
    _invite(ctx, request_id, created, invited)
    big = ctx.big_org
    assert big is not None
    seated = {s.person_id for s in term.seats}
    statuses = [N.AWAITING_CONSENT, N.CONSENTED, N.CONFIRMED, N.CONFIRMED, N.DECLINED, N.CONSENTED]
    candidates = [i for i in pools.get(big.id, []) if people.ids[i] not in seated]
    for index, status in zip(candidates, statuses, strict=False):
        _nomination(ctx, request_id, big.id, people.ids[index], status, created)
    ctx.ids["open_request"] = request_id
    ctx.ids["open_request_invitations"] = len(invited)


def _local_bench_request(ctx: Ctx, arena: ArenaPlan, pools: dict[int, list[int]]) -> None:
    """The open request of a local council: it invites LOCAL_REQUEST_INVITATIONS county
    and local chapters with a pool, those in the service's fylke first. Its pool is
    about as large at scale 0.01 as at 1.0, so the benchmark can tell whether matching
    slows down with the size of the database (the national request's pool grows with
    the scale by design)."""
    request_id, created = _open_bench_request(
        ctx,
        arena,
        title="Ny vara fra lokale organisasjoner til",
        days_ago=6,
        deadline_days=28,
        members=1,
        deputies=1,
    )
    fylke = arena.owner.fylke_id
    chapters = [org for org in ctx.county_orgs + ctx.local_orgs if pools.get(org.id)]
    chapters.sort(key=lambda org: (org.fylke_id != fylke, org.id))
    invited = chapters[:LOCAL_REQUEST_INVITATIONS]
    _invite(ctx, request_id, created, invited)
    ctx.ids["local_request"] = request_id
    ctx.ids["local_request_invitations"] = len(invited)
    ctx.ids["local_request_pool"] = sum(len(pools[org.id]) for org in invited)
