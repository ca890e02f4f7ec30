"""Advice (uttalelse/råd) from an arena to a decision-maker, the answers, and reminders.

- ``create_advice`` turns a statement item on a published agenda into advice to a
  decision-maker at the owning service or to another named body, with a due date.
- ``record_response`` adds one step to the answer (received → considering → an outcome →
  implemented), tells the arena's members and -- only for public advice -- the
  organisation behind the original case proposal.
- ``send_advice_reminders`` (daily, from ``run_periodic``) queues one task per reminder
  due; each task claims its reminder with one conditional UPDATE before it mails, so a
  reminder goes out once even when the queue holds it twice or the worker restarts.

Permissions are checked with ``rules.has_perm`` (platform admins do not pass):
closed advice carries closed agenda content.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from medvirk.appointments.domain.requests import recipients_for
from medvirk.arenas.domain.documents import sanitise_mandate
from medvirk.arenas.domain.memberships import secretariat_emails
from medvirk.arenas.models import Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.followup.cache import changed as figures_changed
from medvirk.followup.enums import ANSWERED, NEXT_STATUSES, AddresseeKind, AdviceStatus
from medvirk.followup.models import Advice, AdviceResponse
from medvirk.followup.notifications import send_template, send_to_person
from medvirk.meetings.domain.documents import check_case_document
from medvirk.meetings.enums import ItemKind, MeetingStatus, MinutesStatus
from medvirk.meetings.models import AgendaItem, Minutes, MinutesEntry
from medvirk.meetings.recipients import seat_holders_with_email
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
MAX_RESPONSE_LENGTH = 8000
REMINDER_DAYS_BEFORE = 7

# One task per reminder kind; each kind is claimed through its own timestamp.
BEFORE = "before"
AFTER = "after"
OVERDUE = "overdue"
REMINDER_FIELDS = {
    BEFORE: "reminded_before_at",
    AFTER: "reminded_after_at",
    OVERDUE: "overdue_notified_at",
}

_http_url = URLValidator(schemes=["http", "https"])


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


def _mail_addressee(advice: Advice, template: str, context: dict[str, Any]) -> bool:
    address = addressee_address(advice)
    if not address:
        return False
    send_template(
        template,
        {**_advice_context(advice), **context},
        [address],
        _language_of(advice.addressee_user),
    )
    return True


def _advice_context(advice: Advice) -> dict[str, Any]:
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
    clean_text = sanitise_mandate(text or "")
    if not plain_text(clean_text):
        approved = approved_entry_text(locked)
        if approved is not None and plain_text(approved):
            clean_text = sanitise_mandate(approved)
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
            "date": given_on.strftime("%d.%m.%Y")
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
    figures_changed(arena.owner_id)
    mailed = _mail_addressee(advice, "advice_new", {})
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
            "date": advice.given_on.strftime("%d.%m.%Y")
        }
    elif last_on is not None and responded_on < last_on:
        errors["responded_on"] = _("Datoen kan ikke være før forrige svar (%(date)s).") % {
            "date": last_on.strftime("%d.%m.%Y")
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
    figures_changed(locked.arena.owner_id)
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
        **_advice_context(advice),
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
        send_to_person(person, "advice_answered", context)
        told.add(person.email.lower())
    outside = [a for a in proposing_addresses(advice) if a.lower() not in told]
    if outside:
        send_template(
            "advice_answered",
            {**context, "name": "", "for_proposer": True},
            outside,
            settings.LANGUAGE_CODE,
        )
    return {"members": len(people), "organisation": len(outside)}


# --- Reminders -----------------------------------------------------------------------


def due_reminders(kind: str, today: datetime.date) -> QuerySet[Advice]:
    """Unanswered advice whose ``kind`` reminder is due on ``today`` and not yet claimed.

    "before": from seven days before the due date up to and including the due date;
    "after" (to the addressee) and "overdue" (to the secretariat): from the day after.
    """
    field = REMINDER_FIELDS[kind]
    pending = Advice.objects.exclude(status__in=ANSWERED).filter(**{f"{field}__isnull": True})
    if kind == BEFORE:
        return pending.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
        )
    return pending.filter(due_on__lt=today)


def send_advice_reminders(*, today: datetime.date | None = None) -> int:
    """Queue one task per reminder due today; returns how many were queued."""
    from medvirk.followup.tasks import send_advice_overdue_notice, send_advice_reminder

    today = today or timezone.localdate()
    day = today.isoformat()
    queued = 0
    for kind in (BEFORE, AFTER):
        for advice_id in due_reminders(kind, today).values_list("pk", flat=True):
            send_advice_reminder.enqueue(advice_id, kind, day)
            queued += 1
    for advice_id in due_reminders(OVERDUE, today).values_list("pk", flat=True):
        send_advice_overdue_notice.enqueue(advice_id, day)
        queued += 1
    return queued


def send_reminder(advice_id: int, *, kind: str, today: datetime.date | None = None) -> bool:
    """Claim the ``kind`` reminder of one advice and send it; False when it was not due
    any more or already claimed (by an earlier run or another worker).

    The claim is ONE conditional UPDATE, committed together with the queued mail.
    """
    if kind not in REMINDER_FIELDS:
        raise ValueError(kind)
    today = today or timezone.localdate()
    now = timezone.now()
    field = REMINDER_FIELDS[kind]
    with transaction.atomic():
        claimed = due_reminders(kind, today).filter(pk=advice_id).update(**{field: now})
        if not claimed:
            return False
        advice = Advice.objects.select_related("arena__owner", "addressee_user").get(pk=advice_id)
        context = {
            "days_left": (advice.due_on - today).days,
            "days_over": (today - advice.due_on).days,
        }
        if kind == OVERDUE:
            to = secretariat_emails(advice.arena.owner)
            send_template(
                "advice_overdue",
                {
                    **_advice_context(advice),
                    **context,
                    "link": advice_link(advice),
                    "name": "",
                    "addressee_address": addressee_address(advice),
                },
                to,
                settings.LANGUAGE_CODE,
            )
            mailed = bool(to)
        else:
            template = "advice_reminder_before" if kind == BEFORE else "advice_reminder_after"
            mailed = _mail_addressee(advice, template, context)
        log_activity(
            action=OVERDUE_NOTIFIED if kind == OVERDUE else REMINDED,
            actor=None,
            obj=advice,
            organisation=advice.arena.owner,
            data={
                "kind": kind,
                "due_on": advice.due_on.isoformat(),
                "mailed": mailed,
                "reason": "" if mailed else "no e-mail address",
            },
        )
    return True


# --- Lists ---------------------------------------------------------------------------


def overdue_q(today: datetime.date) -> Q:
    return ~Q(status__in=ANSWERED) & Q(due_on__lt=today)


def statement_items_without_advice(owner_ids: Iterable[int]) -> QuerySet[AgendaItem]:
    """Statement items on published agendas of the services' arenas that have no advice yet."""
    return AgendaItem.objects.filter(
        arena__owner_id__in=list(owner_ids),
        kind=ItemKind.STATEMENT,
        meeting__agenda_published_at__isnull=False,
        advice__isnull=True,
    ).exclude(meeting__status=MeetingStatus.CANCELLED)
