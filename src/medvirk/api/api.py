"""The open-data JSON API (django-ninja). Read-only, public data only.

The OpenAPI schema is served at /api/v1/openapi.json. The interactive docs
page is off: it loads scripts that our content security policy forbids; the
open data page (/apne-data/) describes the API instead.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError

from medvirk.api.caching import ORGANISATIONS
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena
from medvirk.directory.enums import OrganisationKind, ServiceKind
from medvirk.directory.filters import (
    DirectoryFilter,
    filter_organisations,
    with_listing_data,
)
from medvirk.directory.models import Contact, Organisation, Region, TargetGroup
from medvirk.followup.caching import arena_figures as cached_arena_figures
from medvirk.followup.caching import public_year_counts as cached_public_year_counts
from medvirk.followup.caching import service_figures as cached_service_figures
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.figures import Figures, YearFigures
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.views_accountability import AdviceList, known_counts
from medvirk.followup.visibility import public_advice
from medvirk.meetings import visibility
from medvirk.meetings.models import AgendaItem, Meeting

api = NinjaAPI(
    title="Medvirk open data",
    version="1",
    urls_namespace="api",
    docs_url=None,
    openapi_url="/v1/openapi.json",
    description=(
        "Public directory of Norwegian user organisations, umbrellas and services, "
        "and the meetings of public participation arenas (public agenda items only)."
    ),
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


def paginated(
    items: Any, filters: Any, page_schema: Callable[..., Schema], to_out: Callable[[Any], Any]
) -> Status[Any]:
    """One page of ``items`` in the envelope every list endpoint shares."""
    paginator = Paginator(items, filters.page_size)
    page = paginator.get_page(filters.page)
    return Status(
        200,
        page_schema(
            count=paginator.count,
            page=page.number,
            pages=paginator.num_pages,
            page_size=filters.page_size,
            results=[to_out(item) for item in page.object_list],
        ),
    )


def cached_for_anonymous(
    request: HttpRequest, compute: Callable[[], Status[Any]]
) -> HttpResponse | Status[Any]:
    """The JSON answer of a directory endpoint, cached for anonymous requests.

    The organisation endpoints show public data only, the same to everyone; the key is the
    path, the query string, the language and the version of the organisations it shows
    (api/caching.py), computed by one caller at a time like the pages' fragments. Only
    successful answers are kept."""
    if request.user.is_authenticated:
        return compute()

    def body() -> bytes | Status[Any]:
        result = compute()
        if result.status_code != 200:
            return result
        value = result.value
        data = value.model_dump() if isinstance(value, Schema) else value
        return bytes(api.create_response(request, data, status=200).content)

    answer = ORGANISATIONS.get_or_set(
        "api",
        request.path,
        request.GET.urlencode(),
        compute=body,
        keep=lambda found: isinstance(found, bytes),
    )
    if not isinstance(answer, bytes):
        return answer
    return HttpResponse(answer, content_type=api.get_content_type())


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
def list_organisations(request: HttpRequest, filters: Query[Filters]) -> HttpResponse | Status[Any]:
    """Public organisations, filtered like the directory page, paginated."""
    return cached_for_anonymous(request, lambda: _list_organisations(filters))


def _list_organisations(filters: Filters) -> Status[Any]:
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
    return paginated(queryset, filters, Page, to_out)


@api.get(
    "/v1/organisations/{organisation_id}",
    response={200: OrganisationOut, 404: ErrorOut},
    tags=["directory"],
)
def get_organisation(request: HttpRequest, organisation_id: int) -> HttpResponse | Status[Any]:
    """One public organisation."""
    return cached_for_anonymous(request, lambda: _get_organisation(organisation_id))


def _get_organisation(organisation_id: int) -> Status[Any]:
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


# --- Meetings -------------------------------------------------------------
# Public arenas only; a published agenda's public items only. Closed items never
# appear, not even as a number or a title.


class ArenaRef(Schema):
    id: int
    name: str
    kind: str


class AccessibilityOut(Schema):
    step_free_access: bool
    hearing_loop: bool
    accessible_toilet: bool
    note: str


class MeetingOut(Schema):
    id: int
    title: str
    arena: ArenaRef
    owner: Ref
    starts_at: datetime = Field(description="Local time (Europe/Oslo) with its UTC offset.")
    ends_at: datetime = Field(description="Local time (Europe/Oslo) with its UTC offset.")
    place: str
    address: str
    accessibility: AccessibilityOut
    status: str = Field(description="planned or cancelled")
    agenda_published: bool
    url: str


class DocumentOut(Schema):
    title: str
    file_type: str
    content_type: str
    size: int = Field(description="Size in bytes.")
    url: str


class AgendaItemOut(Schema):
    id: int
    case_number: str = Field(description="Number per arena and year, e.g. 7/2027.")
    kind: str
    title: str
    description_html: str = Field(description="Sanitised HTML.")
    documents: list[DocumentOut]


class MeetingDetailOut(MeetingOut):
    items: list[AgendaItemOut] = Field(
        description="The published agenda's public items; empty until the agenda is published."
    )


class MeetingPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[MeetingOut]


class MeetingFilters(Schema):
    arena: int | None = Field(None, description="Id of a public arena")
    arena_kind: str = Field("", description="Kind of arena: " + ", ".join(ArenaKind.values))
    region: str = Field(
        "", description="Region number (fylke or kommune) of the arena's owner, e.g. 46 or 4601"
    )
    from_date: date | None = Field(None, description="Meetings starting on or after this day")
    to_date: date | None = Field(None, description="Meetings starting on or before this day")
    page: int = Field(1, ge=1)
    page_size: int = Field(settings.MEDVIRK_PAGE_SIZE, ge=1, le=100)


def public_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(arena__is_public=True).select_related("arena", "arena__owner")


def meeting_fields(meeting: Meeting) -> dict[str, Any]:
    arena = meeting.arena
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "arena": ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind),
        "owner": Ref(id=arena.owner.pk, name=arena.owner.name),
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "address": meeting.address,
        "accessibility": AccessibilityOut(
            step_free_access=meeting.step_free_access,
            hearing_loop=meeting.hearing_loop,
            accessible_toilet=meeting.accessible_toilet,
            note=meeting.accessibility_note,
        ),
        "status": meeting.status,
        "agenda_published": meeting.is_published,
        "url": settings.SITE_URL.rstrip("/") + meeting.get_absolute_url(),
    }


def item_out(item: AgendaItem) -> AgendaItemOut:
    site = settings.SITE_URL.rstrip("/")
    return AgendaItemOut(
        id=item.pk,
        case_number=item.case_number,
        kind=item.kind,
        title=item.title,
        description_html=item.description,
        documents=[
            DocumentOut(
                title=document.title,
                file_type=document.file_type,
                content_type=document.content_type,
                size=document.size,
                url=site + document.get_absolute_url(),
            )
            for document in item.documents.all()
        ],
    )


@api.get("/v1/meetings/", response={200: MeetingPage, 400: ErrorOut}, tags=["meetings"])
def list_meetings(request: HttpRequest, filters: Query[MeetingFilters]) -> Status[Any]:
    """Meetings of public arenas, past and upcoming, in order of time, paginated."""
    queryset = public_meetings()
    if filters.arena is not None:
        if not Arena.objects.filter(pk=filters.arena, is_public=True).exists():
            return bad_request(
                _("Fant ingen offentlig arena med id %(id)s.") % {"id": filters.arena}
            )
        queryset = queryset.filter(arena_id=filters.arena)
    if filters.arena_kind:
        if filters.arena_kind not in ArenaKind.values:
            return bad_request(
                _("Ukjent type arena «%(kind)s». Gyldige verdier: %(kinds)s.")
                % {"kind": filters.arena_kind, "kinds": ", ".join(ArenaKind.values)}
            )
        queryset = queryset.filter(arena__kind=filters.arena_kind)
    if filters.region:
        region = Region.objects.filter(code=filters.region).first()
        if region is None:
            return bad_request(
                _("Ukjent område «%(region)s». Bruk fylkes- eller kommunenummeret.")
                % {"region": filters.region}
            )
        # As on the arena list: the owner serves the region or a kommune in it.
        owners = Organisation.regions.through.objects.filter(
            Q(region=region) | Q(region__parent=region)
        ).values("organisation_id")
        queryset = queryset.filter(arena__owner_id__in=owners)
    if filters.from_date and filters.to_date and filters.from_date > filters.to_date:
        return bad_request(_("from_date kan ikke være etter to_date."))
    if filters.from_date:
        queryset = queryset.filter(starts_at__gte=start_of_day(filters.from_date))
    if filters.to_date:
        queryset = queryset.filter(starts_at__lt=start_of_day(filters.to_date + timedelta(days=1)))
    return paginated(
        queryset.order_by("starts_at", "pk"),
        filters,
        MeetingPage,
        lambda meeting: MeetingOut(**meeting_fields(meeting)),
    )


def start_of_day(day: date) -> datetime:
    """Midnight in Europe/Oslo, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


@api.get(
    "/v1/meetings/{meeting_id}/",
    response={200: MeetingDetailOut, 404: ErrorOut},
    tags=["meetings"],
)
def get_meeting(request: HttpRequest, meeting_id: int) -> Status[Any]:
    """One meeting of a public arena, with the public items of its published agenda."""
    meeting = public_meetings().filter(pk=meeting_id).first()
    if meeting is None:
        return Status(
            404,
            ErrorOut(detail=_("Fant ikke noe offentlig møte med id %(id)s.") % {"id": meeting_id}),
        )
    # What anyone may see, and nothing that is closed, whoever asks.
    items = (
        visibility.public_items_only(visibility.visible_items(AnonymousUser()))
        .filter(meeting=meeting)
        .order_by("position", "number")
        .prefetch_related("documents")
    )
    return Status(
        200,
        MeetingDetailOut(**meeting_fields(meeting), items=[item_out(item) for item in items]),
    )


# --- Advice and answers (follow-up) ------------------------------------------------
# Public advice in public arenas only (followup.visibility.public_advice): advice on a
# closed item and advice in a private arena never appear, whoever asks.


class TimelineEntryOut(Schema):
    status: str
    responded_on: date
    text: str
    link: str = Field(description="A link the service gave with this step, or empty.")
    document_url: str = Field(description="The document attached to this step, or empty.")


class AdviceOut(Schema):
    id: int
    arena: ArenaRef
    service: Ref = Field(description="The service that owns the arena and answers the advice.")
    case_number: str = Field(description="The agenda item's case number, e.g. 7/2027, or empty.")
    title: str
    given_on: date
    due_on: date
    status: str = Field(description="One of: " + ", ".join(AdviceStatus.values))
    first_answer_on: date | None = Field(
        description="The day of the first answer (followed, partly, not_followed or implemented)."
    )
    days_to_answer: int | None
    addressee_name: str
    url: str
    timeline: list[TimelineEntryOut] = Field(description="Every response, oldest first.")


class AdvicePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[AdviceOut]


class AdviceFilters(Schema):
    arena: int | None = Field(None, description="Id of a public arena")
    service: int | None = Field(None, description="Id of the service (the arena's owner)")
    year: int | None = Field(None, ge=1900, le=2200, description="Year the advice was given")
    status: str = Field("", description="One of: " + ", ".join(AdviceStatus.values))
    page: int = Field(1, ge=1)
    page_size: int = Field(settings.MEDVIRK_PAGE_SIZE, ge=1, le=100)


class FiguresScope(Schema):
    arena: int | None = Field(None, description="Id of a public arena (this or service)")
    service: int | None = Field(None, description="Id of a service (this or arena)")


class YearFiguresOut(Schema):
    year: int | None = Field(description="The year the advice was given; null for all years.")
    count: int
    answered: int = Field(
        description="Answered: followed, partly, not_followed or implemented. "
        "received and considering are acknowledgements, not answers."
    )
    answered_share: float | None = Field(description="answered / count; null when count is 0.")
    overdue: int = Field(description="Not answered, and the due date has passed.")
    answered_on_time: int = Field(description="First answer on or before the due date.")
    median_days: float | None = Field(
        description="Median days from given_on to the first answer; null when none answered."
    )
    followed: int
    partly: int
    not_followed: int
    implemented: int = Field(
        description="Implemented advice are counted here only, not also as followed."
    )
    followed_share: float | None = Field(description="Of the answered advice.")
    partly_share: float | None
    not_followed_share: float | None
    implemented_share: float | None


class FiguresOut(Schema):
    arena: ArenaRef | None
    service: Ref | None
    years: list[YearFiguresOut] = Field(description="Newest year first.")
    total: YearFiguresOut


def _advice_scope(
    arena_id: int | None, service_id: int | None
) -> tuple[QuerySet[Advice], Arena | None, Organisation | None] | Status[Any]:
    """Public advice, narrowed to a public arena and/or a public service (400 if unknown)."""
    advice = public_advice()
    arena = service = None
    if arena_id is not None:
        arena = Arena.objects.filter(pk=arena_id, is_public=True).first()
        if arena is None:
            return bad_request(_("Fant ingen offentlig arena med id %(id)s.") % {"id": arena_id})
        advice = advice.filter(arena=arena)
    if service_id is not None:
        service = Organisation.objects.filter(
            pk=service_id, kind=OrganisationKind.SERVICE, is_public=True
        ).first()
        if service is None:
            return bad_request(
                _("Fant ingen offentlig tjeneste med id %(id)s.") % {"id": service_id}
            )
        if arena is None:
            # The service's public arenas first: then the index on (arena, is_public,
            # given_on) serves the list.
            arenas = Arena.objects.filter(owner=service, is_public=True).values("pk")
            advice = advice.filter(arena_id__in=arenas)
        else:
            advice = advice.filter(arena__owner=service)
    return advice, arena, service


def advice_out(advice: Advice) -> AdviceOut:
    site = settings.SITE_URL.rstrip("/")
    arena = advice.arena
    return AdviceOut(
        id=advice.pk,
        arena=ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind),
        service=Ref(id=arena.owner.pk, name=arena.owner.name),
        case_number=advice.item.case_number if advice.item else "",
        title=advice.title,
        given_on=advice.given_on,
        due_on=advice.due_on,
        status=advice.status,
        first_answer_on=advice.first_answer_on,
        days_to_answer=advice.days_to_answer,
        addressee_name=advice.addressee_name,
        url=site + advice.get_absolute_url(),
        timeline=[
            TimelineEntryOut(
                status=response.status,
                responded_on=response.responded_on,
                text=response.text,
                link=response.link,
                document_url=site
                + reverse("followup:response_document", kwargs={"pk": response.pk})
                if response.document
                else "",
            )
            for response in advice.responses.all()
        ],
    )


def year_figures_out(figures: YearFigures) -> YearFiguresOut:
    return YearFiguresOut(
        year=figures.year,
        count=figures.count,
        answered=figures.answered,
        answered_share=figures.answered_share,
        overdue=figures.overdue,
        answered_on_time=figures.answered_on_time,
        median_days=figures.median_days,
        followed=figures.followed,
        partly=figures.partly,
        not_followed=figures.not_followed,
        implemented=figures.implemented,
        followed_share=figures.followed_share,
        partly_share=figures.partly_share,
        not_followed_share=figures.not_followed_share,
        implemented_share=figures.implemented_share,
    )


@api.get("/v1/advice/", response={200: AdvicePage, 400: ErrorOut}, tags=["advice"])
def list_advice(request: HttpRequest, filters: Query[AdviceFilters]) -> Status[Any]:
    """Public advice from public arenas with the service's answers, newest first, paginated."""
    scope = _advice_scope(filters.arena, filters.service)
    if isinstance(scope, Status):
        return scope
    advice, arena, service = scope
    if filters.status:
        if filters.status not in AdviceStatus.values:
            return bad_request(
                _("Ukjent status «%(status)s». Gyldige verdier: %(statuses)s.")
                % {"status": filters.status, "statuses": ", ".join(AdviceStatus.values)}
            )
        advice = advice.filter(status=filters.status)
    if filters.year is not None:
        advice = advice.filter(given_on__year=filters.year)
    # The (cached) figures give the count and the count per year, so the list reads no
    # more than the page needs (AdviceList); with a status, the database counts.
    count: int | None = None
    year_counts: list[tuple[int, int]] = []
    if not filters.status:
        figures = _scope_figures(arena, service)
        if figures is not None:
            year = {"year": filters.year} if filters.year else {}
            count, year_counts = known_counts(year, figures)
        else:
            year_counts = cached_public_year_counts()
            if filters.year:
                count = dict(year_counts).get(filters.year, 0)
                year_counts = []
            else:
                count = sum(n for _year, n in year_counts)
    rows = AdviceList(advice, count=count, year_counts=year_counts, rows=_advice_rows)
    return paginated(rows, filters, AdvicePage, advice_out)


def _scope_figures(arena: Arena | None, service: Organisation | None) -> Figures | None:
    """The cached figures of the scope; None for all public advice (not cached)."""
    if arena is not None:
        in_scope = service is None or arena.owner_id == service.pk
        return cached_arena_figures(arena) if in_scope else Figures.empty()
    if service is not None:
        return cached_service_figures(service.pk)[0]
    return None


def _advice_rows(advice: QuerySet[Advice]) -> QuerySet[Advice]:
    return advice.select_related("arena__owner", "item").prefetch_related(
        Prefetch("responses", queryset=AdviceResponse.objects.order_by("responded_on", "pk"))
    )


@api.get("/v1/advice/figures/", response={200: FiguresOut, 400: ErrorOut}, tags=["advice"])
def advice_figures(request: HttpRequest, scope: Query[FiguresScope]) -> Status[Any]:
    """The accountability figures per year and in total for a public arena or a service."""
    if scope.arena is None and scope.service is None:
        return bad_request(
            _("Oppgi arena eller service: id-en til en offentlig arena eller en tjeneste.")
        )
    found = _advice_scope(scope.arena, scope.service)
    if isinstance(found, Status):
        return found
    _advice, arena, service = found
    # Counted by the database and cached per scope and day (followup/caching.py).
    result = _scope_figures(arena, service) or Figures.empty()
    return Status(
        200,
        FiguresOut(
            arena=ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind) if arena else None,
            service=Ref(id=service.pk, name=service.name) if service else None,
            years=[year_figures_out(f) for f in result.years],
            total=year_figures_out(result.total),
        ),
    )
