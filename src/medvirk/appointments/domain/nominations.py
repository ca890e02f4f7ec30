"""Nominations: an organisation proposes a person; the candidate consents through
an e-mailed link; the organisation confirms that the candidate has its trust.

The consent link is ``/oppnevning/samtykke/<nomination_pk>/<token>/``. Only the
SHA-256 hash of the token is stored. The hash is kept after the candidate has
answered, so a reused link is told apart from a forged one; the status makes
the link work once.
"""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.rules import is_org_admin
from medvirk.appointments.enums import (
    LIVE_REQUEST_STATUSES,
    OPEN_NOMINATION_STATUSES,
    NominationLevel,
    NominationStatus,
    RequestStatus,
)
from medvirk.appointments.models import AppointmentRequest, Nomination
from medvirk.appointments.notifications import send_consent_request
from medvirk.appointments.rules import eligible_org_ids
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.tokens import hash_token, new_token
from medvirk.directory.models import Organisation
from medvirk.people.domain.profiles import create_person
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

NOMINATED = register_action("appointments.nomination.created", gettext_lazy("Foreslo en kandidat"))
CONSENTED = register_action(
    "appointments.nomination.consented", gettext_lazy("Kandidaten samtykket")
)
DECLINED = register_action(
    "appointments.nomination.declined", gettext_lazy("Kandidaten takket nei")
)
TRUST_CONFIRMED = register_action(
    "appointments.nomination.trust_confirmed",
    gettext_lazy("Bekreftet at kandidaten har organisasjonens tillit"),
)
WITHDRAWN = register_action("appointments.nomination.withdrawn", gettext_lazy("Trakk et forslag"))

CONSENT_VALID_DAYS = 14
MAX_TOKEN_LENGTH = 100
CRITERIA_FIELDS = (
    "representativeness",
    "motivation",
    "level",
    "capacity_note",
    "competence_note",
)


def consent_link(nomination: Nomination, token: str) -> str:
    path = reverse("appointments:consent", kwargs={"pk": nomination.pk, "token": token})
    return settings.SITE_URL.rstrip("/") + path


def _is_admin(by: User, organisation: Organisation) -> bool:
    return bool(by.is_authenticated and (by.is_platform_admin or is_org_admin(by, organisation)))


def _check_open(request: AppointmentRequest) -> None:
    if request.status != RequestStatus.OPEN:
        raise ValidationError(
            _("Forespørselen tar ikke imot forslag (status: %(status)s).")
            % {"status": request.get_status_display().lower()}
        )
    if request.deadline < timezone.localdate():
        raise ValidationError(
            _("Fristen for forslag gikk ut %(date)s. Nye forslag kan ikke sendes.")
            % {"date": format_date(request.deadline, "SHORT_DATE_FORMAT")}
        )


def _criteria(data: dict[str, Any]) -> dict[str, str]:
    criteria = {key: (data.get(key) or "").strip() for key in CRITERIA_FIELDS}
    if criteria["level"] and criteria["level"] not in NominationLevel.values:
        raise ValidationError({"level": _("Velg nasjonalt eller lokalt.")})
    return criteria


def _in_pool(person: Person, organisation: Organisation) -> bool:
    return (
        person.created_by_id == organisation.pk
        or person.affiliations.filter(organisation=organisation).exists()
    )


def _send_consent_mail(nomination: Nomination, token: str) -> None:
    send_consent_request(nomination, link=consent_link(nomination, token))


@transaction.atomic
def nominate(
    *,
    request: AppointmentRequest,
    by: User,
    organisation: Organisation,
    person: Person | None = None,
    name: str = "",
    email: str = "",
    criteria: dict[str, Any] | None = None,
) -> Nomination:
    """Propose ``person`` from the pool, or a new person (``name``, ``email``)."""
    if not _is_admin(by, organisation):
        raise PermissionDenied
    locked = (
        AppointmentRequest.objects.select_for_update()
        .select_related("arena__owner")
        .get(pk=request.pk)
    )
    if organisation.pk not in eligible_org_ids(locked):
        raise ValidationError(
            _(
                "%(organisation)s er ikke invitert til å foreslå kandidater, verken direkte "
                "eller gjennom en paraplyorganisasjon."
            )
            % {"organisation": organisation.name}
        )
    _check_open(locked)
    if not rules.has_perm("appointments.nominate", by, locked):
        raise PermissionDenied
    values = _criteria(criteria or {})
    if person is None:
        errors: dict[str, list[str]] = {}
        if not name.strip():
            errors["name"] = [_("Skriv navnet til den nye kandidaten.")]
        if not email.strip():
            errors["email"] = [_("Skriv e-postadressen, så kandidaten kan samtykke.")]
        if errors:
            raise ValidationError(errors)
        person = create_person(
            by=by, organisation=organisation, data={"name": name, "email": email}
        )
    else:
        if not _in_pool(person, organisation):
            raise ValidationError(
                {"person": _("Personen står ikke i organisasjonens oversikt over representanter.")}
            )
        if not person.email:
            raise ValidationError(
                {
                    "person": _(
                        "Personen mangler e-postadresse. Legg den inn i profilen først, "
                        "så kandidaten kan samtykke."
                    )
                }
            )
    if Nomination.objects.filter(request=locked, person=person).exists():
        raise ValidationError(
            {
                "person": _("%(name)s er allerede foreslått til denne forespørselen.")
                % {"name": person.name}
            }
        )
    token, token_hash = new_token()
    nomination = Nomination.objects.create(
        request=locked,
        organisation=organisation,
        person=person,
        created_by=by,
        consent_token_hash=token_hash,
        consent_expires_at=timezone.now() + timedelta(days=CONSENT_VALID_DAYS),
        **values,
    )
    _send_consent_mail(nomination, token)
    log_activity(
        action=NOMINATED,
        actor=by,
        obj=nomination,
        organisation=organisation,
        data={"request": locked.pk, "person": person.pk},
    )
    return nomination


def check_consent_link(pk: int, token: str) -> Nomination:
    """The nomination a consent link is good for; a ValidationError says why not."""
    invalid = ValidationError(_("Lenken er ikke gyldig."), code="invalid")
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise invalid
    nomination = (
        Nomination.objects.select_related("request__arena__owner", "organisation", "person")
        .filter(pk=pk)
        .first()
    )
    if nomination is None or not nomination.consent_token_hash:
        raise invalid
    if not hmac.compare_digest(nomination.consent_token_hash, hash_token(token)):
        raise invalid
    if nomination.status != NominationStatus.AWAITING_CONSENT:
        raise ValidationError(
            _("Du har allerede svart på denne forespørselen. Lenken virker bare én gang."),
            code="used",
        )
    if nomination.consent_expires_at is None or nomination.consent_expires_at <= timezone.now():
        raise ValidationError(
            _("Lenken er utløpt. Be organisasjonen som foreslo deg om å sende en ny."),
            code="expired",
        )
    if nomination.request.status in (RequestStatus.CANCELLED, RequestStatus.DECIDED):
        raise ValidationError(_("Forespørselen er avsluttet."), code="closed")
    return nomination


@transaction.atomic
def respond_to_consent(*, pk: int, token: str, accept: bool) -> Nomination:
    """The candidate (without logging in) consents to be proposed, or declines."""
    nomination = check_consent_link(pk, token)
    return _record_answer(nomination, accept=accept, actor=None)


@transaction.atomic
def respond_as_candidate(nomination: Nomination, *, by: User, accept: bool) -> Nomination:
    """The candidate, logged in, answers from "Mine oppdrag" instead of through the link."""
    if nomination.person.user_id is None or nomination.person.user_id != by.pk:
        raise PermissionDenied
    _check_request_live(nomination)
    return _record_answer(nomination, accept=accept, actor=by)


def _record_answer(nomination: Nomination, *, accept: bool, actor: User | None) -> Nomination:
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.status != NominationStatus.AWAITING_CONSENT:
        raise ValidationError(_("Du har allerede svart på denne forespørselen."), code="used")
    if accept:
        locked.status = NominationStatus.CONSENTED
        locked.consented_at = timezone.now()
    else:
        locked.status = NominationStatus.DECLINED
    locked.save(update_fields=["status", "consented_at", "updated_at"])
    log_activity(
        action=CONSENTED if accept else DECLINED,
        actor=actor,
        actor_label=nomination.person.name,
        obj=locked,
        organisation=nomination.organisation,
    )
    return locked


def _check_request_live(nomination: Nomination) -> None:
    if nomination.request.status not in LIVE_REQUEST_STATUSES:
        raise ValidationError(
            _("Forespørselen er %(status)s. Forslaget kan ikke endres.")
            % {"status": nomination.request.get_status_display().lower()}
        )


@transaction.atomic
def confirm_trust(nomination: Nomination, *, by: User) -> Nomination:
    """The organisation confirms that the consenting candidate has its trust."""
    if not rules.has_perm("appointments.confirm_trust", by, nomination):
        raise PermissionDenied
    locked = (
        Nomination.objects.select_for_update()
        .select_related("request", "organisation")
        .get(pk=nomination.pk)
    )
    _check_request_live(locked)
    if locked.status != NominationStatus.CONSENTED:
        raise ValidationError(
            _("Tillit kan bare bekreftes når kandidaten har samtykket (status nå: %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    locked.status = NominationStatus.CONFIRMED
    locked.trust_confirmed_at = timezone.now()
    locked.trust_confirmed_by = by
    locked.save(update_fields=["status", "trust_confirmed_at", "trust_confirmed_by", "updated_at"])
    log_activity(action=TRUST_CONFIRMED, actor=by, obj=locked, organisation=locked.organisation)
    return locked


@transaction.atomic
def withdraw_nomination(nomination: Nomination, *, by: User) -> Nomination:
    """The organisation, or the candidate through their account, withdraws the nomination."""
    if not rules.has_perm("appointments.withdraw_nomination", by, nomination):
        raise PermissionDenied
    locked = (
        Nomination.objects.select_for_update()
        .select_related("request", "organisation")
        .get(pk=nomination.pk)
    )
    _check_request_live(locked)
    if locked.status not in OPEN_NOMINATION_STATUSES:
        raise ValidationError(
            _("Forslaget kan ikke trekkes (status nå: %(status)s).")
            % {"status": locked.get_status_display().lower()}
        )
    locked.status = NominationStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    log_activity(action=WITHDRAWN, actor=by, obj=locked, organisation=locked.organisation)
    return locked
