"""Onboarding's periodic jobs (medvirk.common.periodic, docs/periodic.md).

- ``onboarding.create_checklists``: due = new memberships without a checklist; claim =
  ONE conditional INSERT of the checklist (the unique membership refuses a second);
  handle = copy the template's items and log it. Pages make missing lists on demand
  the same way (domain/checklists.py).
- ``onboarding.record_auto_ticks``: due = open auto items whose action has happened
  (basic course, payment details, meeting plan); claim = ONE UPDATE ticking the item
  as done by its action; handle = log it.
- ``onboarding.remind_open_items``: due = member lists not yet reminded, with an open
  item, whose member's first meeting has ended; claim = ``set_now("reminded_at")``
  (once per list); handle = mail the items still open.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from medvirk.arenas.models import Membership
from medvirk.common.periodic import Job, register, set_now
from medvirk.onboarding import selectors
from medvirk.onboarding.domain import checklists


def _due_memberships(now: datetime.datetime) -> QuerySet[Membership]:
    return selectors.memberships_without_checklist(timezone.localdate(now))


CREATE_CHECKLISTS = register(
    Job(
        name="onboarding.create_checklists",
        due=_due_memberships,
        claim=checklists.claim_membership,
        handle=checklists.fill_checklist,
        description="Make an onboarding checklist for each new membership.",
    )
)

RECORD_AUTO_TICKS = register(
    Job(
        name="onboarding.record_auto_ticks",
        due=selectors.due_auto_ticks,
        claim=checklists.claim_auto_tick,
        handle=checklists.record_auto_tick,
        description=(
            "Tick onboarding items whose Medvirk action has happened (basic course, "
            "payment details, meeting plan)."
        ),
    )
)

REMIND_OPEN_ITEMS = register(
    Job(
        name="onboarding.remind_open_items",
        due=selectors.due_reminders,
        claim=set_now("reminded_at"),
        handle=checklists.remind,
        description="Remind new members, once, of items still open after their first meeting.",
    )
)
