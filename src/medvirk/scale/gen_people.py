"""Representatives (Person) with affiliations, pools, competence, training and, for
some, user accounts; and the personas the benchmark logs in as."""

from __future__ import annotations

import base64
import datetime
import json

from medvirk.accounts.enums import RoleKind
from medvirk.people.enums import AffiliationKind, Gender
from medvirk.scale.gen_directory import SCALE_DOMAIN, add_role, add_user, person_name
from medvirk.scale.gen_plan import Ctx
from medvirk.scale.gen_records import Org

USER_SHARE = 0.3  # representatives with a user account
PERSONA_EMAILS = {
    "secretariat": "bench-secretariat@medvirk.test",
    "representative": "bench-rep@medvirk.test",
    "org_admin": "bench-orgadmin@medvirk.test",
    "decision_maker": "bench-decision@medvirk.test",
    "umbrella_admin": "bench-umbrella@medvirk.test",
    "platform_admin": "bench-platform@medvirk.test",
}
REPRESENTATIVE_ASSIGNMENTS = 5
_LANGUAGES = [json.dumps(["nb"])] * 8 + [
    json.dumps(["nb", "en"]),
    json.dumps(["nb", "se"]),
    json.dumps(["nb", "nsl"]),
    json.dumps(["nb", "ar"]),
]


def generate_personas(ctx: Ctx) -> None:
    """The hub's secretariat and a platform admin (TOTP is switched on for both after the
    load), the hub's decision-maker, the big organisation's admin and the admin of the
    first national umbrella (the big organisation is one of its members). The
    representative persona comes with the people."""
    hub, big = ctx.hub, ctx.big_org
    assert hub is not None and big is not None
    joined = ctx.today - datetime.timedelta(days=2000)
    secretariat = add_user(ctx, PERSONA_EMAILS["secretariat"], "Benk Sekretariat", joined=joined)
    add_role(ctx, secretariat, hub.id, RoleKind.SECRETARIAT)
    hub.secretariat_user_id = secretariat
    decision = add_user(
        ctx, PERSONA_EMAILS["decision_maker"], "Benk Beslutningstaker", joined=joined
    )
    add_role(ctx, decision, hub.id, RoleKind.DECISION_MAKER)
    hub.decision_user_id = decision
    hub.decision_name = "Benk Beslutningstaker"
    hub.decision_email = PERSONA_EMAILS["decision_maker"]
    org_admin = add_user(ctx, PERSONA_EMAILS["org_admin"], "Benk Organisasjonsadmin", joined=joined)
    add_role(ctx, org_admin, big.id, RoleKind.ADMIN)
    big.admin_user_id = org_admin
    umbrella = ctx.national_umbrellas[0]
    umbrella_admin = add_user(
        ctx, PERSONA_EMAILS["umbrella_admin"], "Benk Paraplyadmin", joined=joined
    )
    add_role(ctx, umbrella_admin, umbrella.id, RoleKind.ADMIN)
    platform_admin = add_user(
        ctx,
        PERSONA_EMAILS["platform_admin"],
        "Benk Plattformadmin",
        joined=joined,
        platform_admin=True,
    )
    secret = base64.b32encode(ctx.rng.randbytes(20)).decode("ascii")
    ctx.personas["secretariat"] = {
        "email": PERSONA_EMAILS["secretariat"],
        "user_id": secretariat,
        "organisation_id": hub.id,
        "totp_secret": secret,
    }
    ctx.personas["decision_maker"] = {
        "email": PERSONA_EMAILS["decision_maker"],
        "user_id": decision,
        "organisation_id": hub.id,
    }
    ctx.personas["org_admin"] = {
        "email": PERSONA_EMAILS["org_admin"],
        "user_id": org_admin,
        "organisation_id": big.id,
    }
    ctx.personas["umbrella_admin"] = {
        "email": PERSONA_EMAILS["umbrella_admin"],
        "user_id": umbrella_admin,
        "organisation_id": umbrella.id,
    }
    # The secretariat's secret serves both: the benchmark never asks for a code.
    ctx.personas["platform_admin"] = {
        "email": PERSONA_EMAILS["platform_admin"],
        "user_id": platform_admin,
        "totp_secret": secret,
    }


def _pool_org(ctx: Ctx) -> Org:
    """National 20 %, county 30 %, local 50 %; the big organisation gets a tenth
    of the national share on its own."""
    rng = ctx.rng
    roll = rng.random()
    if roll < 0.2:
        if rng.random() < 0.1 and ctx.big_org is not None:
            return ctx.big_org
        tier = ctx.national_orgs
    elif roll < 0.5:
        tier = ctx.county_orgs
    else:
        tier = ctx.local_orgs
    return tier[int(rng.random() * len(tier))]


def generate_people(ctx: Ctx) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    people = ctx.people
    kommune_ids = [kid for kid, _n, _f in ctx.kommuner]
    competence = ctx.competence_ids
    year = ctx.today.year
    for index in range(ctx.counts.people):
        person_id = t.person.take_id()
        name = person_name(ctx)
        email = f"rep-{person_id}@{SCALE_DOMAIN}"
        roll = rng.random()
        gender = Gender.FEMALE if roll < 0.5 else Gender.MALE if roll < 0.95 else Gender.OTHER
        # 8 % young (ungdomsråd), 30 % over 60 (eldreråd), the rest in between.
        roll = rng.random()
        if roll < 0.08:
            birth_year = year - 14 - int(rng.random() * 8)
        elif roll < 0.38:
            birth_year = year - 60 - int(rng.random() * 25)
        else:
            birth_year = year - 22 - int(rng.random() * 38)
        capacity = (1, 2, 2, 2, 3, 3, 4, 5)[int(rng.random() * 8)]
        pool = _pool_org(ctx)
        if pool.kommune_ids and rng.random() < 0.8:
            home = pool.kommune_ids[0]
        elif rng.random() < 0.92:
            home = kommune_ids[int(rng.random() * len(kommune_ids))]
        else:
            home = None
        created = ctx.today - datetime.timedelta(days=int(rng.random() * 3650))
        user_id = None
        if rng.random() < USER_SHARE:
            user_id = add_user(ctx, email, name, joined=created)
        deletion = (
            ctx.at(ctx.today - datetime.timedelta(days=3), 10) if rng.random() < 0.003 else None
        )
        w.add(
            t.person,
            (
                person_id,
                user_id,
                name,
                email,
                f"{90_000_000 + index}",
                "nn" if rng.random() < 0.12 else "nb",
                _LANGUAGES[int(rng.random() * len(_LANGUAGES))],
                home,
                capacity,
                gender,
                birth_year,
                pool.id,
                deletion,
                ctx.at(created, 10),
                ctx.at(created, 10),
            ),
        )
        _affiliations(ctx, person_id, pool, created)
        for area in rng.sample(competence, k=min(len(competence), 1 + int(rng.random() * 4))):
            w.add(t.person_competence, (t.person_competence.take_id(), person_id, area))
        _training(ctx, person_id)
        people.ids.append(person_id)
        people.names.append(name)
        people.genders.append(gender)
        people.birth_years.append(birth_year)
        people.capacity.append(capacity)
        people.pool_org.append(pool.id)
        people.user_ids.append(user_id)
        people.load.append(0)
    _representative_persona(ctx)


def _affiliations(ctx: Ctx, person_id: int, pool: Org, created: datetime.date) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    since = created - datetime.timedelta(days=int(rng.random() * 1500))
    until = None
    if rng.random() < 0.03:
        until = ctx.today - datetime.timedelta(days=1 + int(rng.random() * 300))
    w.add(
        t.affiliation,
        (t.affiliation.take_id(), person_id, pool.id, AffiliationKind.POOL, since, until),
    )
    if rng.random() < 0.4:
        w.add(
            t.affiliation,
            (t.affiliation.take_id(), person_id, pool.id, AffiliationKind.MEMBER, since, None),
        )
    if rng.random() < 0.08:
        w.add(
            t.affiliation,
            (t.affiliation.take_id(), person_id, pool.id, AffiliationKind.BOARD, since, None),
        )


def _training(ctx: Ctx, person_id: int) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    if ctx.basic_course_id is not None and rng.random() < 0.5:
        w.add(
            t.training,
            (
                t.training.take_id(),
                person_id,
                ctx.basic_course_id,
                "Kompetansesenteret",
                ctx.random_past_day(years=10),
            ),
        )
    if ctx.other_course_ids and rng.random() < 0.15:
        course = ctx.other_course_ids[int(rng.random() * len(ctx.other_course_ids))]
        w.add(
            t.training, (t.training.take_id(), person_id, course, "", ctx.random_past_day(years=10))
        )


def _representative_persona(ctx: Ctx) -> None:
    """A representative in the big organisation's pool; the arena step gives them
    exactly five current seats (and they are never drawn at random)."""
    t, w = ctx.t, ctx.w
    big = ctx.big_org
    assert big is not None
    joined = ctx.today - datetime.timedelta(days=2500)
    email = PERSONA_EMAILS["representative"]
    user_id = add_user(ctx, email, "Benk Representant", joined=joined)
    person_id = t.person.take_id()
    w.add(
        t.person,
        (
            person_id,
            user_id,
            "Benk Representant",
            email,
            "91234567",
            "nb",
            _LANGUAGES[0],
            ctx.kommuner[0][0] if ctx.kommuner else None,
            REPRESENTATIVE_ASSIGNMENTS + 1,
            Gender.FEMALE,
            ctx.today.year - 52,
            big.id,
            None,
            ctx.at(joined, 10),
            ctx.at(joined, 10),
        ),
    )
    since = joined - datetime.timedelta(days=200)
    w.add(
        t.affiliation,
        (t.affiliation.take_id(), person_id, big.id, AffiliationKind.POOL, since, None),
    )
    w.add(
        t.affiliation,
        (t.affiliation.take_id(), person_id, big.id, AffiliationKind.MEMBER, since, None),
    )
    for area in ctx.competence_ids[:2]:
        w.add(t.person_competence, (t.person_competence.take_id(), person_id, area))
    ctx.personas["representative"] = {
        "email": email,
        "user_id": user_id,
        "person_id": person_id,
        "organisation_id": big.id,
        "current_assignments": REPRESENTATIVE_ASSIGNMENTS,
    }
