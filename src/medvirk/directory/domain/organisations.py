"""Creating and changing directory entries. The only place that writes them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Contact, Organisation
from medvirk.directory.validators import normalise_orgnr

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("directory.organisation.created", gettext_lazy("Opprettet"))
UPDATED = register_action("directory.organisation.updated", gettext_lazy("Endret"))
CONFIRMED = register_action(
    "directory.organisation.confirmed", gettext_lazy("Bekreftet gjennom bekreftelseskampanje")
)

SCALAR_FIELDS = (
    "kind",
    "service_kind",
    "name",
    "org_number",
    "level",
    "parent",
    "website",
    "description",
    "is_public",
    "address",  # written by the register import (domain/register_import.py)
    "address_region",
)
FOREIGN_KEYS = ("parent", "address_region")
M2M_FIELDS = ("umbrellas", "regions", "target_groups")
CONTACT_FIELDS = ("name", "role", "email", "phone", "is_public", "is_primary")


def snapshot(organisation: Organisation) -> dict[str, Any]:
    """A plain, comparable picture of an entry, for the change log."""
    if organisation.pk is None:
        return {}
    data: dict[str, Any] = {}
    for field in SCALAR_FIELDS:
        value = getattr(organisation, f"{field}_id" if field in FOREIGN_KEYS else field)
        data[field] = value
    for field in M2M_FIELDS:
        data[field] = sorted(getattr(organisation, field).values_list("pk", flat=True))
    data["contacts"] = [
        {"id": c.pk, **{f: getattr(c, f) for f in CONTACT_FIELDS}}
        for c in organisation.contacts.order_by("pk")
    ]
    return data


def _check_structure(organisation: Organisation, umbrellas: Iterable[Organisation]) -> None:
    errors: dict[str, list[str]] = {}
    if organisation.kind != OrganisationKind.SERVICE:
        organisation.service_kind = ""
    elif not organisation.service_kind:
        errors.setdefault("service_kind", []).append(_("Velg hva slags tjenesteyter dette er."))
    if (
        organisation.org_number
        and Organisation.objects.filter(org_number=organisation.org_number)
        .exclude(pk=organisation.pk)
        .exists()
    ):
        errors.setdefault("org_number", []).append(
            _("En annen organisasjon er allerede registrert med dette organisasjonsnummeret.")
        )
    parent = organisation.parent
    seen = {organisation.pk} if organisation.pk else set()
    while parent is not None:
        if parent.pk in seen:
            errors.setdefault("parent", []).append(
                _("Et overordnet ledd kan ikke ligge under sin egen underenhet.")
            )
            break
        seen.add(parent.pk)
        parent = parent.parent
    for umbrella in umbrellas:
        if umbrella.kind != OrganisationKind.UMBRELLA:
            errors.setdefault("umbrellas", []).append(
                _("%(name)s er ikke en paraplyorganisasjon.") % {"name": umbrella.name}
            )
        if organisation.pk and umbrella.pk == organisation.pk:
            errors.setdefault("umbrellas", []).append(
                _("En organisasjon kan ikke være medlem av seg selv.")
            )
    if errors:
        raise ValidationError(errors)


def _sync_contacts(organisation: Organisation, contacts: Sequence[Mapping[str, Any]]) -> None:
    existing = {c.pk: c for c in organisation.contacts.all()}
    kept: list[Contact] = []
    errors: list[ValidationError] = []
    for index, row in enumerate(contacts):
        contact_id = row.get("id")
        if contact_id:
            contact = existing.get(int(contact_id))
            if contact is None:
                # An id from another organisation: never touch it.
                raise ValidationError(_("Kontaktpersonen finnes ikke i denne organisasjonen."))
        else:
            contact = Contact(organisation=organisation)
        if row.get("delete"):
            if contact.pk:
                contact.delete()
            continue
        for field in CONTACT_FIELDS:
            if field in row:
                setattr(contact, field, row[field] if row[field] is not None else "")
        try:
            contact.full_clean()
        except ValidationError as error:
            errors.append(
                ValidationError(
                    _("Kontaktperson %(number)s: %(problem)s")
                    % {"number": index + 1, "problem": "; ".join(error.messages)}
                )
            )
            continue
        kept.append(contact)
    # Contacts the rows do not mention stay as they are, and count too.
    mentioned = {c.pk for c in kept if c.pk} | {
        int(row["id"]) for row in contacts if row.get("id") and row.get("delete")
    }
    untouched = [c for pk, c in existing.items() if pk not in mentioned]
    if sum(1 for c in [*kept, *untouched] if c.is_primary) > 1:
        errors.append(ValidationError(_("Bare én kontaktperson kan være hovedkontakt.")))
    if errors:
        raise ValidationError(errors)
    for contact in kept:
        contact.save()


def _apply(
    organisation: Organisation,
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] | None,
) -> None:
    for field in SCALAR_FIELDS:
        if field in data:
            value = data[field]
            if field == "org_number":
                value = normalise_orgnr(value or "")
            elif value is None and field not in FOREIGN_KEYS:
                value = ""
            setattr(organisation, field, value)
    umbrellas = list(data.get("umbrellas", organisation.umbrellas.all() if organisation.pk else []))
    # Report every problem at once: the structure checks and the model's own.
    errors: dict[str, Any] = {}
    try:
        _check_structure(organisation, umbrellas)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        # A duplicate number is already reported on its field; the constraint would repeat it.
        organisation.full_clean(validate_constraints="org_number" not in errors)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    organisation.save()
    for field in M2M_FIELDS:
        if field in data:
            getattr(organisation, field).set(data[field])
    if contacts is not None:
        _sync_contacts(organisation, contacts)


def apply_changes(
    organisation: Organisation,
    *,
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] | None = None,
) -> None:
    """Write ``data`` and ``contacts`` with the same rules as the forms; no permission check.

    For domain functions that have checked a broader permission themselves and
    run their own transaction and log entries (the CSV import). Raises
    ValidationError keyed by model field name.
    """
    _apply(organisation, data, contacts)


def create_organisation(
    *,
    by: User,
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] = (),
) -> Organisation:
    if not rules.has_perm("directory.add_organisation", by):
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation()
        _apply(organisation, data, contacts)
        log_activity(
            action=CREATED,
            actor=by,
            obj=organisation,
            organisation=organisation,
            data={"changes": diff({}, snapshot(organisation))},
        )
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    by: User,
    data: Mapping[str, Any],
    contacts: Sequence[Mapping[str, Any]] | None = None,
) -> Organisation:
    if not rules.has_perm("directory.change_organisation", by, organisation):
        raise PermissionDenied
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = snapshot(organisation)
        _apply(organisation, data, contacts)
        changes = diff(before, snapshot(organisation))
        if changes:
            log_activity(
                action=UPDATED,
                actor=by,
                obj=organisation,
                organisation=organisation,
                data={"changes": changes},
            )
    return organisation


def apply_confirmation(
    organisation: Organisation,
    *,
    actor_label: str,
    data: Mapping[str, Any] | None,
    contacts: Sequence[Mapping[str, Any]] | None,
) -> dict[str, Any]:
    """Store a confirmation (with or without corrections) made through a campaign link.

    The caller has already proven the right to do so (the link); this writes
    the changes, the confirmation date and the log entry, and returns the diff.
    """
    before = snapshot(organisation)
    if data is not None or contacts is not None:
        _apply(organisation, data or {}, contacts)
    organisation.last_confirmed_at = timezone.now()
    organisation.save(update_fields=["last_confirmed_at", "updated_at"])
    changes = diff(before, snapshot(organisation))
    log_activity(
        action=CONFIRMED,
        actor=None,
        actor_label=actor_label,
        obj=organisation,
        organisation=organisation,
        data={"changes": changes},
    )
    return changes
