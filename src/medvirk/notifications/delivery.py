"""Delivering outbox rows: claim with one UPDATE, send, retry or record the failure.

A row is claimed by a single conditional UPDATE (pending and due → sending, attempts + 1),
so of two workers holding the same id only one sends it. Temporary failures (connection
refused, timeouts, SMTP 4xx) go back to pending with a growing delay; permanent ones
(SMTP 5xx) and rows that run out of attempts are recorded as failed for a platform admin
to see and resend.
"""

from __future__ import annotations

import base64
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.accounts.models import User
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.notifications.models import MailStatus, OutboxMail
from medvirk.notifications.outbox import enqueue_delivery

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


def claim(mail_id: int) -> bool:
    """Take the row for sending: ONE UPDATE that only one worker can win."""
    now = timezone.now()
    return bool(
        OutboxMail.objects.filter(
            pk=mail_id, status=MailStatus.PENDING, next_attempt_at__lte=now
        ).update(
            status=MailStatus.SENDING,
            attempts=F("attempts") + 1,
            claimed_until=now + SENDING_LEASE,
        )
    )


def deliver(mail_id: int) -> str:
    """Send one outbox row if it is due and nobody else has it; its status afterwards."""
    if not claim(mail_id):
        row = OutboxMail.objects.filter(pk=mail_id).values_list("status", flat=True).first()
        return str(row or "")
    mail = OutboxMail.objects.get(pk=mail_id)
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
    enqueue_delivery(mail.pk, run_after=due)
    return MailStatus.PENDING


def deliver_due_mail() -> int:
    """Periodic catch-up: enqueue every pending row that is due (a lost task, a retry the
    task backend could not defer, an outage longer than the worker's patience), and record
    rows left "sending" past their lease as failed, since they may have gone out.
    Returns the number of rows enqueued."""
    now = timezone.now()
    OutboxMail.objects.filter(status=MailStatus.SENDING, claimed_until__lt=now).update(
        status=MailStatus.FAILED,
        last_error="Interrupted while sending; it may have been delivered.",
        claimed_until=None,
    )
    due = list(
        OutboxMail.objects.filter(status=MailStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
    )
    for mail_id in due:
        enqueue_delivery(mail_id)
    return len(due)


def resend_mail(mail: OutboxMail, *, by: User) -> OutboxMail:
    """A platform admin sends a failed mail again (a new attempt series)."""
    if not by.has_perm("notifications.resend_mail", mail):
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
