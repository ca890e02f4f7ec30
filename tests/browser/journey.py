"""A user's journey through the site, checked at every stop.

Each stop checks the page structure and axe-core at 1280 and at 320 CSS px (where the
page must be no wider than the window), and saves a screenshot at both widths to
``var/journeys/<journey>/<NN>-<stop>-<width>.png``: the test artifacts to look at
before a change lands (CI keeps them with the run). Moving on is done by following
visible links and buttons only; `keyboard=True` does it by Tab and Enter alone, and
`narrow=True` moves in a phone-sized window of 320 CSS px (the stops still check both
widths).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from playwright.sync_api import Page, expect

from tests.accounts.test_mfa import totp_code
from tests.browser.helpers import NARROW, check_structure

WIDE = {"width": 1280, "height": 900}
ARTIFACTS = Path(settings.BASE_DIR).parent.parent / "var" / "journeys"

# The active element's accessible text: what a screen reader announces on focus.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e) return '';
  return (e.getAttribute('aria-label') || e.innerText || e.value || '').trim();
}"""


def _slug(text: str) -> str:
    text = text.lower().translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:50] or "page"


class Journey:
    """One role's way through the site, e.g. ``Journey(page, a11y, "representative")``."""

    def __init__(
        self, page: Page, a11y: Any, name: str, *, keyboard: bool = False, narrow: bool = False
    ) -> None:
        self.page = page
        self.a11y = a11y
        self.keyboard = keyboard
        self.stops = 0
        self.folder = ARTIFACTS / _slug(name)
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        # The window the journey moves in; every stop checks at 1280 and at 320 anyway.
        self.size: Any = NARROW if narrow else WIDE
        page.set_viewport_size(self.size)

    # --- checking -----------------------------------------------------------------

    def stop(self, heading: str | None = None) -> None:
        """Check the page as it stands (and that its h1 reads `heading`, if given)."""
        page = self.page
        if heading is not None:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.set_viewport_size(WIDE)  # type: ignore[arg-type]
        check_structure(page)
        self.a11y(page)
        self.stops += 1
        title = page.get_by_role("heading", level=1).first.inner_text()
        stem = f"{self.stops:02d}-{_slug(title)}"
        page.screenshot(path=str(self.folder / f"{stem}-1280.png"), full_page=True)
        page.set_viewport_size(NARROW)
        try:
            page.screenshot(path=str(self.folder / f"{stem}-320.png"), full_page=True)
        finally:
            page.set_viewport_size(self.size)

    # --- moving on ----------------------------------------------------------------

    def _activate(self, locator: Any, name: str) -> None:
        if not self.keyboard:
            locator.click()
            return
        target = locator.element_handle()
        for _ in range(150):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("e => document.activeElement === e", target):
                self.page.keyboard.press("Enter")
                return
        raise AssertionError(f"«{name}» never got focus by Tab on {self.page.url}")

    def follow(self, name: str, *, within: str = "main", exact: bool = False) -> None:
        """Follow the first visible link called `name` (in `within`)."""
        link = self.page.locator(within).get_by_role("link", name=name, exact=exact).first
        self._activate(link, name)

    def press(self, name: str, *, within: str = "main", exact: bool = True) -> None:
        """Press the first visible button called `name` (in `within`)."""
        button = self.page.locator(within).get_by_role("button", name=name, exact=exact).first
        self._activate(button, name)

    def fill(self, label: str, text: str, *, exact: bool = False) -> None:
        field = self.page.get_by_label(label, exact=exact).first
        if self.keyboard:
            self._focus(field, label)
            self.page.keyboard.type(text)
        else:
            field.fill(text)

    def choose(self, label: str, option: str, *, exact: bool = False) -> None:
        field = self.page.get_by_label(label, exact=exact).first
        field.select_option(label=option)

    def check(self, label: str, *, exact: bool = True) -> None:
        box = self.page.get_by_label(label, exact=exact)
        if self.keyboard:
            self._focus(box, label)
            self.page.keyboard.press("Space")
        else:
            box.check()

    def _focus(self, locator: Any, name: str) -> None:
        target = locator.element_handle()
        for _ in range(150):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("e => document.activeElement === e", target):
                return
        raise AssertionError(f"«{name}» never got focus by Tab on {self.page.url}")

    def log_in(self, email: str, password: str, totp_secret: str | None = None) -> None:
        """From the page the journey is on: the header's "Logg inn", the form, and the
        authenticator code where the role needs one."""
        self.follow("Logg inn", within="header")
        self.stop("Logg inn")
        self.fill("E-post", email)
        self.fill("Passord", password)
        self.press("Logg inn")
        if totp_secret is not None:
            code = self.page.locator("#id_code")
            expect(code).to_be_visible()
            self.stop()
            if self.keyboard:
                self._focus(code, "code")
                self.page.keyboard.type(totp_code(totp_secret))
                self.page.keyboard.press("Enter")
            else:
                code.fill(totp_code(totp_secret))
                code.press("Enter")
