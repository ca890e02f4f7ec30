"""The people app's mails, queued through the outbox (``notifications.domain.outbox``); each a
template triple under ``mail/people/<name>/``, in the recipient's language."""

from __future__ import annotations

from medvirk.notifications.domain.outbox import queue_mail
from medvirk.people.models import Person


def send_claim_link(person: Person, *, link: str, organisation_name: str) -> int:
    """The personal link with which a representative claims their profile."""
    return queue_mail(
        "people/claim",
        to=[person.email],
        language=person.preferred_language,
        context={
            "name": person.name,
            "organisation_name": organisation_name,
            "link": link,
            "expires_at": person.claim_expires_at,
        },
    )
