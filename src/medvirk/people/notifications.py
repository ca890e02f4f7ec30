"""The people app's mails, queued through the outbox (``notifications.domain.outbox``); each a
template triple under ``mail/people/<name>/``, in the recipient's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import translation

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


def send_deletion_confirmation(
    address: str, *, name: str, language: str, terms: Callable[[], Any]
) -> int:
    """The account is deleted: what was removed, and what is kept and why (``terms``,
    privacy.deletion_terms, read in the recipient's language)."""
    with translation.override(language or None):
        listed = terms()
    return queue_mail(
        "people/deleted",
        to=[address],
        language=language,
        context={"name": name, "kept": listed.kept, "removed": listed.removed},
    )
