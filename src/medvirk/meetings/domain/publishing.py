"""Publishing a meeting's agenda: deadline check, the late reason, and the mails.

Two kinds of mail go out:

- every current seat holder of the arena on the meeting date (members and deputies)
  with an e-mail address gets the full agenda, closed items included and marked
  closed: they are inside the arena;
- every organisation represented in the arena gets the public items only
  (``visibility.public_items_only``): a closed item never leaves the arena.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.appointments.domain.requests import recipients_by_organisation
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.directory.models import Organisation
from medvirk.meetings import visibility
from medvirk.meetings.domain.agenda import check_manage
from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting
from medvirk.meetings.notifications import (
    send_agenda_published_to_member,
    send_agenda_published_to_organisation,
)
from medvirk.meetings.rules import represented_organisation_ids
from medvirk.meetings.selectors import seat_holders_with_email

if TYPE_CHECKING:
    from medvirk.accounts.models import User

AGENDA_PUBLISHED = register_action("meetings.agenda.published", gettext_lazy("Publiserte sakskart"))


@dataclass(frozen=True)
class OrganisationRecipient:
    organisation: Organisation
    emails: list[str]


def is_late(meeting: Meeting, today: Any = None) -> bool:
    """Today (Europe/Oslo) is after the last day to publish without a reason."""
    return (today or timezone.localdate()) > meeting.agenda_deadline


def organisation_recipients(meeting: Meeting) -> list[OrganisationRecipient]:
    """Organisations represented in the arena, each with where its mail goes.

    An organisation has no e-mail field of its own; it is reached the way the rest
    of Medvirk reaches it (``appointments.domain.requests.recipients_for``): its
    administrators, or its primary contact when it has none. Organisations with
    neither are skipped.
    """
    ids = list(represented_organisation_ids(meeting.arena))
    addresses = recipients_by_organisation(ids)
    return [
        OrganisationRecipient(organisation, addresses[organisation.pk])
        for organisation in Organisation.objects.filter(pk__in=addresses).order_by("name", "pk")
    ]


def _items(queryset: QuerySet[AgendaItem]) -> list[AgendaItem]:
    return list(
        queryset.order_by("position", "number").prefetch_related(
            Prefetch("documents", queryset=CaseDocument.objects.order_by("created_at", "pk"))
        )
    )


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail_context(meeting: Meeting, items: list[AgendaItem]) -> dict[str, Any]:
    rows = [
        {
            "item": item,
            "url": _absolute(reverse("meetings:item_detail", kwargs={"pk": item.pk})),
            "documents": [
                {"document": document, "url": _absolute(document.get_absolute_url())}
                for document in item.documents.all()
            ],
        }
        for item in items
    ]
    return {
        "meeting": meeting,
        "arena_name": meeting.arena.name,
        "owner_name": meeting.arena.owner.name,
        "starts_at": timezone.localtime(meeting.starts_at),
        "rows": rows,
        "late_reason": meeting.agenda_late_reason,
        "meeting_url": _absolute(meeting.get_absolute_url()),
        "pdf_url": _absolute(reverse("meetings:agenda_pdf", kwargs={"pk": meeting.pk})),
        "site_url": settings.SITE_URL,
    }


def send_agenda_mails(meeting: Meeting) -> tuple[int, list[str]]:
    """Mail the published agenda; return (people mailed, names of organisations mailed)."""
    everything = AgendaItem.objects.filter(meeting=meeting)
    # Seat holders are inside the arena: every item, closed ones marked closed.
    inside = _mail_context(meeting, _items(everything))
    people = seat_holders_with_email(meeting)
    for person in people:
        send_agenda_published_to_member(person, inside)
    # Organisations are outside the arena: public items only, never a closed one.
    outside = _mail_context(meeting, _items(visibility.public_items_only(everything)))
    organisations = organisation_recipients(meeting)
    for recipient in organisations:
        send_agenda_published_to_organisation(
            recipient.emails,
            {
                **outside,
                "organisation_name": recipient.organisation.name,
                "arena_is_public": meeting.arena.is_public,
            },
        )
    return len(people), [recipient.organisation.name for recipient in organisations]


@transaction.atomic
def publish_agenda(meeting: Meeting, *, by: User, late_reason: str = "") -> Meeting:
    """Publish the agenda and mail it to the arena's seat holders and organisations.

    After the arena's agenda deadline a reason is required; it is shown on the agenda.
    A published agenda is not published again: items can still be changed and
    documents added, and the agenda page always shows the current state.
    """
    check_manage(by, meeting)
    locked = Meeting.objects.select_for_update(of=("self",)).select_related("arena__owner")
    meeting_row = locked.get(pk=meeting.pk)
    if meeting_row.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Sakskartet kan ikke publiseres."))
    if meeting_row.is_published:
        published = timezone.localtime(meeting_row.agenda_published_at)
        raise ValidationError(
            _("Sakskartet ble publisert %(date)s og kan ikke publiseres på nytt.")
            % {"date": format_date(published, "SHORT_DATE_FORMAT")}
        )
    item_count = AgendaItem.objects.filter(meeting=meeting_row).count()
    if item_count == 0:
        raise ValidationError(_("Sakskartet har ingen saker. Legg til minst én sak først."))
    reason = (late_reason or "").strip()
    late = is_late(meeting_row)
    if late and not reason:
        raise ValidationError(
            {
                "late_reason": _(
                    "Fristen for å publisere sakskartet var %(date)s. Skriv hvorfor det "
                    "publiseres sent. Begrunnelsen vises på sakskartet."
                )
                % {"date": format_date(meeting_row.agenda_deadline, "SHORT_DATE_FORMAT")}
            }
        )
    if len(reason) > 2000:
        raise ValidationError({"late_reason": _("Begrunnelsen kan være høyst 2000 tegn.")})
    meeting_row.agenda_published_at = timezone.now()
    meeting_row.agenda_late_reason = reason if late else ""
    meeting_row.save(update_fields=["agenda_published_at", "agenda_late_reason", "updated_at"])
    people, organisations = send_agenda_mails(meeting_row)
    log_activity(
        action=AGENDA_PUBLISHED,
        actor=by,
        obj=meeting_row,
        organisation=meeting_row.arena.owner,
        data={
            "items": item_count,
            "late": late,
            "late_reason": meeting_row.agenda_late_reason,
            "people_mailed": people,
            "organisations_mailed": organisations,
        },
    )
    meeting.agenda_published_at = meeting_row.agenda_published_at
    meeting.agenda_late_reason = meeting_row.agenda_late_reason
    return meeting_row
