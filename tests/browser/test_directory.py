"""The public directory and an organisation admin's editing, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import Browser, BrowserContext, Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.directory.data import load_reference_data
from medvirk.directory.enums import OrganisationKind, ServiceKind
from medvirk.directory.models import Organisation, Region, TargetGroup
from tests.browser.helpers import LANGUAGES, check_structure, focused, tab_to
from tests.factories import (
    PASSWORD,
    ContactFactory,
    OrganisationFactory,
    RoleFactory,
    UmbrellaFactory,
    UserFactory,
)


@dataclass
class Catalogue:
    oslo: Region
    vision: TargetGroup
    alpha: Organisation
    total: int


@pytest.fixture
def catalogue(transactional_db: Any, settings: Any) -> Catalogue:
    """27 entries, spread so that every filter narrows the search for "syn" a little more.

    q=syn: 17 · user organisations: 14 · in Oslo: 12 · vision: 10 · under Paraplyen Alfa: 8.
    """
    settings.MEDVIRK_PAGE_SIZE = 5
    load_reference_data()
    oslo = Region.objects.get(code="03")
    rogaland = Region.objects.get(code="11")
    vision = TargetGroup.objects.get(slug="syn")
    hearing = TargetGroup.objects.get(slug="horsel")
    alpha = UmbrellaFactory(name="Paraplyen Alfa")
    beta = UmbrellaFactory(name="Paraplyen Beta")
    for i in range(1, 15):
        org = OrganisationFactory(name=f"Synsforeningen {i:02d}")
        org.regions.set([oslo if i <= 12 else rogaland])
        org.target_groups.set([vision if i <= 10 else hearing])
        org.umbrellas.set([alpha if i <= 8 else beta])
        ContactFactory(organisation=org)
    for i in range(1, 4):
        org = OrganisationFactory(
            name=f"Synssentralen {i}",
            kind=OrganisationKind.SERVICE,
            service_kind=ServiceKind.COMPETENCE_CENTRE,
        )
        org.regions.set([oslo])
        org.target_groups.set([vision])
    for i in range(1, 9):
        org = OrganisationFactory(name=f"Hørselslaget {i}")
        org.regions.set([rogaland])
        org.target_groups.set([hearing])
        org.umbrellas.set([beta])
    return Catalogue(oslo=oslo, vision=vision, alpha=alpha, total=27)


def texts(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            "h1": gettext("Organisasjonskatalogen"),
            "search": gettext("Søk"),
            "kind": gettext("Type"),
            "region": gettext("Område"),
            "target_group": gettext("Målgruppe"),
            "umbrella": gettext("Paraplyorganisasjon"),
            "submit": gettext("Vis treff"),
            "next": gettext("Neste side"),
            "none": gettext("Ingen organisasjoner passer med søket."),
            "language": gettext("Språk"),
            "switch": gettext("Bytt språk"),
        }


def count_text(language: str, count: int) -> str:
    with translation.override(language):
        return ngettext("%(counter)s organisasjon", "%(counter)s organisasjoner", count) % {
            "counter": count
        }


def switch_language(page: Page, language: str) -> None:
    """Use the header's switcher: pick the language, press the button."""
    current = page.locator("html").get_attribute("lang") or "nb"
    before = texts(current)
    banner = page.get_by_role("banner")
    banner.get_by_role("combobox", name=before["language"]).select_option(language)
    banner.get_by_role("button", name=before["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_search_filters_live_in_every_language(
    page: Page, catalogue: Catalogue, a11y: Any, language: str
) -> None:
    page.goto("/katalog/")
    switch_language(page, language)
    expect(page).to_have_url(re.compile(r"/katalog/$"))
    t = texts(language)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["h1"])
    status = page.locator("#results-count")
    expect(status).to_have_text(count_text(language, catalogue.total))
    expect(status).to_have_attribute("role", "status")
    check_structure(page)
    a11y(page)

    # Live filtering: no submit, no page load (the marker survives), the URL follows.
    page.evaluate("window.__sameDocument = true")
    search = page.get_by_label(t["search"], exact=True)
    search.fill("syn")
    expect(status).to_have_text(count_text(language, 17))
    page.get_by_label(t["kind"], exact=True).select_option(OrganisationKind.USER_ORG.value)
    expect(status).to_have_text(count_text(language, 14))
    page.get_by_label(t["region"], exact=True).select_option(str(catalogue.oslo.pk))
    expect(status).to_have_text(count_text(language, 12))
    page.get_by_label(t["target_group"], exact=True).select_option(str(catalogue.vision.pk))
    expect(status).to_have_text(count_text(language, 10))
    page.get_by_label(t["umbrella"], exact=True).select_option(str(catalogue.alpha.pk))
    expect(status).to_have_text(count_text(language, 8))
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_url(re.compile(rf"umbrella={catalogue.alpha.pk}"))
    results = page.locator("#results .mv-result")
    expect(results).to_have_count(5)
    expect(results.first).to_contain_text("Synsforeningen 01")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_structure(page)
    a11y(page)

    page.get_by_role("link", name=t["next"]).click()
    expect(results).to_have_count(3)
    expect(results.first).to_contain_text("Synsforeningen 06")
    # The filters survive the page change.
    expect(search).to_have_value("syn")
    expect(page.get_by_label(t["umbrella"], exact=True)).to_have_value(str(catalogue.alpha.pk))
    page.get_by_role("link", name="Synsforeningen 07").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Synsforeningen 07")
    expect(page.locator("html")).to_have_attribute("lang", language)
    check_structure(page)
    a11y(page)

    page.go_back()
    search = page.get_by_label(t["search"], exact=True)
    search.fill("finnes ikke")
    expect(page.locator("#results-count")).to_have_text(count_text(language, 0))
    expect(page.get_by_text(t["none"])).to_be_visible()
    check_structure(page)
    a11y(page)


@pytest.fixture
def no_js_page(browser: Browser, live_server: Any, catalogue: Catalogue) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        base_url=live_server.url, locale="nb-NO", java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_directory_search_works_without_javascript(
    no_js_page: Page, page: Page, catalogue: Catalogue, a11y: Any
) -> None:
    checker, page = page, no_js_page
    t = texts("nb")
    page.goto("/katalog/")
    page.get_by_label(t["search"], exact=True).fill("syn")
    page.get_by_label(t["kind"], exact=True).select_option(OrganisationKind.USER_ORG.value)
    page.get_by_label(t["region"], exact=True).select_option(str(catalogue.oslo.pk))
    page.get_by_label(t["target_group"], exact=True).select_option(str(catalogue.vision.pk))
    page.get_by_label(t["umbrella"], exact=True).select_option(str(catalogue.alpha.pk))
    # Nothing changes until the form is sent.
    expect(page.locator("#results-count")).to_have_text(count_text("nb", catalogue.total))
    with page.expect_navigation():
        page.get_by_role("button", name=t["submit"]).click()
    expect(page).to_have_url(re.compile(r"\?q=syn&kind=user_org&region=\d+"))
    expect(page.locator("#results-count")).to_have_text(count_text("nb", 8))
    expect(page.locator("#results .mv-result")).to_have_count(5)
    page.get_by_role("link", name=t["next"]).click()
    expect(page.locator("#results .mv-result")).to_have_count(3)
    # axe-core needs JavaScript, so check the same page where only the site's scripts are off.
    checker.route("**/*.js", lambda route: route.abort())
    checker.goto(page.url)
    expect(checker.locator("#results .mv-result")).to_have_count(3)
    a11y(checker)


# --- An organisation admin, by keyboard alone -------------------------------------------


def replace_text(page: Page, text: str) -> None:
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def test_org_admin_edits_entry_by_keyboard_alone(page: Page, a11y: Any) -> None:
    org = OrganisationFactory(name="Tastaturforeningen", description="Gammel beskrivelse.")
    ContactFactory(organisation=org, name="Kari Kontakt", is_primary=True, phone="22 33 44 55")
    admin = UserFactory(email="tastatur@example.org")
    RoleFactory(user=admin, organisation=org, role=RoleKind.ADMIN)
    with translation.override("nb"):
        saved = gettext("Endringene er lagret.")

    page.goto("/konto/login/")
    # The skip link is the first stop and takes focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page, "a.ds-skip-link[href='#main']")
    page.keyboard.press("Enter")
    assert focused(page, "main#main")
    check_structure(page)
    a11y(page)
    tab_to(page, "input[name=login]")
    page.keyboard.type(admin.email)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/konto/min-side/$"))
    check_structure(page)
    a11y(page)

    tab_to(page, f"a[href='/katalog/{org.pk}/rediger/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tastaturforeningen")
    check_structure(page)
    a11y(page)
    tab_to(page, "#id_description")
    replace_text(page, "Ny beskrivelse skrevet med tastaturet.")
    tab_to(page, "#id_contacts-0-phone")
    assert focused(page, "input[type=tel]")
    replace_text(page, "12 34")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error summary takes focus; its link takes focus to the field.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(1)
    expect(page.locator("#id_description")).to_have_value("Ny beskrivelse skrevet med tastaturet.")
    expect(page.locator("#id_contacts-0-phone")).to_have_attribute("aria-invalid", "true")
    check_structure(page)
    a11y(page)
    page.keyboard.press("Tab")
    assert focused(page, "#error-summary a[href='#id_contacts-0-phone']")
    page.keyboard.press("Enter")
    expect(page.locator("#id_contacts-0-phone")).to_be_focused()
    replace_text(page, "22 33 44 99")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Space")

    expect(page).to_have_url(re.compile(rf"/katalog/{org.pk}/$"))
    expect(page.get_by_role("status")).to_contain_text(saved)
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ny beskrivelse skrevet med tastaturet.")
    expect(main).to_contain_text("22 33 44 99")
    check_structure(page)
    a11y(page)

    tab_to(page, f"a[href='/katalog/{org.pk}/historikk/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Gammel beskrivelse.")
    expect(table).to_contain_text("Ny beskrivelse skrevet med tastaturet.")
    expect(table).to_contain_text("22 33 44 99")
    check_structure(page)
    a11y(page)


def focus_indicator(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow};
        }"""
    )


def has_focus_indicator(style: dict[str, str]) -> bool:
    outline = style["outline"]
    return not (outline.startswith("none") or outline.endswith(" 0px")) or style["shadow"] != "none"


def test_focused_controls_show_a_visible_indicator(page: Page, catalogue: Catalogue) -> None:
    page.goto("/katalog/?q=syn")
    for selector in [
        "a.ds-skip-link",
        "header nav a",
        "#language-select",
        "header .mv-language button",
        "#id_q",
        "#id_kind",
        "main form button[type=submit]",
        "#results a",
        ".mv-pagination a",
        "footer a",
    ]:
        tab_to(page, selector, limit=60)
        style = focus_indicator(page)
        assert has_focus_indicator(style), (selector, style)
