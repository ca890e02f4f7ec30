"""The follow-up app's mails, one function per message, queued through the outbox
(``notifications.domain.outbox``).

Each mail is a template triple under ``mail/followup/<name>/`` (subject, text, HTML),
rendered in the recipient's language: a person's preferred language, the source
language for mail to a secretariat or an organisation. The domain module that causes a
mail builds its context and calls the function for that message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail, queue_mail_to_person
from medvirk.people.models import Person

Context = Mapping[str, Any]


def _queue(name: str, to: Sequence[str], language: str, context: Context) -> int:
    return queue_mail(f"followup/{name}", to=to, language=language, context=context)


def _to_person(name: str, person: Person, context: Context) -> bool:
    """False when the person has no e-mail address."""
    return queue_mail_to_person(f"followup/{name}", person, context)


# --- Advice -------------------------------------------------------------------------------


def send_advice_new(to: Sequence[str], language: str, context: Context) -> int:
    """To the addressee: an advice was given and awaits a response."""
    return _queue("advice_new", to, language, context)


def send_advice_reminder_before(to: Sequence[str], language: str, context: Context) -> int:
    """To the addressee: the response is due in ``days_left`` days."""
    return _queue("advice_reminder_before", to, language, context)


def send_advice_reminder_after(to: Sequence[str], language: str, context: Context) -> int:
    """To the addressee: the response is ``days_over`` days late."""
    return _queue("advice_reminder_after", to, language, context)


def send_advice_overdue(to: Sequence[str], context: Context) -> int:
    """To the secretariat: an advice has had no response by its deadline."""
    return _queue("advice_overdue", to, settings.LANGUAGE_CODE, context)


def send_advice_answered_to_member(person: Person, context: Context) -> bool:
    """To a member of the arena: the advice was answered."""
    return _to_person("advice_answered", person, context)


def send_advice_answered_to_proposers(to: Sequence[str], context: Context) -> int:
    """To the organisations that proposed the case: the advice was answered."""
    return _queue(
        "advice_answered",
        to,
        settings.LANGUAGE_CODE,
        {**context, "name": "", "for_proposer": True},
    )


# --- Inputs and reports -------------------------------------------------------------------


def send_input_received(person: Person, context: Context) -> bool:
    """To a representative: their organisation sent input to an agenda item."""
    return _to_person("input_received", person, context)


def send_report_request(person: Person, context: Context) -> bool:
    """To a representative: please report back to your organisation from the meeting."""
    return _to_person("report_request", person, context)


def send_report_submitted(to: Sequence[str], context: Context) -> int:
    """To the organisation: its representative reported back."""
    return _queue("report_submitted", to, settings.LANGUAGE_CODE, context)
