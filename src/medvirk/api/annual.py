"""Annual reports (årsmelding): the key figures of every published report of a public
arena or of a service, as open data (``annual.selectors.published_versions``: a report of
a private arena never appears). The figures are those of the approved version, the same
as the comparison page (/arsmelding/sammenligning/)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Status

from medvirk.annual.models import AnnualReportVersion
from medvirk.annual.present import key_figures
from medvirk.annual.selectors import published_versions
from medvirk.api.common import (
    ArenaRef,
    ErrorOut,
    Id,
    Out,
    PageOut,
    PageParams,
    Ref,
    absolute_url,
    cursor_page,
)
from medvirk.api.pagination import Keyset
from medvirk.common import bounds

router = Router()

# The newest approval first (the version's id grows with it).
NEWEST_FIRST = Keyset("annual_reports", "-pk")


class KeyFiguresOut(Out):
    members: int = Field(description="People who held a member seat at some time in the year.")
    vacant_seats_average: float = Field(
        description="Vacant member seats on average over the year (vacant seat-days / days)."
    )
    meetings_held: int
    attendance_share: float | None = Field(
        description="Present / invited over the meetings held; null without invitations."
    )
    cases: int = Field(description="Agenda items of the year's meetings (not cancelled).")
    advice: int = Field(description="Advice given in the year.")
    advice_answered: int
    advice_answered_on_time: int
    advice_median_days: float | None
    advice_followed_or_implemented: int
    experience_calls: int
    surveys: int
    training_records: int = Field(description="Courses completed by seat holders in the year.")


class AnnualReportOut(Out):
    id: int
    year: int
    arena: ArenaRef | None = Field(description="The arena; null for a service's own report.")
    service: Ref = Field(description="The service that writes the report.")
    language: str = Field(description="nb, nn or en")
    version: int
    approved_at: datetime
    url: str
    pdf_url: str
    figures: KeyFiguresOut


class AnnualReportPage(PageOut):
    results: list[AnnualReportOut]


class AnnualFilters(PageParams):
    year: int | None = Field(None, ge=2000, le=bounds.LATEST_YEAR, description="The report's year")
    service: Id | None = Field(None, description="Id of the service that writes the report")
    arena: Id | None = Field(None, description="Id of a public arena")


def _rows() -> Callable[[AnnualReportVersion], AnnualReportOut]:
    report_url = absolute_url("annual:report")
    pdf_url = absolute_url("annual:pdf")

    def out(version: AnnualReportVersion) -> AnnualReportOut:
        report = version.report
        arena = report.arena
        return AnnualReportOut(
            id=report.pk,
            year=report.year,
            arena=ArenaRef(id=arena.pk, name=arena.name, kind=arena.kind) if arena else None,
            service=Ref(id=report.owner.pk, name=report.owner.name),
            language=report.language,
            version=version.number,
            approved_at=version.approved_at,
            url=report_url(report.pk),
            pdf_url=pdf_url(report.pk),
            figures=KeyFiguresOut(**dict(key_figures(version.content["figures"]))),
        )

    return out


@router.get(
    "/annual-reports", response={200: AnnualReportPage, 400: ErrorOut}, tags=["annual reports"]
)
def list_annual_reports(request: HttpRequest, filters: Query[AnnualFilters]) -> Status[Any]:
    """Published annual reports with their key figures, newest approval first, a page at a
    time (follow ``next``)."""
    versions = published_versions(filters.year)
    if filters.service is not None:
        versions = versions.filter(report__owner_id=filters.service)
    if filters.arena is not None:
        versions = versions.filter(report__arena_id=filters.arena)
    return cursor_page(request, filters, NEWEST_FIRST, versions, AnnualReportPage, _rows())
