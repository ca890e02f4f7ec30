"""TOTP: required for platform admins and secretariats, optional for everyone else."""

from __future__ import annotations

import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.test import Client
from django.urls import reverse

from medvirk.accounts.enums import RoleKind
from medvirk.accounts.models import User
from tests.factories import PASSWORD, RoleFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/konto/login/"
DASHBOARD = "/konto/min-side/"
ACTIVATE = "/konto/2fa/totp/activate/"
REAUTHENTICATE = "/konto/reauthenticate/"
RECOVERY_CODES = "/konto/2fa/recovery-codes/"
CONTINUE = "/konto/2fa/fortsett/"


def totp_code(secret: str) -> str:
    """The code an authenticator app would show right now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_platform_admin() -> User:
    return UserFactory(email="drift@example.org", is_superuser=True, is_staff=True)


def make_secretariat() -> User:
    user = UserFactory(email="sekretar@example.org")
    RoleFactory(user=user, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    return user


def password_login(client: Client, user: User) -> Any:
    return client.post(LOGIN, {"login": user.email, "password": PASSWORD})


@pytest.mark.parametrize("make_user", [make_platform_admin, make_secretariat])
@pytest.mark.parametrize("url", ["/", DASHBOARD, "/katalog/", "/drift/", "/konto/email/"])
def test_user_whose_role_requires_mfa_is_sent_to_totp_activation(
    client: Client, make_user: Any, url: str
) -> None:
    client.force_login(make_user())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


@pytest.mark.parametrize("make_user", [make_platform_admin, make_secretariat])
def test_mfa_redirect_explains_why(client: Client, make_user: Any) -> None:
    client.force_login(make_user())

    response = client.get(DASHBOARD, follow=True)

    assert "Rollen din krever tofaktorinnlogging." in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/konto/2fa/",
        "/tilgjengelighet/",
        "/personvern/",
        "/konto/reauthenticate/",
        "/konto/logout/",
    ],
)
def test_user_whose_role_requires_mfa_can_reach_allowed_pages(client: Client, url: str) -> None:
    client.force_login(make_secretariat())

    response = client.get(url)

    assert response.status_code == 200


def test_user_whose_role_requires_mfa_can_log_out(client: Client) -> None:
    client.force_login(make_secretariat())

    client.post(reverse("account_logout"))

    assert client.get(DASHBOARD).wsgi_request.user.is_authenticated is False


def test_plain_member_is_not_forced_to_use_mfa(client: Client) -> None:
    user = UserFactory()
    RoleFactory(user=user, role=RoleKind.MEMBER)
    client.force_login(user)

    assert client.get(DASHBOARD).status_code == 200
    assert client.get("/").status_code == 200


def test_org_admin_is_not_forced_to_use_mfa(client: Client) -> None:
    user = UserFactory()
    RoleFactory(user=user, role=RoleKind.ADMIN)
    client.force_login(user)

    assert client.get(DASHBOARD).status_code == 200


def test_secretariat_activates_totp_after_login_and_then_reaches_dashboard(
    client: Client,
) -> None:
    user = make_secretariat()
    response = password_login(client, user)
    assert response["Location"] == DASHBOARD
    assert client.get(DASHBOARD)["Location"] == ACTIVATE

    # The password just typed counts as allauth's reauthentication: no second prompt.
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    assert 'id="authenticator_secret"' in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]

    response = client.post(ACTIVATE, {"code": totp_code(secret)})

    assert response["Location"] == RECOVERY_CODES
    codes = client.get(RECOVERY_CODES).content.decode()
    assert f'href="{CONTINUE}"' in codes
    assert ">Fortsett<" in codes.replace("\n", "").replace(" ", "")
    assert client.get(CONTINUE)["Location"] == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_first_totp_setup_continues_to_the_page_asked_for(client: Client) -> None:
    user = make_secretariat()
    target = "/katalog/?q=helse"
    response = client.post(
        f"{LOGIN}?next=/katalog/%3Fq%3Dhelse",
        {"login": user.email, "password": PASSWORD, "next": target},
    )
    assert response["Location"] == target
    assert client.get(target)["Location"] == ACTIVATE
    client.get(ACTIVATE)
    client.post(ACTIVATE, {"code": totp_code(client.session[SECRET_SESSION_KEY])})

    response = client.get(CONTINUE)

    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_stale_password_login_still_asks_for_the_password_before_totp_setup(
    client: Client,
) -> None:
    password_login(client, make_secretariat())
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600
    session.save()

    response = client.get(ACTIVATE)

    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"
    assert client.get(response["Location"]).status_code == 200
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == ACTIVATE
    assert client.get(ACTIVATE).status_code == 200


def test_login_by_code_is_not_counted_as_reauthentication(
    client: Client, mailoutbox: list[Any]
) -> None:
    user = make_secretariat()
    client.post(reverse("account_request_login_code"), {"email": user.email})
    code = [line for line in mailoutbox[0].body.splitlines() if len(line) == 9 and "-" in line]
    client.post(reverse("account_confirm_login_code"), {"code": code[0]})

    response = client.get(ACTIVATE)

    assert response["Location"].startswith(REAUTHENTICATE)


def test_mfa_continue_ignores_an_outside_address(client: Client) -> None:
    client.force_login(UserFactory())
    session = client.session
    session["medvirk_mfa_next"] = "https://evil.example/"
    session.save()

    assert client.get(CONTINUE)["Location"] == DASHBOARD


def test_wrong_totp_code_at_activation_shows_error_summary(client: Client) -> None:
    password_login(client, make_secretariat())
    client.get(ACTIVATE)

    response = client.post(ACTIVATE, {"code": "000000"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_code"' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("make_user", [make_platform_admin, make_secretariat, UserFactory])
def test_user_with_totp_is_asked_for_code_at_login(client: Client, make_user: Any) -> None:
    user = make_user()
    secret = generate_totp_secret()
    TOTP.activate(user, secret)

    response = password_login(client, user)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(DASHBOARD).wsgi_request.user.is_authenticated is False
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    dashboard = client.get(DASHBOARD)
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.user == user


def test_wrong_code_at_login_keeps_user_out(client: Client) -> None:
    user = make_secretariat()
    TOTP.activate(user, generate_totp_secret())
    password_login(client, user)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert 'href="#id_code"' in response.content.decode()
    assert client.get(DASHBOARD).wsgi_request.user.is_authenticated is False


def test_login_by_code_still_asks_for_totp(client: Client, mailoutbox: list[Any]) -> None:
    user = make_platform_admin()
    TOTP.activate(user, generate_totp_secret())
    client.post(reverse("account_request_login_code"), {"email": user.email})
    code = [line for line in mailoutbox[0].body.splitlines() if len(line) == 9 and "-" in line]

    response = client.post(reverse("account_confirm_login_code"), {"code": code[0]})

    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(DASHBOARD).wsgi_request.user.is_authenticated is False
