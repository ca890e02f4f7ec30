"""The outbox's periodic job (see medvirk.common.periodic): the catch-up for mail whose
task was lost or could not be deferred. Each due row is claimed with the same UPDATE the
worker's task uses, so a row goes out once whichever path takes it."""

from __future__ import annotations

import datetime

from medvirk.common.periodic import Job, lock_claim, register
from medvirk.notifications.domain import delivery, retention
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


PURGE_OUTBOX = register(
    Job(
        name="notifications.purge_outbox",
        due=retention.mail_batches_due,
        claim=lock_claim,
        handle=retention.purge_mail_batch,
        description=(
            "Delete outbox mail sent or failed more than MEDVIRK_OUTBOX_RETENTION_DAYS ago "
            "(addresses and bodies), in batches, and log the counts."
        ),
    )
)
