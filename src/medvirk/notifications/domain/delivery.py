"""Delivering outbox rows: claim with one UPDATE, send, retry or record the failure.

A row is claimed by a single conditional UPDATE (pending and due → sending, attempts + 1,
a lease), so of two workers holding the same id only one sends it. Two paths use that
claim: the worker task ``deliver_mail``, enqueued when the row's transaction commits, and
the periodic job ``notifications.deliver_due_mail`` (``notifications/periodic.py``), the
catch-up for a lost task, a retry the task backend could not defer, or an outage longer
than the worker's patience. Temporary failures (connection refused, timeouts, SMTP 4xx)
go back to pending with a growing delay; permanent ones (SMTP 5xx) and rows that run out
of attempts are recorded as failed for a platform admin to see and resend.

The task is declared here, not in a ``tasks.py``: the domain enqueues it (on commit and
for each retry), and a ``tasks.py`` calling back into this module would be an import loop.
"""

from __future__ import annotations

import base64
import logging
import smtplib
from datetime import datetime, timedelta
from functools import partial

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_tasks import task

from medvirk.accounts.models import User
from medvirk.common import logs
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.logs import enqueue, traced
from medvirk.notifications.models import MailStatus, OutboxMail

logger = logging.getLogger(__name__)

RESENT = register_action("notifications.mail.resent", gettext_lazy("Sendte e-post på nytt"))

# Minutes to wait after the 1st, 2nd, ... failed attempt; the last value repeats.
RETRY_MINUTES = (1, 5, 15, 60, 240, 720)
MAX_ATTEMPTS = 10
# A row left "sending" this long was interrupted (the worker died mid-send).
SENDING_LEASE = timedelta(minutes=10)


class PermanentFailure(Exception):
    pass


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt."""
    index = min(max(attempts, 1), len(RETRY_MINUTES)) - 1
    return timedelta(minutes=RETRY_MINUTES[index])


def is_permanent(error: Exception) -> bool:
    """SMTP 5xx answers are permanent; everything else (4xx, refused, timeouts) is not."""
    if isinstance(error, PermanentFailure):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def build_message(mail: OutboxMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        from_email=mail.from_email,
        to=mail.recipients,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=mail.headers,
    )
    if mail.html:
        message.attach_alternative(mail.html, "text/html")
    for filename, content, mimetype in mail.attachments:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def due_mail(now: datetime) -> QuerySet[OutboxMail]:
    """Rows waiting to be sent whose next attempt is due at ``now``."""
    return OutboxMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)


def claim_rows(items: QuerySet[OutboxMail], now: datetime) -> int:
    """THE claim: ONE conditional UPDATE of ``items`` (a slice of ``due_mail(now)``) to
    sending, attempts + 1, with a lease; the rows changed (0: another worker has them)."""
    return items.update(
        status=MailStatus.SENDING,
        attempts=F("attempts") + 1,
        claimed_until=now + SENDING_LEASE,
    )


def claim(mail_id: int) -> bool:
    """Take the row for sending: ONE UPDATE that only one worker can win."""
    now = timezone.now()
    return bool(claim_rows(due_mail(now).filter(pk=mail_id), now))


def deliver(mail_id: int) -> str:
    """Send one outbox row if it is due and nobody else has it; its status afterwards."""
    if not claim(mail_id):
        row = OutboxMail.objects.filter(pk=mail_id).values_list("status", flat=True).first()
        return str(row or "")
    return send_claimed(OutboxMail.objects.get(pk=mail_id))


def send_claimed(mail: OutboxMail) -> str:
    """Send a row this worker has claimed, and record the outcome; its status afterwards.
    The request id that queued it is bound while it is sent (common/logs.py)."""
    with logs.bound_request_id(mail.headers.get(logs.MAIL_HEADER)):
        status = _send_claimed(mail)
        logger.info("mail %s %s (attempt %s)", mail.pk, status, mail.attempts)
        return status


def _send_claimed(mail: OutboxMail) -> str:
    try:
        connection = get_connection(settings.MEDVIRK_EMAIL_DELIVERY_BACKEND, fail_silently=False)
        if not connection.send_messages([build_message(mail)]):
            raise PermanentFailure("The mail server accepted no recipient.")
    except Exception as error:
        return _record_failure(mail, error)
    # Sent: the body goes (it may hold a login code, a personal link or health data);
    # subject, recipients and times stay for the figures and the admin's list.
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT,
        sent_at=timezone.now(),
        last_error="",
        claimed_until=None,
        text="",
        html="",
        attachments=[],
    )
    return MailStatus.SENT


def _record_failure(mail: OutboxMail, error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"[:1000]
    if is_permanent(error) or mail.attempts >= MAX_ATTEMPTS:
        OutboxMail.objects.filter(pk=mail.pk).update(
            status=MailStatus.FAILED, last_error=text, claimed_until=None
        )
        return MailStatus.FAILED
    due = timezone.now() + retry_delay(mail.attempts)
    OutboxMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.PENDING, last_error=text, next_attempt_at=due, claimed_until=None
    )
    # After commit: the periodic job sends inside the item's transaction.
    transaction.on_commit(partial(enqueue_delivery, mail.pk, run_after=due))
    return MailStatus.PENDING


def expire_interrupted(now: datetime) -> int:
    """Record rows left "sending" past their lease as failed (the worker died mid-send, so
    they may have gone out: a platform admin decides whether to resend). Idempotent."""
    return OutboxMail.objects.filter(status=MailStatus.SENDING, claimed_until__lt=now).update(
        status=MailStatus.FAILED,
        last_error="Interrupted while sending; it may have been delivered.",
        claimed_until=None,
    )


@task(queue_name="mail")
@traced
def deliver_mail(mail_id: int) -> str:
    """The worker's task: send one outbox row (claimed with one UPDATE, so at most once)."""
    return deliver(mail_id)


def enqueue_delivery(mail_id: int, *, run_after: datetime | None = None) -> None:
    """Hand the row to the worker, now or at ``run_after``."""
    job = deliver_mail
    if run_after is not None:
        if not job.get_backend().supports_defer:
            return  # the periodic job (notifications.deliver_due_mail) sends it when due
        job = job.using(run_after=run_after)
    enqueue(job, mail_id)


def resend_mail(mail: OutboxMail, *, by: User) -> OutboxMail:
    """A platform admin sends a failed mail again (a new attempt series)."""
    if not rules.has_perm("notifications.resend_mail", by, mail):
        raise PermissionDenied
    with transaction.atomic():
        updated = OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.FAILED).update(
            status=MailStatus.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            log_activity(
                action=RESENT,
                actor=by,
                obj=mail,
                data={"kind": mail.kind, "recipients": mail.recipients},
            )
            transaction.on_commit(lambda: enqueue_delivery(mail.pk))
    mail.refresh_from_db()
    return mail
