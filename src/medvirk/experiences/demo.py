"""Invented demo data for experience gathering: the demo user organisation's open call
with answers in every state (waiting, approved with a redacted copy, rejected with a
reason; some with a contact who consented), two themes (one under its minimum, so
hidden outside the moderators), and one theme turned into a case proposal to an arena
of the demo service, where the organisation is represented. Everything is made up.

Written directly in the shapes the domain functions produce (the public form would mail
every contributor a receipt).
"""

from __future__ import annotations

import datetime
import hashlib

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.arenas.models import Arena
from medvirk.directory.enums import RegionKind
from medvirk.directory.models import Organisation, Region
from medvirk.experiences.enums import Audience, ExperienceStatus, RoughWhen
from medvirk.experiences.models import Experience, ExperienceCall, Theme, ThemeCase
from medvirk.meetings.enums import ProposalStatus, ProposerKind
from medvirk.meetings.models import CaseProposal

# (what happened, service, impact, would have helped, status, contact name, consent)
ANSWERS: list[tuple[str, str, str, str, str, str, bool]] = [
    (
        "Drosjen til dialysen kom ikke, og jeg måtte ringe tre ganger før noen svarte.",
        "Pasientreiser",
        "Behandlingen ble kortere enn den skulle være.",
        "Et telefonnummer som svarer, og melding når bilen er forsinket.",
        ExperienceStatus.APPROVED,
        "Kari Nordmann",
        True,
    ),
    (
        "Bilen som skulle hente meg hadde ikke plass til rullestolen.",
        "Pasientreiser",
        "Jeg rakk ikke timen og fikk ny time fire uker senere.",
        "At bestillingen tar med hjelpemidlene mine.",
        ExperienceStatus.APPROVED,
        "",
        False,
    ),
    (
        "Jeg ventet to timer på returen fra sykehuset uten å få beskjed.",
        "Pasientreiser",
        "Jeg ble utslitt og syk etterpå.",
        "Varsel på SMS om når bilen kommer.",
        ExperienceStatus.APPROVED,
        "Ola Hansen",
        True,
    ),
    (
        "Sjåføren visste ikke at jeg trengte hjelp inn døra.",
        "Pasientreiser",
        "",
        "At behovene mine står i bestillingen.",
        ExperienceStatus.APPROVED,
        "",
        False,
    ),
    (
        "Samkjøringen gjorde at turen tok tre timer hver vei.",
        "Pasientreiser",
        "Jeg orket ikke behandlingen dagen etter.",
        "En grense for hvor lenge en tur kan ta.",
        ExperienceStatus.APPROVED,
        "",
        False,
    ),
    (
        "Timen ble flyttet uten at noen sa fra, og jeg sto alene i resepsjonen.",
        "Sykehusets poliklinikk",
        "Jeg mistet en arbeidsdag.",
        "Melding på en måte jeg kan lese.",
        ExperienceStatus.APPROVED,
        "",
        False,
    ),
    (
        "Brevet om endret time kom etter at timen var over.",
        "Sykehusets poliklinikk",
        "",
        "Digital melding i tillegg til brev.",
        ExperienceStatus.APPROVED,
        "",
        False,
    ),
    (
        "Jeg heter Per Olsen og bor i Storgata 5. Ring meg på 912 34 567, så forteller jeg "
        "mer om hvordan bestillingen av pasientreise gikk galt.",
        "Pasientreiser",
        "Jeg måtte ta drosje selv og betale 900 kroner.",
        "At noen ringer tilbake.",
        ExperienceStatus.PENDING,
        "Per Olsen",
        True,
    ),
    (
        "Nettsiden for å bestille reise virket ikke med skjermleseren min.",
        "Pasientreiser",
        "Jeg måtte be naboen om hjelp.",
        "Test nettsiden med brukere som bruker skjermleser.",
        ExperienceStatus.PENDING,
        "",
        False,
    ),
    (
        "Fastlegen henviste meg, men henvisningen ble borte på veien.",
        "Fastlegen",
        "Jeg ventet et halvt år.",
        "Bekreftelse når en henvisning er mottatt.",
        ExperienceStatus.PENDING,
        "",
        False,
    ),
    (
        "Kjøp billige solbriller på nett!",
        "",
        "",
        "",
        ExperienceStatus.REJECTED,
        "",
        False,
    ),
]
REJECT_REASON = "Reklame, ikke en erfaring med tjenestene."


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def load() -> None:
    """Create the demo call, its answers, two themes and a case from one of them."""
    org = (
        Organisation.objects.filter(
            roles__role=RoleKind.ADMIN, roles__user__email="orgadmin@medvirk.test"
        )
        .order_by("pk")
        .first()
    )
    if org is None:
        return
    admin = Role.objects.filter(organisation=org, role=RoleKind.ADMIN).order_by("pk").first()
    by = admin.user if admin else None
    arena = Arena.objects.filter(memberships__represents=org).order_by("pk").distinct().first()
    today = timezone.localdate()
    now = timezone.now()
    call = ExperienceCall.objects.create(
        organisation=org,
        code="pasreise",
        title="Erfaringer med pasientreiser",
        description=(
            "<p>Vi vil vite hvordan reisen til og fra behandling fungerer for deg. "
            "Svarene samles i temaer som vi tar opp i brukerutvalgene.</p>"
        ),
        easy_read=(
            "Har du reist til lege eller sykehus? Fortell oss hva som gikk bra og hva som "
            "gikk dårlig. Du trenger ikke si hvem du er."
        ),
        target_group="Pasienter, pårørende og medlemmer",
        service_areas="Pasientreiser, sykehus",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
        audience=Audience.EVERYONE,
        allow_anonymous=True,
        min_theme_size=5,
        retention_months=12,
        published_at=now - datetime.timedelta(days=30),
        created_by=by,
    )
    if arena is not None:
        call.arenas.add(arena)
    kommuner = list(Region.objects.filter(kind=RegionKind.KOMMUNE).order_by("code")[:6])
    whens = list(RoughWhen.values)
    answers: list[Experience] = []
    for index, (happened, service, impact, helped, status, name, consent) in enumerate(ANSWERS):
        approved = status == ExperienceStatus.APPROVED
        moderated = status != ExperienceStatus.PENDING
        answers.append(
            Experience.objects.create(
                call=call,
                status=status,
                what_happened=happened,
                service=service,
                kommune=kommuner[index % len(kommuner)] if kommuner else None,
                when=whens[index % len(whens)],
                impact=impact,
                would_have_helped=helped,
                shared_what_happened=happened if approved else "",
                shared_impact=impact if approved else "",
                shared_would_have_helped=helped if approved else "",
                contact_name=name,
                contact_email=f"innsender{index + 1}@example.org" if name else "",
                contact_consent=consent,
                withdraw_token_hash=_hash(f"demo-withdraw-{index}") if name else "",
                language="nb",
                submitted_at=now - datetime.timedelta(days=28 - index * 2),
                moderated_by=by if moderated else None,
                moderated_at=now - datetime.timedelta(days=20 - index) if moderated else None,
                reject_reason=REJECT_REASON if status == ExperienceStatus.REJECTED else "",
            )
        )
    travel = [a for a in answers if a.status == ExperienceStatus.APPROVED][:5]
    letters = [a for a in answers if a.status == ExperienceStatus.APPROVED][5:]
    transport = Theme.objects.create(
        organisation=org,
        call=call,
        title="Pasientreiser som ikke tar hensyn til behovene",
        summary=(
            "Fem medlemmer forteller om pasientreiser som kom for sent, ikke hadde plass til "
            "hjelpemidler eller tok flere timer. Flere mistet behandling eller måtte få ny time."
        ),
        is_shared=True,
        min_size=call.min_theme_size,
        answer_count=len(travel),
        created_by=by,
    )
    transport.experiences.set(travel)
    notices = Theme.objects.create(
        organisation=org,
        call=call,
        title="Endrede timer uten beskjed",
        summary="To medlemmer fikk ikke beskjed da timen ble flyttet.",
        min_size=call.min_theme_size,
        answer_count=len(letters),
        created_by=by,
    )
    notices.experiences.set(letters)
    if arena is None:
        return
    transport.offered_to.add(arena)
    proposal = CaseProposal.objects.create(
        arena=arena,
        title="Pasientreiser som tar hensyn til behovene",
        problem_why=transport.summary,
        problem_where="Pasientreiser til sykehus og poliklinikk.",
        problem_when="Ved bestilling og henting, særlig på returen.",
        proposed_solution=(
            "Bestillingen tar med hjelpemidler og behov, og pasienten får varsel på SMS "
            "når bilen er forsinket."
        ),
        proposer_kind=ProposerKind.ORGANISATION,
        submitted_by=by,
        organisation=org,
        proposer_name=org.name,
        proposer_email=by.email if by else "post@example.org",
        status=ProposalStatus.SUBMITTED,
        submitted_at=now - datetime.timedelta(days=5),
    )
    ThemeCase.objects.create(theme=transport, proposal=proposal, created_by=by)
