"""The one way Medvirk writes mail.

``queue_mail`` renders a template triple ``mail/<name>/subject.txt``, ``body.txt`` and
``body.html`` in the recipient's language and hands the message to Django's mail API.
``EMAIL_BACKEND`` is :class:`OutboxBackend`: it writes one :class:`OutboxMail` row per
message inside the caller's transaction and enqueues delivery once that transaction has
committed. allauth's mails (login codes, reset links, address confirmation) reach the
same backend through ``send_mail``, so there is no second path.

Each app keeps its messages as one function per message in ``<app>/notifications.py``.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from medvirk.common import logs
from medvirk.notifications.domain.delivery import enqueue_delivery
from medvirk.notifications.models import MailStatus, OutboxMail

__all__ = ["OutboxBackend", "enqueue_delivery", "queue_mail", "render_mail"]

logger = logging.getLogger(__name__)


def render_mail(name: str, context: Mapping[str, Any], language: str) -> tuple[str, str, str]:
    """Subject (one line), text and HTML of ``mail/<name>/`` in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        full = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"mail/{name}/subject.txt", full).split())
        text = render_to_string(f"mail/{name}/body.txt", full)
        html = render_to_string(
            f"mail/{name}/body.html",
            {**full, "subject": subject, "text": text, "language": language},
        )
    return subject, text, html


def queue_mail(
    name: str,
    *,
    to: Sequence[str],
    language: str = "",
    context: Mapping[str, Any] | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    reference: str = "",
) -> int:
    """Queue the mail ``name`` to ``to`` (skipped when empty); the number of messages.

    Call it inside the transaction of the change the mail is about: the outbox row is
    written with it, and delivery starts only when it commits.
    """
    to = [address for address in to if address]
    if not to:
        return 0
    language = language or settings.LANGUAGE_CODE
    subject, text, html = render_mail(name, context or {}, language)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=list(to)
    )
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    # Read by OutboxBackend; other backends (the tests' locmem) ignore them.
    message.outbox_kind = name  # type: ignore[attr-defined]
    message.outbox_language = language  # type: ignore[attr-defined]
    message.outbox_reference = reference  # type: ignore[attr-defined]
    return message.send()


def queue_mail_to_person(name: str, person: Any, context: Mapping[str, Any]) -> bool:
    """Queue the mail ``name`` to one person (anything with ``email``, ``name`` and
    ``preferred_language``: a representative), in their language and with their name in
    the context; False when they have no e-mail address."""
    if not person.email:
        return False
    queue_mail(
        name,
        to=[person.email],
        language=person.preferred_language,
        context={**context, "name": person.name},
    )
    return True


def _html(message: EmailMessage) -> str:
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                return str(content)
    return ""


def _attachments(message: EmailMessage) -> list[list[str]]:
    return [
        [str(item[0]), base64.b64encode(item[1]).decode("ascii"), str(item[2])]
        for item in message.attachments
        if isinstance(item, tuple) and isinstance(item[1], bytes)
    ]


def _headers(message: EmailMessage) -> dict[str, str]:
    """The message's own headers, and the request id that the delivery binds again (and
    that the mail carries, for the mail server's logs): common/logs.py."""
    headers = {str(k): str(v) for k, v in (message.extra_headers or {}).items()}
    if logs.current_request_id():
        headers.setdefault(logs.MAIL_HEADER, logs.current_request_id())
    return headers


class OutboxBackend(BaseEmailBackend):
    """Django's EMAIL_BACKEND: one outbox row per message, delivery after commit."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            row = OutboxMail.objects.create(
                kind=getattr(message, "outbox_kind", "") or "allauth",
                language=getattr(message, "outbox_language", "")
                or translation.get_language()
                or settings.LANGUAGE_CODE,
                reference=getattr(message, "outbox_reference", ""),
                from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
                recipients=[str(a) for a in message.to],
                cc=[str(a) for a in message.cc],
                bcc=[str(a) for a in message.bcc],
                reply_to=[str(a) for a in message.reply_to],
                headers=_headers(message),
                subject=str(message.subject),
                text=str(message.body),
                html=_html(message),
                attachments=_attachments(message),
                status=MailStatus.PENDING,
                next_attempt_at=timezone.now(),
            )
            transaction.on_commit(partial(enqueue_delivery, row.pk))
            logger.info("mail %s queued (%s)", row.pk, row.kind)
            count += 1
        return count
