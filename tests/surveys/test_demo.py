"""The demo holds one published survey linked to a demo arena, with about 30 answers,
free text both approved and waiting, and a public summary."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from medvirk.surveys.enums import Moderation, SurveyStatus
from medvirk.surveys.models import Answer, Survey


def test_demo_survey(db: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", verbosity=0)
    survey = Survey.objects.get()
    assert survey.status == SurveyStatus.PUBLISHED
    assert survey.arena is not None
    assert survey.responses.count() == 30
    moderations = set(Answer.objects.exclude(text="").values_list("moderation", flat=True))
    assert moderations == {Moderation.APPROVED, Moderation.PENDING}
    assert Client().get(reverse("surveys:summary", kwargs={"pk": survey.pk})).status_code == 200
    assert Client().get(survey.get_answer_url()).status_code == 200
