"""Every public page in all three languages: axe-core, landmarks and heading order."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import server_error
from playwright.sync_api import Page, Route, expect

from medvirk.accounts.enums import RoleKind
from tests.browser.helpers import LANGUAGES, check_structure, force_login, use_language
from tests.factories import ContactFactory, OrganisationFactory, RoleFactory, UserFactory

PAGES = [
    "/",
    "/tilgjengelighet/",
    "/personvern/",
    "/apne-data/",
    "/katalog/",
    "/katalog/finnes-ikke/",
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_pass_axe_in_every_language(
    page: Page, live_server: Any, a11y: Any, language: str
) -> None:
    org = OrganisationFactory(name="Brukerforeningen Åpen")
    ContactFactory(organisation=org)
    use_language(page, live_server, language)
    for path in PAGES:
        response = page.goto(path)
        assert response is not None
        assert response.status == (404 if "finnes-ikke" in path else 200), path
        expect(page.locator("html")).to_have_attribute("lang", language)
        check_structure(page)
        a11y(page)
    page.goto(org.get_absolute_url())
    check_structure(page)
    a11y(page)


def test_not_found_page_helps_the_visitor_on(page: Page, live_server: Any, a11y: Any) -> None:
    response = page.goto("/katalog/999999/")
    assert response is not None
    assert response.status == 404
    with translation.override("nb"):
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Vi finner ikke siden"))
    page.get_by_role("main").get_by_role("link", name="Gå til forsiden").click()
    expect(page).to_have_url(live_server.url + "/")


def test_forbidden_page_passes_axe(page: Page, live_server: Any, a11y: Any) -> None:
    outsider = UserFactory()
    org = OrganisationFactory()
    other = OrganisationFactory()
    RoleFactory(user=outsider, organisation=other, role=RoleKind.ADMIN)
    force_login(page, live_server, outsider)
    response = page.goto(f"/katalog/{org.pk}/historikk/")
    assert response is not None
    assert response.status == 403
    with translation.override("nb"):
        expect(page.get_by_role("heading", level=1)).to_have_text(
            gettext("Du har ikke tilgang til denne siden")
        )
    check_structure(page)
    a11y(page)


def test_server_error_page_renders_without_a_request_and_passes_axe(
    page: Page, live_server: Any, a11y: Any
) -> None:
    # Django renders 500.html without any context; serve exactly that to the browser.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()

    def fulfil(route: Route) -> None:
        route.fulfill(status=500, body=html, content_type="text/html; charset=utf-8")

    page.route("**/feil-500/", fulfil)
    page.goto("/feil-500/")
    with translation.override("nb"):
        expect(page.get_by_role("heading", level=1)).to_have_text(gettext("Noe gikk galt"))
    expect(page.get_by_role("main").get_by_role("link", name="Gå til forsiden")).to_have_attribute(
        "href", "/"
    )
    check_structure(page)
    a11y(page)


def test_method_not_allowed_page_has_no_axe_violations(
    page: Page, live_server: Any, a11y: Any
) -> None:
    force_login(page, live_server, UserFactory(email="405@example.org"))
    page.goto("/arenaer/")
    response = page.goto("/arenaer/medlemskap/1/trekk-deg/", referer=live_server.url + "/arenaer/")
    assert response is not None and response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("Siden kan ikke åpnes slik")
    page.get_by_role("link", name="Gå tilbake til siden du kom fra").focus()
    check_structure(page)
    a11y(page)
