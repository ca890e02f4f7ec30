"""When the secretariat dashboard's cached sections must be rebuilt (issue 6).

The sections (upcoming meetings with their deadlines and item counts, open proposals per
arena, minutes not yet approved) are cached as HTML per user under the version of each
service they cover. A service's version changes whenever one of its arenas, meetings,
agenda items, case proposals or minutes is saved or deleted — by any code path, since
it hangs on the models' signals — both at once and again when the transaction commits
(a page read between the two would cache the old data under the first new version,
which the second retires). Besides the versions, the key holds the day (deadlines are
shown relative to today) and the entry expires when the next meeting in it starts (it
then moves from "upcoming" to "minutes waiting") or after ``TIMEOUT`` at the latest.

Bulk writes that skip signals (``QuerySet.update``, ``bulk_create``) are not used on
these models outside the national-scale generator; the timeout bounds what one would
leave behind. Use a shared cache (Redis) with more than one process: versions in a
per-process cache are bumped only in the process that made the change.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from medvirk.arenas.models import Arena
from medvirk.common import cache
from medvirk.meetings.models import AgendaItem, CaseProposal, Meeting, Minutes

NAMESPACE = "meetings:dashboard"
TIMEOUT = 300


def versions(service_ids: Iterable[int]) -> dict[int, str]:
    return cache.versions(NAMESPACE, service_ids)


def changed(service_id: int | None) -> None:
    """The service's dashboard data changed: a new version now and at commit."""
    if service_id is None:
        return
    cache.bump_versions(NAMESPACE, [service_id])
    transaction.on_commit(lambda: cache.bump_versions(NAMESPACE, [service_id]))


def _owner_of_arena(arena_id: int | None) -> int | None:
    if arena_id is None:
        return None
    return Arena.objects.filter(pk=arena_id).values_list("owner_id", flat=True).first()


def _owner_of_meeting(meeting_id: int | None) -> int | None:
    if meeting_id is None:
        return None
    return Meeting.objects.filter(pk=meeting_id).values_list("arena__owner_id", flat=True).first()


def _service_of(instance: Any) -> int | None:
    """The service that owns what ``instance`` belongs to (one small query, on writes
    only)."""
    if isinstance(instance, Arena):
        return instance.owner_id
    if isinstance(instance, (Meeting, CaseProposal)):
        return _owner_of_arena(instance.arena_id)
    return _owner_of_meeting(instance.meeting_id)


def _on_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    changed(_service_of(instance))


def connect() -> None:
    for model in (Arena, Meeting, AgendaItem, CaseProposal, Minutes):
        uid = f"dashboard-{model.__name__}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}-delete")
