"""Real-browser tests: Debian's Chromium driven by Playwright, checked with axe-core.

Every test here gets `page` (a fresh Playwright page on the live server) and
`check_a11y(page)`, which fails on any WCAG 2.1 A or AA violation axe-core finds.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import NARROW

# Playwright's sync API keeps an event loop in this thread; Django's ORM refuses
# to run beside one unless told it is safe (it is: nothing here is async).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    with_xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if with_xdist:  # (`-p no:xdist` runs a file in one process, without it)
                # Keep one worker per browser test module (xdist --dist loadgroup).
                item.add_marker(pytest.mark.xdist_group("browser-" + item.module.__name__))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(
    browser: Browser, live_server: Any, settings: Any, transactional_db: Any
) -> Iterator[Page]:
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


_axe = Axe()
# Only the violations come back (axe's default; our runOnly replaced the default options):
# the passes' node lists are most of the answer's size and cost.
_AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


# What Chromium says when the document is replaced under a running script: a click on a
# link returns once the navigation has started, not when the next page has loaded.
_NAVIGATED = ("Execution context was destroyed", "reading 'documentElement'", "axe is not defined")


def _run_axe(page: Page) -> Any:
    # axe-core is injected once per document: the check at 320 CSS px reuses it.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    return page.evaluate("options => axe.run(document, options)", _AXE_OPTIONS)


def _axe_check(page: Page, where: str) -> None:
    page.wait_for_load_state("load")
    try:
        result = _run_axe(page)
    except PlaywrightError as error:
        if not any(sign in str(error) for sign in _NAVIGATED):
            raise
        # The page the test clicked its way to arrived mid-check: check that page.
        page.wait_for_load_state("load")
        result = _run_axe(page)
    violations = result["violations"]
    if violations:
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        )
        pytest.fail(f"axe-core found {len(violations)} violation(s) on {where}:\n{report}")


# The innermost elements (and text) reaching past the window's right edge, for the message.
_TOO_WIDE = """() => {
  const edge = document.documentElement.clientWidth + 0.5, found = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    const text = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (r.right > edge && (text || !Array.from(e.children).some(
          c => c.getBoundingClientRect().right > edge))) {
      found.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
                 + ' «' + e.textContent.trim().slice(0, 30) + '»');
    }
  }
  return found.slice(0, 5);
}"""


def check_a11y(page: Page) -> None:
    """Fail on any WCAG 2.1 A/AA violation on the page as it is now, and again in a
    320x640 window (WCAG 1.4.10 Reflow): there the page must also be no wider than the
    window. The test's own window size is restored afterwards."""
    _axe_check(page, page.url)
    viewport = page.viewport_size
    if viewport is None or viewport["width"] <= NARROW["width"]:
        return
    page.set_viewport_size(NARROW)
    try:
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            pytest.fail(
                f"{page.url} is {width} CSS px wide in a 320 px window (WCAG 1.4.10); "
                f"reaching past it: {page.evaluate(_TOO_WIDE)}"
            )
        _axe_check(page, f"{page.url} at 320 CSS px")
    finally:
        page.set_viewport_size(viewport)


@pytest.fixture
def a11y():
    return check_a11y


def login(page: Page, email: str, password: str) -> None:
    page.goto("/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
