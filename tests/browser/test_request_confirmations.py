"""The secretariat's confirmation pages for closing and cancelling a request pass axe."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medvirk.appointments.enums import RequestStatus
from medvirk.appointments.models import AppointmentRequest
from tests.appointments.decision_helpers import make_scenario
from tests.browser.helpers import check_structure, force_login
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory


def test_close_and_cancel_confirmation_pages_pass_axe(
    page: Page, live_server: Any, a11y: Any
) -> None:
    secretariat = UserFactory(email="sekretariat@example.org")
    RoleFactory(user=secretariat, organisation=ServiceFactory(), role="secretariat")
    enable_totp(secretariat)
    s = make_scenario(secretariat, OrganisationFactory(name="Organisasjon A"))
    AppointmentRequest.objects.filter(pk=s.request.pk).update(status=RequestStatus.OPEN)
    force_login(page, live_server, secretariat)
    detail = s.request.get_absolute_url()

    for link, button in (
        ("Lukk for nye forslag", "Ja, lukk for nye forslag"),
        ("Avlys forespørselen", "Ja, avlys forespørselen"),
    ):
        page.goto(detail)
        page.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(link)
        expect(page).to_have_title(f"{link}: Nye medlemmer 2027 – Medvirk")
        expect(page.get_by_role("button", name=button)).to_be_visible()
        expect(page.get_by_role("link", name="Avbryt")).to_have_attribute("href", detail)
        check_structure(page)
        a11y(page)

    s.request.refresh_from_db()
    assert s.request.status == RequestStatus.OPEN
