"""Read queries about arenas: which arenas a user sees, and the lists built on that.

Views and the API read arenas through here (see the README's "Reads" rule).
The person page reads a person's seats here too (arenas sit above people).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

import rules
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from medvirk.arenas.caching import MENUS, ORGANISATION_MENUS
from medvirk.arenas.domain.memberships import SEAT_ROLES
from medvirk.arenas.models import Arena, Membership, ReservedSeat
from medvirk.arenas.rules import managed_service_ids, visible_arenas_q
from medvirk.common.forms import Menu
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation, Region
from medvirk.people.models import Affiliation, Person


def visible_arenas(user: Any) -> QuerySet[Arena]:
    """Public arenas, plus the private ones the user may see (``arenas.view_arena`` as a
    queryset filter: ``rules.visible_arenas_q``)."""
    return Arena.objects.filter(visible_arenas_q(user))


def arenas_for_list(user: Any, filters: dict[str, Any]) -> QuerySet[Arena]:
    """The arena list page: the arenas the user sees, filtered by kind, owner and region
    (the owner serves the region or a kommune in it)."""
    arenas = visible_arenas(user).select_related("owner")
    if filters.get("kind"):
        arenas = arenas.filter(kind=filters["kind"])
    if filters.get("owner"):
        arenas = arenas.filter(owner=filters["owner"])
    if filters.get("region"):
        region = filters["region"]
        arenas = arenas.filter(
            Q(owner__regions=region) | Q(owner__regions__parent=region)
        ).distinct()
    return arenas


def region_menu(*, public_only: bool) -> Menu:
    """The regions whose filter finds arenas (public ones only if ``public_only``): served
    by an arena's owner, or a fylke with a kommune that is; ``(pk, name)`` by name. The
    filter menu of the arena list and the upcoming meetings, cached (``caching.MENUS``)."""

    def compute() -> Menu:
        if public_only:
            shown = Q(organisations__arenas__is_public=True) | Q(
                kommuner__organisations__arenas__is_public=True
            )
        else:
            shown = Q(organisations__arenas__isnull=False) | Q(
                kommuner__organisations__arenas__isnull=False
            )
        regions = Region.objects.filter(shown).distinct().order_by("name")
        return Menu.of(regions.values_list("pk", "name"))

    return MENUS.get_or_set("region-menu", public_only, compute=compute, language=False)


def owner_menu() -> Menu:
    """The organisations that own an arena, ``(pk, name)`` by name (the arena list's owner
    menu), cached (``caching.MENUS``)."""

    def compute() -> Menu:
        owners = Organisation.objects.filter(arenas__isnull=False).distinct()
        return Menu.of(owners.order_by("name", "pk").values_list("pk", "name"))

    return MENUS.get_or_set("owner-menu", compute=compute, language=False)


def arenas_of_organisation(organisation: Organisation) -> QuerySet[Arena]:
    """The arenas ``organisation`` takes part in: those it owns, holds a reserved seat in,
    or is represented in by a current member. The memberships and seats are read as
    subqueries on their indexes: an ``OR`` across a join to them scanned all 140,000
    memberships at national scale, where a user organisation is represented in 1,500
    arenas."""
    represented = Membership.objects.current().filter(represents=organisation).values("arena_id")
    reserved = ReservedSeat.objects.filter(organisation=organisation).values("arena_id")
    return (
        Arena.objects.filter(Q(owner=organisation) | Q(pk__in=represented) | Q(pk__in=reserved))
        .select_related("owner")
        .order_by("name", "pk")
    )


def organisation_arena_menu(organisation: Organisation, day: datetime.date) -> Menu:
    """:func:`arenas_of_organisation` as a form menu, «name (owner)» (names escaped once),
    cached per organisation and day (``caching.ORGANISATION_MENUS``): what an experience
    call and a survey may be linked to."""

    def compute() -> Menu:
        rows = arenas_of_organisation(organisation).values_list("pk", "name", "owner__name")
        return Menu.of((pk, f"{name} ({owner})") for pk, name, owner in rows)

    return ORGANISATION_MENUS.get_or_set(
        "arenas",
        organisation.pk,
        day.isoformat(),
        compute=compute,
        scopes=[organisation.pk],
        language=False,
    )


def owner_of_arena(arena_id: int) -> list[int]:
    """The service that owns the arena (as a list): the scope of caches kept per service."""
    return list(Arena.objects.filter(pk=arena_id).values_list("owner_id", flat=True))


def public_arena(pk: int) -> Arena | None:
    """A public arena with its owner; None for a private or unknown one, whoever asks."""
    return Arena.objects.select_related("owner").filter(pk=pk, is_public=True).first()


# --- A person's seats (the person page and "Mine oppdrag") ---------------------------------

# What a row of arenas/includes/person_memberships.html shows: arenas and organisations
# are wide.
MEMBERSHIP_ROW_FIELDS = (
    "id",
    "person_id",
    "role",
    "deputy_rank",
    "starts_on",
    "ends_on",
    "ended_on",
    "end_reason",
    "arena__id",
    "arena__name",
    "arena__is_public",  # arenas.view_arena reads it
    "arena__owner__id",
    "arena__owner__name",
    "represents__id",
    "represents__name",
)


def seats_of(person: Person, *, visible_to: Any) -> list[Membership]:
    """The person's seats in arenas ``visible_to`` may see (``arenas.view_arena``, the
    arena page's own permission): a private arena of another service stays hidden.
    The owner comes along and the viewer's roles and seats are cached: no query per row."""
    rows = (
        Membership.objects.filter(person=person)
        .select_related("arena__owner", "represents")
        .only(*MEMBERSHIP_ROW_FIELDS)
        .order_by("-starts_on", "pk")
    )
    return [m for m in rows if rules.has_perm("arenas.view_arena", visible_to, m.arena)]


class Seat(Protocol):
    """A seat as the person pages split it: a Membership or a row of "Mine oppdrag"."""

    @property
    def starts_on(self) -> datetime.date: ...
    @property
    def ends_on(self) -> datetime.date: ...
    @property
    def ended_on(self) -> datetime.date | None: ...


S = TypeVar("S", bound=Seat)


def current_and_past(seats: Sequence[S]) -> tuple[list[S], list[S]]:
    """Current seats (started, not ended, within the term) and the rest. Takes Membership
    objects and "Mine oppdrag"'s rows alike."""
    today = timezone.localdate()
    current = [m for m in seats if m.ended_on is None and m.starts_on <= today <= m.ends_on]
    past = [m for m in seats if m not in current]
    return current, past


# --- The arena page and the arena form ----------------------------------------------------

# What a row of members shows (and what grouping, sorting and "is this me" read).
MEMBER_ROW_FIELDS = (
    "id",
    "arena_id",
    "role",
    "deputy_rank",
    "starts_on",
    "ends_on",
    "ended_on",
    "person__id",
    "person__name",
    "person__user_id",
    "represents__id",
    "represents__name",
)


def prefetch_arena_page(arena: Arena, today: datetime.date) -> None:
    """Load what the arena page shows onto ``arena``: its required competence, its reserved
    seats (organisation and competence area) and, as ``current_memberships``, the seats
    held on ``today`` (three queries)."""
    current = (
        Membership.objects.current(today)
        .select_related("person", "represents")
        .only(*MEMBER_ROW_FIELDS)
    )
    prefetch_related_objects(
        [arena],
        "required_competence",
        Prefetch(
            "reserved_seats",
            queryset=ReservedSeat.objects.select_related("organisation", "competence_area").defer(
                "organisation__description", "organisation__search_text"
            ),
        ),
        Prefetch("memberships", queryset=current, to_attr="current_memberships"),
    )


def ended_memberships(arena: Arena) -> QuerySet[Membership]:
    """The arena's ended seats, latest end first."""
    return (
        Membership.objects.filter(arena=arena)
        .exclude(ended_on=None)
        .select_related("person", "represents")
        .order_by("-ended_on", "person__name")
    )


def upcoming_memberships(arena: Arena, today: datetime.date) -> QuerySet[Membership]:
    """The arena's seats that start after ``today``, soonest first."""
    return (
        Membership.objects.filter(arena=arena, ended_on=None, starts_on__gt=today)
        .select_related("person", "represents")
        .order_by("starts_on")
    )


def owner_choices(user: Any) -> QuerySet[Organisation]:
    """The services a user may make an arena for: every service for a platform admin, else
    the services the user manages."""
    services = Organisation.objects.filter(kind=OrganisationKind.SERVICE).only("pk", "name")
    if getattr(user, "is_platform_admin", False):
        return services
    return services.filter(pk__in=managed_service_ids(user))


# --- Adding a member (issue 13): never the whole country -----------------------------------

#: The most people the add-member form lists at once; more matches ask for more of the name.
PEOPLE_SHOWN = 50


def candidate_people(query: str = "") -> QuerySet[Person]:
    """People a secretariat may seat: those affiliated with an organisation (whose name
    contains ``query``), by name. Unbounded: the form validates against it."""
    affiliated = Affiliation.objects.filter(person_id=OuterRef("pk"))
    people = Person.objects.filter(Exists(affiliated), deletion_requested_at=None)
    if query:
        people = people.filter(name__icontains=query)
    return people.order_by("name", "pk")


def _organisations_of_arena(arena: Arena) -> Q:
    """Organisations that hold (or held) or reserve a seat in ``arena``, as a filter on pk."""
    represented = Membership.objects.filter(arena_id=arena.pk, represents__isnull=False)
    reserved = ReservedSeat.objects.filter(arena_id=arena.pk, organisation__isnull=False)
    return Q(pk__in=represented.values("represents_id")) | Q(
        pk__in=reserved.values("organisation_id")
    )


def people_to_seat(arena: Arena, query: str) -> tuple[list[tuple[int, str]], bool]:
    """At most :data:`PEOPLE_SHOWN` people to list in the add-member form, ``(pk, name)`` by
    name, and whether there are more: those whose name contains ``query``, or without a
    query those affiliated with an organisation that holds or reserves a seat here."""
    if query:
        people = candidate_people(query)
    else:
        # The seat-holding organisations first (a few dozen), then their people by the
        # affiliations' index: as one statement PostgreSQL expected 2,000 organisations
        # and hashed every affiliation and person of the country (15 ms at scale 1.0).
        seated = list(
            Organisation.objects.filter(_organisations_of_arena(arena)).values_list("pk", flat=True)
        )
        affiliated = Affiliation.objects.filter(organisation_id__in=seated)
        people = Person.objects.filter(
            pk__in=affiliated.values("person_id"), deletion_requested_at=None
        ).order_by("name", "pk")
    rows = list(people.values_list("pk", "name")[: PEOPLE_SHOWN + 1])
    return rows[:PEOPLE_SHOWN], len(rows) > PEOPLE_SHOWN


def organisations_to_represent(arena: Arena, person_ids: Sequence[int]) -> QuerySet[Organisation]:
    """What a new member may represent: every umbrella, the user organisations the listed
    people are affiliated with, and those holding or reserving a seat in ``arena``."""
    relevant = Q(kind=OrganisationKind.UMBRELLA) | _organisations_of_arena(arena)
    if person_ids:
        affiliated = Affiliation.objects.filter(person_id__in=list(person_ids))
        relevant |= Q(pk__in=affiliated.values("organisation_id"))
    return (
        Organisation.objects.filter(
            relevant, kind__in=[OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA]
        )
        .only("pk", "name")
        .order_by("name", "pk")
    )


def arenas_short_of_seats(owner_ids: Sequence[int], on: datetime.date) -> QuerySet[Arena]:
    """The services' arenas with fewer seat holders (chair, deputy chair, members) on
    ``on`` than their ``members_count``, by name, each with ``seated`` and ``vacant``
    (the number :func:`~medvirk.arenas.domain.memberships.vacant_seats` gives for one
    arena) and the ``total`` of such arenas (a window over all rows, before any limit):
    one statement."""
    seated = (
        Membership.objects.current(on)
        .filter(arena_id=OuterRef("pk"), role__in=SEAT_ROLES)
        .order_by()
        .values("arena_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Arena.objects.filter(owner_id__in=list(owner_ids))
        .annotate(seated=Coalesce(Subquery(seated, output_field=IntegerField()), Value(0)))
        .filter(seated__lt=F("members_count"))
        .annotate(vacant=F("members_count") - F("seated"), total=Window(Count("pk")))
        .only("id", "name", "members_count", "owner_id")
        .order_by("name", "pk")
    )
