"""Answering a call for experiences in a real browser: anonymously, at 320 CSS px, by
keyboard only; the public page, the receipt and the moderation pages pass axe-core at
1280 and 320 CSS px; the public page in nynorsk and English."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.experiences.enums import Audience
from medvirk.experiences.models import Experience
from tests.browser.helpers import NARROW, check_structure, focused, force_login, use_language
from tests.factories import KommuneFactory, OrganisationFactory, RoleFactory, UserFactory
from tests.factories.experiences import ExperienceCallFactory, ExperienceFactory

WIDE = {"width": 1280, "height": 800}
# The answer form's button (the header has buttons of its own: language, log out).
SEND = "main form[method=post] button[type=submit]"


def a_call(**kwargs: Any) -> Any:
    KommuneFactory(name="Sogndal")
    return ExperienceCallFactory(
        title="Transport til behandling",
        easy_read="Fortell om reisen til sykehuset.",
        audience=Audience.EVERYONE,
        **kwargs,
    )


def press_tab_until(page: Page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    pytest.fail(f"{selector} never got focus")


def test_anonymous_answer_at_320_px_by_keyboard_only(
    page: Page, live_server: Any, a11y: Any
) -> None:
    call = a_call()
    page.set_viewport_size(NARROW)
    page.goto(live_server.url + "/erfaringer/")
    # From the public list to the call, by keyboard.
    press_tab_until(page, f"a[href='{call.get_public_url()}']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transport til behandling")
    check_structure(page)
    # Submitted empty first: the error summary takes focus and links to the field.
    press_tab_until(page, SEND)
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_be_visible()
    press_tab_until(page, "#error-summary a[href='#id_what_happened']")
    page.keyboard.press("Enter")
    if not focused(page, "#id_what_happened"):
        press_tab_until(page, "#id_what_happened")
    page.keyboard.type("Drosjen kom ikke, og jeg rakk ikke timen.")
    page.keyboard.press("Tab")
    expect(page.locator("#id_service")).to_be_focused()
    page.keyboard.type("Pasientreiser")
    page.keyboard.press("Tab")
    expect(page.locator("#id_kommune")).to_be_focused()
    page.keyboard.type("Sogndal")
    press_tab_until(page, SEND)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= NARROW["width"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svaret")
    answer = Experience.objects.get()
    assert answer.what_happened == "Drosjen kom ikke, og jeg rakk ikke timen."
    assert answer.kommune.name == "Sogndal"
    assert answer.contact_email == ""
    a11y(page)


def test_public_page_and_receipt_pass_axe(page: Page, live_server: Any, a11y: Any) -> None:
    call = a_call()
    page.set_viewport_size(WIDE)
    page.goto(live_server.url + "/erfaringer/")
    a11y(page)
    page.goto(live_server.url + call.get_public_url())
    a11y(page)
    page.get_by_role("link", name="Les en lettlest versjon").click()
    expect(page.get_by_role("heading", name="Lettlest")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Send svaret").click()
    expect(page.locator("#error-summary")).to_be_visible()
    a11y(page)
    page.get_by_label("Hva skjedde?").fill("Ventet i tre timer.")
    page.get_by_label("Navn", exact=True).fill("Kari")
    page.get_by_label("E-post", exact=True).fill("kari@example.org")
    page.get_by_label("Dere kan kontakte meg på e-post om svaret").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Takk for svaret")
    expect(page.locator("main")).to_contain_text("personlig lenke")
    a11y(page)


def test_moderation_pages_pass_axe(page: Page, live_server: Any, a11y: Any) -> None:
    organisation = OrganisationFactory(name="Pasientforeningen")
    admin = UserFactory(email="moderator@example.org")
    RoleFactory(user=admin, organisation=organisation, role=RoleKind.ADMIN)
    call = a_call(organisation=organisation)
    answer = ExperienceFactory(
        call=call,
        what_happened="Jeg heter Kari Nordmann og har fødselsnummer 15108695088.",
        contact_email="kari@example.org",
    )
    force_login(page, live_server, admin)
    page.set_viewport_size(WIDE)
    page.goto(live_server.url + f"/erfaringer/organisasjon/{organisation.pk}/")
    a11y(page)
    page.get_by_role("link", name="Ny innspillsrunde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny innspillsrunde")
    a11y(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#error-summary")).to_be_visible()
    a11y(page)
    page.goto(live_server.url + f"/erfaringer/organisasjon/{organisation.pk}/")
    page.get_by_role("link", name="Transport til behandling").click()
    a11y(page)
    page.get_by_role("link", name="Moderer svarene").click()
    a11y(page)
    page.get_by_role("link", name=f"Svar {answer.pk}", exact=True).click()
    expect(page.locator("mark").first).to_be_visible()
    a11y(page)
    shared = page.get_by_label("Hva skjedde (til deling)")
    expect(shared).to_have_value("Jeg heter [fjernet] og har fødselsnummer [fjernet].")
    page.get_by_role("button", name="Avvis svaret").click()
    expect(page.locator("#error-summary")).to_be_visible()
    a11y(page)
    page.get_by_role("button", name="Godkjenn med denne teksten").click()
    expect(page.locator("#messages")).to_contain_text("godkjent")
    answer.refresh_from_db()
    assert answer.shared_what_happened == "Jeg heter [fjernet] og har fødselsnummer [fjernet]."
    page.goto(live_server.url + f"/erfaringer/{call.pk}/plakat/")
    a11y(page)


@pytest.mark.parametrize(
    ("language", "heading", "button"),
    [("nn", "Før du skriv", "Send svaret"), ("en", "Before you write", "Send your answer")],
)
def test_public_page_in_nynorsk_and_english(
    page: Page, live_server: Any, a11y: Any, language: str, heading: str, button: str
) -> None:
    call = a_call()
    use_language(page, live_server, language)
    page.set_viewport_size(WIDE)
    page.goto(live_server.url + call.get_public_url())
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    expect(page.get_by_role("button", name=button)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Transport til behandling")
    a11y(page)
