"""The appointments app's mails, queued through the outbox (``notifications.domain.outbox``);
each a template triple under ``mail/appointments/<name>/``, in the recipient's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail

if TYPE_CHECKING:
    from medvirk.appointments.models import AppointedSeat, AppointmentRequest, Nomination
    from medvirk.directory.models import Organisation
    from medvirk.people.models import Person


def send_consent_request(nomination: Nomination, *, link: str) -> int:
    """Ask the nominated person to confirm they are willing and consent to sharing."""
    person = nomination.person
    request = nomination.request
    return queue_mail(
        "appointments/consent",
        to=[person.email],
        language=person.preferred_language,
        context={
            "name": person.name,
            "organisation_name": nomination.organisation.name,
            "arena_name": request.arena.name,
            "owner_name": request.arena.owner.name,
            "link": link,
            "expires_at": nomination.consent_expires_at,
        },
    )


def send_request_invitation(
    request: AppointmentRequest, organisation: Organisation, *, to: Sequence[str], link: str
) -> int:
    """Invite an organisation to nominate candidates."""
    from medvirk.directory.enums import OrganisationKind

    return queue_mail(
        "appointments/invitation",
        to=to,
        language=settings.LANGUAGE_CODE,
        context={
            "organisation_name": organisation.name,
            "arena_name": request.arena.name,
            "owner_name": request.arena.owner.name,
            "title": request.title,
            "deadline": request.deadline,
            "is_umbrella": organisation.kind == OrganisationKind.UMBRELLA,
            "link": link,
        },
    )


def send_appointment_letter(
    seat: AppointedSeat, person: Person, *, letter_html: str, pdf: bytes, filename: str
) -> int:
    """The appointment letter: the letter as HTML, as text, and as a PDF attachment.

    The domain renders the letter (``appointments.domain.letters``) and passes its parts
    in, so this module does not import the domain that calls it."""
    request = seat.decision.request
    return queue_mail(
        "appointments/appointed",
        to=[person.email],
        language=person.preferred_language,
        context={
            "seat": seat,
            "person": person,
            "arena": request.arena,
            "request": request,
            "letter_html": letter_html,
        },
        attachments=[(filename, pdf, "application/pdf")],
    )


def send_not_appointed(person: Person, request: AppointmentRequest) -> int:
    """A kind word to a candidate who was not chosen."""
    arena = request.arena
    return queue_mail(
        "appointments/not_appointed",
        to=[person.email],
        language=person.preferred_language,
        context={"person": person, "arena": arena, "owner": arena.owner},
    )


def send_organisation_summary(
    organisation: Organisation,
    request: AppointmentRequest,
    outcomes: list[tuple[Nomination, Any]],
    *,
    to: Sequence[str],
) -> int:
    """The outcome for each candidate an organisation nominated, to its admins."""
    return queue_mail(
        "appointments/organisation_summary",
        to=to,
        language=settings.LANGUAGE_CODE,
        context={"organisation": organisation, "arena": request.arena, "outcomes": outcomes},
    )
