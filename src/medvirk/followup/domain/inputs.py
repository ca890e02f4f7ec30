"""Input (innspill) from an organisation to its representative on an agenda item, before
the meeting. The representative sees it on the meeting page and gets it by mail.

Only the organisation's admins send and delete input (``followup.send_input``, checked with
``rules.has_perm``: platform admins do not pass). The organisation is outside the arena, so
it gives input only on public items of a published agenda it may read; a closed item is
refused exactly as one that does not exist.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.rules import admin_organisation_ids
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.directory.models import Organisation
from medvirk.followup.domain.reports import absolute, seated_on_q
from medvirk.followup.models import OrganisationInput
from medvirk.followup.notifications import send_to_person
from medvirk.meetings.models import AgendaItem, Meeting
from medvirk.meetings.visibility import visible_items
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.accounts.models import User

SENT = register_action("followup.input.sent", gettext_lazy("Sendte innspill til representanten"))
DELETED = register_action(
    "followup.input.deleted", gettext_lazy("Slettet innspill til representanten")
)

MAX_TEXT = 6000


def meeting_open_for_input(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Input is taken from when the agenda is published until the meeting starts."""
    return (
        meeting.is_published
        and not meeting.is_cancelled
        and meeting.starts_at > (now or timezone.now())
    )


def representative_memberships(
    meeting: Meeting, organisation_ids: set[int] | list[int]
) -> QuerySet[Membership]:
    """Seats in the meeting's arena held for these organisations on the meeting day."""
    return (
        Membership.objects.filter(seated_on_q(meeting.local_date))
        .filter(arena_id=meeting.arena_id, represents_id__in=organisation_ids)
        .select_related("person", "represents")
        .order_by("represents__name", "person__name", "pk")
    )


def input_organisations(meeting: Meeting, user: Any) -> QuerySet[Organisation]:
    """Organisations the user is admin of that are represented in the meeting's arena."""
    admin_of = admin_organisation_ids(user)
    if not admin_of:
        return Organisation.objects.none()
    represented = (
        Membership.objects.filter(seated_on_q(meeting.local_date))
        .filter(arena_id=meeting.arena_id, represents_id__in=admin_of)
        .values("represents_id")
    )
    return Organisation.objects.filter(pk__in=represented).order_by("name", "pk")


def input_items(meeting: Meeting, user: Any) -> QuerySet[AgendaItem]:
    """Items input may be given on: public items of the published agenda the user reads."""
    return (
        visible_items(user)
        .filter(meeting=meeting, is_closed=False, meeting__agenda_published_at__isnull=False)
        .order_by("position", "number", "pk")
    )


def send_input(
    item: AgendaItem, *, by: User, organisation: Organisation, person: Person, text: str
) -> OrganisationInput:
    """Send the organisation's input on ``item`` to its representative ``person``."""
    if not rules.has_perm("followup.send_input", by, organisation):
        raise PermissionDenied
    meeting = Meeting.objects.select_related("arena").get(pk=item.meeting_id)
    if item.is_closed or not input_items(meeting, by).filter(pk=item.pk).exists():
        # A closed item is refused as if it did not exist: the organisation may not know.
        raise ValidationError({"item": _("Fant ikke saken på sakskartet.")})
    if meeting.is_cancelled:
        raise ValidationError({"item": _("Møtet er avlyst. Det tar ikke imot innspill.")})
    if meeting.starts_at <= timezone.now():
        raise ValidationError(
            {"item": _("Møtet har startet. Innspill må sendes før møtet begynner.")}
        )
    errors: dict[str, str] = {}
    seated = representative_memberships(meeting, [organisation.pk]).filter(person=person).exists()
    if not seated:
        errors["person"] = _(
            "%(person)s representerer ikke %(organisation)s i %(arena)s på møtedagen."
        ) % {"person": person.name, "organisation": organisation.name, "arena": meeting.arena.name}
    cleaned = (text or "").strip()
    if not cleaned:
        errors["text"] = _("Skriv innspillet.")
    elif len(cleaned) > MAX_TEXT:
        errors["text"] = _("Innspillet kan være på høyst %(max)s tegn (nå %(count)s).") % {
            "max": MAX_TEXT,
            "count": len(cleaned),
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = OrganisationInput.objects.create(
            meeting=meeting,
            item=item,
            organisation=organisation,
            person=person,
            text=cleaned,
            author=by,
        )
        log_activity(
            action=SENT,
            actor=by,
            obj=created,
            organisation=organisation,
            data={"meeting": meeting.pk, "item": item.pk, "person": person.pk},
        )
        send_to_person(
            person,
            "input_received",
            {
                "organisation_name": organisation.name,
                "arena_name": meeting.arena.name,
                "meeting_date": meeting.starts_at,
                "case_number": item.case_number,
                "item_title": item.title,
                "text": cleaned,
                "link": absolute(meeting.get_absolute_url()),
            },
        )
    return created


def delete_input(org_input: OrganisationInput, *, by: User) -> None:
    """The sending organisation's admins take input back, until the meeting starts."""
    if not rules.has_perm("followup.send_input", by, org_input.organisation):
        raise PermissionDenied
    with transaction.atomic():
        locked = (
            OrganisationInput.objects.select_for_update()
            .select_related("meeting", "organisation")
            .get(pk=org_input.pk)
        )
        if locked.meeting.starts_at <= timezone.now():
            raise ValidationError(_("Møtet har startet, så innspillet kan ikke slettes lenger."))
        log_activity(
            action=DELETED,
            actor=by,
            obj=locked,
            organisation=locked.organisation,
            data={"meeting": locked.meeting_id, "item": locked.item_id, "person": locked.person_id},
        )
        locked.delete()
