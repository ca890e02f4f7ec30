"""Factories for surveys (tests run on 2026-11-16: the default survey is open from
1 November to 31 December 2026)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from medvirk.surveys.enums import Distribution, QuestionKind, SurveyStatus
from medvirk.surveys.models import Answer, Option, Question, Response, Section, Survey
from tests.factories import OrganisationFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published survey with an open link."""

    class Meta:
        model = Survey

    organisation = factory.SubFactory(OrganisationFactory)
    title_nb = factory.Sequence(lambda n: f"Brukerundersøkelse om hjemmetjenesten {n}")
    intro_nb = "Vi vil gjerne vite hva du mener om hjemmetjenesten."
    code = factory.Sequence(lambda n: f"u{n:06d}")
    status = SurveyStatus.PUBLISHED
    opens_on = datetime.date(2026, 11, 1)
    closes_on = datetime.date(2026, 12, 31)
    distribution = Distribution.LINK
    published_at = factory.LazyFunction(timezone.now)


class DraftSurveyFactory(SurveyFactory):
    status = SurveyStatus.DRAFT
    published_at = None


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    title_nb = "Om tjenesten"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    survey = factory.SelfAttribute("section.survey")
    position = factory.Sequence(lambda n: n)
    kind = QuestionKind.SINGLE
    text_nb = factory.Sequence(lambda n: f"Spørsmål {n}")


class ScaleQuestionFactory(QuestionFactory):
    kind = QuestionKind.SCALE
    text_nb = "Hvor fornøyd er du med hjemmetjenesten?"
    low_label_nb = "Svært misfornøyd"
    high_label_nb = "Svært fornøyd"


class TextQuestionFactory(QuestionFactory):
    kind = QuestionKind.LONG_TEXT
    text_nb = "Hva kan bli bedre?"


class OptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    label_nb = factory.Sequence(lambda n: f"Alternativ {n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    language = "nb"


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
