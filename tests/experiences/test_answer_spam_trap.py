"""The experience answer form's trap answers like a success and keeps nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from medvirk.experiences.models import Experience
from tests.experiences.test_answers import post_data
from tests.factories.experiences import ExperienceCallFactory
from tests.spam_trap_support import TRAP, assert_nothing_kept, assert_same_answer


@pytest.mark.parametrize("email", ["", "ine@example.org"])
def test_answer_trap_answers_like_success_and_keeps_nothing(db: Any, email: str) -> None:
    """With an address too: the receipt promises the mail a real answer gets."""
    call = ExperienceCallFactory()
    data = post_data(contact_email=email)
    robot = Client(REMOTE_ADDR="203.0.113.1")
    trapped = robot.post(call.get_public_url(), {**data, **TRAP})
    assert Experience.objects.count() == 0
    assert_nothing_kept()

    person = Client(REMOTE_ADDR="198.51.100.1")
    stored = person.post(call.get_public_url(), data)
    assert Experience.objects.count() == 1
    assert_same_answer((robot, trapped), (person, stored))
