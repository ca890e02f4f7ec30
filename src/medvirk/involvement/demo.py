"""Invented demo data for the involvement log: the demo service's log collected from
everything the other demo loaders made (meetings held, advice, calls, surveys,
appointments, training), and a handful of hand-made entries for involvement that
happened elsewhere, made through the domain as the secretariat. Everything is made up."""

from __future__ import annotations

import datetime

from django.utils import timezone

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.arenas.enums import Influence, Level
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.involvement.domain.collect import collect_year, years_to_collect
from medvirk.involvement.domain.entries import create_entry
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import Collection

# (days ago, title, kind, level, degree, project, description)
HAND_MADE = [
    (
        12,
        "Arbeidsgruppe for universell utforming av nye nettsider",
        EntryKind.PROJECT_GROUP,
        Level.SERVICE,
        Influence.DIALOGUE,
        "Nye nettsider for kommunen",
        "To representanter fra brukerorganisasjonene testet utkastene med skjermleser.",
    ),
    (
        40,
        "Dialogkonferanse om hverdagsrehabilitering",
        EntryKind.DIALOGUE_CONFERENCE,
        Level.SYSTEM,
        Influence.DIALOGUE,
        "",
        "Seksti deltakere fra brukerorganisasjoner, tjenester og politikk.",
    ),
    (
        75,
        "Tolkning av resultatene fra brukerundersøkelsen i hjemmetjenesten",
        EntryKind.ANALYSIS,
        Level.SERVICE,
        Influence.INFORMANT,
        "Brukerundersøkelsen",
        "",
    ),
    (
        130,
        "Erfaringskonsulent ansatt i psykisk helsetjeneste",
        EntryKind.HIRING,
        Level.SERVICE,
        Influence.USER_CONTROL,
        "",
        "Stillingen ble utlyst med krav om egenerfaring.",
    ),
]


def load() -> None:
    role = (
        Role.objects.filter(
            role=RoleKind.SECRETARIAT,
            user__email="sekretariat@medvirk.test",
            organisation__kind=OrganisationKind.SERVICE,
        )
        .select_related("organisation", "user")
        .first()
    )
    if role is None:
        return
    service: Organisation = role.organisation
    today = timezone.localdate()
    now = timezone.now()
    arena = Arena.objects.filter(owner=service, is_public=True).order_by("pk").first()
    organisations = list(
        Organisation.objects.filter(
            pk__in=Membership.objects.filter(arena__owner=service, represents__isnull=False).values(
                "represents_id"
            )
        ).order_by("name")[:2]
    )
    for days, title, kind, level, degree, project, description in HAND_MADE:
        create_entry(
            service,
            by=role.user,
            date=max(today - datetime.timedelta(days=days), datetime.date(today.year, 1, 1)),
            title=title,
            kind=kind,
            level=level,
            degree=degree,
            project=project,
            description=description,
            arena=arena if kind == EntryKind.PROJECT_GROUP else None,
            organisations=organisations,
        )
    for year in years_to_collect(service, None, now):
        collect_year(service, year=year, now=now)
    Collection.objects.update_or_create(
        service=service, defaults={"claimed_at": now, "collected_at": now}
    )
