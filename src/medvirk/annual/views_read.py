"""The reading pages: a service's reports, an arena's archive, a report (HTML, PDF, CSV,
XLSX) and the platform-wide comparison."""

from __future__ import annotations

from typing import Any

import rules
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from medvirk.annual import present, selectors
from medvirk.annual.caching import VERSION
from medvirk.annual.domain.pdf import request_pdf
from medvirk.annual.enums import APPROVED_STATUSES, ReportStatus
from medvirk.annual.exports import csv_rows, filename, xlsx
from medvirk.annual.forms import CommentForm
from medvirk.annual.models import AnnualReport
from medvirk.arenas.models import Arena
from medvirk.arenas.rules import member_arena_ids
from medvirk.common.csv_export import streaming_csv
from medvirk.common.http import Request
from medvirk.directory.models import Organisation


def readable_report(request: Request, pk: int) -> AnnualReport:
    """The report, if the reader may read it; 404 otherwise (a private arena's report,
    or a draft, is not known to exist)."""
    report = selectors.report_by_pk(pk)
    if report is None or not rules.has_perm("annual.view_report", request.user, report):
        raise Http404
    return report


def service_reports(request: Request, org_pk: int) -> HttpResponse:
    """A service's reports: the public ones for everyone; all, and "create", for its
    secretariat."""
    service = get_object_or_404(Organisation, pk=org_pk)
    manager = bool(rules.has_perm("annual.add_report", request.user, service))
    reports = selectors.visible_reports_of_service(
        service.pk, member_arena_ids=None if manager else member_arena_ids(request.user)
    )
    page = Paginator(reports, 25).get_page(request.GET.get("side"))
    return render(
        request,
        "annual/service_reports.html",
        {"service": service, "page": page, "can_add": manager},
    )


def arena_reports(request: Request, pk: int) -> HttpResponse:
    """An arena's archive of reports by year."""
    arena = get_object_or_404(Arena.objects.select_related("owner"), pk=pk)
    manager = bool(rules.has_perm("annual.add_report", request.user, arena.owner))
    if not (arena.is_public or manager or arena.pk in member_arena_ids(request.user)):
        raise Http404
    reports = list(selectors.arena_reports(arena, request.user, manager=manager))
    return render(
        request,
        "annual/arena_reports.html",
        {"arena": arena, "reports": reports, "can_add": manager},
    )


def report_body(report: AnnualReport, content: dict[str, Any]) -> str:
    """The report's text and figures, rendered in the report's own language."""
    with translation.override(report.language):
        return render_to_string(
            "annual/includes/report_body.html",
            {"report": report, "language": report.language, **present.view(content)},
        )


def report_detail(request: Request, pk: int) -> HttpResponse:
    report = readable_report(request, pk)
    versions = selectors.version_history(report) if report.version else []
    version: Any = None
    if report.status in APPROVED_STATUSES and versions:
        # An approved version never changes: its rendered body is shared by every reader
        # (annual/caching.py), and its content (the figures' JSON) is read only to build it.
        version = versions[0]
        body = VERSION.get_or_set(
            "body",
            report.pk,
            report.version,
            compute=lambda: report_body(report, selectors.report_content(report)[0]),
            scopes=[report.pk],
            language=False,
        )
    else:
        body = report_body(report, selectors.report_content(report)[0])
    user = request.user
    can_manage = bool(rules.has_perm("annual.manage_report", user, report))
    can_comment = bool(rules.has_perm("annual.comment_report", user, report))
    context: dict[str, Any] = {
        "report": report,
        "version": version,
        "body": mark_safe(body),  # noqa: S308 - rendered by our template (autoescaped)
        "can_manage": can_manage,
        "can_comment": can_comment,
        "statuses": ReportStatus,
    }
    if can_manage or can_comment:
        context["comments"] = list(report.comments.order_by("created_at", "pk"))
        context["comment_form"] = CommentForm()
    context["versions"] = versions
    return render(request, "annual/report_detail.html", context)


def _content(request: Request, pk: int) -> tuple[AnnualReport, dict[str, Any], Any]:
    report = readable_report(request, pk)
    content, version = selectors.report_content(report)
    return report, content, version


def report_pdf_view(request: Request, pk: int) -> HttpResponse:
    """The approved version's PDF; built in the background on the first request, with a
    progress page until it is ready (annual/domain/pdf.py)."""
    report = readable_report(request, pk)
    if report.status not in APPROVED_STATUSES:
        raise Http404
    version, pdf = selectors.current_pdf(report)
    if version is None:
        raise Http404
    if pdf is None:
        request_pdf(version)
        version, pdf = selectors.current_pdf(report)  # built already by an eager backend
    if pdf is None:
        return render(request, "annual/pdf_progress.html", {"report": report}, status=202)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename(report, "pdf")}"'
    return response


def report_csv(request: Request, pk: int) -> StreamingHttpResponse:
    report, content, _version = _content(request, pk)
    with translation.override(report.language):
        rows = list(csv_rows(content))
    return streaming_csv([], rows, f'attachment; filename="{filename(report, "csv")}"')


def report_xlsx(request: Request, pk: int) -> HttpResponse:
    report, content, _version = _content(request, pk)
    with translation.override(report.language):
        data = xlsx(content)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(report, "xlsx")}"'
    return response


def _year(value: Any, years: list[int]) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return years[0] if years else None
    return year if year in years else (years[0] if years else None)


COMPARISON_PAGE_SIZE = 25


def comparison(request: Request) -> HttpResponse:
    """The key figures of every published report of a year, side by side."""
    years = selectors.published_years()
    year = _year(request.GET.get("ar"), years)
    versions = selectors.published_versions(year).order_by("report__owner__name", "report__pk")
    if year is None:
        versions = versions.none()
    page = Paginator(versions, COMPARISON_PAGE_SIZE).get_page(request.GET.get("side"))
    labels = present.key_figure_labels()
    rows = [
        (version.report, dict(present.key_figures(version.content["figures"])))
        for version in page.object_list
    ]
    return render(
        request,
        "annual/comparison.html",
        {
            "years": years,
            "year": year,
            "page": page,
            "rows": rows,
            "labels": labels,
            "chart": present.comparison_chart(rows, id="annual-comparison") if rows else None,
        },
    )
