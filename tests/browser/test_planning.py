"""Planning in Chromium: the secretariat follows the start page's link to planning,
answers the arena chooser's three steps (the first by keyboard at 320 px), reads the
recommendation and creates a draft arena; then writes the routine from the template and
publishes it, and the public reads it. axe-core at 1280 and 320 CSS px on every page,
and in all three languages on the overview, a recommendation and the routine."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medvirk.arenas.enums import ArenaKind
from medvirk.arenas.models import Arena
from medvirk.planning.models import RoutineVersion
from tests.browser.helpers import (
    LANGUAGES,
    NARROW,
    check_structure,
    force_login,
    tab_to,
    use_language,
)


def test_chooser_to_draft_arena_and_routine_published(
    page: Page, live_server: Any, a11y: Any, secretariat: Any
) -> None:
    axe = a11y

    def a11y(page: Page) -> None:
        axe(page)
        check_structure(page)

    service = secretariat.roles.get().organisation
    force_login(page, live_server, secretariat)

    # The chooser's first step by keyboard on a narrow screen.
    page.set_viewport_size(NARROW)
    page.goto("/konto/min-side/")
    tab_to(page, f"a[href='/planlegging/{service.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Planlegging av medvirkning")
    a11y(page)
    tab_to(page, f"a[href='/planlegging/{service.pk}/velg-arena/steg-1/']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Steg 1 av 3")).to_be_visible()
    a11y(page)
    tab_to(page, "#id_purpose_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_target_group_0")
    page.keyboard.press("ArrowDown")  # radio group: the arrow moves to "Personer med …"
    tab_to(page, "form[action$='/steg-1/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Steg 2 av 3")).to_be_visible()

    # The rest at full width; a wrong answer first (nothing chosen) keeps the page.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Neste").click()
    expect(page.get_by_text("Velg nivået.").first).to_be_visible()
    a11y(page)
    page.get_by_label("Systemnivå").check()
    page.get_by_label("Brukerstyring").check()
    page.get_by_role("button", name="Neste").click()
    expect(page.get_by_text("Steg 3 av 3")).to_be_visible()
    a11y(page)
    page.get_by_label("Fast og varig").check()
    page.get_by_label("Noe tid og penger til møter og godtgjøring").check()
    page.get_by_role("button", name="Se anbefalingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anbefalt arena")
    expect(page.locator("dd").first).to_have_text("Råd for personer med funksjonsnedsettelse")
    expect(page.get_by_text("kommuneloven § 5-12").first).to_be_visible()
    a11y(page)
    page.get_by_label("Navn på arenaen").fill("Rådet for personer med funksjonsnedsettelse")
    page.get_by_role("button", name="Opprett utkast til arena").click()
    expect(page.get_by_text("Utkastet til arena er opprettet.")).to_be_visible()
    arena = Arena.objects.get()
    assert (arena.kind, arena.is_public) == (ArenaKind.FUNKSJONSHEMMEDE, False)

    # The routine, written from the template and published.
    page.goto(f"/planlegging/{service.pk}/")
    page.get_by_role("link", name="Skriv rutinen fra malen").click()
    a11y(page)
    page.get_by_label("Hva er endret i denne versjonen?").fill("Første versjon")
    page.get_by_label("Når vi involverer brukerne").fill("Alltid tidlig i arbeidet.")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publiser rutinen")
    a11y(page)
    page.get_by_role("button", name="Publiser versjon 1").click()
    expect(page.get_by_text("Versjon 1 av rutinen er publisert.")).to_be_visible()
    assert RoutineVersion.objects.get().status == "published"
    a11y(page)

    # The public reads it, on a phone.
    page.context.clear_cookies()
    page.set_viewport_size(NARROW)
    page.goto(f"/planlegging/{service.pk}/rutine/")
    expect(page.get_by_text("Alltid tidlig i arbeidet.")).to_be_visible()
    a11y(page)
    page.goto(f"/planlegging/{service.pk}/rutine/versjon/1/")
    a11y(page)
    # Reached from the service's page in the directory, too.
    page.goto(service.get_absolute_url())
    page.get_by_role("link", name="Tjenestens rutine for brukermedvirkning").click()
    expect(page.get_by_text("Gjeldende versjon: 1")).to_be_visible()

    # The secretariat's pages and the public page in nynorsk and English, both widths.
    page.set_viewport_size({"width": 1280, "height": 900})
    force_login(page, live_server, secretariat)
    for language in LANGUAGES:
        use_language(page, live_server, language)
        for address in (
            f"/planlegging/{service.pk}/",
            f"/planlegging/{service.pk}/velg-arena/anbefaling/"
            "?purpose=develop&target_group=youth&level=service&influence=user_control"
            "&duration=limited&resources=dedicated",
            f"/planlegging/{service.pk}/rutine/",
        ):
            page.goto(address)
            expect(page.locator("html")).to_have_attribute("lang", language)
            a11y(page)
