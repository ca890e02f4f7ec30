"""Advice (uttalelse/råd) from an arena to a decision-maker: who may do what, creating it,
and the helpers its answers and reminders share.

- ``create_advice`` turns a statement item on a published agenda into advice to a
  decision-maker at the owning service or to another named body, with a due date.
- Answers are recorded in :mod:`medvirk.followup.domain.advice_answers`, reminders sent
  from :mod:`medvirk.followup.domain.advice_reminders`; their activity actions are
  registered here, so every label is known as soon as any advice module is imported.

Permissions are checked with ``rules.has_perm`` (platform admins do not pass):
closed advice carries closed agenda content.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.dates import format_date
from medvirk.common.richtext import clean_rich_text
from medvirk.followup.enums import AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice
from medvirk.followup.notifications import send_advice_new
from medvirk.meetings.enums import ItemKind, MinutesStatus
from medvirk.meetings.models import AgendaItem, Minutes, MinutesEntry
from medvirk.meetings.rules import is_arena_member
from medvirk.people.models import Person

if TYPE_CHECKING:
    from medvirk.directory.models import Organisation

CREATED = register_action("followup.advice.created", gettext_lazy("Sendte råd"))
ANSWER_RECORDED = register_action(
    "followup.advice.answered", gettext_lazy("Registrerte svar på råd")
)
REMINDED = register_action(
    "followup.advice.reminded", gettext_lazy("Sendte påminnelse om svar på råd")
)
OVERDUE_NOTIFIED = register_action(
    "followup.advice.overdue_notified",
    gettext_lazy("Varslet sekretariatet om råd uten svar etter fristen"),
)

MAX_TEXT_LENGTH = 20000

# --- Permissions (no superuser bypass) -----------------------------------------------


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_create(user: Any, item: AgendaItem) -> bool:
    return _authenticated(user) and bool(rules.has_perm("followup.create_advice", user, item))


def can_view(user: Any, advice: Advice) -> bool:
    # ``followup.view_advice`` includes ``meetings.rules.is_arena_member``, but that
    # predicate resolves only meetings objects to their arena (``arena_of``), not advice:
    # ask it about the advice's arena as well, so current members see closed advice.
    return bool(
        rules.has_perm("followup.view_advice", user, advice)
        or (_authenticated(user) and is_arena_member(user, advice.arena))
    )


def can_answer(user: Any, advice: Advice) -> bool:
    return _authenticated(user) and bool(rules.has_perm("followup.answer_advice", user, advice))


# --- Helpers --------------------------------------------------------------------------


def plain_text(text: str) -> str:
    """Sanitised rich text as plain text for a mail."""
    text = re.sub(r"</(p|li|h2|h3|h4)>|<br\s*/?>", "\n", text or "")
    lines = (html.unescape(line).strip() for line in strip_tags(text).splitlines())
    return "\n".join(line for line in lines if line)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def advice_link(advice: Advice) -> str:
    return _absolute(reverse("followup:advice_detail", kwargs={"pk": advice.pk}))


def decision_makers(owner: Organisation) -> QuerySet[User]:
    """Users with the decision-maker role at the service, by name."""
    return (
        User.objects.filter(
            is_active=True, roles__organisation=owner, roles__role=RoleKind.DECISION_MAKER
        )
        .distinct()
        .order_by("name", "email")
    )


def approved_entry_text(item: AgendaItem) -> str | None:
    """The item's entry in the meeting's approved minutes (sanitised HTML; "" when the
    minutes have no entry for it), or None when the minutes are not approved."""
    minutes = Minutes.objects.filter(
        meeting_id=item.meeting_id, status=MinutesStatus.APPROVED
    ).first()
    if minutes is None:
        return None
    entry = MinutesEntry.objects.filter(minutes=minutes, item=item).only("text").first()
    return entry.text if entry is not None else ""


def default_due_on(item: AgendaItem, given_on: datetime.date) -> datetime.date:
    return given_on + datetime.timedelta(weeks=item.arena.advice_response_weeks)


def _language_of(user: User | None) -> str:
    person = getattr(user, "person", None) if user is not None else None
    if isinstance(person, Person) and person.preferred_language:
        return person.preferred_language
    return settings.LANGUAGE_CODE


def addressee_address(advice: Advice) -> str:
    """Where mail to the addressee goes: the user's current address, else the one given."""
    user = advice.addressee_user
    if user is not None and user.email:
        return user.email
    return advice.addressee_email


def mail_addressee(
    advice: Advice,
    send: Callable[[Sequence[str], str, dict[str, Any]], int],
    context: dict[str, Any],
) -> bool:
    """Mail the addressee with ``send`` (a function of ``followup.notifications``)."""
    address = addressee_address(advice)
    if not address:
        return False
    send([address], _language_of(advice.addressee_user), {**advice_context(advice), **context})
    return True


def advice_context(advice: Advice) -> dict[str, Any]:
    return {
        "advice": advice,
        "arena_name": advice.arena.name,
        "owner_name": advice.arena.owner.name,
        "title": advice.title,
        "text": plain_text(advice.text),
        "given_on": advice.given_on,
        "due_on": advice.due_on,
        "addressee_name": advice.addressee_name,
        "is_closed": not advice.is_public,
        # Only a user can log in and answer; a body answers the secretariat by letter.
        "link": advice_link(advice) if advice.addressee_user_id else "",
        "name": advice.addressee_name,
    }


# --- Creating advice -----------------------------------------------------------------


def _clean_addressee(
    item: AgendaItem,
    *,
    addressee_kind: str,
    addressee_user: User | None,
    addressee_name: str,
    addressee_email: str,
    errors: dict[str, str],
) -> tuple[User | None, str, str]:
    addressee_name = " ".join((addressee_name or "").split())
    addressee_email = (addressee_email or "").strip()
    if addressee_kind == AddresseeKind.DECISION_MAKER:
        if addressee_user is None:
            errors["addressee_user"] = _("Velg hvilken beslutningstaker rådet skal til.")
            return None, "", ""
        holds_role = (
            addressee_user.is_active
            and addressee_user.roles.filter(
                organisation_id=item.arena.owner_id, role=RoleKind.DECISION_MAKER
            ).exists()
        )
        if not holds_role:
            errors["addressee_user"] = _(
                "Mottakeren må være beslutningstaker hos %(owner)s. Velg en fra listen."
            ) % {"owner": item.arena.owner.name}
            return None, "", ""
        return addressee_user, addressee_user.name or addressee_user.email, addressee_user.email
    if addressee_kind == AddresseeKind.BODY:
        if not addressee_name:
            errors["addressee_name"] = _("Skriv navnet på organet rådet skal til.")
        elif len(addressee_name) > 200:
            errors["addressee_name"] = _("Navnet kan være på høyst 200 tegn.")
        if addressee_email:
            try:
                validate_email(addressee_email)
            except ValidationError:
                errors["addressee_email"] = _(
                    "Skriv en gyldig e-postadresse, for eksempel post@kommune.no, "
                    "eller la feltet stå tomt."
                )
        return None, addressee_name, addressee_email
    errors["addressee_kind"] = _("Velg hvem rådet skal til.")
    return None, "", ""


@transaction.atomic
def create_advice(
    item: AgendaItem,
    *,
    by: User,
    addressee_kind: str,
    addressee_user: User | None = None,
    addressee_name: str = "",
    addressee_email: str = "",
    title: str = "",
    text: str = "",
    given_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
) -> Advice:
    """Send the arena's statement on ``item`` as advice to a decision-maker or a body.

    Once the minutes are approved the text defaults to the item's approved minutes
    entry; before that (the secretariat sending it early) the text must be written.
    """
    if by is None or not can_create(by, item):
        raise PermissionDenied
    locked = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("meeting", "arena__owner")
        .get(pk=item.pk)
    )
    meeting = locked.meeting
    if locked.kind != ItemKind.STATEMENT:
        raise ValidationError(_("Bare saker av typen uttalelse/råd kan sendes som råd."))
    if not meeting.is_published:
        raise ValidationError(
            _("Sakskartet er ikke publisert. Saken kan sendes som råd når sakskartet er publisert.")
        )
    if meeting.is_cancelled:
        raise ValidationError(_("Møtet er avlyst. Saken kan ikke sendes som råd."))
    if Advice.objects.filter(item=locked).exists():
        raise ValidationError(_("Saken er allerede sendt som råd. Hver sak kan gi ett råd."))

    errors: dict[str, str] = {}
    user, name, email = _clean_addressee(
        locked,
        addressee_kind=addressee_kind,
        addressee_user=addressee_user,
        addressee_name=addressee_name,
        addressee_email=addressee_email,
        errors=errors,
    )
    title = " ".join((title or "").split()) or locked.title
    if len(title) > 300:
        errors["title"] = _("Tittelen kan være på høyst 300 tegn.")
    clean_text = clean_rich_text(text or "")
    if not plain_text(clean_text):
        approved = approved_entry_text(locked)
        if approved is not None and plain_text(approved):
            clean_text = clean_rich_text(approved)
        elif approved is not None:
            errors["text"] = _(
                "Protokollen har ingen tekst for denne saken. Skriv uttalelsen rådet gir."
            )
        else:
            errors["text"] = _(
                "Skriv uttalelsen. Før protokollen er godkjent, hentes ikke teksten fra protokollen."
            )
    elif len(clean_text) > MAX_TEXT_LENGTH:
        errors["text"] = _("Teksten kan være på høyst %(count)s tegn.") % {"count": MAX_TEXT_LENGTH}
    given_on = given_on or meeting.local_date
    due_on = due_on or default_due_on(locked, given_on)
    if due_on <= given_on:
        errors["due_on"] = _("Svarfristen må være etter datoen rådet er gitt (%(date)s).") % {
            "date": format_date(given_on, "SHORT_DATE_FORMAT")
        }
    if errors:
        raise ValidationError(errors)

    arena = locked.arena
    advice = Advice.objects.create(
        arena=arena,
        item=locked,
        meeting=meeting,
        proposal_id=locked.proposal_id,
        title=title,
        text=clean_text,
        addressee_kind=addressee_kind,
        addressee_user=user,
        addressee_name=name,
        addressee_email=email,
        given_on=given_on,
        due_on=due_on,
        status=AdviceStatus.SENT,
        is_public=not locked.is_closed and arena.is_public,
        created_by=by,
    )
    mailed = mail_addressee(advice, send_advice_new, {})
    log_activity(
        action=CREATED,
        actor=by,
        obj=advice,
        organisation=arena.owner,
        data={
            "item": locked.pk,
            "number": locked.case_number,
            "addressee": name,
            "due_on": due_on.isoformat(),
            "public": advice.is_public,
            "mailed": mailed,
        },
    )
    return advice
