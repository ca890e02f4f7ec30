"""The rich-text editor (issue 14) in a real browser: a secretariat formats an arena's
mandate with the keyboard alone, and the page shows it with the headings shifted."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena
from tests.arenas.conftest import make_arena
from tests.browser.helpers import check_structure, focused, force_login
from tests.conftest import enable_totp
from tests.factories import RoleFactory, ServiceFactory, UserFactory

EDITOR = "#id_mandate_editor"
TOOLBAR = "[role=toolbar][aria-controls=id_mandate_editor]"


@pytest.fixture
def arena_and_secretary(transactional_db: Any) -> tuple[Arena, Any]:
    service = ServiceFactory(name="Fjordby kommune")
    user = UserFactory(email="sekretariat@fjordby.example")
    RoleFactory(user=user, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(user)
    # Saved before the editor existed: plain text with a line break.
    arena = make_arena(
        service, ArenaKind.ELDRERAD, name="Eldrerådet i Fjordby", mandate="Gammel tekst\nNy linje"
    )
    return arena, user


def test_mandate_formatted_with_keyboard_only(
    page: Page, live_server: Any, a11y: Any, arena_and_secretary: tuple[Arena, Any]
) -> None:
    arena, user = arena_and_secretary
    force_login(page, live_server, user)
    page.goto(f"/arenaer/{arena.pk}/rediger/")
    editor = page.locator(EDITOR)
    expect(editor).to_be_visible()
    expect(page.locator("textarea#id_mandate")).to_be_hidden()
    # The old plain text keeps its line break in the editor.
    expect(editor.locator("p")).to_have_count(1)
    expect(editor.locator("br")).to_have_count(1)
    expect(editor).to_have_accessible_name("Mandat")
    a11y(page)

    # Tab from the field before it: one Tab stop for the toolbar, then the editor.
    page.get_by_label("Svarfrist for råd (uker)").focus()
    page.keyboard.press("Tab")
    assert focused(page, f"{TOOLBAR} button[data-command=h2]")
    page.keyboard.press("ArrowRight")
    assert focused(page, f"{TOOLBAR} button[data-command=h3]")
    page.keyboard.press("Tab")
    assert focused(page, EDITOR)

    page.keyboard.press("Control+A")
    page.keyboard.type("Formål")
    page.keyboard.press("Enter")
    page.keyboard.type("Rådet gir råd.")
    page.keyboard.press("Enter")
    page.keyboard.type("Første punkt")
    page.keyboard.press("Enter")
    page.keyboard.type("Andre punkt")

    # The first line becomes a heading: back to the toolbar, Home, Enter.
    page.keyboard.press("Control+Home")
    page.keyboard.press("Shift+Tab")
    assert focused(page, f"{TOOLBAR} button[data-command=h3]")
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    assert focused(page, EDITOR)
    expect(editor.locator("h2")).to_have_text("Formål")
    expect(page.locator(f"{TOOLBAR} button[data-command=h2]")).to_have_attribute(
        "aria-pressed", "true"
    )

    # The last two lines become a bulleted list.
    page.keyboard.press("Control+End")
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Shift+Tab")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    assert focused(page, f"{TOOLBAR} button[data-command=ul]")
    page.keyboard.press("Enter")
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(page.locator(f"{TOOLBAR} button[data-command=ul]")).to_have_attribute(
        "aria-pressed", "true"
    )
    # Shift+Tab at the start of a list item leaves the text (no keyboard trap).
    page.keyboard.press("Control+End")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+Tab")
    assert focused(page, f"{TOOLBAR} button[data-command=ul]")
    page.keyboard.press("Tab")
    assert focused(page, EDITOR)

    # A word becomes a link through the dialog.
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    for _ in range(3):
        page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    assert focused(page, f"{TOOLBAR} button[data-command=link]")
    page.keyboard.press("Enter")
    link_field = page.get_by_label("Adresse (for eksempel https://lovdata.no)")
    expect(link_field).to_be_focused()
    a11y(page)
    page.keyboard.type("lovdata.no")
    page.keyboard.press("Enter")
    assert focused(page, EDITOR)
    expect(editor.locator("a")).to_have_attribute("href", "https://lovdata.no")

    page.keyboard.press("Tab")
    for _ in range(30):
        if focused(page, "button[type=submit]"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Eldrerådet i Fjordby")
    mandate = page.locator(".mv-mandate")
    # Under the page's "Mandat" (h2) the text's top heading is an h3.
    expect(mandate.locator("h3")).to_have_text("Formål")
    expect(mandate.locator("h2")).to_have_count(0)
    expect(mandate.locator("ul > li")).to_have_text(["Første punkt", "Andre punkt"])
    expect(mandate.get_by_role("link", name="råd")).to_have_attribute("rel", "noopener noreferrer")
    check_structure(page)
    a11y(page)

    arena.refresh_from_db()
    assert arena.mandate.startswith("<h2>Formål</h2><p>Rådet gir ")
    assert "<ul><li>Første punkt</li><li>Andre punkt</li></ul>" in arena.mandate


def test_mandate_without_javascript_keeps_plain_text_paragraphs(
    browser: Any, live_server: Any, settings: Any, arena_and_secretary: tuple[Arena, Any]
) -> None:
    arena, user = arena_and_secretary
    context = browser.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    page = context.new_page()
    try:
        force_login(page, live_server, user)
        page.goto(f"/arenaer/{arena.pk}/rediger/")
        textarea = page.get_by_label("Mandat", exact=True)
        expect(textarea).to_be_visible()
        textarea.fill("Første avsnitt\nmed linjeskift\n\nAndre <script>x</script>avsnitt")
        page.get_by_role("button", name="Lagre").click()
        expect(page.locator(".mv-mandate p")).to_have_count(2)
    finally:
        context.close()
    arena.refresh_from_db()
    assert arena.mandate == "<p>Første avsnitt<br>med linjeskift</p>\n\n<p>Andre avsnitt</p>"
