"""The survey domain: who may do what (persona × state), validation, log entries."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from medvirk.common.models import ActivityLog
from medvirk.surveys.domain import structure
from medvirk.surveys.domain.moderation import moderate_answer
from medvirk.surveys.domain.surveys import (
    close_survey,
    create_survey,
    publish_survey,
    update_survey,
)
from medvirk.surveys.enums import Moderation, QuestionKind, SurveyStatus
from medvirk.surveys.models import Answer, Option, Question, Section, Survey
from tests.factories.surveys import DraftSurveyFactory, SectionFactory
from tests.surveys.conftest import PERSONAS, World, build_survey, respond

FIELDS = {
    "title_nb": "Hva synes du om bussen?",
    "opens_on": datetime.date(2026, 11, 20),
    "closes_on": datetime.date(2026, 12, 20),
}


def _owner_of(world: World, persona: str) -> bool:
    return persona in ("admin_a",)


@pytest.mark.parametrize("persona", PERSONAS)
def test_create_survey_only_by_the_organisations_admin(world: World, persona: str) -> None:
    user = world.user(persona)
    organisation = world.org_a.organisation
    if persona == "admin_a":
        survey = create_survey(organisation, by=user, **FIELDS)
        assert survey.status == SurveyStatus.DRAFT
        assert survey.code
        assert ActivityLog.objects.filter(action="surveys.survey.created").count() == 1
    else:
        with pytest.raises(PermissionDenied):
            create_survey(organisation, by=user, **FIELDS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_services_secretariat_runs_its_surveys(world: World, persona: str) -> None:
    user = world.user(persona)
    service = world.service.survey.organisation
    if persona == "secretariat":
        assert create_survey(service, by=user, **FIELDS).organisation == service
    else:
        with pytest.raises(PermissionDenied):
            create_survey(service, by=user, **FIELDS)


def test_secretariat_role_in_a_user_organisation_is_not_enough(world: World) -> None:
    from medvirk.accounts.enums import RoleKind
    from tests.factories import RoleFactory

    RoleFactory(
        user=world.secretariat, organisation=world.org_a.organisation, role=RoleKind.SECRETARIAT
    )
    world.secretariat._medvirk_roles = None
    del world.secretariat._medvirk_roles
    with pytest.raises(PermissionDenied):
        create_survey(world.org_a.organisation, by=world.secretariat, **FIELDS)


def test_create_survey_validation_names_the_fields(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        create_survey(
            world.org_a.organisation,
            by=world.org_a.admin,
            title_nb="  ",
            opens_on=datetime.date(2026, 12, 1),
            closes_on=datetime.date(2026, 11, 1),
            min_group_size=0,
            distribution="carrier-pigeon",
        )
    assert set(caught.value.message_dict) == {
        "title_nb",
        "closes_on",
        "min_group_size",
        "distribution",
    }
    assert not Survey.objects.filter(title_nb="").exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_builder_functions_by_persona(world: World, persona: str) -> None:
    survey = DraftSurveyFactory(organisation=world.org_a.organisation)
    user = world.user(persona)
    calls = [
        lambda: structure.add_section(survey, by=user, title_nb="Del"),
        lambda: update_survey(survey, by=user, **FIELDS),
        lambda: publish_survey(survey, by=user),
    ]
    for call in calls:
        if persona == "admin_a":
            with contextlib.suppress(ValidationError):
                call()  # publishing without questions is refused: see below
        else:
            with pytest.raises(PermissionDenied):
                call()


def test_building_adding_moving_and_deleting(world: World) -> None:
    admin = world.org_a.admin
    survey = DraftSurveyFactory(organisation=world.org_a.organisation)
    first = structure.add_section(survey, by=admin, title_nb="Første", title_en="First")
    second = structure.add_section(survey, by=admin, title_nb="Andre")
    structure.move_section(second, by=admin, direction="up")
    assert list(Section.objects.filter(survey=survey).values_list("title_nb", flat=True)) == [
        "Andre",
        "Første",
    ]
    question = structure.add_question(
        first, by=admin, kind=QuestionKind.SINGLE, text_nb="Liker du kaffe?", required=True
    )
    yes = structure.add_option(question, by=admin, label_nb="Ja")
    no = structure.add_option(question, by=admin, label_nb="Nei")
    structure.move_option(no, by=admin, direction="up")
    assert list(question.options.values_list("label_nb", flat=True)) == ["Nei", "Ja"]
    structure.update_option(yes, by=admin, label_nb="Ja takk")
    structure.delete_option(no, by=admin)
    assert list(question.options.values_list("label_nb", flat=True)) == ["Ja takk"]
    with pytest.raises(ValidationError) as caught:
        structure.add_question(first, by=admin, kind=QuestionKind.SCALE, text_nb="Skala")
    assert set(caught.value.message_dict) == {"low_label_nb", "high_label_nb"}
    with pytest.raises(ValidationError) as caught:
        structure.add_question(first, by=admin, kind="essay", text_nb="")
    assert set(caught.value.message_dict) == {"kind", "text_nb"}
    structure.delete_section(second, by=admin)
    assert Section.objects.filter(survey=survey).count() == 1


def test_publish_refuses_without_questions_and_with_too_few_options(world: World) -> None:
    admin = world.org_a.admin
    survey = DraftSurveyFactory(organisation=world.org_a.organisation)
    with pytest.raises(ValidationError) as caught:
        publish_survey(survey, by=admin)
    assert "questions" in caught.value.message_dict
    section = SectionFactory(survey=survey)
    structure.add_question(section, by=admin, kind=QuestionKind.SINGLE, text_nb="Ja eller nei?")
    with pytest.raises(ValidationError) as caught:
        publish_survey(survey, by=admin)
    assert "options" in caught.value.message_dict
    question = Question.objects.get(survey=survey)
    structure.add_option(question, by=admin, label_nb="Ja")
    structure.add_option(question, by=admin, label_nb="Nei")
    publish_survey(survey, by=admin)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    # Published: the questions stay as they are.
    with pytest.raises(ValidationError):
        structure.add_option(question, by=admin, label_nb="Kanskje")
    with pytest.raises(ValidationError):
        publish_survey(survey, by=admin)


@pytest.mark.parametrize("persona", PERSONAS)
def test_close_by_persona(world: World, persona: str) -> None:
    survey = world.a.survey
    if persona == "admin_a":
        close_survey(survey, by=world.user(persona))
        assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
        with pytest.raises(ValidationError):
            close_survey(survey, by=world.user(persona))
    else:
        with pytest.raises(PermissionDenied):
            close_survey(survey, by=world.user(persona))


@pytest.mark.parametrize("persona", PERSONAS)
def test_moderate_by_persona(world: World, persona: str) -> None:
    response = respond(world.a, text="Hyggelige folk")
    answer = Answer.objects.get(response=response, question=world.a.long)
    if persona == "admin_a":
        moderate_answer(answer, by=world.user(persona), decision=Moderation.APPROVED)
        assert Answer.objects.get(pk=answer.pk).moderation == Moderation.APPROVED
        with pytest.raises(ValidationError):
            moderate_answer(answer, by=world.user(persona), decision="maybe")
    else:
        with pytest.raises(PermissionDenied):
            moderate_answer(answer, by=world.user(persona), decision=Moderation.APPROVED)


def test_update_question_to_text_drops_its_options(world: World) -> None:
    survey = DraftSurveyFactory(organisation=world.org_a.organisation)
    built_section = SectionFactory(survey=survey)
    admin = world.org_a.admin
    question = structure.add_question(built_section, by=admin, kind="single", text_nb="A?")
    structure.add_option(question, by=admin, label_nb="Ja")
    structure.update_question(question, by=admin, kind="short_text", text_nb="Skriv")
    assert not Option.objects.filter(question=question).exists()


def test_build_helper_is_a_published_survey(world: World) -> None:
    assert build_survey(organisation=world.org_b.organisation).survey.status == "published"
