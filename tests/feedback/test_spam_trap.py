"""The accessibility feedback form's trap answers like a success and keeps nothing."""

from __future__ import annotations

from typing import Any

from django.test import Client

from medvirk.feedback.models import AccessibilityFeedback
from tests.factories import UserFactory
from tests.feedback.test_accessibility import URL, VALID
from tests.spam_trap_support import TRAP, assert_nothing_kept, assert_same_answer


def test_feedback_trap_answers_like_success_and_keeps_nothing(db: Any) -> None:
    UserFactory(email="plattform@example.org", is_superuser=True, is_staff=True)
    robot = Client(REMOTE_ADDR="203.0.113.1")
    trapped = robot.post(URL, {**VALID, **TRAP})
    assert AccessibilityFeedback.objects.count() == 0
    assert_nothing_kept()

    person = Client(REMOTE_ADDR="198.51.100.1")
    stored = person.post(URL, VALID)
    assert AccessibilityFeedback.objects.count() == 1
    assert_same_answer((robot, trapped), (person, stored))
