"""The follow-up app's mails, queued through the outbox (``notifications.domain.outbox``).

Each mail is a template triple under ``mail/followup/<name>/`` (subject, text, HTML),
rendered in the recipient's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from medvirk.meetings import notifications as meeting_notifications
from medvirk.people.models import Person


def send_template(name: str, context: Mapping[str, Any], to: Sequence[str], language: str) -> None:
    """The follow-up mail ``name`` to ``to`` (skipped when empty) in ``language``."""
    meeting_notifications.send_template(f"followup/{name}", context, to, language)


def send_to_person(person: Person, name: str, context: Mapping[str, Any]) -> bool:
    """The follow-up mail ``name`` to one person; False when they have no e-mail."""
    return meeting_notifications.send_to_person(person, f"followup/{name}", context)
