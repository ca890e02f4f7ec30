"""The surveys' world: a survey of organisation A (a user organisation, run by its
admin) and one of the secretariat's service, each with every kind of question."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from medvirk.accounts.models import User
from medvirk.surveys.enums import Distribution, Moderation, QuestionKind, SurveyStatus
from medvirk.surveys.models import Answer, Option, Question, Response, Survey
from tests.conftest import Tenant
from tests.factories import KommuneFactory
from tests.factories.surveys import (
    OptionFactory,
    QuestionFactory,
    ScaleQuestionFactory,
    SectionFactory,
    SurveyFactory,
    TextQuestionFactory,
)

PERSONAS = ["admin_a", "secretariat", "admin_b", "anonymous", "platform_admin"]
OWNERS = {"admin_a"}


@dataclass
class Built:
    survey: Survey
    single: Question
    multiple: Question
    scale: Question
    short: Question
    long: Question
    options: list[Option]


def build_survey(**fields: Any) -> Built:
    survey = SurveyFactory(**fields)
    first = SectionFactory(survey=survey, title_nb="Om tjenesten", position=1)
    second = SectionFactory(survey=survey, title_nb="Med egne ord", position=2)
    single = QuestionFactory(
        section=first,
        position=1,
        kind=QuestionKind.SINGLE,
        required=True,
        text_nb="Hvor ofte får du besøk?",
        text_en="How often are you visited?",
    )
    options = [
        OptionFactory(question=single, position=i, label_nb=label)
        for i, label in enumerate(("Hver dag", "Hver uke", "Sjeldnere"), 1)
    ]
    multiple = QuestionFactory(
        section=first, position=2, kind=QuestionKind.MULTIPLE, text_nb="Hva får du hjelp til?"
    )
    options += [
        OptionFactory(question=multiple, position=i, label_nb=label)
        for i, label in enumerate(("Mat", "Medisiner", "Stell"), 1)
    ]
    scale = ScaleQuestionFactory(section=first, position=3, required=True)
    short = QuestionFactory(
        section=second, position=1, kind=QuestionKind.SHORT_TEXT, text_nb="Ett ord om tjenesten"
    )
    long = TextQuestionFactory(section=second, position=2)
    return Built(survey, single, multiple, scale, short, long, options)


@dataclass
class World:
    a: Built  # organisation A's survey
    service: Built  # the secretariat's service's survey
    org_a: Tenant
    org_b: Tenant
    secretariat: User
    platform_admin: User

    def user(self, persona: str) -> User | None:
        return {
            "admin_a": self.org_a.admin,
            "admin_b": self.org_b.admin,
            "secretariat": self.secretariat,
            "platform_admin": self.platform_admin,
            "anonymous": None,
        }[persona]

    def client(self, persona: str) -> Client:
        client = Client()
        user = self.user(persona)
        if user is not None:
            client.force_login(user)
        return client


@pytest.fixture
def world(org_a: Tenant, org_b: Tenant, secretariat: User, platform_admin: User) -> World:
    service = secretariat.roles.get().organisation
    return World(
        a=build_survey(organisation=org_a.organisation),
        service=build_survey(organisation=service),
        org_a=org_a,
        org_b=org_b,
        secretariat=secretariat,
        platform_admin=platform_admin,
    )


def answers_for(built: Built, *, option: int = 0, number: int = 4, text: str = "") -> dict:
    values = {
        f"q{built.single.pk}": str(built.options[option].pk),
        f"q{built.multiple.pk}": [str(built.options[3].pk), str(built.options[4].pk)],
        f"q{built.scale.pk}": str(number),
    }
    if text:
        values[f"q{built.long.pk}"] = text
    return values


def respond(
    built: Built,
    *,
    kommune: Any = None,
    text: str = "",
    option: int = 0,
    number: int = 4,
    moderation: str = Moderation.PENDING,
) -> Response:
    """A response written directly (for results tests)."""
    response = Response.objects.create(survey=built.survey, language="nb", kommune=kommune)
    Answer.objects.create(response=response, question=built.single, option=built.options[option])
    Answer.objects.create(response=response, question=built.multiple, option=built.options[3])
    Answer.objects.create(response=response, question=built.scale, number=number)
    if text:
        Answer.objects.create(
            response=response, question=built.long, text=text, moderation=moderation
        )
    return response


__all__ = [
    "OWNERS",
    "PERSONAS",
    "Built",
    "Distribution",
    "KommuneFactory",
    "SurveyStatus",
    "World",
    "answers_for",
    "build_survey",
    "respond",
]
