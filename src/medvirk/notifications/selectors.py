"""Read queries about the outbox, for the platform admin's page."""

from __future__ import annotations

from django.db.models import QuerySet

from medvirk.notifications.models import MailStatus, OutboxMail


def failed_mails() -> QuerySet[OutboxMail]:
    """Mails that failed for good, newest first."""
    return OutboxMail.objects.filter(status=MailStatus.FAILED).order_by("-created_at", "-pk")


def mails_waiting_for_retry() -> QuerySet[OutboxMail]:
    """Mails that failed for a while and wait for their next attempt, next attempt first."""
    return OutboxMail.objects.filter(status=MailStatus.PENDING, attempts__gt=0).order_by(
        "next_attempt_at", "pk"
    )
