"""Creating and changing representatives' profiles, affiliations and training."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import diff, log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.people.enums import SPOKEN_LANGUAGE_CODES, AffiliationKind
from medvirk.people.models import Affiliation, CompetenceArea, Course, Person, TrainingRecord

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action("people.person.created", gettext_lazy("Registrerte en person"))
UPDATED = register_action("people.person.updated", gettext_lazy("Endret en personprofil"))
AFFILIATION_ADDED = register_action(
    "people.affiliation.added", gettext_lazy("La til en tilknytning")
)
AFFILIATION_REMOVED = register_action(
    "people.affiliation.removed", gettext_lazy("Fjernet en tilknytning")
)
TRAINING_ADDED = register_action("people.training.added", gettext_lazy("Registrerte et kurs"))
TRAINING_REMOVED = register_action("people.training.removed", gettext_lazy("Fjernet et kurs"))

PROFILE_FIELDS = (
    "name",
    "email",
    "phone",
    "preferred_language",
    "languages",
    "capacity",
    "gender",
    "birth_year",
)
MIN_BIRTH_YEAR = 1900


def snapshot(person: Person) -> dict[str, Any]:
    if person.pk is None:
        return {}
    data: dict[str, Any] = {field: getattr(person, field) for field in PROFILE_FIELDS}
    data["competence_areas"] = sorted(person.competence_areas.values_list("pk", flat=True))
    return data


def _apply_profile(person: Person, data: Mapping[str, Any]) -> list[CompetenceArea] | None:
    """Set the profile fields from ``data`` and validate; the competence areas to set."""
    errors: dict[str, list[str]] = {}
    for field in PROFILE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in ("name", "email", "phone", "gender", "preferred_language"):
            value = (value or "").strip()
        setattr(person, field, value)
    languages = person.languages or []
    if not isinstance(languages, list) or any(
        code not in SPOKEN_LANGUAGE_CODES for code in languages
    ):
        errors.setdefault("languages", []).append(_("Velg språk fra listen."))
    else:
        person.languages = sorted(set(languages))
    this_year = timezone.localdate().year
    if person.birth_year is not None and not MIN_BIRTH_YEAR <= person.birth_year <= this_year:
        errors.setdefault("birth_year", []).append(
            _("Fødselsåret må være mellom %(min)s og %(max)s.")
            % {"min": MIN_BIRTH_YEAR, "max": this_year}
        )
    try:
        person.full_clean(exclude=["user", "created_by", "home_region", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    if "competence_areas" not in data:
        return None
    return list(data["competence_areas"] or [])


@transaction.atomic
def create_person(*, by: User, organisation: Organisation, data: Mapping[str, Any]) -> Person:
    """An organisation registers a person (before they have an account) in its pool."""
    if not rules.has_perm("people.add_person", by, organisation):
        raise PermissionDenied
    person = Person(created_by=organisation)
    areas = _apply_profile(person, data)
    person.save()
    if areas is not None:
        person.competence_areas.set(areas)
    Affiliation.objects.create(
        person=person,
        organisation=organisation,
        kind=AffiliationKind.POOL,
        since=timezone.localdate(),
    )
    log_activity(
        action=CREATED, actor=by, obj=person, organisation=organisation, data=snapshot(person)
    )
    return person


@transaction.atomic
def ensure_own_person(*, by: User) -> Person:
    """The logged-in user's own profile, created (from the account) if missing."""
    if not by.is_authenticated:
        raise PermissionDenied
    person = Person.objects.filter(user=by).first()
    if person is not None:
        return person
    person = Person.objects.create(user=by, name=by.name or by.email, email=by.email)
    log_activity(action=CREATED, actor=by, obj=person)
    return person


@transaction.atomic
def update_person(person: Person, *, by: User, data: Mapping[str, Any]) -> Person:
    if not rules.has_perm("people.change_person", by, person):
        raise PermissionDenied
    locked = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(locked)
    areas = _apply_profile(locked, data)
    locked.save()
    if areas is not None:
        locked.competence_areas.set(areas)
    changes = diff(before, snapshot(locked))
    if changes:
        log_activity(
            action=UPDATED, actor=by, obj=locked, organisation=locked.created_by, data=changes
        )
    return locked


@transaction.atomic
def add_affiliation(
    *,
    person: Person,
    organisation: Organisation,
    kind: str,
    by: User,
    since: date | None = None,
) -> Affiliation:
    """An organisation's admin ties a person they may see to the organisation."""
    if not rules.has_perm("people.manage_affiliation", by, organisation) or not rules.has_perm(
        "people.view_person", by, person
    ):
        raise PermissionDenied
    if kind not in AffiliationKind.values:
        raise ValidationError({"kind": _("Velg en tilknytning fra listen.")})
    if Affiliation.objects.filter(person=person, organisation=organisation, kind=kind).exists():
        raise ValidationError(_("Personen har allerede denne tilknytningen."))
    affiliation = Affiliation.objects.create(
        person=person, organisation=organisation, kind=kind, since=since or timezone.localdate()
    )
    log_activity(
        action=AFFILIATION_ADDED,
        actor=by,
        obj=person,
        organisation=organisation,
        data={"organisation": organisation.pk, "kind": kind},
    )
    return affiliation


@transaction.atomic
def remove_affiliation(affiliation: Affiliation, *, by: User) -> None:
    """The organisation's admin, the person themself or a platform admin ends a tie."""
    person = affiliation.person
    if not (
        rules.has_perm("people.manage_affiliation", by, affiliation.organisation)
        or (person.user_id is not None and person.user_id == by.pk)
    ):
        raise PermissionDenied
    data = {"organisation": affiliation.organisation_id, "kind": affiliation.kind}
    affiliation.delete()
    log_activity(
        action=AFFILIATION_REMOVED,
        actor=by,
        obj=person,
        organisation=affiliation.organisation,
        data=data,
    )


@transaction.atomic
def add_training_record(
    *,
    person: Person,
    by: User,
    completed_on: date | None,
    course: Course | None = None,
    course_name: str = "",
    provider: str = "",
) -> TrainingRecord:
    if not rules.has_perm("people.change_person", by, person):
        raise PermissionDenied
    course_name = (course_name or "").strip()
    errors: dict[str, list[str]] = {}
    if course is None and not course_name:
        errors["course"] = [_("Velg et kurs fra listen eller skriv navnet på kurset.")]
    if course is not None and course_name:
        errors["course_name"] = [_("Velg et kurs fra listen eller skriv et navn, ikke begge.")]
    if completed_on is None:
        errors["completed_on"] = [_("Skriv inn datoen kurset ble fullført.")]
    elif completed_on > timezone.localdate():
        errors["completed_on"] = [_("Datoen kan ikke være fram i tid.")]
    record = TrainingRecord(
        person=person,
        course=course,
        course_name=course_name,
        provider=(provider or "").strip(),
        completed_on=completed_on or timezone.localdate(),
    )
    try:
        record.full_clean(exclude=[*errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    record.save()
    log_activity(
        action=TRAINING_ADDED,
        actor=by,
        obj=person,
        organisation=person.created_by,
        data={"course": str(record), "completed_on": record.completed_on.isoformat()},
    )
    return record


@transaction.atomic
def remove_training_record(record: TrainingRecord, *, by: User) -> None:
    person = record.person
    if not rules.has_perm("people.change_person", by, person):
        raise PermissionDenied
    data = {"course": str(record), "completed_on": record.completed_on.isoformat()}
    record.delete()
    log_activity(
        action=TRAINING_REMOVED, actor=by, obj=person, organisation=person.created_by, data=data
    )


def pool_admin_organisations(user: User) -> Iterable[Organisation]:
    """Organisations whose pool this user manages."""
    from medvirk.accounts.enums import RoleKind
    from medvirk.directory.enums import OrganisationKind

    return Organisation.objects.filter(
        roles__user=user,
        roles__role=RoleKind.ADMIN,
        kind__in=[OrganisationKind.USER_ORG, OrganisationKind.UMBRELLA],
    ).distinct()
