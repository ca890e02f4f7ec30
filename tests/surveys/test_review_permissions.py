"""Review of the surveys' permissions: every owner page and write as each persona (GET
and POST), and ids of another organisation's survey, section, question, option or
answer in the URL of one's own survey (404, nothing changed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from medvirk.surveys.enums import Moderation, SurveyStatus
from medvirk.surveys.models import Answer, Invitation, Option, Question, Section, Survey
from tests.surveys.conftest import PERSONAS, Built, World, build_survey, respond

SECRET = "Hemmelig fritekst fra en innbygger"


def _snapshot() -> tuple[Any, ...]:
    return (
        sorted(Survey.objects.values_list("pk", "title_nb", "status", "results_public")),
        sorted(Section.objects.values_list("pk", "survey_id", "position", "title_nb")),
        sorted(Question.objects.values_list("pk", "section_id", "position", "text_nb")),
        sorted(Option.objects.values_list("pk", "question_id", "position", "label_nb")),
        sorted(Answer.objects.values_list("pk", "moderation")),
        Invitation.objects.count(),
    )


def _owner_urls(built: Built) -> list[str]:
    pk = built.survey.pk
    section = built.single.section_id
    q, o = built.single.pk, built.options[0].pk
    return [
        reverse("surveys:detail", args=[pk]),
        reverse("surveys:edit", args=[pk]),
        reverse("surveys:section_add", args=[pk]),
        reverse("surveys:section_edit", args=[pk, section]),
        reverse("surveys:question_add", args=[pk, section]),
        reverse("surveys:question_edit", args=[pk, q]),
        reverse("surveys:option_add", args=[pk, q]),
        reverse("surveys:option_edit", args=[pk, o]),
        reverse("surveys:delete", args=[pk, "section", section]),
        reverse("surveys:delete", args=[pk, "question", q]),
        reverse("surveys:delete", args=[pk, "option", o]),
        reverse("surveys:change", args=[pk, "question", q, "down"]),
        reverse("surveys:change", args=[pk, "option", o, "down"]),
        reverse("surveys:preview", args=[pk]),
        reverse("surveys:publish", args=[pk]),
        reverse("surveys:close", args=[pk]),
        reverse("surveys:invite", args=[pk]),
        reverse("surveys:results", args=[pk]),
        reverse("surveys:export_csv", args=[pk]),
        reverse("surveys:export_xlsx", args=[pk]),
        reverse("surveys:moderation", args=[pk]),
        reverse("surveys:agenda", args=[pk]),
    ]


POST = {
    "title_nb": "Kapret",
    "text_nb": "Kapret",
    "label_nb": "Kapret",
    "kind": "single",
    "confirm": "1",
    "decision": Moderation.APPROVED,
    "emails": "x@example.org",
    "opens_on": "2026-11-01",
    "closes_on": "2026-12-31",
    "distribution": "link",
    "min_group_size": "5",
}


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin_a"])
def test_others_neither_read_nor_change_a_survey(world: World, persona: str) -> None:
    Survey.objects.filter(pk=world.a.survey.pk).update(status=SurveyStatus.DRAFT)
    respond(world.a, text=SECRET, moderation=Moderation.APPROVED)
    answer = Answer.objects.get(text=SECRET)
    urls = [
        *_owner_urls(world.a),
        reverse("surveys:moderate", args=[world.a.survey.pk, answer.pk]),
    ]
    before = _snapshot()
    client = world.client(persona)
    for url in urls:
        for response in (client.get(url), client.post(url, POST)):
            assert response.status_code in (302, 403, 404, 405), (url, response.status_code)
            if response.status_code == 302:
                assert "/konto/" in response["Location"], url
            assert SECRET not in _body(response), url
    assert _snapshot() == before


def test_ids_of_another_survey_in_ones_own_url_are_404(world: World) -> None:
    """Organisation A's admin, through A's own (draft) survey, names B's section,
    question, option and answer."""
    Survey.objects.filter(pk=world.a.survey.pk).update(status=SurveyStatus.DRAFT)
    theirs = build_survey(organisation=world.org_b.organisation, status=SurveyStatus.DRAFT)
    respond(theirs, text=SECRET, moderation=Moderation.PENDING)
    answer = Answer.objects.get(text=SECRET)
    mine = world.a.survey.pk
    section, q, o = theirs.single.section_id, theirs.single.pk, theirs.options[0].pk
    urls = [
        reverse("surveys:section_edit", args=[mine, section]),
        reverse("surveys:question_add", args=[mine, section]),
        reverse("surveys:question_edit", args=[mine, q]),
        reverse("surveys:option_add", args=[mine, q]),
        reverse("surveys:option_edit", args=[mine, o]),
        reverse("surveys:delete", args=[mine, "section", section]),
        reverse("surveys:delete", args=[mine, "question", q]),
        reverse("surveys:delete", args=[mine, "option", o]),
        reverse("surveys:change", args=[mine, "section", section, "up"]),
        reverse("surveys:change", args=[mine, "question", q, "down"]),
        reverse("surveys:change", args=[mine, "option", o, "down"]),
        reverse("surveys:moderate", args=[mine, answer.pk]),
    ]
    before = _snapshot()
    client = world.client("admin_a")
    for url in urls:
        for response in (client.get(url), client.post(url, POST)):
            assert response.status_code in (404, 405), (url, response.status_code)
            assert SECRET not in _body(response), url
    assert _snapshot() == before
    answer.refresh_from_db()
    assert answer.moderation == Moderation.PENDING
