"""The involvement log for the scale data set: the hub (the largest service, the
secretariat persona's) collected from everything generated for it -- meetings held,
advice, calls, surveys, appointments, training; tens of thousands of entries at scale
1.0 -- through the same domain function the periodic job uses, plus hand-made entries
(a few a month over the last three years) with the organisations seated in its arenas.
The other services' logs stay empty until ``run_periodic`` collects them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from medvirk.arenas.enums import Influence, Level
from medvirk.arenas.models import Arena, Membership
from medvirk.directory.models import Organisation
from medvirk.involvement.domain.collect import collect_year, years_to_collect
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import Collection, InvolvementEntry

if TYPE_CHECKING:
    from medvirk.scale.gen_plan import Ctx

HAND_MADE = (
    (
        EntryKind.PROJECT_GROUP,
        Level.SERVICE,
        Influence.DIALOGUE,
        "Prosjektgruppe for ny poliklinikk",
    ),
    (
        EntryKind.DIALOGUE_CONFERENCE,
        Level.SYSTEM,
        Influence.DIALOGUE,
        "Dialogkonferanse om pasientreiser",
    ),
    (
        EntryKind.ANALYSIS,
        Level.SYSTEM,
        Influence.INFORMANT,
        "Tolkning av pasienterfaringsundersøkelsen",
    ),
    (EntryKind.HIRING, Level.SERVICE, Influence.USER_CONTROL, "Erfaringskonsulent ansatt"),
    (
        EntryKind.REFERENCE_GROUP,
        Level.SERVICE,
        Influence.USER_PERSPECTIVE,
        "Referansegruppe for nye nettsider",
    ),
)


def generate_involvement(ctx: Ctx, *, scale: float, using: str = "default") -> dict[str, Any]:
    hub = ctx.hub
    assert hub is not None
    if using != "default":  # the domain writes through the default connection
        return {}
    service = Organisation.objects.get(pk=hub.id)
    created = 0
    for year in years_to_collect(service, None, ctx.now):
        created += collect_year(service, year=year, now=ctx.now).created
    Collection.objects.update_or_create(
        service=service, defaults={"claimed_at": ctx.now, "collected_at": ctx.now}
    )
    arenas = list(Arena.objects.filter(owner=service).order_by("pk").values_list("pk", "is_public"))
    organisations = list(
        Membership.objects.filter(arena__owner=service, represents__isnull=False)
        .order_by("represents_id")
        .values_list("represents_id", flat=True)
        .distinct()[:40]
    )
    per_month = max(1, round(4 * scale))
    rows = []
    for month in range(36):
        for index in range(per_month):
            day = ctx.today - datetime.timedelta(days=month * 30 + index * 3 + 1)
            kind, level, degree, title = HAND_MADE[(month + index) % len(HAND_MADE)]
            arena_id, public = (
                arenas[(month * per_month + index) % len(arenas)] if arenas else (None, True)
            )
            rows.append(
                InvolvementEntry(
                    service=service,
                    date=day,
                    title=title,
                    kind=kind,
                    level=level,
                    degree=degree,
                    arena_id=arena_id if index % 2 else None,
                    project="Pasientens helsetjeneste" if index % 3 == 0 else "",
                    is_public=bool(public or not index % 2),
                )
            )
    made = InvolvementEntry.objects.bulk_create(rows, batch_size=1000)
    through = InvolvementEntry.organisations.through
    through.objects.bulk_create(
        [
            through(
                involvemententry_id=entry.pk,
                organisation_id=organisations[(n + k) % len(organisations)],
            )
            for n, entry in enumerate(made)
            for k in range(min(3, len(organisations)))
        ],
        batch_size=5000,
    )
    return {"service_id": service.pk, "collected": created, "hand_made": len(made)}
