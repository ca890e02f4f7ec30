"""Reports of accessibility problems from the accessibility statement's form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medvirk.common.activity import log_activity
from medvirk.common.activity_labels import register_action
from medvirk.common.ratelimit import RateLimit
from medvirk.feedback.models import AccessibilityFeedback
from medvirk.feedback.notifications import accessibility_feedback_to_platform_admins

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from medvirk.accounts.models import User

FEEDBACK_RECEIVED = register_action(
    "accessibility_feedback.received", gettext_lazy("Meldte fra om et tilgjengelighetsproblem")
)

# At most this many reports per client and hour (the one rate limit of the public forms,
# medvirk.common.ratelimit; the client's hashed address lives only in the cache).
RATE_LIMIT = 5
FEEDBACK_RATE = RateLimit("a11y-feedback", limit=RATE_LIMIT)


def report_accessibility_problem(
    *, page: str, description: str, email: str = "", by: User | AnonymousUser | None = None
) -> AccessibilityFeedback:
    """Store a report, log it and queue a mail to each platform admin.

    Anyone may report, with or without an account; ``by`` is the user if logged in
    (only for the log, the report itself keeps no account)."""
    language = translation.get_language() or ""
    user = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        feedback = AccessibilityFeedback.objects.create(
            page=page.strip(),
            description=description.strip(),
            email=email.strip(),
            language=language,
        )
        log_activity(
            action=FEEDBACK_RECEIVED,
            actor=user,
            obj=feedback,
            actor_label="" if user is not None else str(_("uten innlogging")),
        )
        accessibility_feedback_to_platform_admins(feedback)
    return feedback
