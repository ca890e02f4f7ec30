"""The surveys' mails, one function per message, queued through the outbox
(``notifications.domain.outbox``); templates under ``mail/surveys/<name>/``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medvirk.notifications.domain.outbox import queue_mail


def send_invitation(*, to: str, context: Mapping[str, Any], language: str = "") -> int:
    """To one invited person: their personal, one-use link to the survey."""
    return queue_mail("surveys/invitation", to=[to], language=language, context=context)
