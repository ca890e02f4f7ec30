"""Every read of the involvement log: the service, its entries as the reader may see
them, the figures behind the filters and charts, and the form menus.

The figures are the entries counted by (year, arena, level, degree, kind) in one GROUP BY
and cached per service and audience (``caching.FIGURES``): the years, the shares of each
level and degree, and the count of any filtered list are summed from them, so a page
costs the service, one page of rows and its prefetches, whatever the filters.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import ExtractYear

from medvirk.arenas.models import Arena, Membership
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.involvement.caching import FIGURES
from medvirk.involvement.models import InvolvementEntry
from medvirk.people.models import Person

ALL = "all"
PUBLIC = "public"

# (year, arena id or None, level, degree, kind) -> entries
Key = tuple[int, int | None, str, str, str]


@dataclass(frozen=True)
class Filters:
    year: int
    level: str = ""
    degree: str = ""
    kind: str = ""
    arena: int | None = None

    @property
    def narrowed(self) -> bool:
        return bool(self.level or self.degree or self.kind or self.arena)

    def matches(self, key: Key) -> bool:
        year, arena, level, degree, kind = key
        return (
            year == self.year
            and (not self.level or level == self.level)
            and (not self.degree or degree == self.degree)
            and (not self.kind or kind == self.kind)
            and (self.arena is None or arena == self.arena)
        )

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (for the pages' links)."""
        values = {"year": str(self.year), "level": self.level, "degree": self.degree}
        values |= {"kind": self.kind, "arena": str(self.arena or "")}
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class Figures:
    """The counted entries of a service as one audience sees them, and its arenas."""

    counts: tuple[tuple[Key, int], ...]
    arenas: tuple[tuple[int, str], ...]
    years: tuple[int, ...] = field(default=())

    def count(self, filters: Filters) -> int:
        return sum(n for key, n in self.counts if filters.matches(key))

    def shares(self, year: int, position: int) -> Counter[str]:
        """The year's entries per level (position 2) or degree (position 3)."""
        found: Counter[str] = Counter()
        for key, n in self.counts:
            if key[0] == year:
                found[str(key[position])] += n
        return found


def log_service(pk: int) -> Organisation | None:
    """The service whose log the address names (any service: who may read it is the
    rules' question)."""
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.SERVICE).first()


def entries_for(service: Organisation, audience: str) -> QuerySet[InvolvementEntry]:
    entries = InvolvementEntry.objects.filter(service=service)
    return entries if audience == ALL else entries.public()


def _arena_rows(service: Organisation, audience: str) -> tuple[tuple[int, str], ...]:
    arenas = Arena.objects.filter(owner=service)
    if audience != ALL:
        arenas = arenas.filter(is_public=True)
    return tuple(arenas.order_by("name", "pk").values_list("pk", "name"))


def figures(service: Organisation, audience: str) -> Figures:
    """The service's counted entries for ``audience`` (:data:`ALL` or :data:`PUBLIC`),
    cached until an entry of the service or one of its arenas changes."""

    def compute() -> Figures:
        rows = (
            entries_for(service, audience)
            .annotate(year=ExtractYear("date"))
            .order_by()
            .values_list("year", "arena_id", "level", "degree", "kind")
            .annotate(n=Count("pk"))
        )
        counts = tuple(
            ((year, arena, level, degree, kind), n) for year, arena, level, degree, kind, n in rows
        )
        years = tuple(sorted({key[0] for key, _n in counts}, reverse=True))
        return Figures(counts=counts, arenas=_arena_rows(service, audience), years=years)

    return FIGURES.get_or_set("figures", service.pk, audience, compute=compute, scopes=[service.pk])


def filter_entries(
    entries: QuerySet[InvolvementEntry], filters: Filters
) -> QuerySet[InvolvementEntry]:
    start, end = f"{filters.year}-01-01", f"{filters.year}-12-31"
    entries = entries.filter(date__range=(start, end))
    if filters.level:
        entries = entries.filter(level=filters.level)
    if filters.degree:
        entries = entries.filter(degree=filters.degree)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.arena is not None:
        entries = entries.filter(arena_id=filters.arena)
    return entries


def log_rows(
    entries: QuerySet[InvolvementEntry], *, with_people: bool
) -> QuerySet[InvolvementEntry]:
    """What a row of the log shows: its arena, its organisations and (for the service's
    own staff) its people, in one statement each."""
    rows = entries.select_related("arena").prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.only("pk", "name").order_by("name"))
    )
    if with_people:
        rows = rows.prefetch_related(
            Prefetch("people", queryset=Person.objects.only("pk", "name").order_by("name"))
        )
    return rows.order_by("-date", "-pk")


def entry_for_change(pk: int) -> InvolvementEntry | None:
    return (
        InvolvementEntry.objects.select_related("service", "arena")
        .prefetch_related("people", "organisations")
        .filter(pk=pk)
        .first()
    )


# --- The form's menus ----------------------------------------------------------------------


def _seats(service: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(arena__owner=service)


def people_choices(service: Organisation) -> list[tuple[int, str]]:
    """People who hold or have held a seat in the service's arenas: who an entry may name
    (the domain's check). A national service has thousands: the form lists a part of
    them (:func:`people_menu`)."""
    ids = _seats(service).values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("name", "pk").values_list("pk", "name"))


def organisation_choices(service: Organisation) -> list[tuple[int, str]]:
    """Organisations that are or have been represented in the service's arenas."""
    ids = _seats(service).filter(represents__isnull=False).values("represents_id")
    return list(
        Organisation.objects.filter(pk__in=ids).order_by("name", "pk").values_list("pk", "name")
    )


def _menu_seats(service: Organisation, arena_id: int | None) -> QuerySet[Membership]:
    """The seats whose holders the form lists: every seat ever held in the chosen arena;
    none with no arena chosen (a national service seats hundreds at a time)."""
    if arena_id:
        return _seats(service).filter(arena_id=arena_id)
    return Membership.objects.none()


def people_menu(
    service: Organisation, *, arena_id: int | None, keep: list[int]
) -> list[tuple[int, str]]:
    """The people the entry form lists (:func:`_menu_seats`), and the ones in ``keep``
    (already chosen) that may be named at all: a list of dozens, not thousands. Those
    chosen stay listed when another arena is chosen, so one entry can name people from
    several arenas, or none."""
    seats = _seats(service)
    listed = Person.objects.filter(pk__in=_menu_seats(service, arena_id).values("person_id"))
    kept = Person.objects.filter(pk__in=keep).filter(
        pk__in=seats.filter(person_id__in=keep).values("person_id")
    )
    return list((listed | kept).order_by("name", "pk").values_list("pk", "name"))


def organisations_menu(
    service: Organisation, *, arena_id: int | None, keep: list[int]
) -> list[tuple[int, str]]:
    """The organisations the entry form lists, as :func:`people_menu`."""
    seats = _seats(service).filter(represents__isnull=False)
    listed = Organisation.objects.filter(
        pk__in=_menu_seats(service, arena_id)
        .filter(represents__isnull=False)
        .values("represents_id")
    )
    kept = Organisation.objects.filter(pk__in=keep).filter(
        pk__in=seats.filter(represents_id__in=keep).values("represents_id")
    )
    return list((listed | kept).order_by("name", "pk").values_list("pk", "name"))


def arena_choices(service: Organisation) -> list[tuple[int, str]]:
    return list(
        Arena.objects.filter(owner=service).order_by("name", "pk").values_list("pk", "name")
    )
