"""Moderating free-text answers: the owners approve or hide each one. Only approved
text is ever shown or exported."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.surveys.enums import Moderation
from medvirk.surveys.models import Answer

if TYPE_CHECKING:
    from medvirk.accounts.models import User

MODERATED = register_action(
    "surveys.answer.moderated", gettext_lazy("Modererte et fritekstsvar i en undersøkelse")
)


def moderate_answer(answer: Answer, *, by: User, decision: str) -> Answer:
    """Approve (``approved``) or hide (``hidden``) a free-text answer."""
    survey = answer.question.survey
    if not rules.has_perm("surveys.moderate_answers", by, survey):
        raise PermissionDenied
    if decision not in (Moderation.APPROVED, Moderation.HIDDEN):
        raise ValidationError({"decision": _("Velg om svaret skal vises eller skjules.")})
    if not answer.text:
        raise ValidationError({"decision": _("Bare fritekstsvar modereres.")})
    with transaction.atomic():
        answer.moderation = decision
        answer.moderated_at = timezone.now()
        answer.save(update_fields=["moderation", "moderated_at"])
        log_activity(
            action=MODERATED,
            actor=by,
            obj=survey,
            organisation=survey.organisation,
            data={"answer": answer.pk, "decision": decision},
        )
    return answer
