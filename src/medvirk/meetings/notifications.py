"""The meetings app's mails, one function per message, queued through the outbox
(``notifications.domain.outbox``).

Each mail is a template triple under ``mail/meetings/<name>/`` (subject, text, HTML),
rendered in the recipient's language: a person's preferred language, the source
language for mail to a secretariat or an organisation. The domain module that causes a
mail builds its context (what the mail shows) and calls the function for that message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail, queue_mail_to_person
from medvirk.people.models import Person

Context = Mapping[str, Any]


def _queue(name: str, to: Sequence[str], language: str, context: Context) -> int:
    return queue_mail(f"meetings/{name}", to=to, language=language, context=context)


def _to_person(name: str, person: Person, context: Context) -> bool:
    """False when the person has no e-mail address."""
    return queue_mail_to_person(f"meetings/{name}", person, context)


# --- Agenda -------------------------------------------------------------------------------


def send_agenda_published_to_member(person: Person, context: Context) -> bool:
    """The published agenda to a member or deputy (closed items listed, marked closed)."""
    return _to_person("agenda_members", person, context)


def send_agenda_published_to_organisation(to: Sequence[str], context: Context) -> int:
    """The published agenda to an organisation (public items only)."""
    return _queue("agenda_organisation", to, settings.LANGUAGE_CODE, context)


# --- The meeting plan ---------------------------------------------------------------------


def send_meeting_changed(person: Person, context: Context) -> bool:
    """Time or place of a meeting changed (``changed``: what)."""
    return _to_person("meeting_changed", person, context)


def send_meeting_cancelled(person: Person, context: Context) -> bool:
    """A meeting is cancelled (``reason``)."""
    return _to_person("meeting_cancelled", person, context)


# --- Attendance ---------------------------------------------------------------------------


def send_deputy_invitation(person: Person, context: Context) -> bool:
    """A deputy is asked to attend in a member's place."""
    return _to_person("deputy_invitation", person, context)


def send_deputy_not_needed(person: Person, context: Context) -> bool:
    """The member can attend after all: the deputy is not needed."""
    return _to_person("deputy_not_needed", person, context)


def send_no_deputy_available(to: Sequence[str], context: Context) -> int:
    """To the secretariat: a member cannot attend and no deputy is available."""
    return _queue("deputy_none", to, settings.LANGUAGE_CODE, context)


# --- Minutes ------------------------------------------------------------------------------


def send_minutes_circulated(person: Person, context: Context) -> bool:
    """Draft minutes sent round for comments."""
    return _to_person("minutes_circulated", person, context)


def send_minutes_approved(person: Person, context: Context) -> bool:
    """The minutes are approved."""
    return _to_person("minutes_approved", person, context)


# --- Case proposals -----------------------------------------------------------------------


def send_proposal_receipt(to: Sequence[str], language: str, context: Context) -> int:
    """To the proposer: the proposal was received (and by when it may reach a meeting)."""
    return _queue("proposal_receipt", to, language, context)


def send_proposal_notice(to: Sequence[str], language: str, context: Context) -> int:
    """To the arena's secretariat: a new case proposal."""
    return _queue("proposal_notice", to, language, context)


def send_proposal_status(to: Sequence[str], language: str, context: Context) -> int:
    """To the proposer: the proposal was placed on an agenda, rejected, ..."""
    return _queue("proposal_status", to, language, context)
