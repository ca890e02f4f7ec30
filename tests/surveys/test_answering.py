"""Answering a survey: open and personal links, closed surveys, bad input, the
honeypot, the rate limit, one-use links and anonymity."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from medvirk.common.tokens import new_token
from medvirk.surveys.domain.answers import MAX_LONG, MAX_SHORT
from medvirk.surveys.enums import Distribution, Moderation, SurveyStatus
from medvirk.surveys.models import Answer, Invitation, Response, Survey
from medvirk.surveys.views_answer import ANSWERS_PER_HOUR
from tests.factories import KommuneFactory
from tests.surveys.conftest import World, answers_for


def _url(world: World) -> str:
    return reverse("surveys:answer", kwargs={"code": world.a.survey.code})


def _post(world: World, data: dict, url: str | None = None) -> object:
    return Client().post(url or _url(world), data)


def test_answer_page_is_open_to_anyone(world: World) -> None:
    response = Client().get(_url(world))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hvor ofte får du besøk?" in body
    assert "<fieldset" in body and "<legend" in body
    assert "Svært misfornøyd" in body


def test_answer_is_saved_with_its_kommune(world: World) -> None:
    kommune = KommuneFactory(name="Bodø")
    data = {**answers_for(world.a, text="Mer tid til prat"), "kommune": kommune.pk}
    response = _post(world, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", kwargs={"code": world.a.survey.code})
    saved = Response.objects.get(survey=world.a.survey)
    assert saved.kommune == kommune
    assert Answer.objects.filter(response=saved).count() == 5  # 1 + 2 options, scale, text
    text = Answer.objects.get(response=saved, question=world.a.long)
    assert text.moderation == Moderation.PENDING


def test_required_questions_are_named_and_typed_text_kept(world: World) -> None:
    data = {f"q{world.a.long.pk}": "Noe jeg skrev"}
    response = _post(world, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert f'href="#id_q{world.a.single.pk}"' in body
    assert f'href="#id_q{world.a.scale.pk}"' in body
    assert "Noe jeg skrev" in body
    assert not Response.objects.exists()


def test_empty_answer_is_refused(world: World) -> None:
    world.a.single.required = False
    world.a.single.save()
    world.a.scale.required = False
    world.a.scale.save()
    response = _post(world, {})
    assert response.status_code == 422
    assert not Response.objects.exists()


def test_oversized_answers_are_refused(world: World) -> None:
    data = {
        **answers_for(world.a, text="x" * (MAX_LONG + 1)),
        f"q{world.a.short.pk}": "y" * (MAX_SHORT + 1),
    }
    response = _post(world, data)
    assert response.status_code == 422
    assert not Response.objects.exists()


def test_a_foreign_option_or_a_scale_of_six_is_refused(world: World) -> None:
    data = answers_for(world.a)
    data[f"q{world.a.single.pk}"] = str(world.service.options[0].pk)
    assert _post(world, data).status_code == 422
    data = answers_for(world.a, number=6)
    assert _post(world, data).status_code == 422
    assert not Response.objects.exists()


def test_script_in_answers_is_escaped_in_the_results(world: World) -> None:
    data = answers_for(world.a, text="<script>alert(1)</script>")
    assert _post(world, data).status_code == 302
    Answer.objects.filter(question=world.a.long).update(moderation=Moderation.APPROVED)
    body = (
        world.client("admin_a")
        .get(reverse("surveys:results", kwargs={"pk": world.a.survey.pk}))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_survey_text_with_html_is_escaped_on_the_answer_page(world: World) -> None:
    world.a.single.text_nb = "<b>fet</b>"
    world.a.single.save()
    body = Client().get(_url(world)).content.decode()
    assert "<b>fet</b>" not in body
    assert "&lt;b&gt;fet&lt;/b&gt;" in body


@pytest.mark.parametrize(
    "change",
    [
        {"status": SurveyStatus.CLOSED},
        {"status": SurveyStatus.DRAFT},
        {"closes_on": datetime.date(2026, 11, 15)},
        {"opens_on": datetime.date(2026, 11, 17)},
    ],
)
def test_a_survey_not_open_answers_410(world: World, change: dict) -> None:
    Survey.objects.filter(pk=world.a.survey.pk).update(**change)
    assert Client().get(_url(world)).status_code == 410
    response = _post(world, answers_for(world.a))
    assert response.status_code == 410
    assert not Response.objects.exists()


def test_unknown_code_is_404(world: World) -> None:
    assert Client().get(reverse("surveys:answer", kwargs={"code": "nope"})).status_code == 404


def test_honeypot_thanks_and_saves_nothing(world: World) -> None:
    response = _post(world, {**answers_for(world.a), "website": "http://spam.example"})
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_a_flood_from_one_address_is_stopped(world: World) -> None:
    cache.clear()
    limit = ANSWERS_PER_HOUR
    statuses = [_post(world, answers_for(world.a)).status_code for _ in range(limit + 2)]
    assert statuses[:limit] == [302] * limit
    assert statuses[limit:] == [429, 429]
    assert Response.objects.count() == limit


# --- Personal links --------------------------------------------------------------------


def _personal(world: World) -> tuple[str, Invitation]:
    survey = world.a.survey
    survey.distribution = Distribution.PERSONAL
    survey.save()
    token, token_hash = new_token()
    invitation = Invitation.objects.create(
        survey=survey, email="ola@example.org", token_hash=token_hash
    )
    return token, invitation


def test_a_personal_link_is_used_once(world: World) -> None:
    token, invitation = _personal(world)
    url = reverse("surveys:answer_personal", kwargs={"token": token})
    assert Client().get(url).status_code == 200
    assert _post(world, answers_for(world.a), url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.used_on == datetime.date(2026, 11, 16)
    # The second use is refused, on the page and on submit.
    assert Client().get(url).status_code == 410
    assert _post(world, answers_for(world.a), url).status_code == 410
    assert Response.objects.count() == 1


def test_a_forged_personal_link_is_404(world: World) -> None:
    _personal(world)
    url = reverse("surveys:answer_personal", kwargs={"token": "forged-token"})
    assert Client().get(url).status_code == 404
    assert _post(world, answers_for(world.a), url).status_code == 404
    assert not Response.objects.exists()


def test_a_personal_survey_has_no_open_link(world: World) -> None:
    _personal(world)
    assert Client().get(_url(world)).status_code == 404


def test_no_link_between_invitation_and_response_in_the_database(world: World) -> None:
    token, _invitation = _personal(world)
    url = reverse("surveys:answer_personal", kwargs={"token": token})
    _post(world, answers_for(world.a), url)
    response_columns = {
        field.column for field in Response._meta.get_fields() if hasattr(field, "column")
    }
    answer_columns = {
        field.column for field in Answer._meta.get_fields() if hasattr(field, "column")
    }
    assert not any("invitation" in column for column in response_columns | answer_columns)
    invitation_columns = {
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), Invitation._meta.db_table
        )
    }
    assert not any("response" in column for column in invitation_columns)
    # The invitation keeps the day only, not a time to match with the response.
    assert "used_on" in invitation_columns and "used_at" not in invitation_columns


def test_the_answer_page_in_english_and_nynorsk(world: World) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    body = client.get(_url(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How often are you visited?" in body
    # Not translated: bokmål, marked as such.
    assert '<span lang="nb">Hva får du hjelp til?</span>' in body
