"""Themes in real Chromium: a moderator groups approved answers into a theme, shares it
(with the confirmation step) and turns it into a case proposal, by keyboard alone; every
page on the way, and the bank, the summary view and the individual case page, are
axe-clean at 1280 and 320 CSS px."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from playwright.sync_api import Page, expect

from medvirk.experiences.models import Theme
from medvirk.meetings.models import CaseProposal
from tests.browser.conftest import check_a11y
from tests.browser.helpers import check_structure, force_login, tab_to
from tests.experiences.themes_support import (  # noqa: F401
    ORIGINAL,
    ThemeWorld,
    meeting_world,
    share,
    theme_world_fixture,
)

TITLE = "Ingen å ringe når drosjen er sen"


def _checked(page: Page) -> None:
    check_structure(page)
    check_a11y(page)


def _press(page: Page, selector: str, key: str = "Enter") -> None:
    tab_to(page, selector)
    page.keyboard.press(key)


def test_moderator_groups_shares_and_proposes_by_keyboard(
    page: Page, live_server: Any, theme_world: ThemeWorld
) -> None:
    w = theme_world
    force_login(page, live_server, w.user("moderator"))
    page.goto(reverse("experiences:theme_list", args=[w.call.pk]))
    _checked(page)
    expect(page.get_by_role("link", name=w.theme.title)).to_be_visible()

    _press(page, "a[href$='/temaer/nytt/']")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt tema")
    _checked(page)
    tab_to(page, "input[name=title]")
    page.keyboard.type(TITLE)
    tab_to(page, "textarea[name=summary]")
    page.keyboard.type("Mange visste ikke hvem de skulle ringe.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("minstegrensen er 3")).to_be_visible()
    _checked(page)

    # Three answers into the theme: the first candidate, then the next two.
    tab_to(page, "input[name=experiences]")
    for _ in range(3):
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
    _press(page, "form[action$='/svar/legg-til/'] button[type=submit]")
    expect(page.get_by_text("3 svar er lagt til temaet.")).to_be_visible()
    theme = Theme.objects.get(title=TITLE)
    assert theme.answer_count == 3
    assert ORIGINAL not in page.content()
    _checked(page)

    _press(page, "a[href$='/deling/']")
    _checked(page)
    tab_to(page, "input[name=is_shared]")
    page.keyboard.press("Space")
    tab_to(page, "input[name=offered_to]")
    page.keyboard.press("Space")
    _press(page, "main form button[type=submit]")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft deling")
    _checked(page)
    _press(page, "main form button[type=submit]")
    expect(page.get_by_text("Temaet er delt.")).to_be_visible()
    theme.refresh_from_db()
    assert theme.is_shared and theme.offered_to.count() == 1

    _press(page, "a[href$='/sak/']")
    _checked(page)
    tab_to(page, "input[name=arenas]")
    page.keyboard.press("Space")
    _press(page, "main form button[type=submit]")
    expect(page.locator("textarea[name=proposed_solution]")).to_have_value(
        re.compile("Melding om forsinkelse.")
    )
    expect(page.locator("input[name=arenas]").first).to_be_checked()
    _checked(page)
    _press(page, "main form button[type=submit]")
    expect(page.get_by_text("Saksforslaget er sendt til 1 arena.")).to_be_visible()
    proposal = CaseProposal.objects.get()
    assert proposal.title == TITLE and proposal.organisation == w.organisation
    expect(page.locator(f"a[href='{proposal.get_absolute_url()}']")).to_be_visible()
    _checked(page)


def test_theme_pages_for_other_roles_are_accessible(
    page: Page, live_server: Any, theme_world: ThemeWorld
) -> None:
    w = theme_world
    share(w.theme, w.m.public_arena)
    pages = [
        ("moderator", reverse("experiences:theme_edit", args=[w.theme.pk])),
        ("umbrella_admin", reverse("experiences:bank")),
        ("umbrella_admin", w.theme.get_absolute_url()),
        (
            "umbrella_admin",
            reverse("experiences:bank_combine") + f"?sources={w.theme.pk}",
        ),
        ("secretariat", reverse("experiences:bank")),
        ("secretariat", w.theme.get_absolute_url()),
        ("admin_b", reverse("experiences:bank")),
        ("representative", reverse("experiences:individual_case", args=[w.call.pk])),
    ]
    for persona, url in pages:
        page.context.clear_cookies()
        force_login(page, live_server, w.user(persona))
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert ORIGINAL not in page.content()
        _checked(page)
