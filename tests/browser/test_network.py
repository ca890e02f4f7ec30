"""The representatives' network in Chromium: a member goes from the start page by links
to the organisation's space, starts a thread whose text holds a phone number (the
personal-data check marks it; she posts anyway), another member replies by keyboard on a
phone-sized screen and reports the opening post; the organisation's admin hides the
reply from the moderators' queue. Every page is checked with axe-core at 1280 and 320
CSS px, and for its landmarks and heading levels."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from medvirk.network.enums import PostStatus
from medvirk.network.models import Post, Thread
from tests.browser.helpers import NARROW, check_structure, force_login, tab_to
from tests.network.conftest import World, make_world

WIDE: ViewportSize = {"width": 1280, "height": 900}


@pytest.fixture
def network(db: None) -> World:
    return make_world()


def _as(page: Page, live_server: Any, user: Any) -> None:
    page.context.clear_cookies()
    force_login(page, live_server, user)


def test_thread_with_a_reply_and_a_moderated_post(
    page: Page, live_server: Any, a11y: Any, network: World
) -> None:
    world = network

    def check(page: Page) -> None:
        a11y(page)
        check_structure(page)

    # A member starts a thread from the start page.
    page.set_viewport_size(WIDE)
    _as(page, live_server, world.member)
    page.goto("/konto/min-side/")
    page.get_by_role("link", name="Nettverk: spør og del med andre representanter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nettverk")
    check(page)
    page.get_by_role("link", name=world.org.name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.org.name)
    check(page)
    page.get_by_role("link", name="Start en ny tråd").click()
    expect(page.get_by_text("Ikke skriv helseopplysninger")).to_be_visible()
    check(page)
    page.get_by_label("Tittel").fill("Første møte i brukerutvalget")
    page.get_by_label("Innlegg").fill(
        "Hvordan forbereder dere dere?\nRing meg gjerne på 912 34 567."
    )
    page.get_by_role("button", name="Publiser tråden").click()
    warning = page.locator("#pii-check")
    expect(warning).to_be_visible()
    expect(warning.locator("mark")).to_contain_text("912 34 567")
    expect(page.get_by_label("Innlegg")).to_have_value(
        "Hvordan forbereder dere dere?\nRing meg gjerne på 912 34 567."
    )
    check(page)
    page.get_by_role("button", name="Publiser likevel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Første møte i brukerutvalget")
    expect(page.get_by_text("Tråden er startet. Du følger den nå.")).to_be_visible()
    check(page)
    thread = Thread.objects.get()

    # Another member replies by keyboard on a phone-sized screen, then reports the opening post.
    page.set_viewport_size(NARROW)
    _as(page, live_server, world.affiliated)
    page.goto(thread.get_absolute_url())
    tab_to(page, "#id_text")
    page.keyboard.type("Jeg leser forslag til vedtak først, @Mona Medlem.")
    tab_to(page, "form[action$='/svar/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Svaret ditt er publisert.")).to_be_visible()
    expect(page.locator("strong.mv-mention")).to_have_text("@Mona Medlem")
    check(page)
    page.get_by_role("link", name="Meld fra til moderatorene").first.click()
    check(page)
    page.get_by_label("Hvorfor melder du fra?").fill("Telefonnummeret bør kanskje ikke stå her.")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.get_by_text("Takk. Moderatorene ser på innlegget.")).to_be_visible()

    # The admin finds the report in the queue and hides the reply; members see it hidden.
    page.set_viewport_size(WIDE)
    _as(page, live_server, world.admin)
    page.goto(f"/nettverk/{world.org.pk}/")
    page.get_by_role("link", name="Meldinger til moderatorene (1)").click()
    check(page)
    page.goto(thread.get_absolute_url())
    reply = Post.objects.get(thread=thread, is_opening=False)
    page.locator(f"#innlegg-{reply.pk}").get_by_role("link", name="Moderer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderer innlegg")
    check(page)
    page.get_by_role("button", name="Skjul innlegget").click()
    expect(page.get_by_text("Innlegget er skjult.")).to_be_visible()
    expect(page.locator(f"#innlegg-{reply.pk}")).to_contain_text("Skjult for medlemmene")
    check(page)
    assert Post.objects.get(pk=reply.pk).status == PostStatus.HIDDEN
    _as(page, live_server, world.member)
    page.goto(thread.get_absolute_url())
    expect(page.locator(f"#innlegg-{reply.pk}")).to_contain_text("Skjult av en moderator.")
    expect(page.locator(f"#innlegg-{reply.pk}")).not_to_contain_text("forslag til vedtak")
