"""Services, umbrellas and user organisations (national → county → local), with
their regions, target groups, contacts, admins and secretariats."""

from __future__ import annotations

import datetime
import unicodedata

from medvirk.accounts.enums import RoleKind
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.validators import orgnr_check_digit
from medvirk.scale import gen_text as text
from medvirk.scale.gen_plan import Ctx
from medvirk.scale.gen_records import Org

SCALE_DOMAIN = "scale.medvirk.test"


def add_user(
    ctx: Ctx, email: str, name: str, *, joined: datetime.date, platform_admin: bool = False
) -> int:
    """A user with the demo password and a verified address; returns the id. A platform
    admin is a superuser with staff access (the operations pages)."""
    t = ctx.t
    user_id = t.user.take_id()
    admin = platform_admin
    ctx.w.add(
        t.user,
        (user_id, ctx.password_hash, None, admin, admin, True, ctx.at(joined, 9), email, name),
    )
    ctx.w.add(t.email, (t.email.take_id(), user_id, email, True, True))
    return user_id


def add_role(ctx: Ctx, user_id: int, org_id: int, role: str) -> None:
    t = ctx.t
    ctx.w.add(t.role, (t.role.take_id(), user_id, org_id, role, ctx.now))


def person_name(ctx: Ctx) -> str:
    rng = ctx.rng
    first = text.FIRST_NAMES[int(rng.random() * len(text.FIRST_NAMES))]
    last = text.LAST_NAMES[int(rng.random() * len(text.LAST_NAMES))]
    if rng.random() < 0.15:
        return f"{first} {chr(65 + int(rng.random() * 26))}. {last}"
    return f"{first} {last}"


def _slug(value: str) -> str:
    folded = value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_only = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in ascii_only).strip("-")[:40]


class _OrgNumbers:
    """Invented organisation numbers that pass the mod-11 check (and belong to nobody)."""

    def __init__(self, start: int) -> None:
        self.next = start

    def take(self) -> str:
        while True:
            first_eight = f"{self.next:08d}"
            self.next += 7
            check = orgnr_check_digit(first_eight)
            if check is not None:
                return f"{first_eight}{check}"


def generate_directory(ctx: Ctx) -> None:
    numbers = _OrgNumbers(start=92_000_000 + ctx.rng.randrange(100_000))
    _services(ctx, numbers)
    _user_organisations(ctx, numbers)


# --- Writing one organisation ---------------------------------------------------------


def _write_org(
    ctx: Ctx,
    org: Org,
    numbers: _OrgNumbers,
    *,
    description: str,
    regions: list[int],
    public: bool = True,
) -> None:
    rng, t, w = ctx.rng, ctx.t, ctx.w
    created = ctx.today - datetime.timedelta(days=3700 + int(rng.random() * 400))
    roll = rng.random()
    if roll < 0.05:
        confirmed = None
    elif roll < 0.85:
        confirmed = ctx.at(ctx.today - datetime.timedelta(days=int(rng.random() * 390)), 10)
    else:
        confirmed = ctx.at(ctx.today - datetime.timedelta(days=400 + int(rng.random() * 500)), 10)
    org_number = numbers.take() if rng.random() < 0.9 else ""
    website = f"https://www.example.org/{_slug(org.name)}" if rng.random() < 0.7 else ""
    search_text = " ".join([org.name, org_number, description]).casefold()
    w.add(
        t.org,
        (
            org.id,
            org.kind,
            org.service_kind,
            org.name,
            org_number,
            org.level,
            org.parent.id if org.parent else None,
            website,
            description,
            public,
            confirmed,
            ctx.at(created, 9),
            confirmed or ctx.at(created, 9),
            search_text,
        ),
    )
    for region_id in dict.fromkeys(regions):
        w.add(t.org_region, (t.org_region.take_id(), org.id, region_id))
    for group_id in dict.fromkeys(org.target_groups):
        w.add(t.org_target_group, (t.org_target_group.take_id(), org.id, group_id))
    # A public main contact and, for some, a private one.
    name = person_name(ctx)
    slug = _slug(org.name) or "org"
    w.add(
        t.contact,
        (
            t.contact.take_id(),
            org.id,
            name,
            "Leder" if org.kind != OrganisationKind.SERVICE else "Sekretariatsleder",
            f"post@{slug}.example.org",
            f"{40_000_000 + int(rng.random() * 9_999_999)}",
            org.kind != OrganisationKind.SERVICE or rng.random() < 0.8,
            True,
        ),
    )
    if rng.random() < 0.4:
        w.add(
            t.contact,
            (
                t.contact.take_id(),
                org.id,
                person_name(ctx),
                "Sekretær",
                f"sekretaer@{slug}.example.org",
                f"{90_000_000 + int(rng.random() * 9_999_999)}",
                False,
                False,
            ),
        )
    ctx.orgs_by_id[org.id] = org


# --- Services ------------------------------------------------------------------------


def _place_names(ctx: Ctx) -> list[str]:
    """Invented place names, in a fixed shuffled order."""
    names = [p + s for p in text.PLACE_PREFIXES for s in text.PLACE_STEMS]
    real = {name for _id, name, _f in ctx.kommuner} | {name for _id, name in ctx.fylker}
    names = [n.capitalize() for n in names if n.capitalize() not in real]
    ctx.rng.shuffle(names)
    return names


def _services(ctx: Ctx, numbers: _OrgNumbers) -> None:
    rng, t = ctx.rng, ctx.t
    counts = ctx.counts.services
    places = _place_names(ctx)
    fylke_ids = [fid for fid, _name in ctx.fylker]
    kommuner_by_fylke: dict[int, list[int]] = {}
    for kid, _name, fid in ctx.kommuner:
        kommuner_by_fylke.setdefault(fid, []).append(kid)

    # Kommuner: the real ones in the shipped region table first (all 357 of 2024, loaded by
    # load_reference_data), then invented ones past that (covering their fylke, since
    # the region table has no row for them).
    kommune_places: list[tuple[str, int, list[int]]] = []  # name, fylke, kommune regions
    for kid, name, fid in ctx.kommuner:
        kommune_places.append((name, fid, [kid]))
    for name in places:
        kommune_places.append((name, rng.choice(fylke_ids), []))
    place_iter = iter(places[len(places) // 2 :])  # HF names from the other half

    def new(kind: str, name: str, level: str, fylke: int | None, kommuner: list[int]) -> Org:
        org = Org(
            id=t.org.take_id(),
            kind=OrganisationKind.SERVICE,
            service_kind=kind,
            level=level,
            name=name,
            fylke_id=fylke,
            kommune_ids=kommuner,
        )
        ctx.services.append(org)
        return org

    plan: list[tuple[Org, list[int]]] = []
    # The hub: the service the benchmark's "largest service" personas belong to.
    hub_fylke = fylke_ids[0]
    hub = new(
        ServiceKind.HELSEFORETAK,
        f"Helse {next(place_iter)} HF",
        Level.COUNTY,
        hub_fylke,
        kommuner_by_fylke.get(hub_fylke, [])[:3],
    )
    ctx.hub = hub
    plan.append((hub, [hub_fylke, *hub.kommune_ids]))
    for name, fid, kommuner in kommune_places[: counts["kommune"]]:
        label = name if name.endswith(" kommune") else f"{name} kommune"
        org = new(ServiceKind.KOMMUNE, label, Level.LOCAL, fid, kommuner)
        plan.append((org, kommuner or [fid]))
    for fid, name in ctx.fylker[: counts["fylkeskommune"]]:
        org = new(ServiceKind.FYLKESKOMMUNE, f"{name} fylkeskommune", Level.COUNTY, fid, [])
        plan.append((org, [fid]))
    for index in range(counts["nav"]):
        name, fid, kommuner = kommune_places[index % len(kommune_places)]
        base = name.removesuffix(" kommune")
        label = f"Nav {base}" if index < len(kommune_places) else f"Nav {base} {index}"
        org = new(ServiceKind.NAV, label, Level.LOCAL, fid, kommuner)
        plan.append((org, kommuner or [fid]))
    for _index in range(counts["helseforetak"] - 1):
        fid = rng.choice(fylke_ids)
        covered = kommuner_by_fylke.get(fid, [])[:3]
        org = new(
            ServiceKind.HELSEFORETAK, f"Helse {next(place_iter)} HF", Level.COUNTY, fid, covered
        )
        plan.append((org, [fid, *covered]))
    for index in range(counts["rhf"]):
        name = text.RHF_NAMES[index % len(text.RHF_NAMES)]
        if index >= len(text.RHF_NAMES):
            name = f"{name} {index + 1}"
        org = new(ServiceKind.RHF, name, Level.NATIONAL, None, [])
        plan.append((org, rng.sample(fylke_ids, k=min(4, len(fylke_ids)))))
    for kind, names in (
        (ServiceKind.COMPETENCE_CENTRE, text.COMPETENCE_CENTRES),
        (ServiceKind.STATE_AGENCY, text.STATE_AGENCIES),
    ):
        for index in range(counts[kind]):
            name = names[index % len(names)]
            if index >= len(names):
                name = f"{name} {index + 1}"
            org = new(kind, name, Level.NATIONAL, None, [])
            plan.append((org, []))

    for org, regions in plan:
        _write_org(
            ctx,
            org,
            numbers,
            description=text.SERVICE_DESCRIPTIONS[
                int(rng.random() * len(text.SERVICE_DESCRIPTIONS))
            ],
            regions=regions,
        )
        if org is hub:
            continue  # the hub's secretariat and decision-maker are personas
        slug = f"{org.service_kind}-{org.id}"
        joined = ctx.random_past_day(years=8)
        org.secretariat_user_id = add_user(
            ctx, f"sekretariat-{slug}@{SCALE_DOMAIN}", f"Sekretariatet i {org.name}", joined=joined
        )
        add_role(ctx, org.secretariat_user_id, org.id, RoleKind.SECRETARIAT)
        org.decision_name = person_name(ctx)
        org.decision_email = f"leder-{slug}@{SCALE_DOMAIN}"
        org.decision_user_id = add_user(ctx, org.decision_email, org.decision_name, joined=joined)
        add_role(ctx, org.decision_user_id, org.id, RoleKind.DECISION_MAKER)


# --- User organisations ----------------------------------------------------------------


def _user_organisations(ctx: Ctx, numbers: _OrgNumbers) -> None:
    rng, t, w, c = ctx.rng, ctx.t, ctx.w, ctx.counts
    groups = ctx.target_groups

    def admin(org: Org) -> None:
        org.admin_user_id = add_user(
            ctx,
            f"admin-{org.id}@{SCALE_DOMAIN}",
            person_name(ctx),
            joined=ctx.random_past_day(years=8),
        )
        add_role(ctx, org.admin_user_id, org.id, RoleKind.ADMIN)

    def description() -> str:
        return text.ORG_DESCRIPTIONS[int(rng.random() * len(text.ORG_DESCRIPTIONS))]

    # National umbrellas.
    for index in range(c.national_umbrellas):
        name = text.NATIONAL_UMBRELLAS[index % len(text.NATIONAL_UMBRELLAS)]
        if index >= len(text.NATIONAL_UMBRELLAS):
            name = f"{name} {index + 1}"
        org = Org(t.org.take_id(), OrganisationKind.UMBRELLA, "", Level.NATIONAL, name)
        org.target_groups = [g for g, _n in rng.sample(groups, k=min(4, len(groups)))]
        _write_org(ctx, org, numbers, description=description(), regions=[])
        admin(org)
        ctx.national_umbrellas.append(org)
    # County umbrellas, one per fylke.
    for fid, fylke in ctx.fylker[: c.county_umbrellas]:
        org = Org(
            t.org.take_id(),
            OrganisationKind.UMBRELLA,
            "",
            Level.COUNTY,
            text.COUNTY_UMBRELLA.format(fylke=fylke),
            fylke_id=fid,
        )
        _write_org(ctx, org, numbers, description=description(), regions=[fid])
        admin(org)
        ctx.county_umbrellas.append(org)

    # National organisations: pattern × target group, the first one the big one.
    names = [
        (pattern.format(tg=name.lower()), gid)
        for pattern in text.NATIONAL_PATTERNS
        for gid, name in groups
    ]
    rng.shuffle(names)
    for index in range(c.national_orgs):
        name, gid = names[index % len(names)]
        if index >= len(names):
            name = f"{name} {index // len(names) + 1}"
        org = Org(t.org.take_id(), OrganisationKind.USER_ORG, "", Level.NATIONAL, name)
        org.national = org
        org.target_groups = [gid]
        if rng.random() < 0.3:
            org.target_groups.append(rng.choice(groups)[0])
        _write_org(ctx, org, numbers, description=description(), regions=[])
        ctx.national_orgs.append(org)
        if index == 0:
            ctx.big_org = org  # its admin is the org-admin persona
        else:
            admin(org)
        for umbrella_index, umbrella in enumerate(ctx.national_umbrellas):
            # Every national organisation is in an umbrella; the big one in two.
            first = index % len(ctx.national_umbrellas) == umbrella_index
            if first or (index == 0 and umbrella_index == 1) or rng.random() < 0.1:
                w.add(t.org_umbrella, (t.org_umbrella.take_id(), org.id, umbrella.id))

    # County chapters: each national organisation in distinct fylker; the big one
    # in every fylke.
    umbrella_by_fylke = {u.fylke_id: u for u in ctx.county_umbrellas}
    taken: set[tuple[int, int]] = set()
    fylke_names = dict(ctx.fylker)
    fylke_ids = [fid for fid, _n in ctx.fylker]
    big = ctx.big_org
    assert big is not None
    order = [(big, fid) for fid in fylke_ids]
    while len(order) < c.county_orgs * 3:
        order.append((rng.choice(ctx.national_orgs), rng.choice(fylke_ids)))
    for parent, fid in order:
        if len(ctx.county_orgs) >= c.county_orgs:
            break
        if (parent.id, fid) in taken:
            continue
        taken.add((parent.id, fid))
        org = Org(
            t.org.take_id(),
            OrganisationKind.USER_ORG,
            "",
            Level.COUNTY,
            f"{parent.name} {fylke_names[fid]}",
            fylke_id=fid,
            parent=parent,
            national=parent,
            target_groups=list(parent.target_groups),
        )
        _write_org(ctx, org, numbers, description=description(), regions=[fid])
        admin(org)
        ctx.county_orgs.append(org)
        county_umbrella = umbrella_by_fylke.get(fid)
        if county_umbrella is not None and rng.random() < 0.7:
            w.add(t.org_umbrella, (t.org_umbrella.take_id(), org.id, county_umbrella.id))

    # Local chapters under county chapters, in a kommune of that fylke.
    kommuner_by_fylke: dict[int, list[tuple[int, str]]] = {}
    for kid, name, fid in ctx.kommuner:
        kommuner_by_fylke.setdefault(fid, []).append((kid, name))
    used: dict[str, int] = {}
    for _index in range(c.local_orgs):
        parent = rng.choice(ctx.county_orgs)
        assert parent.fylke_id is not None
        options = kommuner_by_fylke.get(parent.fylke_id) or [
            (parent.fylke_id, fylke_names[parent.fylke_id])
        ]
        kid, place = rng.choice(options)
        assert parent.national is not None
        name = f"{parent.national.name} {place.removesuffix(' kommune')}"
        used[name] = used.get(name, 0) + 1
        if used[name] > 1:
            name = f"{name} lokallag {used[name]}"
        org = Org(
            t.org.take_id(),
            OrganisationKind.USER_ORG,
            "",
            Level.LOCAL,
            name,
            fylke_id=parent.fylke_id,
            kommune_ids=[kid],
            parent=parent,
            national=parent.national,
            target_groups=list(parent.target_groups),
        )
        _write_org(ctx, org, numbers, description=description(), regions=[kid])
        if rng.random() < 0.3:
            admin(org)
        ctx.local_orgs.append(org)
