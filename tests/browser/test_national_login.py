"""National login in a real browser, through the real OpenID provider (tests/oidc):
from the login page's button to the start page, and axe-core on every new page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from medvirk.people.models import Person
from tests.factories import OrganisationFactory, UserFactory
from tests.oidc.conftest import OidcProvider, configure, oidc_provider  # noqa: F401

# The provider signs with the real time; the live server must check it on the same clock.
pytestmark = pytest.mark.real_clock

PID = "01017012345"


@pytest.fixture
def national(page: Page, settings: Any, oidc_provider: OidcProvider) -> Any:  # noqa: F811
    configure(settings, oidc_provider.issuer)
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"  # the live server has no TLS
    oidc_provider.knobs()
    yield oidc_provider
    oidc_provider.knobs()


def at_provider(page: Page, *, pid: str = PID, email: str = "", cancel: bool = False) -> None:
    expect(page.get_by_role("heading", name="Test-ID-porten")).to_be_visible()
    page.get_by_label("Fødselsnummer").fill(pid)
    page.get_by_label("E-post").fill(email)
    page.get_by_role("button", name="Avbryt" if cancel else "Logg inn", exact=True).click()


def test_login_with_idporten_from_the_login_page_to_the_start_page(
    page: Page, national: OidcProvider, a11y: Any
) -> None:
    organisation = OrganisationFactory(name="Pasientforeningen")
    person = Person.objects.create(
        name="Kari Nordmann", email="kari@example.org", created_by=organisation
    )
    page.goto("/konto/login/")
    a11y(page)

    page.get_by_role("button", name="Logg inn med ID-porten").click()
    at_provider(page, email="kari@example.org")

    # A profile the organisation registered with this address: offered first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Overta representantprofilen")
    a11y(page)
    page.get_by_role("button", name="Overta profilen").click()

    expect(page).to_have_url(re.compile(r"/konto/min-side/$"))
    person.refresh_from_db()
    assert person.user is not None and person.user.email == "kari@example.org"

    # Logging out ends the provider's session too: its logout page asks to confirm.
    page.get_by_role("button", name="Logg ut").first.click()
    expect(page).to_have_url(re.compile(re.escape(national.issuer) + r"/session/end"))


def test_the_pages_of_a_first_login_and_of_a_failed_one(
    page: Page, national: OidcProvider, a11y: Any
) -> None:
    # A GET on the login address asks before leaving.
    page.goto("/konto/oidc/idporten/login/")
    a11y(page)

    # Cancelled at the provider.
    page.goto("/konto/login/")
    page.get_by_role("button", name="Logg inn med Ansattporten").click()
    at_provider(page, cancel=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Innloggingen ble avbrutt")
    a11y(page)

    # A check that fails (the state does not belong to this browser).
    page.goto("/konto/oidc/idporten/login/callback/?code=abc&state=not-ours")
    expect(page.get_by_role("heading", level=1)).to_have_text("Innloggingen mislyktes")
    a11y(page)

    # No e-mail address from the provider: Medvirk asks for one.
    page.goto("/konto/login/")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    at_provider(page, pid="02027054321")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fullfør innloggingen")
    a11y(page)

    # An account with this address exists: the person confirms the link.
    page.context.clear_cookies()
    existing = UserFactory(email="ola@example.org")
    page.goto("/konto/login/")
    page.get_by_role("button", name="Logg inn med ID-porten").click()
    at_provider(page, pid="03037011111", email="ola@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Koble til kontoen din")
    a11y(page)
    page.get_by_role("button", name="Ja, koble til og logg inn").click()
    expect(page).to_have_url(re.compile(r"/konto/min-side/$"))
    assert existing.socialaccount_set.count() == 1
