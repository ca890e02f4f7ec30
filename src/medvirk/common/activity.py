"""The one helper domain functions call to write the activity log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from medvirk.common.models import ActivityLog

if TYPE_CHECKING:
    from medvirk.accounts.models import User
    from medvirk.directory.models import Organisation


def log_activity(
    *,
    action: str,
    actor: User | None,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    actor_label: str = "",
    data: dict[str, Any] | None = None,
) -> ActivityLog:
    """Record that ``actor`` did ``action`` to ``obj`` in ``organisation``'s space.

    Call it inside the domain function's transaction, so the entry and the
    change it describes are saved together or not at all.
    """
    if actor is not None and not actor.is_authenticated:
        actor = None
    # The stored name of the object is a record: in the site's language, not the
    # actor's (a meeting's name holds a date, «Styremøte 07.12.2026»).
    with translation.override(settings.LANGUAGE_CODE):
        object_repr = str(obj)[:300] if obj is not None else ""
    return ActivityLog.objects.create(
        action=action,
        actor=actor,
        actor_label=actor_label or (actor.email if actor else ""),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=object_repr,
        organisation=organisation,
        data=data or {},
    )


def log_activity_each(
    objs: Sequence[models.Model],
    *,
    action: str,
    actor: User | None,
    organisation: Organisation | None = None,
    data: dict[str, Any] | None = None,
) -> list[ActivityLog]:
    """The same entry once per object, in one INSERT: one action that touches several
    objects, each of which must find it in its own history (a list of people whose
    accommodation needs were read). Called like :func:`log_activity`, in the domain
    function's transaction."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for obj in objs:
            entries.append(
                ActivityLog(
                    action=action,
                    actor=actor,
                    actor_label=actor.email if actor else "",
                    content_type=ContentType.objects.get_for_model(obj),
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:300],
                    organisation=organisation,
                    data=dict(data or {}),
                )
            )
    return ActivityLog.objects.bulk_create(entries)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose values changed, as ``{field: [old, new]}``."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
