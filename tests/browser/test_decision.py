"""The secretariat decides an appointment in a real browser, by keyboard."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medvirk.appointments.models import Decision
from tests.appointments.decision_helpers import make_scenario
from tests.browser.helpers import check_structure, focused, force_login, tab_to
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory

REASON = "Ingen kvinner ble foreslått innen fristen."


def choose(page: Page, selector: str, label: str) -> None:
    """Reach a role select with Tab and pick an option by typing its label."""
    tab_to(page, selector)
    page.keyboard.type(label)
    assert focused(page, selector)


def test_secretariat_decides_with_dispensation(page: Page, live_server: Any, a11y: Any) -> None:
    secretariat = UserFactory(email="sekretariat@example.org")
    RoleFactory(user=secretariat, organisation=ServiceFactory(), role="secretariat")
    enable_totp(secretariat)
    s = make_scenario(secretariat, OrganisationFactory(name="Organisasjon A"))
    force_login(page, live_server, secretariat)

    page.goto(f"/oppnevning/{s.request.pk}/vedtak/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oppnevning: Nye medlemmer 2027")
    check_structure(page)
    a11y(page)

    # Two men as members: gender balance fails.
    choose(page, f"#id_role_{s.ola.pk}", "Medlem")
    expect(page.locator(f"#id_role_{s.ola.pk}")).to_have_value("member")
    choose(page, f"#id_role_{s.per.pk}", "Medlem")
    expect(page.locator(f"#id_role_{s.per.pk}")).to_have_value("member")
    # htmx shows the findings live ...
    expect(page.locator("#findings")).to_contain_text("Kjønnsbalanse")
    # ... and the button checks without JavaScript's help too.
    tab_to(page, "button[value=check]")
    page.keyboard.press("Enter")
    expect(page.locator("#findings")).to_contain_text(
        "Kjønnsbalanse: med 2 medlemmer må hvert kjønn ha minst 1 plass."
    )
    expect(page.locator(f"#id_role_{s.ola.pk}")).to_have_value("member")
    a11y(page)

    tab_to(page, "#id_dispensation_reason")
    page.keyboard.type(REASON)
    tab_to(page, "button[value=review]")
    page.keyboard.press("Enter")

    # The summary: the choices, the finding the dispensation covers, and the reason.
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over oppnevningen")
    expect(page.locator("main")).to_contain_text("Oppnevnes med dispensasjon:")
    expect(page.locator("main")).to_contain_text(REASON)
    check_structure(page)
    a11y(page)
    assert not Decision.objects.exists()
    # Back to the form keeps every choice ...
    tab_to(page, "button[value=edit]")
    page.keyboard.press("Enter")
    expect(page.locator(f"#id_role_{s.ola.pk}")).to_have_value("member")
    expect(page.locator("#id_dispensation_reason")).to_have_value(REASON)
    # ... and the decision is made from the summary.
    tab_to(page, "button[value=review]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se over oppnevningen")
    tab_to(page, "button[value=decide]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Oppnevnt: Nye medlemmer 2027")
    expect(page.get_by_role("table")).to_contain_text("Ola Nordmann")
    expect(page.get_by_text(REASON)).to_be_visible()
    check_structure(page)
    a11y(page)
    assert Decision.objects.get().dispensation_reason == REASON
