"""Background work for follow-up. Thin: look up, call the domain."""

import datetime

from django_tasks import task

from medvirk.followup.domain import advice_reminders


@task(queue_name="mail")
def send_advice_reminder(advice_id: int, kind: str, today: str) -> bool:
    """Remind the addressee of one advice ("before" or "after" its due date), once."""
    return advice_reminders.send_reminder(
        advice_id, kind=kind, today=datetime.date.fromisoformat(today)
    )


@task(queue_name="mail")
def send_advice_overdue_notice(advice_id: int, today: str) -> bool:
    """Tell the owner's secretariat that one advice is overdue, once."""
    return advice_reminders.send_reminder(
        advice_id, kind=advice_reminders.OVERDUE, today=datetime.date.fromisoformat(today)
    )
