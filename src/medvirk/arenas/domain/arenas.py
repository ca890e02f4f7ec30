"""Creating and changing arenas, their legal limits and reserved seats."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.documents import check_mandate_document
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.kinds import TEMPLATES, KindTemplate
from medvirk.arenas.models import Arena, ReservedSeat
from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.cache_registry import touch
from medvirk.common.richtext import clean_rich_text
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Organisation
from medvirk.people.models import CompetenceArea

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("arenas.arena.created", gettext_lazy("Opprettet arena"))
UPDATED = register_action("arenas.arena.updated", gettext_lazy("Endret arena"))
SEATS_SET = register_action(
    "arenas.arena.reserved_seats", gettext_lazy("Endret reserverte plasser")
)

# Fields a template gives a default for, and the other plain fields a caller may set.
TEMPLATE_FIELDS = (
    "level",
    "influence",
    "term_years",
    "max_age_at_appointment",
    "proposal_deadline_days",
    "agenda_deadline_days",
    "advice_response_weeks",
)
PLAIN_FIELDS = (
    "name",
    "mandate",
    "is_public",
    "public_proposals",
    "members_count",
    "deputies_count",
    "gender_balance",
    "gender_balance_deputies",
    "elderly_majority",
)
EDITABLE_FIELDS = TEMPLATE_FIELDS + PLAIN_FIELDS

COUNCIL_SOURCE = gettext_lazy(
    "kommuneloven § 5-12 og forskrift om kommunale og fylkeskommunale råd for eldre, "
    "personer med funksjonsnedsettelse og ungdom"
)


def template_for(kind: str) -> KindTemplate:
    return TEMPLATES[ArenaKind(kind)]


def template_defaults(kind: str) -> dict[str, Any]:
    template = template_for(kind)
    return {field: getattr(template, field) for field in TEMPLATE_FIELDS}


def check_limits(arena: Arena) -> None:
    """Every legal and practical limit on an arena's settings, in one place."""
    template = template_for(arena.kind)
    kind_label = ArenaKind(arena.kind).label
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if template.max_term_years is not None and (arena.term_years or 0) > template.max_term_years:
        add(
            "term_years",
            _("%(kind)s kan ha en periode på høyst %(years)s år (%(source)s).")
            % {"kind": kind_label, "years": template.max_term_years, "source": COUNCIL_SOURCE},
        )
    if template.max_age_at_appointment is not None:
        if arena.max_age_at_appointment is None:
            arena.max_age_at_appointment = template.max_age_at_appointment
        elif arena.max_age_at_appointment > template.max_age_at_appointment:
            add(
                "max_age_at_appointment",
                _(
                    "Medlemmene av et ungdomsråd må være under %(limit)s år når de velges, "
                    "så høyeste alder kan være %(age)s (%(source)s)."
                )
                % {
                    "limit": template.max_age_at_appointment + 1,
                    "age": template.max_age_at_appointment,
                    "source": COUNCIL_SOURCE,
                },
            )
    if arena.elderly_majority and not template.elderly_majority_available:
        add(
            "elderly_majority",
            _("Kravet om flertall av medlemmer over 60 år gjelder bare eldreråd."),
        )
    proposal = arena.proposal_deadline_days or 0
    agenda = arena.agenda_deadline_days or 0
    if agenda > proposal:
        add(
            "agenda_deadline_days",
            _(
                "Fristen for sakskart kan ikke være tidligere enn fristen for saksforslag: "
                "forslagene må komme inn før sakskartet sendes ut."
            ),
        )
    if arena.pk is not None:
        reserved = sum(s.seats for s in arena.reserved_seats.all())
        if arena.members_count is not None and reserved > arena.members_count:
            add(
                "members_count",
                _(
                    "Arenaen har %(reserved)s reserverte plasser, så antall medlemmer "
                    "kan ikke være lavere enn det."
                )
                % {"reserved": reserved},
            )
    if errors:
        raise ValidationError(errors)


def _validate(arena: Arena) -> None:
    """The kind's limits and the model's own validation, all problems reported at once."""
    errors: dict[str, Any] = {}
    try:
        check_limits(arena)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    try:
        arena.full_clean(exclude=["mandate_document"])
    except ValidationError as error:
        for field, messages in error.update_error_dict({}).items():
            if field not in errors:  # the legal message says it better
                errors[field] = messages
    if errors:
        raise ValidationError(errors)


def snapshot(arena: Arena) -> dict[str, Any]:
    if arena.pk is None:
        return {}
    data: dict[str, Any] = {field: getattr(arena, field) for field in EDITABLE_FIELDS}
    data["kind"] = arena.kind
    data["mandate_document"] = arena.mandate_document.name or ""
    data["required_competence"] = sorted(arena.required_competence.values_list("pk", flat=True))
    return data


def _apply(
    arena: Arena,
    fields: Mapping[str, Any],
    mandate_document: UploadedFile | None,
    required_competence: Iterable[CompetenceArea] | None,
) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown arena fields: {sorted(unknown)}")
    for field, value in fields.items():
        if field == "mandate":
            value = clean_rich_text(value or "")
        elif field == "name":
            value = (value or "").strip()
        setattr(arena, field, value)
    errors: dict[str, Any] = {}
    document = None
    if mandate_document is not None:
        try:
            document = check_mandate_document(mandate_document)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    try:
        _validate(arena)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if document is not None:
        if arena.mandate_document:
            arena.mandate_document.delete(save=False)
        arena.mandate_document.save(document.name or "mandat", document, save=False)
    arena.save()
    if required_competence is not None:
        arena.required_competence.set(list(required_competence))


def create_arena(
    *,
    by: User,
    owner: Organisation,
    kind: str,
    mandate_document: UploadedFile | None = None,
    required_competence: Iterable[CompetenceArea] | None = None,
    **fields: Any,
) -> Arena:
    """A new arena; fields not given (or given as None) take the kind's defaults."""
    if not rules.has_perm("arenas.add_arena", by, owner):
        raise PermissionDenied
    if kind not in ArenaKind.values:
        raise ValidationError({"kind": _("Velg en type arena fra listen.")})
    if owner.kind != OrganisationKind.SERVICE:
        raise ValidationError({"owner": _("Bare tjenesteytere kan eie arenaer.")})
    values = template_defaults(kind)
    values.update({k: v for k, v in fields.items() if v is not None})
    with transaction.atomic():
        arena = Arena(owner=owner, kind=kind)
        _apply(arena, values, mandate_document, required_competence)
        log_activity(
            action=CREATED,
            actor=by,
            obj=arena,
            organisation=owner,
            data={"changes": diff({}, snapshot(arena))},
        )
    return arena


def update_arena(
    arena: Arena,
    *,
    by: User,
    mandate_document: UploadedFile | None = None,
    required_competence: Iterable[CompetenceArea] | None = None,
    **fields: Any,
) -> Arena:
    """Change an arena's settings; a field given as None falls back to the kind's default."""
    if not rules.has_perm("arenas.change_arena", by, arena):
        raise PermissionDenied
    defaults = template_defaults(arena.kind)
    values = {k: (defaults[k] if v is None and k in defaults else v) for k, v in fields.items()}
    with transaction.atomic():
        arena = Arena.objects.select_for_update().get(pk=arena.pk)
        before = snapshot(arena)
        _apply(arena, values, mandate_document, required_competence)
        changes = diff(before, snapshot(arena))
        if changes:
            log_activity(
                action=UPDATED,
                actor=by,
                obj=arena,
                organisation=arena.owner,
                data={"changes": changes},
            )
    return arena


def set_reserved_seats(
    arena: Arena, *, by: User, seats: Sequence[Mapping[str, Any]]
) -> list[ReservedSeat]:
    """Replace the arena's reserved seats with ``seats`` (each: organisation or
    competence_area, and seats)."""
    if not rules.has_perm("arenas.change_arena", by, arena):
        raise PermissionDenied
    rows: list[ReservedSeat] = []
    errors: list[ValidationError] = []
    for index, row in enumerate(seats):
        seat = ReservedSeat(
            arena=arena,
            organisation=row.get("organisation"),
            competence_area=row.get("competence_area"),
            seats=row.get("seats") or 0,
        )
        if (seat.organisation is None) == (seat.competence_area is None):
            errors.append(
                ValidationError(
                    _("Reservert plass %(number)s: velg enten en organisasjon eller en kategori.")
                    % {"number": index + 1}
                )
            )
            continue
        if seat.seats < 1:
            errors.append(
                ValidationError(
                    _("Reservert plass %(number)s: antall plasser må være minst 1.")
                    % {"number": index + 1}
                )
            )
            continue
        rows.append(seat)
    total = sum(seat.seats for seat in rows)
    if total > arena.members_count:
        errors.append(
            ValidationError(
                _(
                    "Det er reservert %(total)s plasser, men arenaen har bare %(members)s "
                    "medlemmer. Reduser de reserverte plassene eller øk antall medlemmer."
                )
                % {"total": total, "members": arena.members_count}
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = [str(s) for s in arena.reserved_seats.select_related("organisation")]
        arena.reserved_seats.all().delete()
        ReservedSeat.objects.bulk_create(rows)
        if rows:  # bulk_create sends no signals (the delete above does)
            touch(ReservedSeat, *rows)
        after = [str(s) for s in rows]
        if before != after:
            log_activity(
                action=SEATS_SET,
                actor=by,
                obj=arena,
                organisation=arena.owner,
                data={"changes": {"reserved_seats": [before, after]}},
            )
    return rows
