"""Follow-up's periodic jobs (see medvirk.common.periodic)."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from medvirk.common.periodic import Job, register, set_now
from medvirk.followup.domain import advice_reminders, reports
from medvirk.followup.domain.advice_reminders import AFTER, BEFORE, OVERDUE, REMINDER_FIELDS
from medvirk.followup.models import Advice, Report


def _advice_job(name: str, kind: str, description: str) -> Job:
    def due(now: datetime.datetime) -> QuerySet[Advice]:
        return advice_reminders.due_reminders(kind, timezone.localdate(now))

    def handle(advice: Advice, now: datetime.datetime) -> object:
        return advice_reminders.send_reminder(advice, kind=kind, today=timezone.localdate(now))

    return Job(
        name=name,
        due=due,
        claim=set_now(REMINDER_FIELDS[kind]),
        handle=handle,
        description=description,
    )


ADVICE_REMINDERS_BEFORE = register(
    _advice_job(
        "followup.advice_reminders_before",
        BEFORE,
        "Remind the addressee in the week before an advice's due date.",
    )
)
ADVICE_REMINDERS_AFTER = register(
    _advice_job(
        "followup.advice_reminders_after",
        AFTER,
        "Remind the addressee once the due date of an unanswered advice has passed.",
    )
)
ADVICE_OVERDUE_NOTICES = register(
    _advice_job(
        "followup.advice_overdue_notices",
        OVERDUE,
        "Tell the secretariat once that an advice is unanswered after its due date.",
    )
)


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
