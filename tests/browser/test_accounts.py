"""Account pages in a real browser: axe-core on each, and login/logout by keyboard only."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from medvirk.accounts.enums import RoleKind
from tests.accounts.test_mfa import totp_code
from tests.browser.conftest import login
from tests.factories import PASSWORD, RoleFactory, ServiceFactory, UserFactory

PUBLIC_PAGES = ["/konto/login/", "/konto/signup/", "/konto/password/reset/", "/konto/login/code/"]


def tab_to(page: Page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element with this id has focus, as a keyboard user would."""
    for _ in range(limit):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} never got focus by Tab")


def tab_to_button(page: Page, name: str, limit: int = 40) -> None:
    for _ in range(limit):
        focused = page.evaluate(
            "() => document.activeElement && document.activeElement.tagName === 'BUTTON'"
            " ? document.activeElement.textContent.trim() : ''"
        )
        if focused == name:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"button {name!r} never got focus by Tab")


def force_login(page: Page, live_server: Any, user: Any) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_account_page_has_no_axe_violations(page: Page, a11y: Any, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    a11y(page)


def test_login_and_logout_by_keyboard_only(page: Page, a11y: Any) -> None:
    user = UserFactory(email="tastatur@example.org")
    page.goto("/konto/login/")
    tab_to(page, "id_login")
    page.keyboard.type(user.email)
    tab_to(page, "id_password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/konto/')[0]}/konto/min-side/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    a11y(page)

    tab_to_button(page, "Logg ut")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Logg inn")).to_be_visible()
    page.goto("/konto/min-side/")
    expect(page).to_have_url(f"{page.url.split('/konto/')[0]}/konto/login/?next=/konto/min-side/")


def test_login_fields_come_in_natural_tab_order(page: Page) -> None:
    page.goto("/konto/login/")
    tab_to(page, "id_login")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#id_remember")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Logg inn", exact=True)).to_be_focused()
    # The forgotten-password link comes after the submit (and the sign-in-code link).
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Glemt passordet?":
            break
    expect(page.get_by_role("link", name="Glemt passordet?")).to_be_focused()


def test_login_form_submitted_empty_shows_linked_error_summary(page: Page, a11y: Any) -> None:
    page.goto("/konto/login/")
    tab_to(page, "id_login")
    page.keyboard.press("Enter")
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_login']")).to_have_count(1)
    expect(summary.locator("a[href='#id_password']")).to_have_count(1)
    expect(page.locator("#id_login")).to_have_attribute("aria-invalid", "true")
    a11y(page)
    summary.locator("a[href='#id_login']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_login")).to_be_focused()


def test_wrong_password_error_has_no_axe_violations(page: Page, a11y: Any) -> None:
    user = UserFactory(email="feil@example.org")
    page.goto("/konto/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill("not-the-password")
    page.locator("#id_password").press("Enter")
    expect(page.locator(".ds-error-summary")).to_be_visible()
    a11y(page)


def test_account_management_pages_have_no_axe_violations(
    page: Page, live_server: Any, a11y: Any
) -> None:
    user = UserFactory(email="innstillinger@example.org")
    force_login(page, live_server, user)
    for url in ["/konto/email/", "/konto/password/change/", "/konto/2fa/", "/konto/logout/"]:
        page.goto(url)
        expect(page).to_have_url(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        a11y(page)


def test_secretariat_sets_up_totp_and_logs_in_with_it(
    page: Page, live_server: Any, a11y: Any
) -> None:
    user = UserFactory(email="sikker@example.org")
    RoleFactory(user=user, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    login(page, user.email, PASSWORD)

    # Sent straight to TOTP set-up: the password just typed is not asked for again.
    expect(page).to_have_url(live_server.url + "/konto/2fa/totp/activate/")
    expect(page.locator(".ds-alert[data-color=warning]")).to_contain_text(
        "Rollen din krever tofaktorinnlogging."
    )
    a11y(page)
    page.locator("#id_code").press("Enter")
    expect(page.locator(".ds-error-summary")).to_be_focused()
    a11y(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(totp_code(secret))
    page.locator("#id_code").press("Enter")

    expect(page).to_have_url(live_server.url + "/konto/2fa/recovery-codes/")
    a11y(page)
    recovery_code = page.locator("#recovery_codes").input_value().split()[0]
    page.get_by_role("link", name="Fortsett").click()
    expect(page).to_have_url(live_server.url + "/konto/min-side/")
    for url in [
        "/konto/2fa/",
        "/konto/2fa/totp/deactivate/",
        "/konto/2fa/recovery-codes/generate/",
        "/konto/min-side/",
    ]:
        page.goto(url)
        expect(page).to_have_url(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        a11y(page)

    page.get_by_role("button", name="Logg ut").click()
    login(page, user.email, PASSWORD)
    expect(page).to_have_url(live_server.url + "/konto/2fa/authenticate/")
    a11y(page)
    page.locator("#id_code").fill(recovery_code)
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/min-side/")


def mail_link(mailoutbox: list[Any], pattern: str) -> str:
    match = re.search(pattern, mailoutbox[-1].body)
    assert match is not None, mailoutbox[-1].body
    return urlparse(match.group(0)).path


def test_password_reset_pages_have_no_axe_violations(
    page: Page, live_server: Any, a11y: Any, mailoutbox: list[Any]
) -> None:
    user = UserFactory(email="glemsk@example.org")
    page.goto("/konto/password/reset/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_email").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/password/reset/done/")
    a11y(page)

    page.goto(mail_link(mailoutbox, r"https?://\S+/konto/password/reset/key/\S+/"))
    expect(page.locator("#id_password1")).to_be_visible()
    a11y(page)
    page.locator("#id_password1").fill("a-brand-new-long-passphrase")
    page.locator("#id_password2").fill("something-else-entirely")
    page.locator("#id_password2").press("Enter")
    expect(page.locator(".ds-error-summary a[href='#id_password2']")).to_be_visible()
    a11y(page)
    page.locator("#id_password1").fill("a-brand-new-long-passphrase")
    page.locator("#id_password2").fill("a-brand-new-long-passphrase")
    page.locator("#id_password2").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/password/reset/key/done/")
    a11y(page)


def test_login_by_code_pages_have_no_axe_violations(
    page: Page, live_server: Any, a11y: Any, mailoutbox: list[Any]
) -> None:
    user = UserFactory(email="kode@example.org")
    page.goto("/konto/login/code/")
    page.locator("#id_email").fill(user.email)
    page.locator("#id_email").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/login/code/confirm/")
    a11y(page)
    page.locator("#id_code").fill("WRONG-CODE")
    page.locator("#id_code").press("Enter")
    expect(page.locator(".ds-error-summary a[href='#id_code']")).to_be_visible()
    a11y(page)
    code = re.search(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$", mailoutbox[-1].body, re.MULTILINE)
    assert code is not None
    page.locator("#id_code").fill(code.group(0))
    page.locator("#id_code").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/min-side/")


def test_signup_and_email_confirmation_pages_have_no_axe_violations(
    page: Page, live_server: Any, a11y: Any, mailoutbox: list[Any]
) -> None:
    page.goto("/konto/signup/")
    page.locator("#id_email").fill("ny@example.org")
    page.locator("#id_password1").fill("a-brand-new-long-passphrase")
    page.locator("#id_password2").fill("a-brand-new-long-passphrase")
    page.locator("#id_password2").press("Enter")
    expect(page).to_have_url(live_server.url + "/konto/confirm-email/")
    a11y(page)

    page.goto(mail_link(mailoutbox, r"https?://\S+/konto/confirm-email/\S+/"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    a11y(page)
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator(".ds-alert[data-color=success]")).to_be_visible()
