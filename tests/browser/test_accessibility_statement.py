"""The accessibility statement with its feedback form, in a real browser with axe-core."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from medvirk.feedback.models import AccessibilityFeedback


def test_statement_and_feedback_form_pass_axe(page: Page, live_server: Any, a11y: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/tilgjengelighet/")
    a11y(page)  # 1280 px, then 320 px
    # Sent empty: the error summary links to the fields, and the page still passes axe.
    page.get_by_role("button", name="Send meldingen").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    a11y(page)
    summary.get_by_role("link").first.click()
    page.get_by_label("Hvilken side gjelder det?").fill("Møtesiden")
    page.get_by_label("Hva skjedde?").fill("Fokus forsvinner etter lagring.")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.locator("#messages")).to_contain_text("Takk!")
    a11y(page)
    assert AccessibilityFeedback.objects.get().page == "Møtesiden"
