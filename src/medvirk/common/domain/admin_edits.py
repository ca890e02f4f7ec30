"""Writes made through Django's admin (roles, users, reference data): the ONLY code the
admin pages call to change data, so every admin edit writes an activity-log entry like any
other change (issue 12 item 9). The admin has already checked the staff user's model
permissions and validated the form; this saves and logs in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action

ADMIN_CREATED = register_action("admin.created", gettext_lazy("La til i administrasjonen"))
ADMIN_CHANGED = register_action("admin.changed", gettext_lazy("Endret i administrasjonen"))
ADMIN_DELETED = register_action("admin.deleted", gettext_lazy("Slettet i administrasjonen"))


def _organisation(obj: models.Model) -> Any:
    getter = getattr(obj, "get_organisation", None)
    if callable(getter):
        return getter()
    return getattr(obj, "organisation", None)


def _model(obj: models.Model) -> str:
    return str(obj._meta.label_lower)


def save_from_admin(obj: models.Model, *, by: Any, adding: bool, fields: list[str]) -> None:
    """Save ``obj`` as edited in the admin and log which fields changed (not their values:
    a user's password hash or a role need not be copied into the log)."""
    with transaction.atomic():
        obj.save()
        log_activity(
            action=ADMIN_CREATED if adding else ADMIN_CHANGED,
            actor=by,
            obj=obj,
            organisation=_organisation(obj),
            data={"model": _model(obj), "fields": sorted(fields)},
        )


def delete_from_admin(obj: models.Model, *, by: Any) -> None:
    """Delete ``obj`` from the admin, logging what it was first."""
    with transaction.atomic():
        log_activity(
            action=ADMIN_DELETED,
            actor=by,
            obj=obj,
            organisation=_organisation(obj),
            data={"model": _model(obj)},
        )
        obj.delete()
