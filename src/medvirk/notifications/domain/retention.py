"""The outbox's retention: a mail sent or failed holds addresses and a body, and is
deleted ``MEDVIRK_OUTBOX_RETENTION_DAYS`` after it was sent (or, failed, created), in
batches (medvirk.common.domain.retention), with the count logged."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import start_of_day_after
from medvirk.common.domain.retention import batch_leaders, batch_of, batch_size
from medvirk.notifications.models import MailStatus, OutboxMail

OUTBOX_PURGED = register_action(
    "notifications.outbox.purged",
    gettext_lazy("Slettet sendte og feilede e-poster (oppbevaringstiden var ute)"),
)


def outbox_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Mail of the day ``MEDVIRK_OUTBOX_RETENTION_DAYS`` before today, and older, is due."""
    days = int(settings.MEDVIRK_OUTBOX_RETENTION_DAYS)
    return start_of_day_after(timezone.localdate(now) - datetime.timedelta(days=days))


def expired_mail(now: datetime.datetime) -> QuerySet[OutboxMail]:
    """Mail sent before the cutoff, and mail that failed for good and was created before
    it. Pending and sending rows are never touched."""
    cutoff = outbox_cutoff(now)
    return OutboxMail.objects.filter(
        Q(status=MailStatus.SENT, sent_at__lt=cutoff)
        | Q(status=MailStatus.FAILED, created_at__lt=cutoff)
    )


def mail_batches_due(now: datetime.datetime) -> QuerySet[OutboxMail]:
    """The items of ``notifications.purge_outbox``: one leader per block of expired rows."""
    return batch_leaders(expired_mail(now), batch_size())


def purge_mail_batch(leader: OutboxMail, now: datetime.datetime) -> int:
    """Delete the expired rows of the leader's block (claimed by the caller); log the
    counts by status, never an address or a subject."""
    rows = batch_of(leader, expired_mail(now), batch_size())
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("pk")))
    deleted, _rows = rows.delete()
    log_activity(
        action=OUTBOX_PURGED,
        actor=None,
        actor_label="Medvirk",
        data={
            "deleted": deleted,
            "sent": counts.get(MailStatus.SENT, 0),
            "failed": counts.get(MailStatus.FAILED, 0),
            "retention_days": settings.MEDVIRK_OUTBOX_RETENTION_DAYS,
        },
    )
    return deleted
