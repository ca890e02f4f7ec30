"""Helpers shared by the browser tests: languages, logging in, keyboard and page structure."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Page, ViewportSize, expect

LANGUAGES = ["nb", "nn", "en"]
# The narrowest window a page must work in without sideways scrolling (WCAG 1.4.10).
NARROW: ViewportSize = {"width": 320, "height": 640}


def use_language(page: Page, live_server: Any, language: str) -> None:
    """Choose the interface language as the header's switcher does (it sets this cookie)."""
    page.context.add_cookies(
        [{"name": "medvirk_language", "value": language, "url": live_server.url}]
    )


def force_login(page: Page, live_server: Any, user: Any) -> None:
    """Log the browser in without the login page (that flow has its own tests)."""
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])


def focused(page: Page, selector: str) -> bool:
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    pytest.fail(f"{selector} never got focus within {limit} Tab presses on {page.url}")


def heading_levels(page: Page) -> list[int]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
                 .map(h => Number(h.tagName.substring(1)))"""
    )


def check_structure(page: Page) -> None:
    """One main, a banner, a contentinfo, distinctly named navs, one h1, no skipped levels."""
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    names = page.evaluate(
        """() => Array.from(document.querySelectorAll('nav, [role=navigation]')).map(n =>
             n.getAttribute('aria-label') ||
             (n.getAttribute('aria-labelledby') || '').split(' ')
               .map(id => (document.getElementById(id) || {}).textContent || '').join(' ').trim())"""
    )
    assert len(names) >= 2, names
    assert all(name.strip() for name in names), names
    assert len(set(names)) == len(names), names
    levels = heading_levels(page)
    assert levels.count(1) == 1, levels
    assert levels[0] == 1, levels
    jumps = [(a, b) for a, b in pairwise(levels) if b - a > 1]
    assert jumps == [], levels
    expect(page.locator("a.ds-skip-link")).to_have_attribute("href", "#main")
    footer = page.get_by_role("contentinfo")
    expect(footer.locator("a[href='/tilgjengelighet/']")).to_have_count(1)
    expect(footer.locator("a[href='/personvern/']")).to_have_count(1)
