"""The accountability charts in Chromium: no axe-core violations and nothing wider than
the viewport, at 1280 and 320 CSS px, in bokmål, nynorsk and English.

With ``MEDVIRK_CHART_SHOTS=<dir>`` the test also saves full-page screenshots there (to look
at the charts; nothing is compared)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import Page, expect

from medvirk.arenas.models import Arena
from medvirk.followup.enums import AdviceStatus
from tests.arenas.conftest import make_arena
from tests.browser.helpers import check_structure, use_language
from tests.browser.test_followup_flow import make_cast, switch_user
from tests.browser.test_followup_pages import advise, org_admin
from tests.factories import ServiceFactory
from tests.followup.test_accountability_world import make_advice

S = AdviceStatus
SHOTS = os.environ.get("MEDVIRK_CHART_SHOTS", "")

# (years back, status, days to the first answer or None, days to the due date)
ADVICE = [
    (3, S.FOLLOWED, 20, 42),
    (3, S.IMPLEMENTED, 35, 42),
    (3, S.NOT_FOLLOWED, 60, 42),
    (2, S.FOLLOWED, 12, 42),
    (2, S.PARTLY, 50, 42),
    (2, S.PARTLY, 30, 42),
    (2, S.SENT, None, 42),
    (1, S.FOLLOWED, 9, 42),
    (1, S.FOLLOWED, 14, 42),
    (1, S.IMPLEMENTED, 21, 42),
    (1, S.NOT_FOLLOWED, 40, 42),
    (1, S.CONSIDERING, None, 42),
    (0, S.FOLLOWED, 8, 42),
    (0, S.RECEIVED, None, 4000),
]


def advice_in_years(arena: Arena) -> None:
    today = datetime.date.today()
    for index, (back, status, answered_after, due_after) in enumerate(ADVICE):
        given = datetime.date(today.year - back, 3, 1) + datetime.timedelta(days=index)
        if given > today:
            given = today
        make_advice(
            arena,
            f"Råd {index}",
            given,
            status=status,
            due_on=given + datetime.timedelta(days=due_after),
            first_answer_on=(
                given + datetime.timedelta(days=answered_after) if answered_after else None
            ),
        )
    cache.clear()


def _main_fits(page: Page) -> None:
    """Nothing in main reaches past the viewport (tables scroll inside their region)."""
    wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
                 .filter(e => !e.parentElement.closest('.mv-table-wrap'))
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
                 .map(e => e.tagName + '.' + e.getAttribute('class') + '@' + (e.closest('section') || {}).getAttribute?.('aria-labelledby') + ':' + Math.round(e.getBoundingClientRect().right) + '/' + document.documentElement.clientWidth)"""
    )
    assert wide == [], wide
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths


def _check(page: Page, a11y: Any, name: str) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        a11y(page)
        _main_fits(page)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def test_service_and_arena_charts_pass_axe_and_fit_at_320(
    page: Page, live_server: Any, a11y: Any
) -> None:
    service = ServiceFactory(name="Diagramby kommune")
    arena = make_arena(service, name="Rådet for personer med funksjonsnedsettelse i Diagramby")
    advice_in_years(arena)
    service_url = reverse("followup:service_accountability", args=[service.pk])

    page.goto(service_url)
    check_structure(page)
    charts = page.locator("section[aria-labelledby=charts-heading] figure")
    # What became of the advice, answered on time, days to answer, and the final decisions.
    expect(charts).to_have_count(4)
    status = page.get_by_role("img", name="Hva skjedde med rådene, per år")
    expect(status).to_have_count(1)
    expect(page.get_by_role("img", name="Endelig vedtak i sakene, per år")).to_have_count(1)
    expect(charts.first.locator("table caption")).to_have_text(
        "Rådene per år etter status (antall råd)"
    )
    expect(charts.first.locator("tbody tr")).to_have_count(4)
    _check(page, a11y, "service-nb")
    if SHOTS:  # how it prints: the patterns black on white
        page.set_viewport_size({"width": 800, "height": 900})
        page.emulate_media(media="print")
        page.screenshot(path=f"{SHOTS}/service-nb-print.png", full_page=True)
        page.emulate_media(media="screen")

    page.goto(reverse("followup:arena_accountability", args=[arena.pk]))
    expect(
        page.locator("section[aria-labelledby=charts-heading] figure svg[role=img]")
    ).to_have_count(4)
    _check(page, a11y, "arena-nb")

    for language, title in (
        ("nn", "Kva skjedde med råda, per år"),
        ("en", "What became of the advice, per year"),
    ):
        use_language(page, live_server, language)
        page.goto(service_url)
        expect(page.get_by_role("img", name=title)).to_have_count(1)
        _check(page, a11y, f"service-{language}")


def test_the_organisations_year_chart_passes_axe_and_fits_at_320(
    page: Page, live_server: Any, a11y: Any
) -> None:
    cast = make_cast()
    w = advise(cast)
    year = w.public.given_on.year
    switch_user(page, live_server, org_admin(cast))
    page.goto(f"{reverse('followup:org_year', args=[cast.organisation.pk])}?ar={year}")
    check_structure(page)
    expect(page.get_by_role("img", name=f"Status for rådene gitt i {year}")).to_have_count(1)
    _check(page, a11y, "org-year-nb")
