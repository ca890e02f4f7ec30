"""The directory's mails, queued through the outbox (``notifications.domain.outbox``); each a
template triple under ``mail/directory/<name>/``.

Campaign mails are in bokmål whatever the sender's language (the recipient is an
organisation, not an account with a language), and each outbox row names its
recipient in ``reference`` (:func:`campaign_reference`), which is where the campaign
dashboard reads its sent, failed and waiting figures from.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from medvirk.directory.models import CampaignRecipient
from medvirk.notifications.domain.outbox import queue_mail

CAMPAIGN_LANGUAGE = "nb"
INVITATION = "directory/invitation"
REMINDER = "directory/reminder"
CAMPAIGN_REFERENCE = "directory.campaignrecipient:"


def campaign_reference(recipient_id: int) -> str:
    """The outbox ``reference`` of a campaign recipient's mails."""
    return f"{CAMPAIGN_REFERENCE}{recipient_id}"


def confirmation_link(recipient: CampaignRecipient, token: str) -> str:
    path = reverse(
        "directory:confirm", kwargs={"org_pk": recipient.organisation_id, "token": token}
    )
    return settings.SITE_URL.rstrip("/") + path


def _campaign_mail(name: str, recipient: CampaignRecipient, token: str) -> int:
    return queue_mail(
        name,
        to=[recipient.email],
        language=CAMPAIGN_LANGUAGE,
        context={
            "organisation_name": recipient.organisation.name,
            "campaign_name": recipient.campaign.name,
            "link": confirmation_link(recipient, token),
            "deadline": recipient.expires_at,
        },
        reference=campaign_reference(recipient.pk),
    )


def send_campaign_invitation(recipient: CampaignRecipient, token: str) -> int:
    """The personal link to confirm the organisation's entry."""
    return _campaign_mail(INVITATION, recipient, token)


def send_campaign_reminder(recipient: CampaignRecipient, token: str) -> int:
    """The reminder with a new link (the first link stops working once it is sent)."""
    return _campaign_mail(REMINDER, recipient, token)
