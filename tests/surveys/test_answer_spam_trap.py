"""The survey answer form's trap answers like a success and keeps nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from medvirk.surveys.models import Response
from tests.spam_trap_support import TRAP, assert_nothing_kept, assert_same_answer
from tests.surveys.conftest import World, answers_for


def test_survey_trap_answers_like_success_and_keeps_nothing(world: World) -> None:
    url = reverse("surveys:answer", kwargs={"code": world.a.survey.code})
    data = answers_for(world.a)
    robot = Client(REMOTE_ADDR="203.0.113.1")
    trapped = robot.post(url, {**data, **TRAP})
    assert Response.objects.count() == 0
    assert_nothing_kept()

    person = Client(REMOTE_ADDR="198.51.100.1")
    stored = person.post(url, data)
    assert Response.objects.count() == 1
    assert_same_answer((robot, trapped), (person, stored))
