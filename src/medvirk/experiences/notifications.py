"""Experience gathering's mails, queued through the outbox
(``notifications.domain.outbox``); each a template triple under
``mail/experiences/<name>/``."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from medvirk.experiences.models import Experience
from medvirk.notifications.domain.outbox import queue_mail

ANSWER_RECEIPT = "experiences/answer_receipt"


def send_answer_receipt(experience: Experience, *, token: str) -> int:
    """The receipt to the address the answer left, in the language it was written in,
    with the personal withdrawal link (the token is not stored; only its hash). It
    quotes nothing of the answer's text."""
    call = experience.call
    site = settings.SITE_URL.rstrip("/")
    return queue_mail(
        ANSWER_RECEIPT,
        to=[experience.contact_email],
        language=experience.language,
        context={
            "name": experience.contact_name,
            "call_title": call.title,
            "organisation_name": call.organisation.name,
            "purge_on": call.purge_due_on,
            "consent": experience.contact_consent,
            "withdraw_url": site + reverse("experiences:withdraw", args=[token]),
            "site_url": settings.SITE_URL,
        },
        reference=f"experiences.experience:{experience.pk}",
    )
