"""The start page ("Min side") in a real browser: a representative and a secretariat user
each reach it from the front page, see what is next for their role, and follow a row and
"Se alle" to where the work is done. axe-core and the 320 px reflow check on the way."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.helpers import check_structure, force_login
from tests.followup.conftest import FollowupWorld
from tests.start.conftest import (  # noqa: F401 - fixtures for this module
    as_persona,
    followup_world,
    meeting_world,
    populate,
    start_world,
)


def open_start_page(page: Page, a11y: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Min side").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    check_structure(page)
    a11y(page)


def test_representative_start_page(
    page: Page,
    live_server: Any,
    a11y: Any,
    start_world: FollowupWorld,  # noqa: F811
) -> None:
    w = start_world
    populate(w, 2)
    force_login(page, live_server, w.m.member)
    open_start_page(page, a11y)

    meetings = page.get_by_role("region", name="Dine neste møter")
    row = meetings.get_by_role("row").filter(has_text="Snart-møte 0")
    expect(row).to_contain_text("Medlem")
    expect(row).to_contain_text("Ikke publisert ennå")
    expect(row).to_contain_text("Kommer")
    expect(page.get_by_role("heading", name="Tilbakemeldinger du skal skrive")).to_be_visible()
    expect(page.get_by_text("2 møter venter på tilbakemeldingen din")).to_be_visible()
    expect(page.get_by_role("heading", name="Verv som snart går ut")).to_be_visible()

    row.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Snart-møte 0")
    page.go_back()
    page.get_by_role("link", name="Se alle mine møter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine møter")


def test_secretariat_start_page(
    page: Page,
    live_server: Any,
    a11y: Any,
    start_world: FollowupWorld,  # noqa: F811
) -> None:
    w = start_world
    populate(w, 2)
    force_login(page, live_server, w.m.secretariat)
    open_start_page(page, a11y)

    expect(page.get_by_role("heading", name="Oppnevninger under arbeid")).to_be_visible()
    expect(page.get_by_text("Fristen for sakskartet var").first).to_be_visible()
    expect(page.get_by_role("heading", name="Råd uten svar etter fristen")).to_be_visible()
    expect(page.get_by_text("1 av 5 plasser besatt, 4 ledige").first).to_be_visible()

    page.get_by_role("link", name="Se alle oppnevninger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forespørsler om kandidater")
    a11y(page)
