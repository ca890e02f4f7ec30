"""Experience gathering at national scale (C7): calls, answers in every state, themes
(one under its minimum), an umbrella's combined theme and a case made from a theme.

The big organisation (the org-admin persona's) runs one national call with 50,000
answers at scale 1.0 (the issue's "a national organisation may gather tens of thousands
of answers"): the moderation list, a theme page and the bank are measured on it. A tenth
of the other national and county organisations run a small call each. The big
organisation's themes are shared with its umbrellas (the umbrella persona's is one) and
offered to the busy arena (the secretariat persona's service owns it).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from medvirk.experiences.enums import Audience, ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ExperienceCall, Theme, ThemeCase
from medvirk.meetings.enums import ProposalStatus, ProposerKind
from medvirk.scale.gen_plan import Ctx, _m2m

if TYPE_CHECKING:
    from medvirk.scale.gen_arenas import ArenaPlan
    from medvirk.scale.gen_records import Org

BIG_CALL_ANSWERS = 50_000  # at scale 1.0
SMALL_CALL_ANSWERS = 15
SMALL_CALL_SHARE = 0.1
BIG_THEMES = 12
# An alphabet without look-alikes (0/O, 1/l/I), as the call codes use.
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"

_SERVICES = (
    "Pasientreiser",
    "Fastlegen",
    "Hjemmetjenesten",
    "NAV-kontoret",
    "Sykehusets poliklinikk",
    "Skolen",
    "Kollektivtransport",
    "Legevakten",
)
_HAPPENED = (
    "Jeg fikk innkalling på papir i liten skrift og kunne ikke lese den selv.",
    "Drosjen til behandling kom en time for sent, og timen ble avlyst.",
    "Ingen på kontoret kunne forklare vedtaket på en måte jeg forsto.",
    "Heisen på stasjonen var ute av drift i flere uker uten varsel.",
    "Jeg måtte fortelle historien min på nytt til hver nye person.",
    "Skjemaet på nett kunne ikke fylles ut med skjermleser.",
    "Tolken ble ikke bestilt selv om jeg hadde bedt om det.",
    "Det tok fire måneder før jeg fikk svar på søknaden.",
)
_IMPACT = (
    "Jeg ble avhengig av hjelp fra familien.",
    "Behandlingen ble utsatt i flere uker.",
    "Jeg mistet en arbeidsdag.",
    "Jeg følte meg ikke tatt på alvor.",
    "",
)
_HELPED = (
    "Brev i lettlest form og stor skrift.",
    "En fast kontaktperson.",
    "Varsel på SMS når noe endres.",
    "At tjenesten tester nettsidene med brukere.",
    "",
)
_THEME_TITLES = (
    "Innkallinger som ikke kan leses",
    "Pasientreiser som ikke kommer",
    "Vedtak ingen forstår",
    "Universell utforming på stasjoner",
    "Å fortelle historien sin mange ganger",
    "Digitale skjemaer og skjermleser",
    "Tolk som ikke blir bestilt",
    "Lang saksbehandlingstid",
    "Mangel på fast kontaktperson",
    "Varsling ved endringer",
    "Informasjon til pårørende",
    "Overganger mellom tjenester",
)
_WHEN = tuple(RoughWhen.values)


class _Tables:
    def __init__(self, ctx: Ctx) -> None:
        w = ctx.w
        self.call = w.table(
            ExperienceCall,
            (
                "id",
                "organisation_id",
                "code",
                "title",
                "description",
                "easy_read",
                "target_group",
                "opens_on",
                "closes_on",
                "audience",
                "allow_anonymous",
                "min_theme_size",
                "retention_months",
                "published_at",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
        )
        self.call_arena = _m2m(w, ExperienceCall.arenas.field)
        self.answer = w.table(
            Experience,
            (
                "id",
                "call_id",
                "status",
                "what_happened",
                "service",
                "kommune_id",
                "when",
                "impact",
                "would_have_helped",
                "shared_what_happened",
                "shared_impact",
                "shared_would_have_helped",
                "contact_name",
                "contact_email",
                "contact_consent",
                "language",
                "submitted_at",
                "moderated_by_id",
                "moderated_at",
                "reject_reason",
            ),
        )
        self.theme = w.table(
            Theme,
            (
                "id",
                "organisation_id",
                "call_id",
                "title",
                "summary",
                "is_shared",
                "min_size",
                "answer_count",
                "created_by_id",
                "created_at",
                "updated_at",
            ),
        )
        self.theme_answer = _m2m(w, Theme.experiences.field)
        self.theme_source = _m2m(w, Theme.sources.field)
        self.theme_offered = _m2m(w, Theme.offered_to.field)
        self.theme_case = w.table(
            ThemeCase, ("id", "theme_id", "proposal_id", "created_by_id", "created_at")
        )


def _code(call_id: int) -> str:
    """A unique short code per call (the id in the code alphabet, padded)."""
    digits = []
    n = call_id
    base = len(_CODE_ALPHABET)
    while n:
        n, r = divmod(n, base)
        digits.append(_CODE_ALPHABET[r])
    return ("".join(reversed(digits)) or "a").rjust(6, "k")


def _call(
    ctx: Ctx, t: _Tables, org: Org, *, title: str, opens: datetime.date, arenas: list[int]
) -> int:
    call_id = t.call.take_id()
    created = ctx.at(opens - datetime.timedelta(days=7), 10)
    ctx.w.add(
        t.call,
        (
            call_id,
            org.id,
            _code(call_id),
            title,
            "<p>Vi samler erfaringer fra medlemmene før vi tar saken videre til tjenestene.</p>",
            "Fortell hva som skjedde. Vi bruker svarene for å gjøre tjenestene bedre.",
            "Medlemmer og pårørende",
            opens,
            opens + datetime.timedelta(days=90),
            Audience.LINK,
            True,
            5,
            12,
            created,
            org.admin_user_id,
            created,
            created,
        ),
    )
    for arena_id in arenas:
        ctx.w.add(t.call_arena, (t.call_arena.take_id(), call_id, arena_id))
    return call_id


def _answers(
    ctx: Ctx, t: _Tables, call_id: int, count: int, *, opens: datetime.date, moderator: int | None
) -> list[int]:
    """Write ``count`` answers; returns the ids of the approved ones."""
    rng, w = ctx.rng, ctx.w
    random = rng.random
    kommuner = ctx.kommuner
    span = max(1, (ctx.today - opens).days)
    approved: list[int] = []
    add = t.answer
    for _ in range(count):
        answer_id = add.take_id()
        roll = random()
        status = (
            ExperienceStatus.APPROVED
            if roll < 0.6
            else ExperienceStatus.PENDING
            if roll < 0.9
            else ExperienceStatus.REJECTED
        )
        happened = _HAPPENED[int(random() * len(_HAPPENED))]
        impact = _IMPACT[int(random() * len(_IMPACT))]
        helped = _HELPED[int(random() * len(_HELPED))]
        submitted = ctx.at(
            opens + datetime.timedelta(days=int(random() * span)), 8 + int(random() * 12)
        )
        if submitted > ctx.now:
            submitted = ctx.now - datetime.timedelta(hours=2)
        contact = random() < 0.2
        is_approved = status == ExperienceStatus.APPROVED
        moderated = status != ExperienceStatus.PENDING
        w.add(
            add,
            (
                answer_id,
                call_id,
                status,
                happened,
                _SERVICES[int(random() * len(_SERVICES))],
                kommuner[int(random() * len(kommuner))][0],
                _WHEN[int(random() * len(_WHEN))],
                impact,
                helped,
                happened if is_approved else "",
                impact if is_approved else "",
                helped if is_approved else "",
                f"Innsender {answer_id}" if contact else "",
                f"innsender-{answer_id}@example.org" if contact else "",
                contact and random() < 0.8,
                "nb" if random() < 0.9 else ("nn" if random() < 0.7 else "en"),
                submitted,
                moderator if moderated else None,
                submitted + datetime.timedelta(days=2) if moderated else None,
                "Svaret handler ikke om temaet for runden."
                if status == ExperienceStatus.REJECTED
                else "",
            ),
        )
        if is_approved:
            approved.append(answer_id)
    return approved


def _theme(
    ctx: Ctx,
    t: _Tables,
    org: Org,
    call_id: int | None,
    title: str,
    answers: list[int],
    *,
    shared: bool,
    offered_to: list[int],
    count: int | None = None,
) -> int:
    theme_id = t.theme.take_id()
    created = ctx.now - datetime.timedelta(days=10)
    ctx.w.add(
        t.theme,
        (
            theme_id,
            org.id,
            call_id,
            title,
            f"Svarene i temaet «{title.lower()}» beskriver det samme problemet i flere kommuner.",
            shared,
            5,
            len(answers) if count is None else count,
            org.admin_user_id,
            created,
            created,
        ),
    )
    for answer_id in answers:
        ctx.w.add(t.theme_answer, (t.theme_answer.take_id(), theme_id, answer_id))
    for arena_id in offered_to:
        ctx.w.add(t.theme_offered, (t.theme_offered.take_id(), theme_id, arena_id))
    return theme_id


def _case(ctx: Ctx, t: _Tables, theme_id: int, org: Org, arena: ArenaPlan, title: str) -> int:
    """A case proposal made from a theme, waiting for the secretariat."""
    proposal_id = ctx.t.proposal.take_id()
    submitted = ctx.now - datetime.timedelta(days=3)
    ctx.w.add(
        ctx.t.proposal,
        (
            proposal_id,
            arena.id,
            title,
            "Mange medlemmer har fortalt om det samme problemet.",
            "Tjenesten bør gå gjennom rutinene sammen med brukerne.",
            ProposerKind.ORGANISATION,
            org.admin_user_id,
            org.id,
            org.name,
            f"post-{org.id}@example.org",
            ProposalStatus.SUBMITTED,
            None,
            False,
            "",
            "",
            submitted,
            submitted,
        ),
    )
    ctx.w.add(
        t.theme_case, (t.theme_case.take_id(), theme_id, proposal_id, org.admin_user_id, submitted)
    )
    return proposal_id


def generate_experiences(ctx: Ctx, arenas: list[ArenaPlan], *, scale: float) -> dict[str, Any]:
    """Write every experience table; returns the ids the benchmark measures on."""
    big = ctx.big_org
    assert big is not None
    t = _Tables(ctx)
    busy = arenas[0]
    opens = ctx.today - datetime.timedelta(days=60)
    big_call = _call(
        ctx, t, big, title="Erfaringer med tjenestene våre i år", opens=opens, arenas=[busy.id]
    )
    approved = _answers(
        ctx,
        t,
        big_call,
        max(200, int(BIG_CALL_ANSWERS * scale)),
        opens=opens,
        moderator=big.admin_user_id,
    )
    rng = ctx.rng
    theme_ids: list[int] = []
    per_theme = max(6, len(approved) // BIG_THEMES)
    for index, title in enumerate(_THEME_TITLES[:BIG_THEMES]):
        if index == BIG_THEMES - 1:
            members = approved[:3]  # under the minimum of 5: never shown outside
        else:
            start = int(rng.random() * max(1, len(approved) - per_theme))
            members = approved[start : start + per_theme]
        theme_ids.append(
            _theme(
                ctx,
                t,
                big,
                big_call,
                title,
                members,
                shared=True,
                offered_to=[busy.id],
            )
        )
    # The umbrella persona's umbrella combines two of the big organisation's themes.
    umbrella = ctx.national_umbrellas[0]
    umbrella_theme = _theme(
        ctx,
        t,
        umbrella,
        None,
        "Tilgjengelig informasjon fra tjenestene",
        [],
        shared=False,
        offered_to=[],
        count=2 * per_theme,
    )
    for source in theme_ids[:2]:
        ctx.w.add(t.theme_source, (t.theme_source.take_id(), umbrella_theme, source))
    proposal = _case(ctx, t, theme_ids[1], big, busy, _THEME_TITLES[1])

    orgs = [o for o in ctx.national_orgs + ctx.county_orgs if o is not big]
    small = 0
    for org in orgs:
        if small and rng.random() >= SMALL_CALL_SHARE:
            continue
        small += 1
        day = ctx.today - datetime.timedelta(days=int(rng.random() * 300))
        call_id = _call(ctx, t, org, title="Erfaringer fra medlemmene", opens=day, arenas=[])
        _answers(ctx, t, call_id, SMALL_CALL_ANSWERS, opens=day, moderator=org.admin_user_id)
    return {
        "busy_call": {"id": big_call, "answers": max(200, int(BIG_CALL_ANSWERS * scale))},
        "busy_theme": {"id": theme_ids[0], "answers": per_theme},
        "small_theme": {"id": theme_ids[-1], "answers": 3},
        "umbrella_theme": {"id": umbrella_theme},
        "theme_case_proposal": {"id": proposal},
        "small_calls": small,
    }
