"""The open-data JSON API (django-ninja). Read-only, public data only.

The OpenAPI schema is served at /api/v1/openapi.json. The interactive docs
page is off: it loads scripts that our content security policy forbids; the
open data page (/apne-data/) describes the API instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from medvirk.directory.enums import OrganisationKind, ServiceKind
from medvirk.directory.filters import DirectoryFilter, filter_organisations, with_listing_data
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup

api = NinjaAPI(
    title="Medvirk open data",
    version="1",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/v1/openapi.json",
    description="Public directory of Norwegian user organisations, umbrellas and services.",
)


class Ref(Schema):
    id: int
    name: str


class TermOut(Schema):
    slug: str
    name: str


class RegionOut(Schema):
    code: str
    name: str
    kind: str


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class OrganisationOut(Schema):
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


class Page(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[OrganisationOut]


class Filters(Schema):
    q: str = Field("", max_length=200, description="Free text search")
    kind: str = Field(
        "",
        description="user_org, umbrella, service, or a kind of service: "
        + ", ".join(ServiceKind.values),
    )
    region: str = Field("", description="Region number (fylke or kommune), e.g. 46 or 4601")
    target_group: str = Field("", description="Target group code (slug)")
    umbrella: int | None = Field(None, description="Id of an umbrella organisation")
    page: int = Field(1, ge=1)
    page_size: int = Field(settings.MEDVIRK_PAGE_SIZE, ge=1, le=100)


class ParamError(Schema):
    param: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ParamError] = []


@api.exception_handler(NinjaValidationError)
def invalid_params(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    """Bad query or path parameters are the client's mistake: 400 with a readable message."""
    problems = [
        ParamError(
            param=str(error.get("loc", ["", "?"])[-1]),
            message=str(error.get("msg", "")),
        )
        for error in exc.errors
    ]
    names = ", ".join(sorted({p.param for p in problems}))
    body = ErrorOut(
        detail=_("Ugyldig verdi for parameter: %(names)s.") % {"names": names},
        errors=problems,
    )
    return api.create_response(request, body.model_dump(), status=400)


def bad_request(message: str) -> Status[Any]:
    return Status(400, ErrorOut(detail=message))


def to_out(org: Organisation) -> OrganisationOut:
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
        regions=[RegionOut(code=r.code, name=r.name, kind=r.kind) for r in org.regions.all()],
        target_groups=[TermOut(slug=t.slug, name=t.name) for t in org.target_groups.all()],
        website=org.website,
        description=org.description,
        last_confirmed_at=org.last_confirmed_at,
        may_be_out_of_date=org.is_stale,
        contacts=[
            ContactOut(name=c.name, role=c.role, email=c.email, phone=c.phone)
            for c in public_contacts
        ],
        url=settings.SITE_URL + org.get_absolute_url(),
    )


@api.get("/v1/organisations", response={200: Page, 400: ErrorOut}, tags=["directory"])
def list_organisations(request: HttpRequest, filters: Query[Filters]) -> Status[Any]:
    """Public organisations, filtered like the directory page, paginated."""
    kinds = {*OrganisationKind.values, *ServiceKind.values}
    if filters.kind and filters.kind not in kinds:
        return bad_request(
            _("Ukjent type «%(kind)s». Gyldige verdier: %(kinds)s.")
            % {"kind": filters.kind, "kinds": ", ".join(sorted(kinds))}
        )
    region = None
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            return bad_request(
                _("Ukjent område «%(region)s». Bruk fylkes- eller kommunenummeret.")
                % {"region": filters.region}
            )
    target_group = None
    if filters.target_group:
        target_group = TargetGroup.objects.filter(slug=filters.target_group).first()
        if target_group is None:
            return bad_request(
                _("Ukjent målgruppe «%(slug)s». Se /api/v1/target-groups.")
                % {"slug": filters.target_group}
            )
    umbrella = None
    if filters.umbrella is not None:
        umbrella = Organisation.objects.public().umbrellas().filter(pk=filters.umbrella).first()
        if umbrella is None:
            return bad_request(
                _("Fant ingen offentlig paraplyorganisasjon med id %(id)s.")
                % {"id": filters.umbrella}
            )
    queryset = with_listing_data(
        filter_organisations(
            DirectoryFilter(
                q=filters.q.strip(),
                kind=filters.kind,
                region=region,
                target_group=target_group,
                umbrella=umbrella,
            )
        )
    )
    paginator = Paginator(queryset, filters.page_size)
    page = paginator.get_page(filters.page)
    return Status(
        200,
        Page(
            count=paginator.count,
            page=page.number,
            pages=paginator.num_pages,
            page_size=filters.page_size,
            results=[to_out(org) for org in page.object_list],
        ),
    )


@api.get(
    "/v1/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut},
    tags=["directory"],
)
def get_organisation(request: HttpRequest, organisation_id: int) -> Status[Any]:
    """One public organisation."""
    org = with_listing_data(Organisation.objects.public()).filter(pk=organisation_id).first()
    if org is None:
        return Status(
            404,
            ErrorOut(
                detail=_("Fant ingen offentlig organisasjon med id %(id)s.")
                % {"id": organisation_id}
            ),
        )
    return Status(200, to_out(org))


@api.get("/v1/target-groups", response=list[TermOut], tags=["taxonomy"])
def list_target_groups(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [TermOut(slug=t.slug, name=t.name) for t in TargetGroup.objects.all()]


@api.get("/v1/regions", response=list[RegionOut], tags=["taxonomy"])
def list_regions(request: HttpRequest):  # type: ignore[no-untyped-def]
    return [RegionOut(code=r.code, name=r.name, kind=r.kind) for r in Region.objects.all()]
