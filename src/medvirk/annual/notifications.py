"""Annual reports' mails, queued through the outbox (``notifications.domain.outbox``);
each a template triple under ``mail/annual/<name>/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medvirk.notifications.domain.outbox import queue_mail_to_person
from medvirk.people.models import Person

REPORT_ON_COMMENT = "annual/report_on_comment"


def send_report_on_comment(person: Person, context: Mapping[str, Any]) -> bool:
    """To a member: the draft annual report is ready for comments (False: no address)."""
    return queue_mail_to_person(REPORT_ON_COMMENT, person, context)
