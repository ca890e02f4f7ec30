"""Requests for candidates (bestilling): drafted, opened (inviting organisations),
closed at the deadline, or cancelled.

Invitations are chosen while the request is a draft; opening it mails the
administrators of each invited organisation and stamps ``notified_at``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role
from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest, Invitation
from medvirk.appointments.notifications import send_request_invitation
from medvirk.arenas.models import Arena
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import add_years
from medvirk.directory.enums import OrganisationKind
from medvirk.directory.models import Contact, Organisation
from medvirk.people.models import CompetenceArea

if TYPE_CHECKING:
    from medvirk.accounts.models import User

CREATED = register_action(
    "appointments.request.created", gettext_lazy("Opprettet forespørsel om kandidater")
)
UPDATED = register_action(
    "appointments.request.updated", gettext_lazy("Endret forespørsel om kandidater")
)
OPENED = register_action(
    "appointments.request.opened", gettext_lazy("Sendte forespørsel om kandidater")
)
CLOSED = register_action(
    "appointments.request.closed", gettext_lazy("Lukket forespørsel om kandidater")
)
CANCELLED = register_action(
    "appointments.request.cancelled", gettext_lazy("Avlyste forespørsel om kandidater")
)

INVITABLE_KINDS = (OrganisationKind.UMBRELLA, OrganisationKind.USER_ORG)
FIELDS = (
    "title",
    "member_seats",
    "deputy_seats",
    "term_starts_on",
    "term_ends_on",
    "requirements",
    "deadline",
)


def _validate(
    arena: Arena, data: dict[str, Any], organisations: list[Organisation]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not (data.get("title") or "").strip():
        errors.setdefault("title", []).append(_("Skriv en tittel."))
    if (data.get("member_seats") or 0) < 1:
        errors.setdefault("member_seats", []).append(
            _("Forespørselen må gjelde minst én medlemsplass.")
        )
    starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
    deadline = data.get("deadline")
    if starts and ends:
        if ends <= starts:
            errors.setdefault("term_ends_on", []).append(
                _("Perioden må slutte etter at den starter.")
            )
        elif ends > add_years(starts, arena.term_years):
            errors.setdefault("term_ends_on", []).append(
                _("Perioden kan være høyst %(years)s år for denne arenaen.")
                % {"years": arena.term_years}
            )
    if deadline:
        if deadline < timezone.localdate():
            errors.setdefault("deadline", []).append(_("Fristen kan ikke være passert."))
        elif starts and deadline >= starts:
            errors.setdefault("deadline", []).append(
                _("Fristen for forslag må være før perioden starter.")
            )
    if not organisations:
        errors.setdefault("organisations", []).append(
            _("Velg minst én organisasjon som skal inviteres.")
        )
    elif any(org.kind not in INVITABLE_KINDS for org in organisations):
        errors.setdefault("organisations", []).append(
            _("Bare brukerorganisasjoner og paraplyorganisasjoner kan inviteres.")
        )
    return errors


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: data.get(key) for key in FIELDS}
    cleaned["title"] = (cleaned["title"] or "").strip()
    cleaned["requirements"] = (cleaned["requirements"] or "").strip()
    cleaned["deputy_seats"] = cleaned["deputy_seats"] or 0
    return cleaned


@transaction.atomic
def create_request(
    *,
    arena: Arena,
    by: User,
    data: dict[str, Any],
    organisations: Iterable[Organisation],
    wanted_competence: Iterable[CompetenceArea] = (),
) -> AppointmentRequest:
    """A draft request; ``data`` holds the request's fields (see ``FIELDS``)."""
    if not rules.has_perm("appointments.manage_request", by, arena):
        raise PermissionDenied
    orgs = list(organisations)
    cleaned = _clean_data(data)
    errors = _validate(arena, cleaned, orgs)
    if errors:
        raise ValidationError(errors)
    request = AppointmentRequest.objects.create(arena=arena, created_by=by, **cleaned)
    request.wanted_competence.set(list(wanted_competence))
    Invitation.objects.bulk_create([Invitation(request=request, organisation=org) for org in orgs])
    log_activity(
        action=CREATED,
        actor=by,
        obj=request,
        organisation=arena.owner,
        data={"organisations": sorted(org.pk for org in orgs)},
    )
    return request


@transaction.atomic
def update_request(
    request: AppointmentRequest,
    *,
    by: User,
    data: dict[str, Any],
    organisations: Iterable[Organisation],
    wanted_competence: Iterable[CompetenceArea] = (),
) -> AppointmentRequest:
    if not rules.has_perm("appointments.manage_request", by, request):
        raise PermissionDenied
    locked = AppointmentRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != RequestStatus.DRAFT:
        raise ValidationError(_("Forespørselen er sendt og kan ikke endres lenger."))
    orgs = list(organisations)
    cleaned = _clean_data(data)
    errors = _validate(request.arena, cleaned, orgs)
    if errors:
        raise ValidationError(errors)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    locked.save()
    locked.wanted_competence.set(list(wanted_competence))
    locked.invitations.exclude(organisation__in=orgs).delete()
    existing = set(locked.invitations.values_list("organisation_id", flat=True))
    Invitation.objects.bulk_create(
        [Invitation(request=locked, organisation=org) for org in orgs if org.pk not in existing]
    )
    log_activity(action=UPDATED, actor=by, obj=locked, organisation=request.arena.owner)
    return locked


def recipients_for(organisation: Organisation) -> list[str]:
    """The organisation's administrators, or its primary contact if it has none."""
    return recipients_by_organisation([organisation.pk]).get(organisation.pk, [])


def recipients_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[str]]:
    """:func:`recipients_for` of many organisations in two queries, whatever their number:
    organisation id → addresses (organisations with neither are left out)."""
    ids = list(organisation_ids)
    admins: dict[int, set[str]] = {}
    for org_id, email in (
        Role.objects.filter(organisation_id__in=ids, role=RoleKind.ADMIN)
        .exclude(user__email="")
        .values_list("organisation_id", "user__email")
    ):
        admins.setdefault(org_id, set()).add(email)
    found = {org_id: sorted(emails) for org_id, emails in admins.items()}
    rest = [org_id for org_id in ids if org_id not in found]
    if rest:
        for org_id, email in (
            Contact.objects.filter(organisation_id__in=rest, is_primary=True)
            .exclude(email="")
            .order_by("organisation_id", "name", "pk")
            .values_list("organisation_id", "email")
        ):
            found.setdefault(org_id, []).append(email)
    return found


def _send_invitation_mail(request: AppointmentRequest, invitation: Invitation) -> None:
    to = recipients_for(invitation.organisation)
    if not to:
        return
    send_request_invitation(
        request,
        invitation.organisation,
        to=to,
        link=settings.SITE_URL.rstrip("/") + reverse("appointments:mine"),
    )


def open_blocker(request: AppointmentRequest) -> str | None:
    """Why the request cannot be sent now, or None if it can (the confirmation page asks
    this before offering the button; ``open_request`` asks it again on the locked row)."""
    if request.status != RequestStatus.DRAFT:
        return _("Bare utkast kan sendes. Denne forespørselen er allerede sendt.")
    if request.deadline < timezone.localdate():
        return _("Fristen er passert. Endre fristen før du sender forespørselen.")
    if not request.invitations.exists():
        return _("Velg minst én organisasjon som skal inviteres.")
    return None


def close_blocker(request: AppointmentRequest) -> str | None:
    """Why the request cannot be closed for nominations now, or None if it can."""
    if request.status != RequestStatus.OPEN:
        return _("Bare åpne forespørsler kan lukkes.")
    return None


def cancel_blocker(request: AppointmentRequest) -> str | None:
    """Why the request cannot be cancelled now, or None if it can."""
    if request.status in (RequestStatus.DECIDED, RequestStatus.CANCELLED):
        return _("Forespørselen er allerede %(status)s og kan ikke avlyses.") % {
            "status": request.get_status_display().lower()
        }
    return None


@transaction.atomic
def open_request(request: AppointmentRequest, *, by: User) -> AppointmentRequest:
    """Send the request: DRAFT → OPEN, and notify every invited organisation."""
    if not rules.has_perm("appointments.manage_request", by, request):
        raise PermissionDenied
    locked = (
        AppointmentRequest.objects.select_for_update()
        .select_related("arena__owner")
        .get(pk=request.pk)
    )
    if (blocker := open_blocker(locked)) is not None:
        raise ValidationError(blocker)
    invitations = list(locked.invitations.select_related("organisation"))
    now = timezone.now()
    locked.status = RequestStatus.OPEN
    locked.opened_at = now
    locked.save(update_fields=["status", "opened_at"])
    for invitation in invitations:
        _send_invitation_mail(locked, invitation)
        invitation.notified_at = now
        invitation.save(update_fields=["notified_at"])
    log_activity(
        action=OPENED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={"organisations": [i.organisation_id for i in invitations]},
    )
    return locked


def _close(locked: AppointmentRequest, *, by: User | None, automatic: bool) -> None:
    locked.status = RequestStatus.CLOSED
    locked.save(update_fields=["status"])
    log_activity(
        action=CLOSED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        actor_label="" if by else "Medvirk",
        data={"automatic": automatic},
    )


@transaction.atomic
def close_request(request: AppointmentRequest, *, by: User) -> AppointmentRequest:
    """Stop taking nominations: OPEN → CLOSED."""
    if not rules.has_perm("appointments.manage_request", by, request):
        raise PermissionDenied
    locked = (
        AppointmentRequest.objects.select_for_update()
        .select_related("arena__owner")
        .get(pk=request.pk)
    )
    if (blocker := close_blocker(locked)) is not None:
        raise ValidationError(blocker)
    _close(locked, by=by, automatic=False)
    return locked


def due_requests(day: datetime.date) -> QuerySet[AppointmentRequest]:
    """Open requests whose deadline passed before ``day`` (the periodic job
    ``appointments.close_due_requests`` claims each by setting it CLOSED)."""
    return AppointmentRequest.objects.filter(status=RequestStatus.OPEN, deadline__lt=day)


def claim_for_closing(items: QuerySet[AppointmentRequest], now: datetime.datetime) -> int:
    """The periodic job's claim: ONE conditional UPDATE (``items`` is ``due_requests``
    narrowed to one request); 0 means an overlapping run took it first."""
    return items.update(status=RequestStatus.CLOSED)


def close_at_deadline(request: AppointmentRequest) -> AppointmentRequest:
    """Close a request whose deadline has passed, as Medvirk (no user). The periodic job
    has claimed it (status CLOSED, one UPDATE) in the same transaction."""
    with transaction.atomic():
        locked = (
            AppointmentRequest.objects.select_for_update()
            .select_related("arena__owner")
            .get(pk=request.pk)
        )
        _close(locked, by=None, automatic=True)
    return locked


@transaction.atomic
def cancel_request(request: AppointmentRequest, *, by: User) -> AppointmentRequest:
    if not rules.has_perm("appointments.manage_request", by, request):
        raise PermissionDenied
    locked = (
        AppointmentRequest.objects.select_for_update()
        .select_related("arena__owner")
        .get(pk=request.pk)
    )
    if (blocker := cancel_blocker(locked)) is not None:
        raise ValidationError(blocker)
    locked.status = RequestStatus.CANCELLED
    locked.save(update_fields=["status"])
    log_activity(action=CANCELLED, actor=by, obj=locked, organisation=locked.arena.owner)
    return locked
