"""Read queries for annual reports, for the pages, the exports and the API."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from medvirk.annual.caching import draft_figures
from medvirk.annual.enums import APPROVED_STATUSES, MEMBER_STATUSES, ReportStatus
from medvirk.annual.models import AnnualReport, AnnualReportVersion
from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.rules import member_arena_ids
from medvirk.meetings.enums import MeetingStatus
from medvirk.meetings.models import AgendaItem
from medvirk.people.models import Person


def arenas_of_service(service_id: int) -> list[Arena]:
    """The arenas a service may write reports for, by name."""
    return list(Arena.objects.filter(owner_id=service_id).order_by("name"))


def report_by_pk(pk: int) -> AnnualReport | None:
    return AnnualReport.objects.select_related("arena", "service", "owner").filter(pk=pk).first()


def reports_of_service(service_id: int) -> QuerySet[AnnualReport]:
    """Every report the service writes (its arenas' and its own), newest year first."""
    return (
        AnnualReport.objects.filter(owner_id=service_id)
        .select_related("arena", "service")
        .order_by("-year", "arena__name", "pk")
    )


def visible_reports_of_service(
    service_id: int, *, member_arena_ids: set[int] | None
) -> QuerySet[AnnualReport]:
    """The service's reports as a reader sees them: all for its secretariat
    (``member_arena_ids`` None); else the public ones, and those on comment or approved
    of the arenas the reader sits in."""
    reports = reports_of_service(service_id)
    if member_arena_ids is None:
        return reports
    visible = Q(status=ReportStatus.PUBLISHED) & (Q(arena__isnull=True) | Q(arena__is_public=True))
    if member_arena_ids:
        visible |= Q(arena_id__in=member_arena_ids, status__in=MEMBER_STATUSES)
    return reports.filter(visible)


def arena_reports(arena: Arena, user: Any, *, manager: bool) -> QuerySet[AnnualReport]:
    """The arena's archive as ``user`` sees it: published reports of a public arena for
    everyone; also those on comment and approved for its members; all for the secretariat."""
    reports = AnnualReport.objects.filter(arena=arena).order_by("-year")
    if manager:
        return reports
    visible = Q(pk__in=[])
    if arena.is_public:
        visible |= Q(status=ReportStatus.PUBLISHED)
    if arena.pk in member_arena_ids(user):
        visible |= Q(status__in=MEMBER_STATUSES)
    return reports.filter(visible)


def current_version(report: AnnualReport) -> AnnualReportVersion | None:
    if report.version == 0:
        return None
    return (
        AnnualReportVersion.objects.filter(report=report, number=report.version)
        .defer("pdf")
        .first()
    )


def current_pdf(report: AnnualReport) -> tuple[AnnualReportVersion | None, bytes | None]:
    """The current version (without its content) and its PDF when built."""
    version = (
        AnnualReportVersion.objects.filter(report=report, number=report.version)
        .defer("content")
        .first()
    )
    if version is None:
        return None, None
    return version, bytes(version.pdf) if version.pdf is not None else None


def version_history(report: AnnualReport) -> list[AnnualReportVersion]:
    """Number, date and change note of every version, newest first (not their content)."""
    return list(
        AnnualReportVersion.objects.filter(report=report).defer("content").order_by("-number")
    )


def report_content(report: AnnualReport) -> tuple[dict[str, Any], AnnualReportVersion | None]:
    """What the report shows: the approved version's frozen content, or for a report
    not yet approved the live texts and the (cached) figures of its year."""
    version = current_version(report) if report.status in APPROVED_STATUSES else None
    if version is not None:
        return version.content, version
    figures = draft_figures(
        arena_id=report.arena_id,
        service_id=report.service_id,
        owner_id=report.owner_id,
        year=report.year,
        language=report.language,
    )
    return (
        {
            "subject": report.subject_name,
            "year": report.year,
            "language": report.language,
            "preface": report.preface,
            "highlights": highlight_rows(report),
            "figures": figures,
        },
        None,
    )


def highlight_rows(report: AnnualReport) -> list[dict[str, Any]]:
    """The highlighted cases as the version stores them. A closed item keeps only its
    case number and legal ground: its title and the note are left out."""
    rows = []
    for highlight in report.highlights.select_related("item__meeting").order_by("position", "pk"):
        item = highlight.item
        if item.is_closed:
            rows.append(
                {
                    "case_number": item.case_number,
                    "closed": True,
                    "closed_ground": item.closed_ground,
                }
            )
            continue
        rows.append(
            {
                "case_number": item.case_number,
                "closed": False,
                "title": item.title,
                "kind": item.kind,
                "date": timezone.localtime(item.meeting.starts_at).date().isoformat(),
                "note": highlight.note,
            }
        )
    return rows


def candidate_items(report: AnnualReport) -> QuerySet[AgendaItem]:
    """The agenda items a report may highlight: those of its scope's meetings in its year
    (not cancelled), in date order."""
    items = AgendaItem.objects.filter(meeting__starts_at__year=report.year).exclude(
        meeting__status=MeetingStatus.CANCELLED
    )
    if report.arena_id is not None:
        items = items.filter(meeting__arena_id=report.arena_id)
    else:
        items = items.filter(
            meeting__arena__owner_id=report.service_id, meeting__arena__is_public=True
        )
    return items.select_related("meeting").order_by("meeting__starts_at", "position", "number")


def report_members(report: AnnualReport) -> list[Person]:
    """Who gets the report for comments: today's members and deputies of the arena (or
    of the service's arenas) with an e-mail address, each once."""
    seats = Membership.objects.current(timezone.localdate()).exclude(person__email="")
    if report.arena_id is not None:
        seats = seats.filter(arena_id=report.arena_id)
    else:
        seats = seats.filter(arena__owner_id=report.service_id, arena__is_public=True)
    people: dict[int, Person] = {}
    for seat in seats.select_related("person").order_by("person__name", "pk"):
        people.setdefault(seat.person_id, seat.person)
    return list(people.values())


def published_versions(year: int | None = None) -> QuerySet[AnnualReportVersion]:
    """The current versions of every public report (published, of a public arena or of a
    service), for the comparison page and the API, by year."""
    reports = AnnualReport.objects.public()
    if year is not None:
        reports = reports.filter(year=year)
    return (
        AnnualReportVersion.objects.filter(
            report__in=reports.values("pk"), number=_current_number()
        )
        .select_related("report", "report__owner", "report__arena", "report__service")
        .defer("pdf")
    )


def _current_number() -> Any:
    return F("report__version")


def published_years() -> list[int]:
    return list(
        AnnualReport.objects.public().order_by("-year").values_list("year", flat=True).distinct()
    )
