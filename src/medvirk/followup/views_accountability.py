"""Public accountability: what each arena advised, what the service answered, and the
figures. Public advice only (``visibility.public_advice()``), the same for everyone,
logged in or not: internal lists live elsewhere.

Built for national scale: the figures are counted by the database and cached
(``followup/caching.py``), the lists fetch one page (the count comes from the figures when
they know it), and the CSV is written from plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString
from django.utils.text import slugify

from medvirk.arenas.models import Arena
from medvirk.arenas.selectors import public_arena
from medvirk.common.csv_export import csv_safe, streaming_csv, whole_result
from medvirk.common.http import Request
from medvirk.directory.models import Organisation
from medvirk.directory.selectors import public_arenas_of, public_service
from medvirk.followup.caching import ANY_SERVICE, fragment
from medvirk.followup.charts import year_charts
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.figures import Figures
from medvirk.followup.forms_accountability import AdviceFilterForm
from medvirk.followup.models import Advice
from medvirk.followup.selectors import (
    AdviceList,
    arena_figures,
    filter_advice,
    index_services,
    index_summaries,
    known_counts,
    public_advice_in_scope,
    service_figures,
)
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
    arena = public_arena(pk)
    if arena is None:
        raise Http404
    return arena


def _public_service(pk: int) -> Organisation:
    service = public_service(pk)
    if service is None:
        raise Http404
    return service


def _list_context(
    request: Request,
    advice: QuerySet[Advice],
    form: AdviceFilterForm,
    *,
    figures: Figures,
    per_arena: dict[Hashable, Figures] | None = None,
) -> tuple[dict[str, Any], int]:
    filters = form.filters()
    count, year_counts = known_counts(filters, figures, per_arena)
    rows = AdviceList(filter_advice(advice, filters), count=count, year_counts=year_counts)
    page: Page[Advice] = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
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
    services = index_services()

    def table() -> str:
        summaries = index_summaries([service["pk"] for service in services], today)
        rows = [(service, summaries[service["pk"]]) for service in services]
        return render_to_string(
            "followup/accountability_index_table.html", {"rows": rows, "year": today.year}
        )

    shows = [(service["pk"], service["name"]) for service in services]
    return render(
        request,
        "followup/accountability_index.html",
        {
            "rows": services,
            "table": fragment("index", [ANY_SERVICE], shows, table, today) if services else "",
        },
    )


def _body(
    request: Request,
    template: str,
    context: Callable[[], tuple[dict[str, Any], int]],
    *,
    owner_id: int,
    shows: object,
) -> tuple[SafeString, int]:
    """The page's content: rendered from ``context()`` at once when the request has a
    query (filters, a page), else cached until the service's advice changes."""

    def render_body() -> tuple[SafeString, int]:
        values, status = context()
        return render_to_string(template, values, request=request), status

    if request.GET:
        return render_body()
    return fragment(template, [owner_id], shows, lambda: render_body()[0]), 200


def arena_accountability(request: Request, arena_pk: int) -> HttpResponse:
    arena = _public_arena(arena_pk)

    def context() -> tuple[dict[str, Any], int]:
        advice = public_advice_in_scope(arena)
        figures = arena_figures(arena)
        form = AdviceFilterForm(
            request.GET or None, years=[f.year for f in figures.years if f.year]
        )
        values, status = _list_context(request, advice, form, figures=figures)
        values.update(
            {
                "arena": arena,
                "figures_html": fragment(
                    "arena-figures",
                    [arena.owner_id],
                    shows,
                    lambda: render_to_string(
                        "followup/accountability_arena_figures.html",
                        {
                            "arena": arena,
                            "figures": figures,
                            "charts": year_charts(figures, prefix="chart"),
                        },
                    ),
                ),
            }
        )
        return values, status

    shows = (arena.pk, arena.name, arena.kind, arena.owner_id, arena.owner.name)
    body, status = _body(
        request,
        "followup/accountability_arena_body.html",
        context,
        owner_id=arena.owner_id,
        shows=shows,
    )
    return render(
        request,
        "followup/accountability_arena.html",
        {"arena": arena, "body": body},
        status=status,
    )


def service_accountability(request: Request, org_pk: int) -> HttpResponse:
    service = _public_service(org_pk)
    arenas = list(public_arenas_of(service.pk))

    def context() -> tuple[dict[str, Any], int]:
        # The service's public arenas first: the list then uses the advice index per arena.
        advice = public_advice().filter(arena_id__in=[arena.pk for arena in arenas])
        figures, per_arena = service_figures(service.pk)
        nothing = Figures.empty()
        form = AdviceFilterForm(
            request.GET or None,
            years=[f.year for f in figures.years if f.year],
            arenas=arenas,
        )
        values, status = _list_context(request, advice, form, figures=figures, per_arena=per_arena)
        figures_context = {
            "service": service,
            "figures": figures,
            "arena_rows": [(arena, per_arena.get(arena.pk, nothing)) for arena in arenas],
            "charts": year_charts(figures, prefix="chart"),
        }
        values.update(
            {
                "service": service,
                "figures_html": fragment(
                    "service-figures",
                    [service.pk],
                    shows,
                    lambda: render_to_string(
                        "followup/accountability_service_figures.html", figures_context
                    ),
                ),
            }
        )
        return values, status

    shows = (service.pk, service.name, [(arena.pk, arena.name) for arena in arenas])
    body, status = _body(
        request,
        "followup/accountability_service_body.html",
        context,
        owner_id=service.pk,
        shows=shows,
    )
    return render(
        request,
        "followup/accountability_service.html",
        {"service": service, "body": body},
        status=status,
    )


# --- CSV --------------------------------------------------------------------------------


NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O"})


def safe_filename(name: str, pk: int) -> str:
    """ASCII only, no quotes or path parts: «Eldrerådet i Bærum» → rad-eldreradet-i-baerum-7.csv."""
    ascii_name = name.translate(NORWEGIAN_LETTERS)
    return f"rad-{slugify(ascii_name)[:60] or 'arena'}-{pk}.csv"


CSV_COLUMNS = (
    "arena__name",
    "item__number",
    "item__year",
    "title",
    "given_on",
    "addressee_name",
    "due_on",
    "status",
    "first_answer_on",
    "pk",
)
# Any number that cannot be part of the rest of the path: the link of each advice is
# the link of this one with the number replaced (one ``reverse`` per file, not per row).
_PLACEHOLDER_PK = 987654321


def _csv_rows(advice: QuerySet[Advice]) -> Iterator[list[Any]]:
    """The rows as plain values (no model instances): a service's file may have tens of
    thousands of them. The links and the status labels (in the request's language) are
    worked out now; the rows are read as the response is sent."""
    site = settings.SITE_URL.rstrip("/")
    before, after = reverse("followup:advice_detail", kwargs={"pk": _PLACEHOLDER_PK}).split(
        str(_PLACEHOLDER_PK)
    )
    labels = {value: str(label) for value, label in AdviceStatus.choices}
    return _rows(advice, labels, f"{site}{before}", after)


def _rows(
    advice: QuerySet[Advice], labels: dict[str, str], before: str, after: str
) -> Iterator[list[Any]]:
    for (
        arena_name,
        number,
        year,
        title,
        given_on,
        addressee_name,
        due_on,
        status,
        first_answer_on,
        pk,
    ) in whole_result(advice.values_list(*CSV_COLUMNS)):
        yield [
            csv_safe(arena_name),
            f"{number}/{year}" if number is not None else "",
            csv_safe(title),
            given_on.isoformat(),
            csv_safe(addressee_name),
            due_on.isoformat(),
            labels.get(status, status),
            first_answer_on.isoformat() if first_answer_on else "",
            "" if first_answer_on is None else (first_answer_on - given_on).days,
            f"{before}{pk}{after}",
        ]


def _csv_response(
    request: Request,
    advice: QuerySet[Advice],
    filename: str,
    arenas: Iterable[Arena] | None = None,
) -> StreamingHttpResponse:
    """One row per public advice, filtered by the page's filters (the valid part), streamed
    as it is written (``common/csv_export.py``)."""
    filters = AdviceFilterForm(request.GET or None, years=ANY_YEAR, arenas=arenas).filters()
    rows = filter_advice(advice, filters).order_by("-given_on", "-pk")
    return streaming_csv(
        CSV_HEADER, _csv_rows(rows), content_disposition_header(True, filename) or ""
    )


def arena_csv(request: Request, arena_pk: int) -> StreamingHttpResponse:
    arena = _public_arena(arena_pk)
    return _csv_response(
        request, public_advice_in_scope(arena), safe_filename(arena.name, arena.pk)
    )


def service_csv(request: Request, org_pk: int) -> StreamingHttpResponse:
    service = _public_service(org_pk)
    arenas = list(public_arenas_of(service.pk))
    return _csv_response(
        request,
        public_advice().filter(arena_id__in=[arena.pk for arena in arenas]),
        safe_filename(service.name, service.pk),
        arenas=arenas,
    )
