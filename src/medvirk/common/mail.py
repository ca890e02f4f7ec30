"""Mail leaves Medvirk from a background task.

``TaskEmailBackend`` is Django's EMAIL_BACKEND: it serialises each message and
enqueues :func:`medvirk.common.tasks.deliver_email`, which hands it to the
delivery backend (SMTP unless ``MEDVIRK_EMAIL_DELIVERY_BACKEND`` says otherwise).
Everything that sends mail -- allauth, campaigns, later notifications -- thus
goes through the same queue, is retried by the worker, and never slows a request.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction


def serialise(message: EmailMessage) -> dict[str, Any]:
    alternatives = []
    if isinstance(message, EmailMultiAlternatives):
        alternatives = [[str(content), mimetype] for content, mimetype in message.alternatives]
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(a) for a in message.to],
        "cc": [str(a) for a in message.cc],
        "bcc": [str(a) for a in message.bcc],
        "reply_to": [str(a) for a in message.reply_to],
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": alternatives,
        # (filename, base64 content, mimetype): task arguments must be JSON.
        "attachments": [
            [item[0], base64.b64encode(item[1]).decode("ascii"), item[2]]
            for item in message.attachments
            if isinstance(item, tuple) and isinstance(item[1], bytes)
        ],
    }


def deserialise(data: dict[str, Any]) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for name, content, mimetype in data.get("attachments", []):
        message.attach(name, base64.b64decode(content), mimetype)
    return message


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from medvirk.common.tasks import deliver_email

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            payload = serialise(message)
            # Enqueue only once the surrounding transaction has committed, so a
            # rolled-back change never sends mail about itself.
            transaction.on_commit(partial(deliver_email.enqueue, payload))
            count += 1
        return count
