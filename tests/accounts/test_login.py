"""Logging in: by password, by a code sent by e-mail, password reset over real SMTP,
rate limiting after failed attempts, and sign-up with e-mail verification."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from medvirk.accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
DASHBOARD = "/konto/min-side/"
NEW_PASSWORD = "a-brand-new-long-passphrase"


def logged_in_user(client: Client) -> Any:
    return client.get(DASHBOARD).wsgi_request.user


def test_login_url_is_under_konto() -> None:
    assert reverse("account_login") == LOGIN


def test_password_login_logs_in_user_with_verified_email(client: Client) -> None:
    user = UserFactory(email="ola@example.org")

    response = client.post(LOGIN, {"login": "ola@example.org", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert logged_in_user(client) == user


def test_password_login_accepts_address_in_other_case(client: Client) -> None:
    user = UserFactory(email="kari@example.org")

    client.post(LOGIN, {"login": "Kari@Example.org", "password": PASSWORD})

    assert logged_in_user(client) == user


def test_password_login_with_wrong_password_shows_error_summary(client: Client) -> None:
    UserFactory(email="ola@example.org")

    response = client.post(LOGIN, {"login": "ola@example.org", "password": "wrong-password"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="ds-error-summary' in html
    assert "E-postadressen og/eller passordet du oppgav er feil." in html
    assert 'value="ola@example.org"' in html
    assert logged_in_user(client).is_authenticated is False


def test_password_login_with_empty_form_links_errors_to_fields(client: Client) -> None:
    response = client.post(LOGIN, {"login": "", "password": ""})

    html = response.content.decode()
    assert 'href="#id_login"' in html
    assert 'href="#id_password"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_login_error"' in html


def test_login_by_code_sent_by_email_logs_in(client: Client, mailoutbox: list[Any]) -> None:
    user = UserFactory(email="kode@example.org")

    response = client.post(reverse("account_request_login_code"), {"email": "kode@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_confirm_login_code")

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["kode@example.org"]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[0].body, re.MULTILINE)
    assert code is not None

    page = client.get(reverse("account_confirm_login_code"))
    assert page.status_code == 200
    assert "kode@example.org" in page.content.decode()

    response = client.post(reverse("account_confirm_login_code"), {"code": code.group(1)})
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert logged_in_user(client) == user


def test_login_by_code_rejects_wrong_code(client: Client, mailoutbox: list[Any]) -> None:
    UserFactory(email="kode@example.org")
    client.post(reverse("account_request_login_code"), {"email": "kode@example.org"})

    response = client.post(reverse("account_confirm_login_code"), {"code": "WRONG1"})

    assert response.status_code == 200
    assert "Feil kode." in response.content.decode()
    assert logged_in_user(client).is_authenticated is False


def test_password_reset_over_smtp_lets_user_log_in_with_new_password(
    client: Client, smtp_server: Any, django_capture_on_commit_callbacks: Any
) -> None:
    UserFactory(email="glemsk@example.org")

    # Mail is queued when the transaction commits; the task then sends it over SMTP.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "glemsk@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    messages = smtp_server.to("glemsk@example.org")
    assert len(messages) == 1
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", smtp_server.text(messages[0]))
    assert link is not None

    # The link in the mail hides its key in the session and redirects.
    response = client.get(urlparse(link.group(0)).path)
    assert response.status_code == 302
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200
    assert 'name="password1"' in page.content.decode()

    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    fresh = Client()
    fresh.post(LOGIN, {"login": "glemsk@example.org", "password": PASSWORD})
    assert logged_in_user(fresh).is_authenticated is False
    fresh.post(LOGIN, {"login": "glemsk@example.org", "password": NEW_PASSWORD})
    assert logged_in_user(fresh).email == "glemsk@example.org"


def test_login_is_refused_after_five_failures_even_with_right_password(client: Client) -> None:
    UserFactory(email="angrepet@example.org")
    for _ in range(5):
        response = client.post(LOGIN, {"login": "angrepet@example.org", "password": "gjetning"})
        assert "E-postadressen og/eller passordet du oppgav er feil." in response.content.decode()

    response = client.post(LOGIN, {"login": "angrepet@example.org", "password": PASSWORD})

    assert response.status_code == 200
    assert "For mange innloggingsforsøk." in response.content.decode()
    assert logged_in_user(client).is_authenticated is False


def test_login_after_four_failures_still_succeeds(client: Client) -> None:
    user = UserFactory(email="nesten@example.org")
    for _ in range(4):
        client.post(LOGIN, {"login": "nesten@example.org", "password": "gjetning"})

    client.post(LOGIN, {"login": "nesten@example.org", "password": PASSWORD})

    assert logged_in_user(client) == user


def test_signup_creates_user_who_must_verify_email(client: Client, mailoutbox: list[Any]) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "Ny@Example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ny@example.org")
    assert user.check_password(NEW_PASSWORD) is True
    assert EmailAddress.objects.get(user=user).verified is False
    assert logged_in_user(client).is_authenticated is False

    # Password login is refused until the address is verified.
    response = client.post(LOGIN, {"login": "ny@example.org", "password": NEW_PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user(client).is_authenticated is False

    # The confirmation mail is not sent again within allauth's cooldown.
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/konto/confirm-email/(\S+)/", mailoutbox[0].body)
    assert link is not None
    confirm_url = urlparse(link.group(0)).path
    assert client.get(confirm_url).status_code == 200
    client.post(confirm_url)
    assert EmailAddress.objects.get(user=user).verified is True

    client.post(LOGIN, {"login": "ny@example.org", "password": NEW_PASSWORD})
    assert logged_in_user(client) == user


def test_signup_with_mismatched_passwords_shows_error_summary(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {"email": "ny@example.org", "password1": NEW_PASSWORD, "password2": "something-else-1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_password2"' in html
    assert User.objects.filter(email="ny@example.org").exists() is False


def test_logout_by_post_logs_out(client: Client) -> None:
    client.force_login(UserFactory())

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert logged_in_user(client).is_authenticated is False


def test_login_page_puts_forgotten_password_link_after_the_form(client: Client) -> None:
    html = client.get(LOGIN).content.decode()

    reset_link = html.index('href="/konto/password/reset/"')
    assert html.index('id="id_login"') < html.index('id="id_password"') < reset_link
    assert html.index('type="submit"', html.index('id="id_password"')) < reset_link
    assert 'id="id_password_helptext"' not in html
