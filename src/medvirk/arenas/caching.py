"""What the arenas app caches, and the models it shows (the cache registry, issue 12).

:data:`MENUS`: the filter menus that list where arenas are (the regions their owners
serve, and the owners), shown by the arena list and the upcoming meetings. Retired by any
change to an arena (a new one, one made public or private), an organisation (its regions
are its many-to-many) or a region (a rename, a kommune moved): a ``SELECT DISTINCT`` over
regions, organisations and arenas cost 90–250 ms on every request at national scale.

:data:`ARENA_PAGE`: the public parts of an arena's page (facts, mandate, composition and
the current members) as every anonymous visitor sees them, per arena and day (a term
that starts or ends moves a member in or out). Retired by any change to the arena, its
reserved seats or memberships, a member's person, an organisation it belongs to, is
represented by or reserves a seat for, and to the competence areas (reference data: all
arenas).

:data:`ORGANISATION_MENUS`: the arenas an organisation takes part in (owns, holds a
reserved seat in, or is represented in by a current member) as a form menu, per
organisation and day: the one menu an experience call and a survey offer to link them to
an arena. Retired by a change to any arena (a rename), any organisation (an owner's
name), the organisation's memberships and reserved seats.
"""

from __future__ import annotations

from django.db.models import Q

from medvirk.arenas.models import Arena, Membership, ReservedSeat
from medvirk.common.cache_registry import namespace
from medvirk.directory.models import Organisation, Region
from medvirk.people.models import CompetenceArea, Person


def _arenas_of_person(person: Person) -> list[int]:
    return list(
        Membership.objects.filter(person_id=person.pk).values_list("arena_id", flat=True).distinct()
    )


def _arenas_of_organisation(organisation: Organisation) -> list[int]:
    shown = (
        Q(owner_id=organisation.pk)
        | Q(memberships__represents_id=organisation.pk)
        | Q(reserved_seats__organisation_id=organisation.pk)
    )
    return list(Arena.objects.filter(shown).values_list("pk", flat=True).distinct())


ARENA_PAGE = namespace(
    "arenas:page",
    scoped=True,
    models={
        Arena: lambda arena: [arena.pk],
        ReservedSeat: lambda seat: [seat.arena_id],
        Membership: lambda membership: [membership.arena_id],
        Person: _arenas_of_person,
        Organisation: _arenas_of_organisation,
        CompetenceArea: None,
    },
    doc="The public parts of an arena's page, per arena.",
)


MENUS = namespace(
    "arenas:menus",
    models=[Arena, Organisation, Region],
    doc="The region and owner filter menus of the arena list and the upcoming meetings.",
)


ORGANISATION_MENUS = namespace(
    "arenas:organisation-menus",
    scoped=True,
    models={
        Arena: None,
        Organisation: None,
        Membership: lambda membership: [membership.represents_id],
        ReservedSeat: lambda seat: [seat.organisation_id],
    },
    doc="The arenas an organisation takes part in, as a form menu, per organisation and day.",
)
