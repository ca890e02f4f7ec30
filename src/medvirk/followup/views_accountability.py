"""Public accountability: what each arena advised, what the service answered, and the
figures. Public advice only (``visibility.public_advice()``), the same for everyone,
logged in or not: internal lists live elsewhere.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify

from medvirk.arenas.models import Arena
from medvirk.common.http import Request
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.directory.views import csv_safe
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.figures import Figures, figures_for, grouped_figures
from medvirk.followup.forms_accountability import AdviceFilterForm
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.visibility import public_advice

PAGE_SIZE = 25
# The CSV takes any plausible year (the page offers only the years that have advice).
ANY_YEAR = range(1900, 2201)

CSV_HEADER = [
    "arena",
    "saksnummer",
    "tittel",
    "gitt",
    "mottaker",
    "svarfrist",
    "status",
    "første_svar",
    "dager_til_svar",
    "lenke",
]


def _public_arena(pk: int) -> Arena:
    """A public arena; a private one is not found, whoever asks (these are public pages)."""
    return get_object_or_404(Arena.objects.select_related("owner"), pk=pk, is_public=True)


def _public_service(pk: int) -> Organisation:
    return get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.SERVICE, is_public=True)


def with_timeline_summary(advice: QuerySet[Advice]) -> QuerySet[Advice]:
    """The list's rows: the item (case number), the arena, and the last response's date
    and status and the number of responses as annotations (no query per row)."""
    responses = AdviceResponse.objects.filter(advice=OuterRef("pk"))
    last = responses.order_by("-responded_on", "-created_at", "-pk")
    count = responses.order_by().values("advice").annotate(n=Count("pk")).values("n")
    return advice.select_related("arena", "item").annotate(
        last_response_on=Subquery(last.values("responded_on")[:1]),
        last_response_status=Subquery(last.values("status")[:1]),
        response_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
    )


def _apply(advice: QuerySet[Advice], filters: dict[str, Any]) -> QuerySet[Advice]:
    if filters.get("year"):
        advice = advice.filter(given_on__year=filters["year"])
    if filters.get("status"):
        advice = advice.filter(status=filters["status"])
    if filters.get("arena"):
        advice = advice.filter(arena_id=filters["arena"])
    return advice


def _list_context(
    request: Request, advice: QuerySet[Advice], form: AdviceFilterForm
) -> tuple[dict[str, Any], int]:
    filters = form.filters()
    rows = with_timeline_summary(_apply(advice, filters)).order_by("-given_on", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 422 if form.is_bound and not form.is_valid() else 200
    return (
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "csv_query": urlencode(filters),
            "statuses": AdviceStatus,
        },
        status,
    )


def accountability(request: Request) -> HttpResponse:
    """Every service with public advice, with this year's answered share and median days."""
    today = timezone.localdate()
    advice = public_advice()
    services = list(
        Organisation.objects.filter(
            kind=OrganisationKind.SERVICE,
            is_public=True,
            pk__in=advice.values("arena__owner_id"),
        )
        .annotate(
            advice_count=Count(
                "arenas__advice",
                filter=Q(arenas__is_public=True, arenas__advice__is_public=True),
            )
        )
        .order_by("name")
    )
    _, this_year = grouped_figures(
        advice.filter(given_on__year=today.year), "arena__owner_id", today
    )
    rows = [(service, this_year.get(service.pk)) for service in services]
    return render(
        request,
        "followup/accountability_index.html",
        {"rows": rows, "year": today.year},
    )


def arena_accountability(request: Request, arena_pk: int) -> HttpResponse:
    arena = _public_arena(arena_pk)
    advice = public_advice().filter(arena=arena)
    figures = figures_for(advice)
    form = AdviceFilterForm(request.GET or None, years=[f.year for f in figures.years if f.year])
    context, status = _list_context(request, advice, form)
    context.update({"arena": arena, "figures": figures})
    return render(request, "followup/accountability_arena.html", context, status=status)


def service_accountability(request: Request, org_pk: int) -> HttpResponse:
    service = _public_service(org_pk)
    arenas = list(Arena.objects.filter(owner=service, is_public=True).order_by("name"))
    advice = public_advice().filter(arena__owner=service)
    today = timezone.localdate()
    figures, per_arena = grouped_figures(advice, "arena_id", today)
    nothing = Figures.empty()
    form = AdviceFilterForm(
        request.GET or None,
        years=[f.year for f in figures.years if f.year],
        arenas=arenas,
    )
    context, status = _list_context(request, advice, form)
    context.update(
        {
            "service": service,
            "figures": figures,
            "arena_rows": [(arena, per_arena.get(arena.pk, nothing)) for arena in arenas],
        }
    )
    return render(request, "followup/accountability_service.html", context, status=status)


# --- CSV --------------------------------------------------------------------------------


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O"})


def safe_filename(name: str, pk: int) -> str:
    """ASCII only, no quotes or path parts: «Eldrerådet i Bærum» → rad-eldreradet-i-baerum-7.csv."""
    ascii_name = name.translate(NORWEGIAN_LETTERS)
    return f"rad-{slugify(ascii_name)[:60] or 'arena'}-{pk}.csv"


def _csv_rows(advice: Iterable[Advice]) -> Iterable[list[Any]]:
    site = settings.SITE_URL.rstrip("/")
    for item in advice:
        yield [
            csv_safe(item.arena.name),
            item.item.case_number if item.item else "",
            csv_safe(item.title),
            item.given_on.isoformat(),
            csv_safe(item.addressee_name),
            item.due_on.isoformat(),
            item.get_status_display(),
            item.first_answer_on.isoformat() if item.first_answer_on else "",
            "" if item.days_to_answer is None else item.days_to_answer,
            site + item.get_absolute_url(),
        ]


def _csv_response(
    request: Request,
    advice: QuerySet[Advice],
    filename: str,
    arenas: Iterable[Arena] | None = None,
) -> HttpResponse:
    """One row per public advice, filtered by the page's filters (the valid part)."""
    filters = AdviceFilterForm(request.GET or None, years=ANY_YEAR, arenas=arenas).filters()
    rows = _apply(advice, filters).select_related("arena", "item").order_by("-given_on", "-pk")
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
    response.write("\ufeff")  # a byte order mark, so that spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(_csv_rows(rows))
    return response


def arena_csv(request: Request, arena_pk: int) -> HttpResponse:
    arena = _public_arena(arena_pk)
    return _csv_response(
        request, public_advice().filter(arena=arena), safe_filename(arena.name, arena.pk)
    )


def service_csv(request: Request, org_pk: int) -> HttpResponse:
    service = _public_service(org_pk)
    return _csv_response(
        request,
        public_advice().filter(arena__owner=service),
        safe_filename(service.name, service.pk),
        arenas=Arena.objects.filter(owner=service, is_public=True),
    )
