"""Reflow (WCAG 1.4.10): every page works at 320 CSS px without sideways scrolling.

The demo data (`make demo`: long organisation names, full member tables, advice lists)
in a 320x640 window, each page as a persona who may open it: the page is no wider than
the window, axe-core finds nothing, and the page keeps its structure. A wide table
scrolls inside its own region ({% table_region %}), which takes keyboard focus and is
named by the table's caption. The main menu is a disclosure that opens by keyboard with
JavaScript turned off.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import Role, User
from medvirk.appointments.models import AppointmentRequest
from medvirk.arenas.models import Arena
from medvirk.directory.models import Organisation
from medvirk.meetings.models import Meeting
from medvirk.people.models import Person
from tests.browser.helpers import NARROW, check_structure, focused, force_login, tab_to
from tests.conftest import enable_totp


def page_width(page: Page) -> tuple[int, int]:
    return tuple(page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]"))


def check_table_regions(page: Page) -> None:
    """Every table sits in a focusable region named by its caption."""
    regions = page.evaluate(
        """() => Array.from(document.querySelectorAll('table')).map(t => {
             const r = t.closest('.mv-table-wrap');
             if (!r) return ['no region', t.outerHTML.slice(0, 80)];
             const id = r.getAttribute('aria-labelledby');
             const name = id ? (document.getElementById(id) || {}).textContent : r.getAttribute('aria-label');
             return [r.getAttribute('role'), r.getAttribute('tabindex'), (name || '').trim() !== ''];
           })"""
    )
    assert all(region == ["region", "0", True] for region in regions), (page.url, regions)


def check_narrow(page: Page, url: str, a11y: Any) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    width, window = page_width(page)
    assert width <= window, f"{url} is {width} px wide in a {window} px window"
    check_structure(page)
    check_table_regions(page)
    a11y(page)


def demo_pages() -> dict[str, list[str]]:
    """The pages to check per demo login, picked where the demo data is widest."""
    busiest = Arena.objects.annotate(n=Count("memberships")).order_by("-n", "pk")[0]
    advised = Arena.objects.annotate(n=Count("advice")).order_by("-n", "pk")[0]
    longest = max(Organisation.objects.only("pk", "name"), key=lambda org: len(org.name))
    service = Role.objects.get(
        user__email="sekretariat@medvirk.test", role=RoleKind.SECRETARIAT
    ).organisation
    meeting = (
        Meeting.objects.filter(arena__owner=service)
        .annotate(n=Count("items"))
        .order_by("-n", "pk")[0]
    )
    org_admin = Role.objects.get(user__email="orgadmin@medvirk.test", role=RoleKind.ADMIN)
    person = Person.objects.filter(affiliations__organisation=org_admin.organisation)[0]
    request = AppointmentRequest.objects.order_by("pk")[0]
    return {
        "": [
            "/",
            reverse("directory:list"),
            longest.get_absolute_url(),
            reverse("arenas:list"),
            reverse("arenas:detail", args=[busiest.pk]),
            reverse("followup:arena_accountability", args=[advised.pk]),
            reverse("followup:service_accountability", args=[advised.owner_id]),
            reverse("meetings:upcoming"),
            reverse("account_login"),
            reverse("open_data"),
        ],
        "medlem@medvirk.test": [
            reverse("people:mine"),
            reverse("start:page"),
            reverse("meetings:my_meetings"),
        ],
        "orgadmin@medvirk.test": [
            reverse("people:pool", args=[org_admin.organisation_id]),
            reverse("people:edit", args=[person.pk]),
            reverse("appointments:mine"),
            reverse("appointments:request_detail", args=[request.pk]),
        ],
        "sekretariat@medvirk.test": [
            reverse("arenas:detail", args=[busiest.pk]),
            reverse("arenas:edit", args=[busiest.pk]),
            reverse("meetings:detail", args=[meeting.pk]),
            reverse("meetings:attendance", args=[meeting.pk]),
            reverse("meetings:dashboard"),
            reverse("followup:secretariat"),
        ],
        "leder@medvirk.test": [reverse("followup:decision_maker")],
        "plattform@medvirk.test": [
            reverse("directory:edit", args=[longest.pk]),
            reverse("directory:history", args=[longest.pk]),
            reverse("notifications:failed"),
        ],
    }


def test_pages_fit_320_css_px_for_every_persona(page: Page, live_server: Any, a11y: Any) -> None:
    call_command("load_demo", verbosity=0)
    page.set_viewport_size(NARROW)
    for email, urls in demo_pages().items():
        if email:
            user = User.objects.get(email=email)
            if user.is_superuser or Role.objects.filter(user=user, role=RoleKind.SECRETARIAT):
                enable_totp(user)
            force_login(page, live_server, user)
        for url in urls:
            check_narrow(page, url, a11y)


def test_a_wide_table_scrolls_in_its_region_by_keyboard(
    page: Page, live_server: Any, a11y: Any
) -> None:
    call_command("load_demo", verbosity=0)
    page.set_viewport_size(NARROW)
    busiest = Arena.objects.annotate(n=Count("memberships")).order_by("-n", "pk")[0]
    page.goto(reverse("arenas:detail", args=[busiest.pk]))
    region = page.get_by_role("region", name=f"Medlemmer av {busiest.name}")
    region.focus()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table is wider
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "name => document.activeElement.scrollLeft > 0", arg=busiest.name, timeout=2_000
    )
    assert page_width(page)[0] <= NARROW["width"]


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_the_collapsed_menu_opens_and_is_navigable_by_keyboard(
    browser: Browser, live_server: Any, transactional_db: Any, a11y: Any, javascript: bool
) -> None:
    context = browser.new_context(
        base_url=live_server.url,
        locale="nb-NO",
        viewport=NARROW,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/")
        menu = page.get_by_role("navigation", name="Hovedmeny")
        expect(menu.get_by_role("link", name="Arenaer")).to_be_hidden()
        header_height = page.locator("header").evaluate("h => h.getBoundingClientRect().height")
        assert header_height < 100, header_height  # the logo and the button, one row

        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")  # the logo
        page.keyboard.press("Tab")
        assert focused(page, ".mv-menu > summary")
        page.keyboard.press("Enter")
        expect(menu.get_by_role("link", name="Arenaer")).to_be_visible()
        expect(page.get_by_label("Språk")).to_be_visible()
        assert page_width(page)[0] <= NARROW["width"]
        if javascript:  # axe-core itself is JavaScript: it cannot run in the page without
            a11y(page)

        page.keyboard.press("Tab")
        assert focused(page, "nav a[href='/katalog/']")
        page.keyboard.press("Tab")
        assert focused(page, "nav a[href='/arenaer/']")
        page.keyboard.press("Enter")
        expect(page).to_have_url(live_server.url + "/arenaer/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()

        # On the next page the menu starts closed; Space opens and closes it too.
        menu = page.get_by_role("navigation", name="Hovedmeny")
        expect(menu.get_by_role("link", name="Møter")).to_be_hidden()
        tab_to(page, ".mv-menu > summary", limit=3)
        page.keyboard.press(" ")
        expect(menu.get_by_role("link", name="Møter")).to_be_visible()
        page.keyboard.press(" ")
        expect(menu.get_by_role("link", name="Møter")).to_be_hidden()
    finally:
        context.close()


def test_the_menu_is_open_to_the_eye_on_a_wide_screen(page: Page, live_server: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/")
    expect(page.locator(".mv-menu > summary")).to_be_hidden()
    menu = page.get_by_role("navigation", name="Hovedmeny")
    expect(menu.get_by_role("link", name="Arenaer")).to_be_visible()
    expect(page.get_by_label("Språk")).to_be_visible()
    header_height = page.locator("header").evaluate("h => h.getBoundingClientRect().height")
    assert header_height < 100, header_height
