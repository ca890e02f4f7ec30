"""Yearly confirmation campaigns: every organisation's primary contact confirms or
corrects the entry through a personal link, without an account.

The link is ``/katalog/kampanjer/bekreft/<org_pk>/<token>/``. Only the SHA-256
hash of the token is stored, so the raw token exists only in the e-mail:

* ``start_campaign`` creates one recipient per organisation with a fresh token
  whose hash is stored; that first token is never sent anywhere.
* ``send_invitation`` (run by a task) issues the token that goes out in the
  mail, and stores its hash only once the mail has been accepted. The raw token
  therefore never passes through the task queue or the database.
* ``send_reminder`` cannot re-send the old link (it only has the hash), so it
  issues a new token and says so in the mail: the link in the first e-mail then
  stops working. If the reminder cannot be delivered, the old link is kept.

A link is good for one organisation, until the end of the day
``MEDVIRK_CAMPAIGN_LINK_DAYS`` after it was sent, and for one answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.tokens import hash_token, new_token
from medvirk.directory.domain.organisations import apply_confirmation
from medvirk.directory.enums import CampaignStatus, RecipientState, RegionKind
from medvirk.directory.models import (
    Campaign,
    CampaignRecipient,
    Contact,
    Organisation,
    Region,
)
from medvirk.notifications.domain.outbox import render_mail

if TYPE_CHECKING:
    from medvirk.accounts.models import User

STARTED = register_action(
    "directory.campaign.started", gettext_lazy("Startet bekreftelseskampanje")
)
INVITATION_SENT = register_action(
    "directory.campaign.invitation_sent", gettext_lazy("Sendte lenke til bekreftelse")
)
INVITATION_FAILED = register_action(
    "directory.campaign.invitation_failed", gettext_lazy("Kunne ikke sende lenke til bekreftelse")
)
REMINDER_SENT = register_action(
    "directory.campaign.reminder_sent", gettext_lazy("Sendte påminnelse om bekreftelse")
)
REMINDER_FAILED = register_action(
    "directory.campaign.reminder_failed", gettext_lazy("Kunne ikke sende påminnelse om bekreftelse")
)
LINK_OPENED = register_action(
    "directory.campaign.link_opened", gettext_lazy("Åpnet lenken til bekreftelse")
)

# What a contact person may correct through the link. Type, visibility in the
# directory, parent and umbrellas stay with the organisation's administrators.
CORRECTABLE_FIELDS = (
    "name",
    "org_number",
    "level",
    "regions",
    "target_groups",
    "website",
    "description",
)
MAIL_LANGUAGE = "nb"
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")


class LinkError(Exception):
    """A campaign link that cannot be used (see the subclasses)."""


class LinkInvalid(LinkError):
    """Unknown token, or a token for another organisation. Says nothing more."""


class LinkExpired(LinkError):
    pass


class LinkUsed(LinkError):
    pass


# --- Tokens and links -----------------------------------------------------------


def link_for(recipient: CampaignRecipient, token: str) -> str:
    path = reverse(
        "directory:confirm", kwargs={"org_pk": recipient.organisation_id, "token": token}
    )
    return settings.SITE_URL.rstrip("/") + path


def link_deadline(sent_at: datetime) -> datetime:
    """The end of the (local) day ``MEDVIRK_CAMPAIGN_LINK_DAYS`` after sending."""
    local = timezone.localtime(sent_at) + timedelta(days=settings.MEDVIRK_CAMPAIGN_LINK_DAYS)
    return local.replace(hour=23, minute=59, second=59, microsecond=0)


def validate_no_markup(value: str) -> None:
    """Entries are plain text: refuse anything that looks like an HTML tag."""
    if value and _MARKUP.search(value):
        raise ValidationError(
            _("Skriv ren tekst uten HTML-koder (tegnet < kan ikke stå foran en bokstav)."),
            code="markup",
        )


# --- Starting a campaign ----------------------------------------------------------


def organisations_for(region: Region | None) -> QuerySet[Organisation]:
    """All organisations, or those serving ``region`` (a fylke includes its kommuner)."""
    queryset = Organisation.objects.all()
    if region is None:
        return queryset
    if region.kind == RegionKind.FYLKE:
        regions = Region.objects.filter(Q(pk=region.pk) | Q(parent=region))
    else:
        regions = Region.objects.filter(pk=region.pk)
    return queryset.filter(
        pk__in=Organisation.regions.through.objects.filter(region__in=regions).values(
            "organisation_id"
        )
    )


def start_campaign(*, by: User, name: str, region: Region | None = None) -> Campaign:
    if not rules.has_perm("directory.manage_campaigns", by):
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Gi kampanjen et navn.")})
    if len(name) > 200:
        raise ValidationError({"name": _("Navnet kan ha høyst 200 tegn.")})
    now = timezone.now()
    with transaction.atomic():
        organisations = list(
            organisations_for(region)
            .only("pk", "name")
            .prefetch_related(
                Prefetch(
                    "contacts",
                    queryset=Contact.objects.filter(is_primary=True).exclude(email=""),
                    to_attr="primary_contacts",
                )
            )
        )
        if not organisations:
            raise ValidationError({"region": _("Ingen organisasjoner er registrert i området.")})
        campaign = Campaign.objects.create(name=name, region=region, started_by=by)
        recipients = []
        for organisation in organisations:
            primaries = getattr(organisation, "primary_contacts", [])
            primary = primaries[0] if primaries else None
            recipients.append(
                CampaignRecipient(
                    campaign=campaign,
                    organisation=organisation,
                    email=primary.email if primary else "",
                    token_hash=new_token()[1],
                    state=RecipientState.PENDING if primary else RecipientState.NO_CONTACT,
                    expires_at=link_deadline(now),
                )
            )
        CampaignRecipient.objects.bulk_create(recipients, batch_size=500)
        pending = list(
            campaign.recipients.filter(state=RecipientState.PENDING).values_list("pk", flat=True)
        )
        log_activity(
            action=STARTED,
            actor=by,
            obj=campaign,
            data={
                "region": region.name if region else None,
                "recipients": len(recipients),
                "no_contact": len(recipients) - len(pending),
            },
        )
        transaction.on_commit(lambda: _enqueue_invitations(pending))
    return campaign


def _enqueue_invitations(recipient_ids: Sequence[int]) -> None:
    from medvirk.directory.tasks import send_campaign_invitation

    for recipient_id in recipient_ids:
        send_campaign_invitation.enqueue(recipient_id)


# --- Sending ----------------------------------------------------------------------


def _build_message(
    recipient: CampaignRecipient, token: str, *, reminder: bool
) -> EmailMultiAlternatives:
    kind = "reminder" if reminder else "invitation"
    context = {
        "organisation_name": recipient.organisation.name,
        "campaign_name": recipient.campaign.name,
        "link": link_for(recipient, token),
        "deadline": recipient.expires_at,
    }
    subject, text, html = render_mail(f"directory/{kind}", context, MAIL_LANGUAGE)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    return message


def _deliver(message: EmailMultiAlternatives) -> str:
    """Send at once through the real delivery backend; the error text, or "" if sent."""
    try:
        connection = get_connection(settings.MEDVIRK_EMAIL_DELIVERY_BACKEND, fail_silently=False)
        sent = connection.send_messages([message])
    except Exception as error:
        return f"{type(error).__name__}: {error}"[:300]
    if not sent:
        return _("E-posttjeneren tok ikke imot meldingen.")
    return ""


def send_invitation(recipient_id: int) -> CampaignRecipient:
    """Mail the personal link to one recipient; record FAILED with the error if it bounces."""
    recipient = CampaignRecipient.objects.select_related("campaign", "organisation").get(
        pk=recipient_id
    )
    if recipient.state != RecipientState.PENDING or not recipient.email:
        return recipient
    now = timezone.now()
    token, token_hash = new_token()
    recipient.expires_at = link_deadline(now)
    error = _deliver(_build_message(recipient, token, reminder=False))
    with transaction.atomic():
        locked = CampaignRecipient.objects.select_for_update().get(pk=recipient.pk)
        if locked.state != RecipientState.PENDING:
            return locked
        if error:
            locked.state = RecipientState.FAILED
            locked.failure = error
            locked.save(update_fields=["state", "failure"])
        else:
            locked.state = RecipientState.SENT
            locked.token_hash = token_hash
            locked.sent_at = now
            locked.expires_at = recipient.expires_at
            locked.failure = ""
            locked.save(update_fields=["state", "token_hash", "sent_at", "expires_at", "failure"])
        log_activity(
            action=INVITATION_FAILED if error else INVITATION_SENT,
            actor=None,
            obj=recipient.organisation,
            organisation=recipient.organisation,
            data={"campaign": recipient.campaign_id, "email": recipient.email, "error": error},
        )
    return locked


def due_reminders(now: datetime) -> QuerySet[CampaignRecipient]:
    """Recipients who got the link 14+ days ago and have not answered (the periodic job
    ``directory.campaign_reminders`` claims each by setting ``reminded_at``)."""
    due_before = now - timedelta(days=settings.MEDVIRK_CAMPAIGN_REMINDER_DAYS)
    # A subquery on the campaign, not a join: the claim must be an UPDATE of this one
    # table, so PostgreSQL re-checks ``reminded_at IS NULL`` on the locked row and two
    # runs can never both claim the same reminder.
    return CampaignRecipient.objects.filter(
        campaign__in=Campaign.objects.filter(status=CampaignStatus.RUNNING),
        state__in=[RecipientState.SENT, RecipientState.OPENED],
        responded_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__lte=due_before,
        expires_at__gt=now,
    )


def send_reminder(recipient: CampaignRecipient) -> CampaignRecipient:
    """Mail a reminder with a new link (the old one stops working once it is sent).

    The caller has claimed the reminder (``reminded_at``) in the same transaction: the
    periodic-job runner (``medvirk.directory.periodic``), so it is sent once.
    """
    recipient = CampaignRecipient.objects.select_related("campaign", "organisation").get(
        pk=recipient.pk
    )
    token, token_hash = new_token()
    error = _deliver(_build_message(recipient, token, reminder=True))
    with transaction.atomic():
        locked = CampaignRecipient.objects.select_for_update().get(pk=recipient.pk)
        if error:
            # The first link still works; show the failure on the dashboard.
            locked.state = RecipientState.FAILED
            locked.failure = error
            locked.save(update_fields=["state", "failure"])
        else:
            locked.token_hash = token_hash
            locked.failure = ""
            locked.save(update_fields=["token_hash", "failure"])
        log_activity(
            action=REMINDER_FAILED if error else REMINDER_SENT,
            actor=None,
            obj=recipient.organisation,
            organisation=recipient.organisation,
            data={"campaign": recipient.campaign_id, "email": recipient.email, "error": error},
        )
    return locked


# --- Using the link -----------------------------------------------------------------


def check_link(
    *, org_pk: int, token: str, now: datetime | None = None, lock: bool = False
) -> CampaignRecipient:
    """The recipient a link belongs to, or LinkInvalid / LinkUsed / LinkExpired."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        raise LinkInvalid
    queryset = CampaignRecipient.objects.select_related("campaign", "organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    recipient = queryset.filter(token_hash=hash_token(token)).first()
    if recipient is None or recipient.organisation_id != org_pk or recipient.sent_at is None:
        raise LinkInvalid
    if recipient.responded_at is not None:
        raise LinkUsed
    if now >= recipient.expires_at or recipient.campaign.status != CampaignStatus.RUNNING:
        raise LinkExpired
    return recipient


def open_link(*, org_pk: int, token: str, now: datetime | None = None) -> CampaignRecipient:
    """Check the link and note, the first time, that it was opened."""
    now = now or timezone.now()
    recipient = check_link(org_pk=org_pk, token=token, now=now)
    if recipient.opened_at is not None:
        return recipient
    with transaction.atomic():
        recipient = check_link(org_pk=org_pk, token=token, now=now, lock=True)
        if recipient.opened_at is None:
            recipient.opened_at = now
            if recipient.state in (RecipientState.SENT, RecipientState.FAILED):
                recipient.state = RecipientState.OPENED
            recipient.save(update_fields=["opened_at", "state"])
            log_activity(
                action=LINK_OPENED,
                actor=None,
                actor_label=recipient.email,
                obj=recipient.organisation,
                organisation=recipient.organisation,
                data={"campaign": recipient.campaign_id},
            )
    return recipient


def _check_plain_text(
    data: Mapping[str, Any] | None, contacts: Sequence[Mapping[str, Any]] | None
) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for field in ("name", "description", "website"):
        value = (data or {}).get(field)
        if isinstance(value, str):
            try:
                validate_no_markup(value)
            except ValidationError as error:
                errors.setdefault(field, []).append(error)
    for index, row in enumerate(contacts or ()):
        for field in ("name", "role"):
            value = row.get(field)
            if isinstance(value, str):
                try:
                    validate_no_markup(value)
                except ValidationError as error:
                    errors.setdefault("__all__", []).append(
                        ValidationError(
                            _("Kontaktperson %(number)s: %(problem)s")
                            % {"number": index + 1, "problem": error.messages[0]}
                        )
                    )
    if errors:
        raise ValidationError(errors)


def confirm(
    *,
    org_pk: int,
    token: str,
    data: Mapping[str, Any] | None = None,
    contacts: Sequence[Mapping[str, Any]] | None = None,
    now: datetime | None = None,
) -> CampaignRecipient:
    """Confirm the entry through its link, with corrections if given. The link is then used.

    ``data`` may hold only :data:`CORRECTABLE_FIELDS`; anything else is ignored.
    Everything is saved together or not at all.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Lock the recipient: of two submits at once, the second finds the link used.
        recipient = check_link(org_pk=org_pk, token=token, now=now, lock=True)
        organisation = Organisation.objects.select_for_update().get(pk=recipient.organisation_id)
        allowed = (
            {key: data[key] for key in CORRECTABLE_FIELDS if key in data}
            if data is not None
            else None
        )
        _check_plain_text(allowed, contacts)
        changes = apply_confirmation(
            organisation,
            actor_label=recipient.email,
            data=allowed,
            contacts=contacts,
        )
        recipient.responded_at = now
        recipient.opened_at = recipient.opened_at or now
        recipient.state = RecipientState.CHANGED if changes else RecipientState.CONFIRMED
        recipient.organisation = organisation
        recipient.save(update_fields=["responded_at", "opened_at", "state"])
    return recipient
