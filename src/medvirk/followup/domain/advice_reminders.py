"""Reminders about unanswered advice.

``send_advice_reminders`` (daily, from ``run_periodic``) queues one task per reminder
due; each task claims its reminder with one conditional UPDATE before it mails, so a
reminder goes out once even when the queue holds it twice or the worker restarts.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from medvirk.arenas.domain.memberships import secretariat_emails
from medvirk.common.activity import log_activity
from medvirk.followup.domain.advice import (
    OVERDUE_NOTIFIED,
    REMINDED,
    addressee_address,
    advice_context,
    advice_link,
    mail_addressee,
)
from medvirk.followup.enums import ANSWERED
from medvirk.followup.models import Advice
from medvirk.meetings.mail import send_template

REMINDER_DAYS_BEFORE = 7

# One task per reminder kind; each kind is claimed through its own timestamp.
BEFORE = "before"
AFTER = "after"
OVERDUE = "overdue"
REMINDER_FIELDS = {
    BEFORE: "reminded_before_at",
    AFTER: "reminded_after_at",
    OVERDUE: "overdue_notified_at",
}


# --- Reminders -----------------------------------------------------------------------


def due_reminders(kind: str, today: datetime.date) -> QuerySet[Advice]:
    """Unanswered advice whose ``kind`` reminder is due on ``today`` and not yet claimed.

    "before": from seven days before the due date up to and including the due date;
    "after" (to the addressee) and "overdue" (to the secretariat): from the day after.
    """
    field = REMINDER_FIELDS[kind]
    pending = Advice.objects.exclude(status__in=ANSWERED).filter(**{f"{field}__isnull": True})
    if kind == BEFORE:
        return pending.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
        )
    return pending.filter(due_on__lt=today)


def send_advice_reminders(*, today: datetime.date | None = None) -> int:
    """Queue one task per reminder due today; returns how many were queued."""
    from medvirk.followup.tasks import send_advice_overdue_notice, send_advice_reminder

    today = today or timezone.localdate()
    day = today.isoformat()
    queued = 0
    for kind in (BEFORE, AFTER):
        for advice_id in due_reminders(kind, today).values_list("pk", flat=True):
            send_advice_reminder.enqueue(advice_id, kind, day)
            queued += 1
    for advice_id in due_reminders(OVERDUE, today).values_list("pk", flat=True):
        send_advice_overdue_notice.enqueue(advice_id, day)
        queued += 1
    return queued


def send_reminder(advice_id: int, *, kind: str, today: datetime.date | None = None) -> bool:
    """Claim the ``kind`` reminder of one advice and send it; False when it was not due
    any more or already claimed (by an earlier run or another worker).

    The claim is ONE conditional UPDATE, committed together with the queued mail.
    """
    if kind not in REMINDER_FIELDS:
        raise ValueError(kind)
    today = today or timezone.localdate()
    now = timezone.now()
    field = REMINDER_FIELDS[kind]
    with transaction.atomic():
        claimed = due_reminders(kind, today).filter(pk=advice_id).update(**{field: now})
        if not claimed:
            return False
        advice = Advice.objects.select_related("arena__owner", "addressee_user").get(pk=advice_id)
        context = {
            "days_left": (advice.due_on - today).days,
            "days_over": (today - advice.due_on).days,
        }
        if kind == OVERDUE:
            to = secretariat_emails(advice.arena.owner)
            send_template(
                "followup/email/advice_overdue",
                {
                    **advice_context(advice),
                    **context,
                    "link": advice_link(advice),
                    "name": "",
                    "addressee_address": addressee_address(advice),
                },
                to,
                settings.LANGUAGE_CODE,
            )
            mailed = bool(to)
        else:
            template = (
                "followup/email/advice_reminder_before"
                if kind == BEFORE
                else "followup/email/advice_reminder_after"
            )
            mailed = mail_addressee(advice, template, context)
        log_activity(
            action=OVERDUE_NOTIFIED if kind == OVERDUE else REMINDED,
            actor=None,
            obj=advice,
            organisation=advice.arena.owner,
            data={
                "kind": kind,
                "due_on": advice.due_on.isoformat(),
                "mailed": mailed,
                "reason": "" if mailed else "no e-mail address",
            },
        )
    return True
