"""The answers to advice: ``record_response`` adds one step to the answer (received →
considering → an outcome → implemented), tells the arena's members and -- only for
public advice -- the organisation behind the original case proposal.

Permissions are checked with ``rules.has_perm`` (platform admins do not pass).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medvirk.accounts.models import User
from medvirk.appointments.domain.requests import recipients_for
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.dates import format_date
from medvirk.followup.domain.advice import ANSWER_RECORDED, advice_context, advice_link, can_answer
from medvirk.followup.enums import ANSWERED, NEXT_STATUSES, AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.notifications import (
    send_advice_answered_to_member,
    send_advice_answered_to_proposers,
)
from medvirk.meetings.domain.documents import check_case_document
from medvirk.meetings.selectors import seat_holders_with_email
from medvirk.people.models import Person

MAX_RESPONSE_LENGTH = 8000

_http_url = URLValidator(schemes=["http", "https"])


# --- Answers -------------------------------------------------------------------------


def _clean_response(
    advice: Advice,
    *,
    status: str,
    text: str,
    responded_on: datetime.date,
    link: str,
    today: datetime.date,
    last_on: datetime.date | None,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    current = AdviceStatus(advice.status)
    allowed = NEXT_STATUSES.get(advice.status, frozenset())
    if status not in allowed:
        if not allowed:
            errors["status"] = _(
                "Rådet har status «%(current)s» og er ferdig behandlet. Det kan ikke få nytt svar."
            ) % {"current": current.label}
        else:
            labels = ", ".join(
                f"«{AdviceStatus(value).label}»"
                for value in AdviceStatus.values
                if value in allowed
            )
            wanted = (
                AdviceStatus(status).label if status in AdviceStatus.values else (status or "–")
            )
            errors["status"] = _(
                "Rådet har status «%(current)s». Derfra kan det ikke få status «%(wanted)s», "
                "bare %(allowed)s."
            ) % {"current": current.label, "wanted": wanted, "allowed": labels}
    if status == AdviceStatus.NOT_FOLLOWED and not text:
        errors["text"] = _(
            "Skriv en begrunnelse. En begrunnelse må følge med når rådet ikke følges."
        )
    elif status in ANSWERED and not text:
        errors["text"] = _("Skriv svaret: hva tjenesten har bestemt eller gjort.")
    elif len(text) > MAX_RESPONSE_LENGTH:
        errors["text"] = _("Svaret kan være på høyst %(count)s tegn.") % {
            "count": MAX_RESPONSE_LENGTH
        }
    if responded_on > today:
        errors["responded_on"] = _("Datoen kan ikke være fram i tid.")
    elif responded_on < advice.given_on:
        errors["responded_on"] = _("Datoen kan ikke være før rådet ble gitt (%(date)s).") % {
            "date": format_date(advice.given_on, "SHORT_DATE_FORMAT")
        }
    elif last_on is not None and responded_on < last_on:
        errors["responded_on"] = _("Datoen kan ikke være før forrige svar (%(date)s).") % {
            "date": format_date(last_on, "SHORT_DATE_FORMAT")
        }
    if link:
        if len(link) > 200:
            errors["link"] = _("Lenken kan være på høyst 200 tegn.")
        else:
            try:
                _http_url(link)
            except ValidationError:
                errors["link"] = _(
                    "Skriv en hel nettadresse som begynner med https:// eller http://."
                )
    return errors


@transaction.atomic
def record_response(
    advice: Advice,
    *,
    by: User,
    status: str,
    text: str,
    responded_on: datetime.date | None = None,
    document: UploadedFile | None = None,
    link: str = "",
    today: datetime.date | None = None,
) -> AdviceResponse:
    """Record one step of the service's answer and tell those who should know."""
    if by is None or not can_answer(by, advice):
        raise PermissionDenied
    today = today or timezone.localdate()
    locked = (
        Advice.objects.select_for_update(of=("self",))
        .select_related("arena__owner", "meeting", "proposal__organisation", "addressee_user")
        .get(pk=advice.pk)
    )
    text = (text or "").strip()
    link = (link or "").strip()
    responded_on = responded_on or today
    last = locked.responses.order_by("-responded_on", "-pk").first()
    errors = _clean_response(
        locked,
        status=status,
        text=text,
        responded_on=responded_on,
        link=link,
        today=today,
        last_on=last.responded_on if last else None,
    )
    stored = None
    if document is not None and "document" not in errors:
        try:
            stored = check_case_document(document)
        except ValidationError as problem:
            errors["document"] = " ".join(problem.messages)
    if errors:
        raise ValidationError(errors)

    previous = locked.status
    response = AdviceResponse(
        advice=locked,
        status=status,
        text=text,
        link=link,
        responded_on=responded_on,
        by=by,
        by_name=by.name or by.email,
    )
    if stored is not None:
        content, _kind, original_name, _size = stored
        response.document_name = original_name
        response.document.save(content.name or "dokument", content, save=False)
    response.save()
    locked.status = status
    fields = ["status", "updated_at"]
    if locked.first_answer_on is None and status in ANSWERED:
        locked.first_answer_on = responded_on
        fields.append("first_answer_on")
    locked.save(update_fields=fields)
    told = _notify_answer(locked, response, today=today)
    log_activity(
        action=ANSWER_RECORDED,
        actor=by,
        obj=locked,
        organisation=locked.arena.owner,
        data={
            "response": response.pk,
            "from": previous,
            "to": status,
            "responded_on": responded_on.isoformat(),
            "document": bool(stored),
            "members_told": told["members"],
            "organisation_told": told["organisation"],
        },
    )
    return response


def current_members_with_email(advice: Advice, today: datetime.date) -> list[Person]:
    """The arena's seat holders (members and deputies) who have an e-mail, each once."""
    if advice.meeting is not None:
        return seat_holders_with_email(advice.meeting, on=today)
    memberships = (
        Membership.objects.current(today)
        .filter(arena_id=advice.arena_id)
        .exclude(person__email="")
        .select_related("person")
        .order_by("person__name", "pk")
    )
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.person_id, membership.person)
    return list(people.values())


def proposing_addresses(advice: Advice) -> list[str]:
    """Where the organisation (or person) behind the original case proposal is reached.
    Empty for closed advice: closed content never leaves the arena."""
    proposal = advice.proposal
    if proposal is None or not advice.is_public:
        return []
    if proposal.organisation is not None:
        return recipients_for(proposal.organisation)
    return [proposal.proposer_email] if proposal.proposer_email else []


def _notify_answer(
    advice: Advice, response: AdviceResponse, *, today: datetime.date
) -> dict[str, int]:
    context = {
        **advice_context(advice),
        "status": AdviceStatus(response.status).label,
        "response_text": response.text,
        "responded_on": response.responded_on,
        "has_document": bool(response.document),
        "response_link": response.link,
        "link": advice_link(advice),
    }
    people = current_members_with_email(advice, today)
    told: set[str] = set()
    for person in people:
        send_advice_answered_to_member(person, context)
        told.add(person.email.lower())
    outside = [a for a in proposing_addresses(advice) if a.lower() not in told]
    if outside:
        send_advice_answered_to_proposers(outside, context)
    return {"members": len(people), "organisation": len(outside)}
