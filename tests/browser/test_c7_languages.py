"""Every page of experience gathering and surveys in nynorsk and English: axe-core
(WCAG 2.1 A and AA) at 1280 and at 320 CSS px, no page wider than the window, the page
structure, and the page's language. The bokmål pages are checked by the journeys
(test_experience_journey.py, test_experience_themes.py, test_experience_answering.py,
test_surveys.py); tests/common/test_rendered_language.py checks that no bokmål is left
in the other languages' HTML."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from medvirk.surveys.enums import Moderation
from tests.browser.helpers import check_structure, force_login, use_language
from tests.experiences.themes_support import (  # noqa: F401
    ThemeWorld,
    meeting_world,
    share,
    theme_world_fixture,
)
from tests.factories import KommuneFactory
from tests.surveys.conftest import build_survey, respond


def _visit(page: Page, a11y: Any, url: str, language: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, url
    assert page.locator("html").get_attribute("lang") == language, url
    check_structure(page)
    a11y(page)


@pytest.mark.parametrize("language", ["nn", "en"])
def test_every_c7_page_in_nynorsk_and_english(
    page: Page, live_server: Any, a11y: Any, theme_world: ThemeWorld, language: str
) -> None:
    w = theme_world
    call, theme = w.call, w.theme
    share(theme, w.m.public_arena)
    organisation = w.organisation
    built = build_survey(organisation=organisation, results_public=True)
    kommune = KommuneFactory(name="Narvik")
    for index in range(6):
        respond(
            built,
            kommune=kommune,
            text=f"Tekst {index}",
            moderation=Moderation.APPROVED if index % 2 else Moderation.PENDING,
        )
    survey = built.survey
    section = built.single.section

    use_language(page, live_server, language)
    public = [
        reverse("experiences:public_calls"),
        call.get_public_url(),
        reverse("experiences:answer_receipt", kwargs={"code": call.code}),
        survey.get_answer_url(),
        reverse("surveys:summary", kwargs={"pk": survey.pk}),
    ]
    for url in public:
        _visit(page, a11y, url, language)

    moderator = w.users["moderator"]
    force_login(page, live_server, moderator)
    managed = [
        reverse("start:page"),
        reverse("experiences:org_calls", kwargs={"org_pk": organisation.pk}),
        reverse("experiences:call_create", kwargs={"org_pk": organisation.pk}),
        call.get_absolute_url(),
        reverse("experiences:call_edit", kwargs={"pk": call.pk}),
        reverse("experiences:call_poster", kwargs={"pk": call.pk}),
        reverse("experiences:moderation_list", kwargs={"pk": call.pk}),
        reverse("experiences:moderate", kwargs={"answer_pk": w.pending.pk}),
        reverse("experiences:theme_list", kwargs={"call_pk": call.pk}),
        reverse("experiences:theme_create", kwargs={"call_pk": call.pk}),
        theme.get_absolute_url(),
        reverse("experiences:theme_edit", kwargs={"pk": theme.pk}),
        reverse("experiences:theme_sharing", kwargs={"pk": theme.pk}),
        reverse("experiences:theme_case", kwargs={"pk": theme.pk}),
        reverse("experiences:individual_case", kwargs={"call_pk": call.pk}),
        reverse("surveys:organisation", kwargs={"org_pk": organisation.pk}),
        reverse("surveys:create", kwargs={"org_pk": organisation.pk}),
        reverse("surveys:detail", kwargs={"pk": survey.pk}),
        reverse("surveys:edit", kwargs={"pk": survey.pk}),
        reverse("surveys:section_edit", kwargs={"pk": survey.pk, "section_pk": section.pk}),
        reverse("surveys:results", kwargs={"pk": survey.pk}),
        reverse("surveys:moderation", kwargs={"pk": survey.pk}),
        reverse("surveys:close", kwargs={"pk": survey.pk}),
    ]
    for url in managed:
        _visit(page, a11y, url, language)

    umbrella_admin = w.users["umbrella_admin"]
    force_login(page, live_server, umbrella_admin)
    for url in (reverse("experiences:bank"), reverse("experiences:bank_combine")):
        _visit(page, a11y, url, language)


def test_a_member_only_call_explains_itself_in_english(
    page: Page, live_server: Any, a11y: Any, theme_world: ThemeWorld
) -> None:
    """The page an outsider meets on a call for the organisation's members only (403,
    with what to do)."""
    w = theme_world
    w.call.audience = "members"
    w.call.save()
    use_language(page, live_server, "en")
    force_login(page, live_server, w.users["admin_b"])
    _visit(page, a11y, w.call.get_public_url(), "en", status=403)
    assert "members" in page.locator("main").inner_text()
