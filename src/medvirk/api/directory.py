"""The directory: public organisations, target groups and regions.

Read through ``directory.selectors``, the same filters as the directory page and its CSV.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Status

from medvirk.api.common import (
    ErrorOut,
    Id,
    Out,
    PageOut,
    PageParams,
    Ref,
    absolute_url,
    bad_request,
    cached_for_anonymous,
    cursor_page,
    not_found,
    one_of,
)
from medvirk.api.pagination import Keyset
from medvirk.directory.enums import OrganisationKind, ServiceKind
from medvirk.directory.models import Contact, Organisation, Region
from medvirk.directory.selectors import (
    DirectoryFilter,
    all_regions,
    all_target_groups,
    filter_organisations,
    public_organisation_for_listing,
    public_umbrella,
    region_by_code,
    target_group_by_slug,
    with_listing_data,
)

router = Router()

# By name, then id (the directory page's order); the index on (name, id) of public
# organisations serves it.
BY_NAME = Keyset("organisations", "name", "pk")


class TermOut(Out):
    slug: str
    name: str


class RegionOut(Out):
    code: str
    name: str
    kind: str
    sami_name: str = Field("", description="Official Sámi name, if the region has one")
    kven_name: str = Field("", description="Official Kven name, if the region has one")
    sami_language_area: bool = Field(
        False, description="In the administrative area for Sámi language (kommuner only)"
    )


def region_out(region: Region) -> RegionOut:
    return RegionOut(
        code=region.code,
        name=region.name,
        kind=region.kind,
        sami_name=region.sami_name,
        kven_name=region.kven_name,
        sami_language_area=region.sami_language_area,
    )


class ContactOut(Out):
    name: str
    role: str
    email: str
    phone: str


class OrganisationOut(Out):
    id: int
    name: str
    kind: str
    service_kind: str
    org_number: str
    level: str
    parent: Ref | None
    umbrellas: list[Ref]
    regions: list[RegionOut]
    target_groups: list[TermOut]
    website: str
    description: str
    last_confirmed_at: datetime | None
    may_be_out_of_date: bool
    contacts: list[ContactOut] = Field(description="Public contact persons only.")
    url: str


class Page(PageOut):
    results: list[OrganisationOut]


class Filters(PageParams):
    q: str = Field("", max_length=200, description="Free text search")
    kind: str = Field(
        "",
        description="user_org, umbrella, service, or a kind of service: "
        + ", ".join(ServiceKind.values),
        json_schema_extra=one_of(sorted({*OrganisationKind.values, *ServiceKind.values})),
    )
    region: str = Field(
        "", max_length=20, description="Region number (fylke or kommune), e.g. 46 or 4601"
    )
    target_group: str = Field("", max_length=100, description="Target group code (slug)")
    umbrella: Id | None = Field(None, description="Id of an umbrella organisation")


def to_out(org: Organisation, url: Callable[[int], str] | None = None) -> OrganisationOut:
    """An organisation's body; ``url`` (``absolute_url``) made once for a list."""
    # with_listing_data() prefetches the public contacts into this attribute.
    public_contacts: list[Contact] = org.public_contacts  # type: ignore[attr-defined]
    return OrganisationOut(
        id=org.pk,
        name=org.name,
        kind=org.kind,
        service_kind=org.service_kind,
        org_number=org.org_number,
        level=org.level,
        parent=Ref(id=org.parent.pk, name=org.parent.name)
        if org.parent and org.parent.is_public
        else None,
        umbrellas=[Ref(id=u.pk, name=u.name) for u in org.umbrellas.all()],
        regions=[region_out(r) for r in org.regions.all()],
        target_groups=[TermOut(slug=t.slug, name=t.name) for t in org.target_groups.all()],
        website=org.website,
        description=org.description,
        last_confirmed_at=org.last_confirmed_at,
        may_be_out_of_date=org.is_stale,
        contacts=[
            ContactOut(name=c.name, role=c.role, email=c.email, phone=c.phone)
            for c in public_contacts
        ],
        url=(url or absolute_url("directory:detail"))(org.pk),
    )


def unknown_region(code: str) -> Status[Any]:
    return bad_request(
        _("Ukjent område «%(region)s». Bruk fylkes- eller kommunenummeret.") % {"region": code}
    )


@router.get("/organisations", response={200: Page, 400: ErrorOut}, tags=["directory"])
def list_organisations(request: HttpRequest, filters: Query[Filters]) -> HttpResponse | Status[Any]:
    """Public organisations, filtered like the directory page, by name, a page at a time
    (follow ``next``)."""
    return cached_for_anonymous(request, lambda: _list_organisations(request, filters))


def _list_organisations(request: HttpRequest, filters: Filters) -> Status[Any]:
    kinds = {*OrganisationKind.values, *ServiceKind.values}
    if filters.kind and filters.kind not in kinds:
        return bad_request(
            _("Ukjent type «%(kind)s». Gyldige verdier: %(kinds)s.")
            % {"kind": filters.kind, "kinds": ", ".join(sorted(kinds))}
        )
    region = None
    if filters.region:
        region = region_by_code(filters.region)
        if region is None:
            return unknown_region(filters.region)
    target_group = None
    if filters.target_group:
        target_group = target_group_by_slug(filters.target_group)
        if target_group is None:
            return bad_request(
                _("Ukjent målgruppe «%(slug)s». Se /api/v1/target-groups.")
                % {"slug": filters.target_group}
            )
    umbrella = None
    if filters.umbrella is not None:
        umbrella = public_umbrella(filters.umbrella)
        if umbrella is None:
            return bad_request(
                _("Fant ingen offentlig paraplyorganisasjon med id %(id)s.")
                % {"id": filters.umbrella}
            )
    queryset = filter_organisations(
        DirectoryFilter(
            q=filters.q.strip(),
            kind=filters.kind,
            region=region,
            target_group=target_group,
            umbrella=umbrella,
        )
    )
    url = absolute_url("directory:detail")
    return cursor_page(
        request, filters, BY_NAME, queryset, Page, lambda org: to_out(org, url), with_listing_data
    )


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut, 422: ErrorOut},
    tags=["directory"],
)
def get_organisation(request: HttpRequest, organisation_id: Path[Id]) -> HttpResponse | Status[Any]:
    """One public organisation."""
    return cached_for_anonymous(request, lambda: _get_organisation(organisation_id))


def _get_organisation(organisation_id: int) -> Status[Any]:
    org = public_organisation_for_listing(organisation_id)
    if org is None:
        return not_found(
            _("Fant ingen offentlig organisasjon med id %(id)s.") % {"id": organisation_id}
        )
    return Status(200, to_out(org))


@router.get("/target-groups", response=list[TermOut], tags=["taxonomy"])
def list_target_groups(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Every target group (a short reference list: not paged)."""
    return [TermOut(slug=t.slug, name=t.name) for t in all_target_groups()]


@router.get("/regions", response=list[RegionOut], tags=["taxonomy"])
def list_regions(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Every fylke and kommune (a short reference list: not paged)."""
    return [region_out(r) for r in all_regions()]
