"""Accommodation needs (tilrettelegging): health data under explicit consent.

The needs text never enters the activity log, exports other than the person's
own, the API or search. Withdrawing consent deletes the row. Every read of the
needs by anyone, the person included, is logged.

Permissions are tested against the rules directly, not with ``user.has_perm``:
Django grants a superuser every permission, and the platform admin must not
see health data.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.rules import organisation_ids_with_roles
from medvirk.common.activity import log_activity, log_activity_each
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import months_before
from medvirk.directory.models import Organisation
from medvirk.people.models import Accommodation, Person
from medvirk.people.rules import current_arena_owner_ids
from medvirk.people.selectors import ACCOMMODATION_READ

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CONSENTED = register_action(
    "people.accommodation.consented",
    gettext_lazy("Ga samtykke og registrerte behov for tilrettelegging"),
)
UPDATED = register_action(
    "people.accommodation.updated", gettext_lazy("Endret behov for tilrettelegging")
)
WITHDRAWN = register_action(
    "people.accommodation.withdrawn",
    gettext_lazy("Trakk samtykket tilbake; opplysningene om tilrettelegging er slettet"),
)
EXPIRED = register_action(
    "people.accommodation.expired",
    gettext_lazy(
        "Opplysningene om tilrettelegging ble slettet fordi personen ikke lenger sitter i "
        "noen arena (oppbevaringstiden var ute)"
    ),
)
READ = register_action(ACCOMMODATION_READ, gettext_lazy("Leste behov for tilrettelegging"))

MAX_NEEDS_LENGTH = 4000

# In what capacity someone read a person's needs (``data["as"]`` of a READ entry, one per
# person read): the person's own page lists who read them (people/selectors.py).
AS_SELF = "self"
AS_SECRETARIAT = "secretariat"
AS_ORGANISER = "organiser"
READER_ROLES = {
    AS_SELF: gettext_lazy("Deg selv"),
    AS_SECRETARIAT: gettext_lazy("Sekretariatet"),
    AS_ORGANISER: gettext_lazy("Kursarrangøren"),
}

# Shown above the consent box and stored with the consent.
ACCOMMODATION_PURPOSE = gettext_lazy(
    "Opplysningene brukes bare til å tilrettelegge møter og annet arbeid i rådene og "
    "utvalgene du sitter i. Bare du og sekretariatet for disse arenaene kan se dem, og "
    "hver gang noen leser dem, blir det logget. Du kan trekke samtykket når som helst; "
    "da slettes opplysningene."
)


def _clean(needs: str, purpose: str) -> tuple[str, str]:
    needs = (needs or "").strip()
    purpose = (purpose or "").strip()
    errors: dict[str, list[str]] = {}
    if not needs:
        errors["needs"] = [_("Beskriv hva du trenger av tilrettelegging.")]
    elif len(needs) > MAX_NEEDS_LENGTH:
        errors["needs"] = [
            _("Teksten kan være høyst %(max)s tegn (nå %(length)s).")
            % {"max": MAX_NEEDS_LENGTH, "length": len(needs)}
        ]
    if not purpose:
        errors["purpose"] = [_("Samtykket må ha et formål.")]
    if errors:
        raise ValidationError(errors)
    return needs, purpose


@transaction.atomic
def give_accommodation_consent(
    person: Person, *, by: User, needs: str, purpose: str, consent: bool = True
) -> Accommodation:
    if not rules.has_perm("people.manage_accommodation", by, person):
        raise PermissionDenied
    if not consent:
        raise ValidationError(
            {"consent": _("Du må krysse av for at du samtykker før vi kan lagre opplysningene.")}
        )
    needs, purpose = _clean(needs, purpose)
    Person.objects.select_for_update().get(pk=person.pk)
    if Accommodation.objects.filter(person=person).exists():
        raise ValidationError(_("Du har allerede gitt samtykke. Endre opplysningene i stedet."))
    accommodation = Accommodation.objects.create(
        person=person, needs=needs, consent_purpose=purpose, consent_given_at=timezone.now()
    )
    log_activity(action=CONSENTED, actor=by, obj=person)
    return accommodation


@transaction.atomic
def update_accommodation(person: Person, *, by: User, needs: str) -> Accommodation:
    if not rules.has_perm("people.manage_accommodation", by, person):
        raise PermissionDenied
    accommodation = Accommodation.objects.select_for_update().filter(person=person).first()
    if accommodation is None:
        raise ValidationError(_("Du har ikke gitt samtykke til å lagre tilrettelegging."))
    accommodation.needs, _purpose = _clean(needs, accommodation.consent_purpose)
    accommodation.save(update_fields=["needs", "updated_at"])
    log_activity(action=UPDATED, actor=by, obj=person)
    return accommodation


@transaction.atomic
def withdraw_accommodation_consent(person: Person, *, by: User) -> None:
    """Withdraw consent: the needs are deleted for good; the log says only that it happened."""
    if not rules.has_perm("people.manage_accommodation", by, person):
        raise PermissionDenied
    deleted, _rows = Accommodation.objects.filter(person=person).delete()
    if not deleted:
        raise ValidationError(_("Det finnes ikke noe samtykke å trekke tilbake."))
    log_activity(action=WITHDRAWN, actor=by, obj=person)


def read_accommodation(person: Person, *, by: User) -> Accommodation | None:
    """The person's accommodation needs, for those allowed to see them; logs the read.

    The transaction wraps the log entry only: a person page whose person has no needs on
    record costs one read, not a read between BEGIN and COMMIT."""
    if not rules.has_perm("people.view_accommodation", by, person):
        raise PermissionDenied
    accommodation = Accommodation.objects.filter(person=person).first()
    if accommodation is not None:
        organisation = None
        if person.user_id is not None and person.user_id == by.pk:
            data = {"as": AS_SELF}
        else:
            # The service whose secretariat let the reader in (the rule's own sets,
            # cached: no further query).
            data = {"as": AS_SECRETARIAT}
            shared = organisation_ids_with_roles(
                by, RoleKind.SECRETARIAT
            ) & current_arena_owner_ids(person)
            organisation = Organisation(pk=min(shared)) if shared else None
        with transaction.atomic():
            log_activity(action=READ, actor=by, obj=person, organisation=organisation, data=data)
    return accommodation


def record_reads(
    people: list[Person],
    *,
    by: User,
    organisation: Organisation,
    about: Model,
    reader_as: str = AS_SECRETARIAT,
) -> None:
    """Log that ``by`` read these people's needs for ``about`` (a meeting's or a course's
    list), one entry on each person, so that each finds the read among their own (never
    the needs). Called inside the reading domain function's transaction."""
    if people:
        log_activity_each(
            people,
            action=READ,
            actor=by,
            organisation=organisation,
            data={
                "as": reader_as,
                "about": str(about)[:200],
                str(about._meta.model_name): about.pk,
            },
        )


# --- Retention ---------------------------------------------------------------------------


def last_seat_day_due(today: datetime.date) -> datetime.date:
    """A person whose last seat ended on or before this day has run out the retention."""
    return months_before(today, int(settings.MEDVIRK_ACCOMMODATION_RETENTION_MONTHS))


def accommodations_due(now: datetime.datetime) -> QuerySet[Accommodation]:
    """Needs of people who have held a seat and whose every seat ended
    ``MEDVIRK_ACCOMMODATION_RETENTION_MONTHS`` ago or longer (a seat's end: the day it
    ended early, else the last day of its term). Anyone with a current or future seat,
    or a seat that ended within the period, keeps them. Someone who never held a seat
    keeps them while the consent stands (they are given for the seats to come).

    Seats (arenas.Membership, the layer above) are read through Person's reverse
    relation; the filter stays on Accommodation's own table (``person_id IN …``)."""
    cutoff = last_seat_day_due(timezone.localdate(now))
    sat = Person.objects.filter(memberships__isnull=False).values("pk")
    seated_since = Person.objects.filter(
        Q(memberships__ended_on__gt=cutoff)
        | Q(memberships__ended_on__isnull=True, memberships__ends_on__gt=cutoff)
    ).values("pk")
    return Accommodation.objects.filter(person_id__in=sat).exclude(person_id__in=seated_since)


def erase_expired_accommodation(accommodation: Accommodation, now: datetime.datetime) -> None:
    """Delete needs whose retention has run out (claimed by the periodic-job runner,
    ``people.erase_accommodation``); the log says only that it happened, on the person."""
    person = accommodation.person
    Accommodation.objects.filter(pk=accommodation.pk).delete()
    log_activity(
        action=EXPIRED,
        actor=None,
        actor_label="Medvirk",
        obj=person,
        data={
            "deleted": 1,
            "retention_months": settings.MEDVIRK_ACCOMMODATION_RETENTION_MONTHS,
        },
    )
