"""Read queries about the outbox, for the platform admin's page."""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, QuerySet

from medvirk.notifications.models import MailStatus, OutboxMail


def failed_mails() -> QuerySet[OutboxMail]:
    """Mails that failed for good, newest first."""
    return OutboxMail.objects.filter(status=MailStatus.FAILED).order_by("-created_at", "-pk")


def mails_waiting_for_retry() -> QuerySet[OutboxMail]:
    """Mails that failed for a while and wait for their next attempt, next attempt first."""
    return OutboxMail.objects.filter(status=MailStatus.PENDING, attempts__gt=0).order_by(
        "next_attempt_at", "pk"
    )


def outbox_backlog(now: datetime.datetime) -> tuple[int, datetime.datetime | None]:
    """Rows due and still waiting at ``now``, and when the longest-waiting one fell due
    (None when none waits): one statement on the ``outbox_due`` index."""
    figures = OutboxMail.objects.filter(
        status=MailStatus.PENDING, next_attempt_at__lte=now
    ).aggregate(waiting=Count("pk"), oldest=Min("next_attempt_at"))
    return figures["waiting"], figures["oldest"]
