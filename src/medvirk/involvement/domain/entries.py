"""Hand-made entries: involvement that happened outside Medvirk (a project group, a
dialogue conference, analysis work, hiring with lived experience), kept by the service's
secretariat. Automatic entries are never changed here (``involvement.change_entry``
refuses them): they are rewritten from their source by every collection."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.enums import Influence, Level
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.involvement.enums import EntryKind
from medvirk.involvement.models import InvolvementEntry
from medvirk.involvement.selectors import organisation_choices, people_choices
from medvirk.people.models import Person

ENTRY_CREATED = register_action(
    "involvement.entry_created", gettext_lazy("Førte inn medvirkning i loggen")
)
ENTRY_CHANGED = register_action(
    "involvement.entry_changed", gettext_lazy("Endret medvirkning i loggen")
)
ENTRY_DELETED = register_action(
    "involvement.entry_deleted", gettext_lazy("Slettet medvirkning fra loggen")
)

# The fields the form edits (people and organisations apart: many-to-many).
ENTRY_FIELDS = (
    "date",
    "title",
    "description",
    "kind",
    "level",
    "degree",
    "arena",
    "project",
    "is_public",
)
EARLIEST = datetime.date(1990, 1, 1)


def _validate(
    service: Organisation,
    values: dict[str, Any],
    people: list[Person],
    organisations: list[Organisation],
) -> None:
    errors: dict[str, str] = {}
    day = values.get("date")
    if not isinstance(day, datetime.date):
        errors["date"] = _("Skriv datoen medvirkningen skjedde.")
    elif day > timezone.localdate():
        errors["date"] = _("Datoen kan ikke være i fremtiden. Loggen viser det som har skjedd.")
    elif day < EARLIEST:
        errors["date"] = _("Datoen kan ikke være før 1990.")
    title = values.get("title") or ""
    if not title:
        errors["title"] = _("Skriv hva medvirkningen gjaldt.")
    elif len(title) > 300:
        errors["title"] = _("Tittelen kan ha høyst 300 tegn.")
    if len(values.get("description") or "") > 4000:
        errors["description"] = _("Beskrivelsen kan ha høyst 4000 tegn.")
    if len(values.get("project") or "") > 200:
        errors["project"] = _("Prosjektnavnet kan ha høyst 200 tegn.")
    if values.get("kind") not in EntryKind.values:
        errors["kind"] = _("Velg hva slags medvirkning det var.")
    if values.get("level") not in Level.values:
        errors["level"] = _("Velg nivået medvirkningen var på.")
    if values.get("degree") not in Influence.values:
        errors["degree"] = _("Velg graden av medvirkning.")
    arena = values.get("arena")
    if arena is not None and arena.owner_id != service.pk:
        errors["arena"] = _("Velg en av tjenestens egne arenaer.")
    elif arena is not None and not arena.is_public and values.get("is_public"):
        errors["is_public"] = _(
            "Arenaen er ikke offentlig, så medvirkning i den kan ikke vises offentlig."
        )
    allowed_people = {pk for pk, _label in people_choices(service)}
    if any(person.pk not in allowed_people for person in people):
        errors["people"] = _(
            "Velg bare personer som har eller har hatt plass i tjenestens arenaer."
        )
    allowed_organisations = {pk for pk, _label in organisation_choices(service)}
    if any(organisation.pk not in allowed_organisations for organisation in organisations):
        errors["organisations"] = _(
            "Velg bare organisasjoner som er eller har vært representert i tjenestens arenaer."
        )
    if errors:
        raise ValidationError(errors)


def _cleaned(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for key in ("title", "description", "project"):
        cleaned[key] = str(values.get(key) or "").strip()
    cleaned["is_public"] = bool(values.get("is_public"))
    return cleaned


def create_entry(
    service: Organisation,
    *,
    by: Any,
    date: datetime.date,
    title: str,
    kind: str,
    level: str,
    degree: str,
    description: str = "",
    arena: Arena | None = None,
    project: str = "",
    is_public: bool = True,
    people: Iterable[Person] = (),
    organisations: Iterable[Organisation] = (),
) -> InvolvementEntry:
    """A hand-made entry in ``service``'s log."""
    if not rules.has_perm("involvement.add_entry", by, service):
        raise PermissionDenied
    values = _cleaned(
        {
            "date": date,
            "title": title,
            "description": description,
            "kind": kind,
            "level": level,
            "degree": degree,
            "arena": arena,
            "project": project,
            "is_public": is_public,
        }
    )
    people_list, organisation_list = list(people), list(organisations)
    _validate(service, values, people_list, organisation_list)
    with transaction.atomic():
        entry = InvolvementEntry.objects.create(service=service, created_by=by, **values)
        entry.people.set(people_list)
        entry.organisations.set(organisation_list)
        log_activity(
            action=ENTRY_CREATED,
            actor=by,
            obj=entry,
            organisation=service,
            data={"date": entry.date.isoformat(), "kind": entry.kind},
        )
    return entry


def update_entry(
    entry: InvolvementEntry,
    *,
    by: Any,
    people: Iterable[Person],
    organisations: Iterable[Organisation],
    **fields: Any,
) -> InvolvementEntry:
    """Change a hand-made entry (``fields``: any of :data:`ENTRY_FIELDS`)."""
    if not rules.has_perm("involvement.change_entry", by, entry):
        raise PermissionDenied
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"update_entry() got unknown fields: {sorted(unknown)}")
    values = _cleaned({key: getattr(entry, key) for key in ENTRY_FIELDS} | fields)
    people_list, organisation_list = list(people), list(organisations)
    _validate(entry.service, values, people_list, organisation_list)
    with transaction.atomic():
        changed = sorted(key for key in ENTRY_FIELDS if getattr(entry, key) != values[key])
        for key in ENTRY_FIELDS:
            setattr(entry, key, values[key])
        entry.save()
        entry.people.set(people_list)
        entry.organisations.set(organisation_list)
        log_activity(
            action=ENTRY_CHANGED,
            actor=by,
            obj=entry,
            organisation=entry.service,
            data={"fields": changed},
        )
    return entry


def delete_entry(entry: InvolvementEntry, *, by: Any) -> None:
    """Delete a hand-made entry (the log keeps its title and date)."""
    if not rules.has_perm("involvement.change_entry", by, entry):
        raise PermissionDenied
    with transaction.atomic():
        log_activity(
            action=ENTRY_DELETED,
            actor=by,
            obj=entry,
            organisation=entry.service,
            data={"date": entry.date.isoformat(), "title": entry.title},
        )
        entry.delete()
