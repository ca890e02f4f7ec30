"""The outbox's periodic job (see medvirk.common.periodic): the catch-up for mail whose
task was lost or could not be deferred. Each due row is claimed with the same UPDATE the
worker's task uses, so a row goes out once whichever path takes it."""

from __future__ import annotations

import datetime

from medvirk.common.periodic import Job, register
from medvirk.notifications.domain import delivery
from medvirk.notifications.models import OutboxMail


def _send(mail: OutboxMail, now: datetime.datetime) -> object:
    return delivery.send_claimed(mail)


DELIVER_DUE_MAIL = register(
    Job(
        name="notifications.deliver_due_mail",
        due=delivery.due_mail,
        claim=delivery.claim_rows,
        handle=_send,
        prepare=delivery.expire_interrupted,
        description=(
            "Send outbox mail whose next attempt is due; record mail left sending past "
            "its lease as failed."
        ),
    )
)
