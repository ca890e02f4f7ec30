"""Reminders to the secretariat 90 and 30 days before a term ends."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.arenas import notifications
from medvirk.arenas.domain.memberships import secretariat_emails
from medvirk.arenas.models import Arena, Membership
from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action

REMINDED = register_action(
    "arenas.membership.term_reminder", gettext_lazy("Påminnelse om at perioden snart går ut")
)


def _send(arena: Arena, memberships: list[Membership], days: int) -> bool:
    recipients = secretariat_emails(arena.owner)
    log_activity(
        action=REMINDED,
        actor=None,
        actor_label="Medvirk",
        obj=arena,
        organisation=arena.owner,
        data={"days": days, "people": [m.person.name for m in memberships]},
    )
    if not recipients:
        return False
    notifications.send_term_reminder(arena, memberships, days, to=recipients)
    return True


# The two reminder windows: days before the term ends -> the column that claims it.
REMINDER_FIELDS = {30: "reminded_30_at", 90: "reminded_90_at"}


def due_memberships(days: int, day: datetime.date) -> QuerySet[Membership]:
    """Running terms whose ``days``-day reminder is due on ``day``.

    The windows do not overlap: a membership found only inside the 30-day window (added
    late) gets the 30-day reminder alone.
    """
    base = Membership.objects.filter(ended_on__isnull=True, starts_on__lte=day, ends_on__gte=day)
    thirty = day + datetime.timedelta(days=30)
    if days == 30:
        return base.filter(ends_on__lte=thirty, reminded_30_at=None)
    return base.filter(
        ends_on__gt=thirty, ends_on__lte=day + datetime.timedelta(days=90), reminded_90_at=None
    )


def due_arenas(days: int, day: datetime.date) -> QuerySet[Arena]:
    """Arenas with a ``days``-day term reminder due: one mail per arena and window."""
    return Arena.objects.filter(pk__in=due_memberships(days, day).values("arena_id"))


def claim_reminders(
    arenas: QuerySet[Arena], *, days: int, day: datetime.date, now: datetime.datetime
) -> int:
    """Claim the due reminders of these arenas with ONE UPDATE (stamping ``now``)."""
    return (
        due_memberships(days, day)
        .filter(arena_id__in=arenas.values("pk"))
        .update(**{REMINDER_FIELDS[days]: now})
    )


def send_term_reminder(arena: Arena, *, days: int, now: datetime.datetime) -> bool:
    """Mail the arena's secretariat about the terms claimed at ``now`` (see
    ``claim_reminders``; the periodic job ``arenas.term_reminders_<days>`` claims and
    calls this in one transaction). Returns whether a message was sent."""
    claimed = Membership.objects.filter(arena=arena, **{REMINDER_FIELDS[days]: now})
    if days == 90:
        # Not the terms whose 90-day mark the 30-day reminder stamped in this same run.
        day = timezone.localdate(now)
        claimed = claimed.filter(ends_on__gt=day + datetime.timedelta(days=30))
    memberships = list(
        claimed.select_related("arena__owner", "person").order_by("ends_on", "person__name")
    )
    if not memberships:
        return False
    with transaction.atomic():
        sent = _send(memberships[0].arena, memberships, days)
        if days == 30:
            # The 90-day reminder is not sent any more once the 30-day one has gone out.
            Membership.objects.filter(
                pk__in=[m.pk for m in memberships], reminded_90_at=None
            ).update(reminded_90_at=now)
    return sent
