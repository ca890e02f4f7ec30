"""The pages by persona (owner admin, service secretariat, other organisation,
anonymous, platform admin), the builder's forms, and query counts that do not grow
with the rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from medvirk.surveys.enums import SurveyStatus
from medvirk.surveys.models import Question, Survey
from tests.factories.surveys import (
    DraftSurveyFactory,
    OptionFactory,
    QuestionFactory,
    SectionFactory,
)
from tests.surveys.conftest import PERSONAS, World, build_survey, respond

OWNER_PAGES = [
    "detail",
    "edit",
    "section_add",
    "preview",
    "publish",
    "close",
    "invite",
    "results",
    "export_csv",
    "export_xlsx",
    "moderation",
]


def _url(name: str, built: Any) -> str:
    return reverse(f"surveys:{name}", kwargs={"pk": built.survey.pk})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", OWNER_PAGES)
def test_owner_pages_by_persona(world: World, persona: str, name: str) -> None:
    response = world.client(persona).get(_url(name, world.a))
    if persona == "admin_a":
        assert response.status_code == 200
    elif persona == "anonymous":
        assert response.status_code == 302
        assert "/konto/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("persona", PERSONAS)
def test_service_survey_pages_are_its_secretariats(world: World, persona: str) -> None:
    for name in ("detail", "results"):
        response = world.client(persona).get(_url(name, world.service))
        expected = 200 if persona == "secretariat" else 302 if persona == "anonymous" else 403
        assert response.status_code == expected, (name, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_organisation_list_by_persona(world: World, persona: str) -> None:
    url = reverse("surveys:organisation", kwargs={"org_pk": world.org_a.organisation.pk})
    response = world.client(persona).get(url)
    expected = 200 if persona == "admin_a" else 302 if persona == "anonymous" else 403
    assert response.status_code == expected


def test_organisation_list_empty_state(world: World) -> None:
    Survey.objects.filter(organisation=world.org_a.organisation).delete()
    url = reverse("surveys:organisation", kwargs={"org_pk": world.org_a.organisation.pk})
    assert "Ingen spørreundersøkelser ennå." in world.client("admin_a").get(url).content.decode()


def test_build_and_publish_through_the_pages(world: World) -> None:
    client = world.client("admin_a")
    create = reverse("surveys:create", kwargs={"org_pk": world.org_a.organisation.pk})
    bad = client.post(
        create,
        {
            "title_nb": "",
            "opens_on": "2026-11-20",
            "closes_on": "2026-11-01",
            "distribution": "link",
            "min_group_size": 5,
        },
    )
    assert bad.status_code == 422
    assert 'href="#id_title_nb"' in bad.content.decode()
    response = client.post(
        create,
        {
            "title_nb": "Om parkering",
            "opens_on": "2026-11-16",
            "closes_on": "2026-12-01",
            "distribution": "link",
            "min_group_size": 5,
            "ask_kommune": "on",
        },
    )
    survey = Survey.objects.get(title_nb="Om parkering")
    assert response["Location"] == survey.get_absolute_url()
    publish = reverse("surveys:publish", kwargs={"pk": survey.pk})
    refused = client.post(publish)
    assert refused.status_code == 422
    assert f'href="{survey.get_absolute_url()}#sporsmal"' in refused.content.decode()
    client.post(reverse("surveys:section_add", kwargs={"pk": survey.pk}), {"title_nb": "Del 1"})
    section = survey.sections.get()
    client.post(
        reverse("surveys:question_add", kwargs={"pk": survey.pk, "section_pk": section.pk}),
        {
            "kind": "scale_1_5",
            "text_nb": "Hvor lett er det å parkere?",
            "low_label_nb": "Svært vanskelig",
            "high_label_nb": "Svært lett",
            "required": "on",
        },
    )
    question = Question.objects.get(survey=survey)
    second = client.post(
        reverse("surveys:question_add", kwargs={"pk": survey.pk, "section_pk": section.pk}),
        {"kind": "short_text", "text_nb": "Hvor parkerer du?"},
    )
    assert second.status_code == 302
    last = Question.objects.filter(survey=survey).order_by("-position").first()
    moved = client.post(reverse("surveys:change", args=[survey.pk, "question", last.pk, "up"]))
    assert moved.status_code == 302
    assert Question.objects.filter(survey=survey).order_by("position").first() == last
    preview = client.get(reverse("surveys:preview", kwargs={"pk": survey.pk})).content.decode()
    assert "Forhåndsvisning" in preview and "Send svarene" not in preview
    assert client.post(publish).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.PUBLISHED
    assert question.pk


def test_change_is_post_only_and_owners_only(world: World) -> None:
    url = reverse("surveys:change", args=[world.a.survey.pk, "question", world.a.single.pk, "up"])
    assert world.client("admin_a").get(url).status_code == 405
    assert world.client("admin_b").post(url).status_code == 403


# --- Query counts: the same with 1 and 3 rows ------------------------------------------


def _count(
    django_assert_num_queries: Any, client: Client, url: str, expected: int | None = None
) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_of_the_organisation_list(world: World, django_assert_num_queries: Any) -> None:
    client = world.client("admin_a")
    url = reverse("surveys:organisation", kwargs={"org_pk": world.org_a.organisation.pk})
    one = _count(django_assert_num_queries, client, url)
    DraftSurveyFactory(organisation=world.org_a.organisation)
    DraftSurveyFactory(organisation=world.org_a.organisation)
    with django_assert_num_queries(one):
        client.get(url)


def _more_questions(built: Any) -> None:
    section = SectionFactory(survey=built.survey, position=9)
    for _ in range(2):
        question = QuestionFactory(section=section)
        OptionFactory(question=question)
        OptionFactory(question=question)


@pytest.mark.parametrize("page", ["detail", "answer", "results"])
def test_queries_do_not_grow_with_rows(
    world: World, django_assert_num_queries: Any, page: str
) -> None:
    built = build_survey(organisation=world.org_a.organisation)
    if page == "answer":
        client, url = Client(), reverse("surveys:answer", kwargs={"code": built.survey.code})
    else:
        client, url = world.client("admin_a"), _url(page, built)
    respond(built)
    cache.clear()  # cold both times (the results and the kommune menu are cached)
    one = _count(django_assert_num_queries, client, url)
    _more_questions(built)
    respond(built)
    respond(built)
    cache.clear()
    with django_assert_num_queries(one):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_moderating_through_the_page_by_persona(world: World, persona: str) -> None:
    from medvirk.surveys.enums import Moderation
    from medvirk.surveys.models import Answer

    response = respond(world.a, text="Et svar med et navn i")
    answer = Answer.objects.get(response=response, question=world.a.long)
    url = reverse("surveys:moderate", args=[world.a.survey.pk, answer.pk])
    result = world.client(persona).post(url, {"decision": "hidden"})
    answer.refresh_from_db()
    if persona == "admin_a":
        assert result.status_code == 302
        assert answer.moderation == Moderation.HIDDEN
        page = world.client(persona).get(_url("results", world.a)).content.decode()
        assert "Et svar med et navn i" not in page
    else:
        assert result.status_code in (302, 403)
        assert answer.moderation == Moderation.PENDING


# --- Deleting: a confirm page first -------------------------------------------------------


def _draft(world: World) -> Any:
    return build_survey(organisation=world.org_a.organisation, status=SurveyStatus.DRAFT)


@pytest.mark.parametrize(
    ("what", "heading", "subject"),
    [
        ("section", "Slett delen", "Om tjenesten"),
        ("question", "Slett spørsmålet", "Hvor ofte får du besøk?"),
        ("option", "Slett svaralternativet", "Hver dag"),
    ],
)
def test_delete_asks_first_and_deletes_on_confirm(
    world: World, what: str, heading: str, subject: str
) -> None:
    built = _draft(world)
    obj = {"section": built.single.section, "question": built.single, "option": built.options[0]}[
        what
    ]
    model = type(obj)
    client = world.client("admin_a")
    detail = client.get(built.survey.get_absolute_url()).content.decode()
    url = reverse("surveys:delete", args=[built.survey.pk, what, obj.pk])
    # The builder's «Slett» is a link to the confirm page, not a form that deletes.
    assert f'href="{url}"' in detail
    assert "/delete/" not in detail
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f">{heading}</h1>" in body
    assert f"«{subject}»" in body
    assert "Det kan ikke angres." in body
    assert f'href="{built.survey.get_absolute_url()}"' in body  # Avbryt
    assert model.objects.filter(pk=obj.pk).exists()
    done = client.post(url)
    assert done.status_code == 302
    assert done["Location"] == f"{built.survey.get_absolute_url()}#sporsmal"
    assert not model.objects.filter(pk=obj.pk).exists()
    if what == "section":
        assert not Question.objects.filter(pk=built.single.pk).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_delete_by_persona(world: World, persona: str) -> None:
    built = _draft(world)
    url = reverse("surveys:delete", args=[built.survey.pk, "question", built.long.pk])
    for method in ("get", "post"):
        response = getattr(world.client(persona), method)(url)
        if persona == "admin_a":
            assert response.status_code == (200 if method == "get" else 302)
        elif persona == "anonymous":
            assert response.status_code == 302
            assert "/konto/" in response["Location"]
        else:
            assert response.status_code == 403
    assert Question.objects.filter(pk=built.long.pk).exists() == (persona != "admin_a")


def test_delete_refused_once_published_and_not_across_surveys(world: World) -> None:
    client = world.client("admin_a")
    url = reverse("surveys:delete", args=[world.a.survey.pk, "question", world.a.long.pk])
    refused = client.post(url)
    assert refused.status_code == 422
    assert "Spørsmålene kan ikke lenger endres." in refused.content.decode()
    assert Question.objects.filter(pk=world.a.long.pk).exists()
    draft = _draft(world)
    other = reverse("surveys:delete", args=[draft.survey.pk, "option", world.a.options[0].pk])
    assert client.post(other).status_code == 404
    unknown = reverse("surveys:delete", args=[draft.survey.pk, "survey", draft.survey.pk])
    assert client.get(unknown).status_code == 403


def test_the_move_url_no_longer_deletes(world: World) -> None:
    built = _draft(world)
    url = reverse("surveys:change", args=[built.survey.pk, "question", built.long.pk, "delete"])
    assert world.client("admin_a").post(url).status_code == 403
    assert Question.objects.filter(pk=built.long.pk).exists()
