"""The meetings app's mails, queued through the outbox (``notifications.domain.outbox``).

Each mail is a template triple under ``mail/meetings/<name>/`` (subject, text, HTML),
rendered in the recipient's language. A bare name means ``meetings/<name>``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail
from medvirk.people.models import Person


def send_template(
    template: str, context: Mapping[str, Any], to: Sequence[str], language: str
) -> None:
    """One mail to ``to`` (skipped when empty) in ``language``."""
    name = template if "/" in template else f"meetings/{template}"
    queue_mail(name, to=to, language=language or settings.LANGUAGE_CODE, context=context)


def send_to_person(person: Person, template: str, context: Mapping[str, Any]) -> bool:
    """A mail to one person in their preferred language; False when they have no e-mail."""
    if not person.email:
        return False
    send_template(
        template, {**context, "name": person.name}, [person.email], person.preferred_language
    )
    return True
