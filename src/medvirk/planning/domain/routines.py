"""Writing and publishing a service's routine for user involvement (models.py says how
the versions work)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.planning.enums import VersionStatus
from medvirk.planning.models import RoutineVersion
from medvirk.planning.routine_template import SECTION_FIELDS, SECTIONS

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SAVED = register_action(
    "planning.routine_saved", gettext_lazy("Lagret utkast til rutine for brukermedvirkning")
)
PUBLISHED = register_action(
    "planning.routine_published", gettext_lazy("Publiserte rutine for brukermedvirkning")
)
MAX_SECTION = 8000
MAX_NOTE = 300


def starting_text(service: Organisation) -> dict[str, str]:
    """What a new draft starts from: the published version, else the template's texts."""
    published = RoutineVersion.objects.published().filter(service=service).first()
    if published is not None:
        return {field: getattr(published, field) for field in SECTION_FIELDS}
    return {section.field: str(section.starter) for section in SECTIONS}


def _validate(sections: dict[str, str], change_note: str) -> None:
    errors: dict[str, str] = {}
    for field, text in sections.items():
        if len(text) > MAX_SECTION:
            errors[field] = _("Avsnittet kan ha høyst %(max)s tegn.") % {"max": MAX_SECTION}
    if not any(sections.values()):
        errors[SECTION_FIELDS[0]] = _("Skriv minst ett avsnitt i rutinen.")
    if len(change_note) > MAX_NOTE:
        errors["change_note"] = _("Beskrivelsen av endringen kan ha høyst %(max)s tegn.") % {
            "max": MAX_NOTE
        }
    if errors:
        raise ValidationError(errors)


def save_routine(
    service: Organisation, *, by: User, change_note: str = "", **sections: str
) -> RoutineVersion:
    """Save the service's draft; without a draft, start the next version from what is
    published. ``sections``: every field of :data:`SECTION_FIELDS`."""
    if not rules.has_perm("planning.change_routine", by, service):
        raise PermissionDenied
    if set(sections) != set(SECTION_FIELDS):
        raise TypeError(f"save_routine() needs exactly the sections {list(SECTION_FIELDS)}")
    texts = {field: str(value or "").strip() for field, value in sections.items()}
    note = str(change_note or "").strip()
    _validate(texts, note)
    with transaction.atomic():
        # Lock the service's row: two saves at once would both start a new draft.
        Organisation.objects.select_for_update().filter(pk=service.pk).first()
        draft = RoutineVersion.objects.drafts().filter(service=service).first()
        created = draft is None
        if draft is None:
            highest = RoutineVersion.objects.filter(service=service).aggregate(
                highest=Max("number")
            )["highest"]
            draft = RoutineVersion(service=service, number=(highest or 0) + 1)
        for field, text in texts.items():
            setattr(draft, field, text)
        draft.change_note = note
        draft.updated_by = by
        draft.save()
        log_activity(
            action=SAVED,
            actor=by,
            obj=draft,
            organisation=service,
            data={"version": draft.number, "new_version": created},
        )
    return draft


def publish_routine(service: Organisation, *, by: User) -> RoutineVersion:
    """Publish the service's draft; the version published before is kept as superseded."""
    if not rules.has_perm("planning.publish_routine", by, service):
        raise PermissionDenied
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=service.pk).first()
        draft = RoutineVersion.objects.drafts().filter(service=service).first()
        if draft is None:
            raise ValidationError(_("Det finnes ikke noe utkast å publisere."))
        if not any(getattr(draft, field) for field in SECTION_FIELDS):
            raise ValidationError(_("Utkastet er tomt. Skriv rutinen før du publiserer den."))
        previous = RoutineVersion.objects.published().filter(service=service).first()
        if previous is not None:
            previous.status = VersionStatus.SUPERSEDED
            previous.save(update_fields=["status", "updated_at"])
        draft.status = VersionStatus.PUBLISHED
        draft.published_at = timezone.now()
        draft.published_by = by
        draft.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        data: dict[str, Any] = {"version": draft.number}
        if previous is not None:
            data["replaces"] = previous.number
        log_activity(action=PUBLISHED, actor=by, obj=draft, organisation=service, data=data)
    return draft
