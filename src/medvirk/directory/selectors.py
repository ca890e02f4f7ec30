"""One definition of the directory's filters, shared by the page, the CSV export and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from medvirk.directory.enums import OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup


@dataclass(frozen=True)
class DirectoryFilter:
    q: str = ""
    kind: str = ""  # an OrganisationKind or a ServiceKind value
    region: Region | None = None
    target_group: TargetGroup | None = None
    umbrella: Organisation | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.kind or self.region or self.target_group or self.umbrella)


def filter_organisations(filters: DirectoryFilter) -> QuerySet[Organisation]:
    queryset = Organisation.objects.public()
    if filters.q:
        for word in filters.q.casefold().split():
            queryset = queryset.filter(search_text__contains=word)
    if filters.kind in OrganisationKind.values:
        queryset = queryset.filter(kind=filters.kind)
    elif filters.kind in ServiceKind.values:
        queryset = queryset.filter(kind=OrganisationKind.SERVICE, service_kind=filters.kind)
    if filters.region is not None:
        region_ids = Region.objects.filter(Q(pk=filters.region.pk) | Q(parent=filters.region))
        # A kommune also matches organisations serving its whole fylke.
        if filters.region.parent_id:
            region_ids = Region.objects.filter(pk__in=[filters.region.pk, filters.region.parent_id])
        queryset = queryset.filter(
            pk__in=Organisation.regions.through.objects.filter(region__in=region_ids).values(
                "organisation_id"
            )
        )
    if filters.target_group is not None:
        queryset = queryset.filter(
            pk__in=Organisation.target_groups.through.objects.filter(
                targetgroup=filters.target_group
            ).values("organisation_id")
        )
    if filters.umbrella is not None:
        queryset = queryset.filter(
            pk__in=Organisation.umbrellas.through.objects.filter(
                to_organisation=filters.umbrella
            ).values("from_organisation_id")
        )
    return queryset


def with_listing_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """Everything a list row shows, fetched in a constant number of queries."""
    return queryset.select_related("parent").prefetch_related(
        "target_groups",
        "regions",
        # Only public umbrellas: a hidden organisation's name must not leak through its members.
        Prefetch("umbrellas", queryset=Organisation.objects.public().only("pk", "name")),
        Prefetch(
            "contacts", queryset=Contact.objects.filter(is_public=True), to_attr="public_contacts"
        ),
    )


def with_row_data(queryset: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """What a row of the directory page shows (less than the CSV and the API need)."""
    return queryset.select_related("parent").prefetch_related("target_groups")


def region_by_code(code: str) -> Region | None:
    """A region by its number (fylke or kommune), or None."""
    return Region.objects.filter(code=code).first()


def target_group_by_slug(slug: str) -> TargetGroup | None:
    return TargetGroup.objects.filter(slug=slug).first()


def public_umbrella(pk: int) -> Organisation | None:
    return Organisation.objects.public().umbrellas().filter(pk=pk).first()


def public_service(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk, kind=OrganisationKind.SERVICE, is_public=True).first()


def public_organisation_for_listing(pk: int) -> Organisation | None:
    """One public organisation with everything a list row (or the API) shows."""
    return with_listing_data(Organisation.objects.public()).filter(pk=pk).first()


def organisations_serving(region: Region) -> QuerySet[Any]:
    """The ids of organisations serving the region or a kommune in it (a values queryset)."""
    return Organisation.regions.through.objects.filter(
        Q(region=region) | Q(region__parent=region)
    ).values("organisation_id")


def organisations_for_detail_page() -> QuerySet[Organisation]:
    """Organisations with what the detail page shows: the parent, regions, target groups,
    and only the public ones of its umbrellas, children and members."""
    public_orgs = Organisation.objects.public().only("pk", "name")
    return Organisation.objects.select_related("parent").prefetch_related(
        "regions",
        "target_groups",
        Prefetch("umbrellas", queryset=public_orgs),
        Prefetch("children", queryset=public_orgs),
        Prefetch("members", queryset=public_orgs),
    )


def public_arenas_of(service_id: int) -> list[Any]:
    """A service's public arenas (pk, name and kind), by name. Arenas sit above the
    directory in the layer order, so they are read through the owner's reverse relation."""
    return list(
        Organisation(pk=service_id)
        .arenas.filter(is_public=True)
        # owner_id too: the reverse relation sets each arena's owner from it
        .only("pk", "name", "kind", "owner_id")
        .order_by("name")
    )
