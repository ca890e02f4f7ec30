"""Annual reports for the scale data set, written after every other table (their figures
are counted from the rows the generator wrote): last year's report of the busy arena and
of the largest service, approved and published (each a version with its figures frozen,
as ``annual.domain.reports.approve_report`` leaves it), and this year's draft of the busy
arena, whose figures the report page counts (and caches) on request."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.management.color import no_style
from django.db import connections

from medvirk.annual.enums import ReportStatus
from medvirk.annual.figures import year_figures
from medvirk.annual.models import AnnualReport, AnnualReportVersion

if TYPE_CHECKING:
    from medvirk.scale.gen_plan import Ctx

PREFACE = (
    "<p>Rådet har hatt et aktivt år med mange saker om tilgjengelighet, transport og "
    "helsetjenester.</p>"
)


def _published(
    *,
    pk: int,
    using: str,
    arena_id: int | None,
    service_id: int | None,
    owner_id: int,
    year: int,
    by_id: int,
    now: datetime.datetime,
) -> AnnualReport:
    report = AnnualReport.objects.using(using).create(
        pk=pk,
        arena_id=arena_id,
        service_id=service_id,
        owner_id=owner_id,
        year=year,
        language="nb",
        status=ReportStatus.PUBLISHED,
        preface=PREFACE,
        approved_at=now,
        approved_by_id=by_id,
        published_at=now,
        version=1,
        created_by_id=by_id,
    )
    figures = year_figures(arena_id=arena_id, service_id=service_id, year=year, now=now)
    content: dict[str, Any] = {
        "subject": report.subject_name,
        "year": year,
        "language": "nb",
        "preface": PREFACE,
        "highlights": [],
        "figures": figures,
    }
    AnnualReportVersion.objects.using(using).create(
        pk=pk, report=report, number=1, content=content, approved_at=now, approved_by_id=by_id
    )
    return report


def generate_annual(
    ctx: Ctx, *, using: str, busy_arena_id: int, largest_service_id: int
) -> dict[str, int]:
    """The three reports; their ids for the summary."""
    hub = ctx.hub
    assert hub is not None
    by_id = int(str(ctx.personas["secretariat"]["user_id"]))
    last_year = ctx.today.year - 1
    arena_report = _published(
        pk=1,
        using=using,
        arena_id=busy_arena_id,
        service_id=None,
        owner_id=hub.id,
        year=last_year,
        by_id=by_id,
        now=ctx.now,
    )
    service_report = _published(
        pk=2,
        using=using,
        arena_id=None,
        service_id=largest_service_id,
        owner_id=largest_service_id,
        year=last_year,
        by_id=by_id,
        now=ctx.now,
    )
    draft = AnnualReport.objects.using(using).create(
        pk=3,
        arena_id=busy_arena_id,
        owner_id=hub.id,
        year=ctx.today.year,
        language="nb",
        preface=PREFACE,
        created_by_id=by_id,
    )
    # Fixed ids (the same seed gives the same data): move PostgreSQL's sequences past them.
    connection = connections[using]
    if connection.vendor == "postgresql":
        statements = connection.ops.sequence_reset_sql(
            no_style(), [AnnualReport, AnnualReportVersion]
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    return {"arena_report": arena_report.pk, "service_report": service_report.pk, "draft": draft.pk}
