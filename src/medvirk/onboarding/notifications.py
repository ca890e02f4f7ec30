"""Onboarding's mail, one function per message, queued through the outbox in the
member's language; templates under ``mail/onboarding/<name>/``."""

from __future__ import annotations

from django.conf import settings

from medvirk.notifications.domain.outbox import queue_mail_to_person
from medvirk.onboarding.models import Checklist, ChecklistItem

OPEN_ITEMS_REMINDER = "onboarding/open_items_reminder"


def send_open_items_reminder(checklist: Checklist, open_items: list[ChecklistItem]) -> bool:
    """Remind a member, after their first meeting, of the items still open. The items'
    texts render in the member's language (an unchanged default item is translated)."""
    assert checklist.membership is not None
    return queue_mail_to_person(
        OPEN_ITEMS_REMINDER,
        checklist.membership.person,
        {
            "arena": checklist.arena.name,
            "items": open_items,
            "url": settings.SITE_URL.rstrip("/") + checklist.get_absolute_url(),
        },
    )
