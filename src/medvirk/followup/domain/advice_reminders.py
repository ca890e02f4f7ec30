"""Reminders about unanswered advice.

Three periodic jobs (``followup.advice_reminders_before``/``_after`` and
``followup.advice_overdue_notices``, see ``medvirk.followup.periodic``) list the due
reminders; the runner claims each with one conditional UPDATE of its timestamp and calls
``send_reminder`` in the same transaction, so a reminder goes out once even when two
runs overlap.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

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
from medvirk.followup.models import Advice
from medvirk.followup.notifications import send_template

REMINDER_DAYS_BEFORE = 7

# One job per reminder kind; each kind is claimed through its own timestamp.
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
    pending = Advice.objects.unanswered().filter(**{f"{field}__isnull": True})
    if kind == BEFORE:
        return pending.filter(
            due_on__gte=today, due_on__lte=today + datetime.timedelta(days=REMINDER_DAYS_BEFORE)
        )
    return pending.filter(due_on__lt=today)


def send_reminder(advice: Advice, *, kind: str, today: datetime.date) -> bool:
    """Send the ``kind`` reminder of one advice, claimed by the caller (the periodic job)
    in the same transaction; logs it. Returns True."""
    if kind not in REMINDER_FIELDS:
        raise ValueError(kind)
    advice_id = advice.pk
    with transaction.atomic():
        advice = Advice.objects.select_related("arena__owner", "addressee_user").get(pk=advice_id)
        context = {
            "days_left": (advice.due_on - today).days,
            "days_over": (today - advice.due_on).days,
        }
        if kind == OVERDUE:
            to = secretariat_emails(advice.arena.owner)
            send_template(
                "advice_overdue",
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
            template = "advice_reminder_before" if kind == BEFORE else "advice_reminder_after"
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
