"""One definition of the directory's filters, shared by the page, the CSV export and the API."""

from __future__ import annotations

from dataclasses import dataclass

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
