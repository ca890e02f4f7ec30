"""Reminders to the secretariat 90 and 30 days before a term ends."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from medvirk.arenas.domain.memberships import secretariat_emails
from medvirk.arenas.models import Arena, Membership
from medvirk.arenas.notifications import send_term_reminder
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
    send_term_reminder(arena, memberships, days, to=recipients)
    return True


def send_term_reminders(*, today: datetime.date | None = None) -> int:
    """Mail each arena's secretariat once at 90 and once at 30 days before terms end.

    A membership found only inside the 30-day window (added late) gets the
    30-day reminder alone. Returns the number of messages sent.
    """
    day = today or timezone.localdate()
    now = timezone.now()
    sent = 0
    with transaction.atomic():
        base = (
            Membership.objects.select_for_update()
            .filter(ended_on__isnull=True, starts_on__lte=day, ends_on__gte=day)
            .select_related("arena__owner", "person")
            .order_by("arena_id", "ends_on", "person__name")
        )
        windows = [
            (30, base.filter(ends_on__lte=day + datetime.timedelta(days=30), reminded_30_at=None)),
            (
                90,
                base.filter(
                    ends_on__gt=day + datetime.timedelta(days=30),
                    ends_on__lte=day + datetime.timedelta(days=90),
                    reminded_90_at=None,
                ),
            ),
        ]
        for days, queryset in windows:
            by_arena: dict[int, list[Membership]] = defaultdict(list)
            for membership in queryset:
                by_arena[membership.arena_id].append(membership)
            for memberships in by_arena.values():
                if _send(memberships[0].arena, memberships, days):
                    sent += 1
                ids = [m.pk for m in memberships]
                if days == 30:
                    Membership.objects.filter(pk__in=ids).update(reminded_30_at=now)
                    Membership.objects.filter(pk__in=ids, reminded_90_at=None).update(
                        reminded_90_at=now
                    )
                else:
                    Membership.objects.filter(pk__in=ids).update(reminded_90_at=now)
    return sent
