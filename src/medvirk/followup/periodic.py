"""Follow-up's periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime

from medvirk.common.periodic import Job, register, set_now
from medvirk.followup.domain import reports
from medvirk.followup.models import Report


def _request(report: Report, now: datetime.datetime) -> object:
    return reports.send_report_request(report)


REPORT_REQUESTS = register(
    Job(
        name="followup.report_requests",
        prepare=reports.create_due_reports,
        due=reports.due_requests,
        claim=set_now("requested_at"),
        handle=_request,
        description="Ask representatives for a report after meetings of the last 14 days.",
    )
)
