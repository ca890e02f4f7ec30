"""Onboarding in Chromium: a new member reaches their checklist from "Min side", ticks
the manual items by keyboard (the items done in Medvirk are already ticked), and the
secretariat, from its start page, sees the list complete; the template editor too.
axe-core at 1280 and 320 CSS px on every page."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from playwright.sync_api import Page, expect

from medvirk.compensation.models import PaymentDetails
from tests.browser.helpers import check_structure, focused, force_login
from tests.factories.people import CourseFactory, TrainingRecordFactory
from tests.meetings.conftest import make_meeting
from tests.onboarding.conftest import World, world  # noqa: F401 - the fixture this test uses

WIDE = {"width": 1280, "height": 900}


def test_a_new_members_checklist_is_completed(
    page: Page,
    live_server: Any,
    a11y: Any,
    world: World,  # noqa: F811
) -> None:
    # Done in Medvirk: the basic course, payment details, a meeting plan.
    TrainingRecordFactory(person=world.person, course=CourseFactory(is_basic_course=True))
    PaymentDetails.objects.create(
        person=world.person,
        nin_encrypted=b"x",
        account_encrypted=b"y",
        nin_hint="*******1234",
        account_hint="****.**.12345",
    )
    make_meeting(world.arena, timezone.localdate() + datetime.timedelta(days=14))
    page.set_viewport_size(WIDE)  # type: ignore[arg-type]
    force_login(page, live_server, world.member)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Min side").first.click()
    page.get_by_role("link", name="Mine sjekklister for oppstart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine sjekklister for oppstart")
    check_structure(page)
    a11y(page)
    page.get_by_role("link", name="Eldrerådet i Nordby").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eldrerådet i Nordby")
    expect(page.locator("#onboarding-progress")).to_contain_text("3 av 7 punkter gjort")
    a11y(page)

    # Tick the four manual items by keyboard: Tab to the button, press Enter.
    for count in range(4, 8):
        selector = "form button[data-variant=primary]"
        # The page after a tick opens at the ticked item (#punkt-N): Chromium moves the
        # keyboard's starting point there once the page has loaded, so wait for that.
        page.wait_for_load_state("load")
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert focused(page, selector)
        page.keyboard.press("Enter")
        expect(page.locator("#onboarding-progress")).to_contain_text(f"{count} av 7 punkter gjort")
    expect(page.locator("#onboarding-progress")).to_contain_text("Fullført")
    a11y(page)

    # The secretariat sees it complete.
    page.context.clear_cookies()
    force_login(page, live_server, world.secretariat)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Min side").first.click()
    page.get_by_role("link", name="Oppstart – Nordby kommune").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppstart – Nordby kommune")
    a11y(page)
    page.get_by_role("link", name="Eldrerådet i Nordby").click()
    row = page.get_by_role("row").filter(has_text="Nina Ny")
    expect(row).to_contain_text("Fullført")
    expect(row.locator("td.mv-number")).to_have_text("0")
    check_structure(page)
    a11y(page)

    # The template editor: a bad add first (the summary links the field), then a good one.
    page.get_by_role("link", name="Endre punktene nye medlemmer får").click()
    a11y(page)
    page.get_by_label("Forklaring").fill("Beholdes")
    page.get_by_role("button", name="Legg til").click()
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(page.get_by_label("Forklaring")).to_have_value("Beholdes")
    a11y(page)
    page.locator("#id_title").fill("Hils på ordføreren")
    page.get_by_role("button", name="Legg til").click()
    expect(page.get_by_role("heading", name="Hils på ordføreren")).to_be_visible()
    a11y(page)

    # Change and remove pages, then the secretariat's own list from the overview.
    page.get_by_role("link", name="Endre «Hils på ordføreren»").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endre punkt")
    a11y(page)
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Fjern «Hils på ordføreren»").click()
    a11y(page)
    page.get_by_role("button", name="Fjern").click()
    expect(page.get_by_text("Punktet er fjernet fra malen.")).to_be_visible()
    page.goto(live_server.url + f"/oppstart/arena/{world.arena.pk}/")
    page.get_by_role("button", name="Lag sjekkliste for meg").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Eldrerådet i Nordby")
    expect(page.locator("#onboarding-progress")).to_contain_text("av 4 punkter gjort")
    check_structure(page)
    a11y(page)
