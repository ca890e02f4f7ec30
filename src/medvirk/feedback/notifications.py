"""The feedback app's mails, queued through the outbox (``notifications.domain.outbox``);
each a template triple under ``mail/feedback/<name>/``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from medvirk.feedback.models import AccessibilityFeedback
from medvirk.notifications.domain.outbox import queue_mail

ACCESSIBILITY_FEEDBACK = "feedback/accessibility_feedback"


def accessibility_feedback_to_platform_admins(feedback: AccessibilityFeedback) -> int:
    """One mail to each active platform admin (``is_superuser``) with an address; in the
    default language, as accounts keep no language of their own."""
    admins = get_user_model().objects.filter(is_superuser=True, is_active=True)
    admin_path = reverse("admin:feedback_accessibilityfeedback_change", args=[feedback.pk])
    sent = 0
    for address in admins.exclude(email="").order_by("pk").values_list("email", flat=True):
        sent += queue_mail(
            ACCESSIBILITY_FEEDBACK,
            to=[address],
            context={
                "page": feedback.page,
                "description": feedback.description,
                "email": feedback.email,
                "admin_path": admin_path,
            },
            reference=f"feedback.accessibilityfeedback:{feedback.pk}",
        )
    return sent
