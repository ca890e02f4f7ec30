"""The PDF of an approved version: a tagged PDF/UA-1 (WeasyPrint, like the minutes) with
the charts and their tables, built in the background.

WeasyPrint takes seconds for a year's tables and charts (more than the page may take),
so the first request for a version's PDF claims the build with ONE conditional UPDATE
(``request_pdf``: no PDF yet, and no build asked for in the last ten minutes) and
enqueues :func:`build_report_pdf` (django_tasks) when the transaction commits; the page
shows a progress page until the PDF is stored on the version. A version never changes,
so its PDF is built once; a new version gets its own.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_tasks import task

from medvirk.annual.exports import report_pdf
from medvirk.annual.models import AnnualReportVersion
from medvirk.common.cache_registry import touch
from medvirk.common.logs import enqueue, traced

RETRY_AFTER = datetime.timedelta(minutes=10)


def request_pdf(version: AnnualReportVersion) -> bool:
    """Ask for the version's PDF: True when this call claimed the build (and enqueued
    it on commit), False when it exists or a build is already under way."""
    now = timezone.now()
    claimed = AnnualReportVersion.objects.filter(
        Q(pk=version.pk, pdf__isnull=True)
        & (Q(pdf_requested_at__isnull=True) | Q(pdf_requested_at__lt=now - RETRY_AFTER))
    ).update(pdf_requested_at=now)
    if claimed:
        touch(AnnualReportVersion, version)
        version_id = version.pk
        transaction.on_commit(lambda: enqueue(build_report_pdf, version_id))
    return bool(claimed)


def build_pdf(version_id: int) -> int:
    """Render and store the version's PDF (in the report's language); its size in bytes."""
    version = (
        AnnualReportVersion.objects.select_related(
            "report__owner", "report__arena", "report__service"
        )
        .defer("pdf")
        .get(pk=version_id)
    )
    report = version.report
    with translation.override(report.language):
        pdf = report_pdf(report, version.content, version, report.language)
    AnnualReportVersion.objects.filter(pk=version_id).update(pdf=pdf)
    touch(AnnualReportVersion, version)
    return len(pdf)


@task(queue_name="default")
@traced
def build_report_pdf(version_id: int) -> int:
    """The worker's task: build one version's PDF."""
    return build_pdf(version_id)
