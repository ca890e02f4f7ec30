"""Courses' periodic job (see medvirk.common.periodic, docs/periodic.md): remind everyone
with a place of each session the day before it.

due = sessions of published courses from today to tomorrow with ``reminded_at`` NULL;
the claim stamps ``reminded_at`` in one UPDATE; the handler mails each person with a
place (through the outbox) and logs the count.
"""

from __future__ import annotations

from medvirk.common.periodic import Job, register, set_now
from medvirk.training.domain import attendance

SESSION_REMINDERS = register(
    Job(
        name="training.session_reminders",
        due=attendance.due_reminders,
        claim=set_now("reminded_at"),
        handle=attendance.remind_session,
        description="Remind everyone with a place on a course of each session the day before.",
    )
)
