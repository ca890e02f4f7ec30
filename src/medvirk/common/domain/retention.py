"""Retention in batches, and the activity log's own retention.

A table that grows by thousands of rows a day (the activity log, the outbox) is purged
in batches: the items of its periodic job are *batch leaders*, the first expired row of
each block of ``size`` primary keys, and the handler deletes the expired rows of its
leader's block in one statement, in the item's own transaction, and logs the count
(never the contents). Overlapping runs list the same leaders; the claim
(:func:`medvirk.common.periodic.lock_claim`) waits for the first run's lock and then
finds the leader deleted, so each block is purged once.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, IntegerField, Min, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import months_before, start_of_day_after
from medvirk.common.models import ActivityLog

ACTIVITY_PURGED = register_action(
    "common.activity.purged",
    gettext_lazy("Slettet gamle oppføringer i aktivitetsloggen (oppbevaringstiden var ute)"),
)


def batch_size() -> int:
    return max(1, int(settings.MEDVIRK_RETENTION_BATCH_SIZE))


def batch_leaders(expired: QuerySet[Any], size: int) -> QuerySet[Any]:
    """The first row of each block of ``size`` primary keys among ``expired``, filtered on
    the table itself (``pk IN (SELECT MIN(pk) … GROUP BY pk / size)``)."""
    block = Cast(F("pk") / size, IntegerField())
    firsts = (
        expired.order_by()
        .annotate(block=block)
        .values("block")
        .annotate(first=Min("pk"))
        .values("first")
    )
    return expired.model._default_manager.filter(pk__in=firsts)


def batch_of(leader: Any, expired: QuerySet[Any], size: int) -> QuerySet[Any]:
    """The expired rows in the leader's block of primary keys."""
    start = (leader.pk // size) * size
    return expired.filter(pk__gte=start, pk__lt=start + size)


# --- The activity log ------------------------------------------------------------------


def activity_cutoff(now: datetime.datetime) -> datetime.datetime:
    """Entries created before this instant have run out their retention: those of the
    day ``MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS`` before today, and older."""
    months = int(settings.MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS)
    return start_of_day_after(months_before(timezone.localdate(now), months))


def expired_activity(now: datetime.datetime) -> QuerySet[ActivityLog]:
    return ActivityLog.objects.filter(created_at__lt=activity_cutoff(now))


def activity_batches_due(now: datetime.datetime) -> QuerySet[ActivityLog]:
    """The items of ``common.purge_activity_log``: one leader per block of expired entries."""
    return batch_leaders(expired_activity(now), batch_size())


def purge_activity_batch(leader: ActivityLog, now: datetime.datetime) -> int:
    """Delete the expired entries of the leader's block (claimed by the caller) and log
    how many; the entry that says so is new, so it is kept for the whole period."""
    size = batch_size()
    deleted, _rows = batch_of(leader, expired_activity(now), size).delete()
    log_activity(
        action=ACTIVITY_PURGED,
        actor=None,
        actor_label="Medvirk",
        data={
            "deleted": deleted,
            "before": activity_cutoff(now).isoformat(),
            "retention_months": settings.MEDVIRK_ACTIVITY_LOG_RETENTION_MONTHS,
        },
    )
    return deleted
