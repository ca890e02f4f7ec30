"""The arenas app's mails to secretariats, queued through the outbox
(``notifications.domain.outbox``); each a template triple under ``mail/arenas/<name>/``."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings

from medvirk.arenas.models import Arena, Membership
from medvirk.notifications.domain.outbox import queue_mail


def _link(arena: Arena) -> str:
    return settings.SITE_URL.rstrip("/") + arena.get_absolute_url()


def send_term_reminder(
    arena: Arena, memberships: Sequence[Membership], days: int, *, to: Sequence[str]
) -> int:
    """Terms that end within ``days`` days, to the arena's secretariat."""
    return queue_mail(
        "arenas/term_reminder",
        to=to,
        context={
            "arena_name": arena.name,
            "days": days,
            "memberships": memberships,
            "link": _link(arena),
        },
    )


def send_resignation(
    arena: Arena, membership: Membership, deputy: Membership | None, *, to: Sequence[str]
) -> int:
    """Someone left a seat: the first deputy may move up, or the seat is vacant."""
    context = {"name": membership.person.name, "arena_name": arena.name, "link": _link(arena)}
    if deputy is not None:
        context["deputy_name"] = deputy.person.name
        return queue_mail("arenas/deputy_available", to=to, context=context)
    return queue_mail("arenas/vacancy", to=to, context=context)
