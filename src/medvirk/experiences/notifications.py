"""Experience gathering's mails, queued through the outbox
(``notifications.domain.outbox``); each a template triple under
``mail/experiences/<name>/``.

The mails of themes and cases from themes, one function per message, queued through
the outbox (``notifications.domain.outbox``).

The contributors' trail: a contributor who left an e-mail address and consented is told
when the case made from their theme is put on an agenda, given advice on, answered, and
finally decided.
Each mail goes to one contributor (never a list of them), in the language they answered
in; templates under ``mail/experiences/trail_*/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


Context = Mapping[str, Any]


def _queue(name: str, to: str, language: str, context: Context) -> int:
    return queue_mail(f"experiences/{name}", to=[to], language=language, context=context)


def send_trail_agenda(to: str, language: str, context: Context) -> int:
    """To a contributor: the case from their theme is on a published agenda."""
    return _queue("trail_agenda", to, language, context)


def send_trail_advice(to: str, language: str, context: Context) -> int:
    """To a contributor: the arena gave advice on the case from their theme."""
    return _queue("trail_advice", to, language, context)


def send_trail_answer(to: str, language: str, context: Context) -> int:
    """To a contributor: the service answered the advice on the case from their theme."""
    return _queue("trail_answer", to, language, context)


def send_trail_decision(to: str, language: str, context: Context) -> int:
    """To a contributor: the final decision in the case from their theme is recorded."""
    return _queue("trail_decision", to, language, context)
