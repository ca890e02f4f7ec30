"""Every mail of the meetings and follow-up apps leaves through here: subject and body
from ``<app>/email/<name>_subject.txt`` and ``<name>.txt`` (a bare name means
``meetings/email/<name>``), rendered in the recipient's language, queued by the task
e-mail backend (``common/mail.py``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from medvirk.people.models import Person


def send_template(template: str, context: dict[str, Any], to: list[str], language: str) -> None:
    """One mail to ``to`` (skipped when empty) in ``language``."""
    if not to:
        return
    path = template if "/" in template else f"meetings/email/{template}"
    with translation.override(language or settings.LANGUAGE_CODE):
        full = {"site_url": settings.SITE_URL, **context}
        subject = render_to_string(f"{path}_subject.txt", full)
        body = render_to_string(f"{path}.txt", full)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
    ).send()


def send_to_person(person: Person, template: str, context: dict[str, Any]) -> bool:
    """A mail to one person in their preferred language; False when they have no e-mail."""
    if not person.email:
        return False
    send_template(
        template, {**context, "name": person.name}, [person.email], person.preferred_language
    )
    return True
