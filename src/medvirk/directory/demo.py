"""Invented, realistic demo data for the directory. Every organisation here is made up."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from medvirk.common.demo import FIRST_NAMES, LAST_NAMES
from medvirk.directory.enums import Level, OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup
from medvirk.directory.validators import orgnr_check_digit

UMBRELLAS = [
    ("Samarbeidsforumet for funksjonshemmedes organisasjoner", "SFFO"),
    ("Rus- og psykisk helse-alliansen", "RPA"),
    ("Unge funksjonshemmede i samarbeid", "UFS"),
]

# name, short name, target groups, umbrella indexes, county chapters (fylke codes)
NATIONAL = [
    ("Landsforbundet for bevegelseshemmede", "LFB", ["bevegelse"], [0, 2], ["46", "50"]),
    ("Norsk forening for synshemmede", "NFS", ["syn"], [0], ["03", "55"]),
    ("Hørselsforbundet Norge", "HFN", ["horsel"], [0], ["11"]),
    ("Mental helse-foreningen", "MHF", ["psykisk-helse"], [1], ["46", "18"]),
    (
        "Landsforeningen for pårørende i psykisk helse",
        "LPP",
        ["psykisk-helse", "parorende"],
        [1],
        ["50"],
    ),
    ("Rusfri framtid – brukerforeningen", "RFB", ["rus"], [1], ["03"]),
    ("Autismeforeningen i Norge", "AFN", ["autisme", "barn-unge"], [0], ["42"]),
    ("Nevroforbundet", "NEF", ["nevrologi"], [0], ["34", "46"]),
    ("Demensforeningen Norge", "DFN", ["demens", "eldre", "parorende"], [0], ["55"]),
    ("Foreningen for sjeldne diagnoser", "FSD", ["sjeldne", "barn-unge"], [0, 2], []),
    ("Diabetesforeningen", "DIF", ["diabetes"], [0], ["32"]),
    ("Pensjonistforeningen Norge", "PFN", ["eldre"], [], ["46", "03"]),
]

# Local chapters: (national short name, fylke code, kommune code)
LOCAL = [
    ("LFB", "46", "4601"),
    ("LFB", "50", "5001"),
    ("NFS", "03", "0301"),
    ("MHF", "46", "4601"),
    ("MHF", "18", "1804"),
    ("LPP", "50", "5001"),
    ("NEF", "46", "4601"),
    ("DFN", "55", "5501"),
    ("PFN", "46", "4601"),
    ("PFN", "03", "0301"),
]

SERVICES = [
    ("Bergen kommune", ServiceKind.KOMMUNE, "4601"),
    ("Tromsø kommune", ServiceKind.KOMMUNE, "5501"),
    ("Vestland fylkeskommune", ServiceKind.FYLKESKOMMUNE, "46"),
    ("Nav Trondheim", ServiceKind.NAV, "5001"),
    ("Nav Bodø", ServiceKind.NAV, "1804"),
    ("Helse Vestkyst HF", ServiceKind.HELSEFORETAK, "46"),
    ("Helse Nordfjell HF", ServiceKind.HELSEFORETAK, "55"),
    ("Helse Nordvest RHF", ServiceKind.RHF, "46"),
    ("Nasjonalt kompetansesenter for medvirkning", ServiceKind.COMPETENCE_CENTRE, ""),
    ("Direktoratet for tjenesteutvikling", ServiceKind.STATE_AGENCY, ""),
]


def fake_orgnr(rng: random.Random, used: set[str]) -> str:
    while True:
        first = str(rng.choice([8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        check = orgnr_check_digit(first)
        if check is not None and first + str(check) not in used:
            used.add(first + str(check))
            return first + str(check)


def add_contacts(org: Organisation, rng: random.Random, count: int) -> None:
    domain = "".join(ch for ch in org.name.lower() if ch.isalnum())[:20] + ".example.no"
    for index in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        Contact.objects.create(
            organisation=org,
            name=f"{first} {last}",
            role=["Daglig leder", "Styreleder", "Rådgiver", "Sekretær"][index % 4],
            email=f"{first.lower()}.{last.lower()}@{domain}".replace("ø", "o")
            .replace("å", "a")
            .replace("æ", "ae"),
            phone=f"{rng.randint(40, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            is_public=index == 0,
            is_primary=index == 0,
        )


def load(seed: int = 2026) -> dict[str, Organisation]:
    """Create the demo directory. Returns some organisations the caller gives roles in."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    used: set[str] = set()
    now = timezone.now()
    groups = {g.slug: g for g in TargetGroup.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}

    def confirmed_at() -> datetime | None:
        # Most entries confirmed recently, some stale, a few never.
        roll = rng.random()
        if roll < 0.65:
            return now - timedelta(days=rng.randint(5, 300))
        if roll < 0.9:
            return now - timedelta(days=rng.randint(420, 800))
        return None

    def make(**fields: object) -> Organisation:
        org = Organisation.objects.create(
            org_number=fake_orgnr(rng, used), last_confirmed_at=confirmed_at(), **fields
        )
        return org

    umbrellas = []
    for name, short in UMBRELLAS:
        org = make(
            kind=OrganisationKind.UMBRELLA,
            name=f"{name} ({short})",
            level=Level.NATIONAL,
            website=f"https://{short.lower()}.example.no",
            description=(
                f"{short} samler organisasjoner og foreslår kandidater til brukerråd "
                "i kommuner, Nav og helseforetak."
            ),
        )
        add_contacts(org, rng, 2)
        umbrellas.append(org)

    nationals: dict[str, Organisation] = {}
    county: dict[tuple[str, str], Organisation] = {}
    for name, short, target, umbrella_idx, chapters in NATIONAL:
        org = make(
            kind=OrganisationKind.USER_ORG,
            name=f"{name} ({short})",
            level=Level.NATIONAL,
            website=f"https://{short.lower()}.example.no",
            description=f"Landsdekkende organisasjon for {groups[target[0]].name_nb.lower()}.",
        )
        org.target_groups.set([groups[t] for t in target])
        org.umbrellas.set([umbrellas[i] for i in umbrella_idx])
        add_contacts(org, rng, 2)
        nationals[short] = org
        for code in chapters:
            chapter = make(
                kind=OrganisationKind.USER_ORG,
                name=f"{name} {regions[code].name}",
                level=Level.COUNTY,
                parent=org,
                description=f"Fylkeslaget i {regions[code].name}.",
            )
            chapter.regions.set([regions[code]])
            chapter.target_groups.set([groups[t] for t in target])
            add_contacts(chapter, rng, 1)
            county[(short, code)] = chapter

    for short, fylke, kommune in LOCAL:
        parent = county.get((short, fylke)) or nationals[short]
        base = NATIONAL[[n[1] for n in NATIONAL].index(short)]
        local = make(
            kind=OrganisationKind.USER_ORG,
            name=f"{base[0]} {regions[kommune].name} lokallag",
            level=Level.LOCAL,
            parent=parent,
            description=f"Lokallaget i {regions[kommune].name}.",
        )
        local.regions.set([regions[kommune]])
        local.target_groups.set([groups[t] for t in base[2]])
        add_contacts(local, rng, 1)

    services = {}
    for name, service_kind, region_code in SERVICES:
        org = make(
            kind=OrganisationKind.SERVICE,
            service_kind=service_kind,
            name=name,
            level=Level.NATIONAL
            if not region_code
            else (Level.LOCAL if len(region_code) == 4 else Level.COUNTY),
            description=f"{name} har brukerråd og andre medvirkningsarenaer.",
        )
        if region_code:
            org.regions.set([regions[region_code]])
        add_contacts(org, rng, 2)
        services[name] = org

    return {
        "user_org": nationals["LFB"],
        "other_user_org": nationals["MHF"],
        "umbrella": umbrellas[0],
        "service": services["Bergen kommune"],
        "nav": services["Nav Trondheim"],
    }
