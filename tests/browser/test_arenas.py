"""Arenas in a real browser: the public pages, and a secretariat creating a youth council."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.arenas.enums import ArenaKind, MemberRole
from medvirk.arenas.models import Arena, Membership
from medvirk.people.enums import AffiliationKind
from medvirk.people.models import Affiliation, Person
from tests.arenas.conftest import make_arena, make_person, seat
from tests.browser.helpers import check_structure, force_login
from tests.conftest import enable_totp
from tests.factories import OrganisationFactory, RoleFactory, ServiceFactory, UserFactory


def test_public_arena_list_and_detail(page: Page, a11y: Any) -> None:
    service = ServiceFactory(name="Fjordby kommune")
    arena = make_arena(
        service,
        ArenaKind.ELDRERAD,
        name="Eldrerådet i Fjordby",
        mandate="<h2>Formål</h2><p>Rådet gir <strong>råd</strong>.</p>",
    )
    make_arena(service, ArenaKind.BRUKERPANEL, name="Hemmelig panel", is_public=False)
    org = OrganisationFactory(name="Pensjonistlaget")
    seat(arena, make_person("Lise Leder"), MemberRole.CHAIR, represents=org)
    seat(arena, make_person("Vera Vara"), MemberRole.DEPUTY, rank=1)

    page.goto("/arenaer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Arenaer for brukermedvirkning")
    expect(page.get_by_role("link", name="Eldrerådet i Fjordby")).to_be_visible()
    expect(page.get_by_text("Hemmelig panel")).to_have_count(0)
    check_structure(page)
    a11y(page)
    page.get_by_label("Type arena").select_option(ArenaKind.ELDRERAD.value)
    page.get_by_role("button", name="Vis treff").click()
    expect(page.get_by_role("link", name="Eldrerådet i Fjordby")).to_be_visible()
    a11y(page)

    page.get_by_role("link", name="Eldrerådet i Fjordby").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eldrerådet i Fjordby")
    expect(page.get_by_role("cell", name="Lise Leder")).to_be_visible()
    expect(page.get_by_role("cell", name="Pensjonistlaget")).to_be_visible()
    expect(page.locator(".mv-mandate strong")).to_have_text("råd")
    check_structure(page)
    a11y(page)


@pytest.fixture
def secretary(transactional_db: Any) -> Any:
    service = ServiceFactory(name="Fjordby kommune")
    user = UserFactory(email="sekretariat@fjordby.example")
    RoleFactory(user=user, organisation=service, role=RoleKind.SECRETARIAT)
    enable_totp(user)
    return user


def test_secretariat_creates_youth_council_and_adds_member(
    page: Page, live_server: Any, a11y: Any, secretary: Any
) -> None:
    young = Person.objects.create(name="Ida Ung", birth_year=2010)
    Affiliation.objects.create(
        person=young,
        organisation=OrganisationFactory(name="Ungdomslaget"),
        kind=AffiliationKind.POOL,
    )
    force_login(page, live_server, secretary)

    page.goto("/arenaer/")
    page.get_by_role("link", name="Ny arena").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny arena")
    a11y(page)
    page.get_by_label("Ungdomsråd").check()
    page.get_by_role("button", name="Gå videre").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ny arena: Ungdomsråd")
    expect(page.get_by_label("Periode (år)")).to_have_value("2")
    expect(page.get_by_label("Høyeste alder ved oppnevning")).to_have_value("18")
    check_structure(page)
    a11y(page)

    page.get_by_label(re.compile(r"^Navn")).fill("Ungdomsrådet i Fjordby")
    page.get_by_label("Periode (år)").fill("3")
    page.get_by_role("button", name="Lagre").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("høyst 2 år")
    expect(page.get_by_label(re.compile(r"^Navn"))).to_have_value("Ungdomsrådet i Fjordby")
    a11y(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Periode (år)")).to_be_focused()

    page.get_by_label("Periode (år)").fill("2")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ungdomsrådet i Fjordby")
    a11y(page)
    arena = Arena.objects.get(name="Ungdomsrådet i Fjordby")
    assert arena.term_years == 2

    page.get_by_role("link", name="Legg til medlem").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Legg til medlem")
    a11y(page)
    # Search first: the page lists the whole country's people only by name (issue 13).
    page.get_by_label("Søk etter person").fill("Ida")
    page.get_by_role("button", name="Søk", exact=True).click()
    page.get_by_label(re.compile(r"^Person")).select_option(label="Ida Ung")
    page.get_by_label("Rolle").select_option(MemberRole.CHAIR.value)
    page.get_by_role("button", name="Legg til", exact=True).click()
    expect(page.get_by_role("cell", name="Ida Ung", exact=True)).to_be_visible()
    a11y(page)
    assert Membership.objects.get(arena=arena).role == MemberRole.CHAIR

    page.get_by_role("link", name="Rediger arenaen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger Ungdomsrådet i Fjordby")
    check_structure(page)
    a11y(page)


def test_member_resigns_from_the_arena_page_by_keyboard_after_confirming(
    page: Page, live_server: Any, a11y: Any
) -> None:
    from tests.browser.helpers import tab_to

    service = ServiceFactory(name="Fjordby kommune")
    arena = make_arena(service, ArenaKind.ELDRERAD, name="Eldrerådet i Fjordby")
    user = UserFactory(email="rita@example.org", name="Rita Representant")
    seat(arena, make_person("Rita Representant", user=user), MemberRole.MEMBER)
    seat(arena, make_person("Vera Vara"), MemberRole.DEPUTY, rank=1)
    force_login(page, live_server, user)

    page.goto(arena.get_absolute_url())
    tab_to(page, "a[href$='?fra=arena']")
    page.keyboard.press("Enter")
    # Not resigned yet: a confirmation page first, with a way back to the arena.
    expect(page.get_by_role("heading", level=1)).to_have_text("Trekk deg fra vervet")
    expect(page.get_by_role("link", name="Avbryt")).to_have_attribute(
        "href", arena.get_absolute_url()
    )
    assert Membership.objects.get(arena=arena, person__name="Rita Representant").ended_on is None
    a11y(page)
    tab_to(page, "button.ds-button[data-color=danger]")
    page.keyboard.press("Enter")

    # The success message has focus, so a screen reader reads it first.
    messages = page.locator("#messages")
    expect(messages).to_contain_text("Vervet er avsluttet")
    expect(messages).to_be_focused()
    a11y(page)


def test_error_summary_takes_focus_before_a_message(page: Page, live_server: Any) -> None:
    """A page with both a message (autofocus) and an error summary: the summary wins."""
    page.goto(live_server.url + "/")
    page.set_content(
        '<main><div id="messages" role="status" tabindex="-1" autofocus>Lagret</div>'
        '<div class="ds-error-summary" id="error-summary" tabindex="-1" data-autofocus>Feil</div>'
        f'<script src="{live_server.url}/static/medvirk/medvirk.js" defer></script></main>'
    )
    expect(page.locator("#error-summary")).to_be_focused()
