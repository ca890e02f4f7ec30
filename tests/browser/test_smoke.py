from typing import Any

from playwright.sync_api import Page, expect


def test_home_page_has_no_axe_violations(page: Page, a11y: Any) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y(page)
