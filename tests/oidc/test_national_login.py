"""National login (ID-porten, Ansattporten) against a real OpenID Provider on loopback:
the happy paths, a first login's choices, and every check failing."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import connection
from django.test import Client

from medvirk.accounts.models import User
from medvirk.common.activity import ActivityLog
from medvirk.nationallogin.pid import hash_pid
from medvirk.people.models import Person
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.oidc.conftest import HIGH, OidcProvider, come_back, configure, national_login, start

pytestmark = [pytest.mark.django_db, pytest.mark.real_clock]

PID = "01017012345"
OTHER_PID = "02027054321"
START = "/konto/min-side/"
LOGIN = "/konto/login/"
JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+")


def logged_in(client: Client) -> User | None:
    user = client.get(START).wsgi_request.user
    return user if user.is_authenticated else None


def follow(client: Client, response: Any) -> Any:
    while response.status_code == 302 and response["Location"].startswith("/"):
        response = client.get(response["Location"])
    return response


def everything_stored() -> str:
    """Every row of every table (sessions decoded) as text."""
    rows = []
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.db_table in tables:
            rows.append(serializers.serialize("json", model._default_manager.all()))
    rows.extend(json.dumps(session.get_decoded()) for session in Session.objects.all())
    return "\n".join(rows)


# --- Without settings nothing changes ------------------------------------------------


def test_without_settings_the_login_page_has_no_national_login(client: Client) -> None:
    page = client.get(LOGIN).content.decode()

    assert "ID-porten" not in page
    assert "Ansattporten" not in page
    assert client.post("/konto/oidc/idporten/login/").status_code == 404
    assert client.get("/konto/oidc/idporten/login/callback/?code=x&state=y").status_code == 404
    assert client.get("/konto/3rdparty/").status_code == 404
    assert client.get("/konto/3rdparty/login/cancelled/").status_code == 404
    assert client.get("/konto/3rdparty/login/error/").status_code == 404
    assert client.get("/konto/3rdparty/signup/").status_code == 404


def test_login_page_shows_both_buttons_when_configured(
    client: Client, idporten: OidcProvider
) -> None:
    page = client.get(LOGIN).content.decode()

    assert "Logg inn med ID-porten" in page
    assert "Logg inn med Ansattporten" in page
    assert re.search(r'action="/konto/oidc/idporten/login/[^"]*"', page), page[
        page.find("national-login") :
    ][:600]


def test_a_get_on_the_login_address_asks_before_leaving(
    client: Client, idporten: OidcProvider
) -> None:
    response = client.get("/konto/oidc/idporten/login/")

    assert response.status_code == 200
    assert "Du sendes videre til ID-porten" in response.content.decode()


# --- The request to the provider ------------------------------------------------------


def test_the_authorization_request_has_pkce_state_nonce_and_acr(
    client: Client, idporten: OidcProvider
) -> None:
    url = start(client)

    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{idporten.issuer}/auth?")
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["acr_values"] == ["idporten-loa-substantial"]
    assert query["response_type"] == ["code"]


# --- Happy paths ---------------------------------------------------------------------


def test_first_login_creates_an_account_and_lands_on_the_start_page(
    client: Client, idporten: OidcProvider
) -> None:
    response = follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))

    assert response.status_code == 200
    assert response.wsgi_request.path == START
    user = logged_in(client)
    assert user is not None and user.email == "kari@example.org" and user.name == "Kari Nordmann"
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("idporten", hash_pid(PID))
    assert EmailAddress.objects.get(user=user).verified


def test_the_pid_and_the_id_token_are_never_stored(
    client: Client, idporten: OidcProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG")
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))
    assert logged_in(client) is not None
    # Also the path of a login that stops half-way (a pending signup in the session).
    other = Client()
    national_login(other, idporten, pid=OTHER_PID)

    stored = everything_stored()
    assert PID not in stored
    assert OTHER_PID not in stored
    assert not JWT.search(stored)
    assert PID not in caplog.text and not JWT.search(caplog.text)
    account = SocialAccount.objects.get()
    assert set(account.extra_data["id_token"]) <= {
        "sub",
        "iss",
        "acr",
        "amr",
        "auth_time",
        "name",
        "email",
        "email_verified",
        "pid_hash",
    }
    assert ActivityLog.objects.filter(data__icontains=PID).count() == 0


def test_the_same_person_logs_in_to_the_same_account(
    client: Client, idporten: OidcProvider
) -> None:
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))
    first = logged_in(client)
    client.logout()

    # A new e-mail address from the provider does not make a new person.
    follow(client, national_login(client, idporten, pid=PID, email="kari.ny@example.org"))

    assert logged_in(client) == first
    assert User.objects.count() == 1


def test_ansattporten_with_the_same_pid_reaches_the_same_account(
    client: Client, idporten: OidcProvider
) -> None:
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))
    first = logged_in(client)
    client.logout()

    follow(client, national_login(client, idporten, pid=PID, provider_id="ansattporten"))

    assert logged_in(client) == first
    assert set(SocialAccount.objects.values_list("provider", "uid")) == {
        ("idporten", hash_pid(PID)),
        ("ansattporten", hash_pid(PID)),
    }


# --- First login: link by e-mail, claim a profile, no e-mail ----------------------------


def test_an_existing_account_with_the_verified_address_is_linked_after_confirming(
    client: Client, idporten: OidcProvider
) -> None:
    existing = UserFactory(email="ola@example.org")

    response = national_login(client, idporten, pid=PID, email="ola@example.org")

    assert (
        response.status_code == 302 and response["Location"] == "/konto/nasjonal-innlogging/koble/"
    )
    page = client.get(response["Location"])
    assert "ola@example.org" in page.content.decode()
    assert logged_in(client) is None
    assert not SocialAccount.objects.exists()

    response = follow(client, client.post("/konto/nasjonal-innlogging/koble/"))

    assert response.wsgi_request.path == START
    assert logged_in(client) == existing
    assert SocialAccount.objects.get().user == existing
    assert ActivityLog.objects.filter(action="nationallogin.linked", actor=existing).exists()


def test_the_link_page_without_a_pending_login_goes_to_the_login_page(
    client: Client, idporten: OidcProvider
) -> None:
    response = client.get("/konto/nasjonal-innlogging/koble/")

    assert response.status_code == 302 and response["Location"] == LOGIN


def test_an_unverified_address_is_not_linked(client: Client, idporten: OidcProvider) -> None:
    existing = UserFactory(email="ola@example.org")
    EmailAddress.objects.filter(user=existing).update(verified=False)

    response = national_login(client, idporten, pid=PID, email="ola@example.org")

    # allauth's sign-up (the address is taken: it mails the owner); nothing is linked.
    follow(client, response)
    assert not SocialAccount.objects.exists()
    assert logged_in(client) is None


def test_a_pid_linked_to_another_account_wins_over_the_email(
    client: Client, idporten: OidcProvider
) -> None:
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))
    kari = logged_in(client)
    client.logout()
    UserFactory(email="ola@example.org")

    # Kari's pid, Ola's e-mail address: Kari's account, no offer to link Ola's.
    follow(client, national_login(client, idporten, pid=PID, email="ola@example.org"))

    assert logged_in(client) == kari


def test_a_logged_in_user_cannot_take_a_pid_linked_to_another_account(
    client: Client, idporten: OidcProvider
) -> None:
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))
    kari = logged_in(client)
    client.logout()
    ola = UserFactory(email="ola@example.org")
    client.force_login(ola)

    response = national_login(client, idporten, pid=PID)

    assert response.status_code == 409
    assert "allerede knyttet til en annen konto" in response.content.decode()
    assert SocialAccount.objects.get().user == kari
    assert logged_in(client) == ola


def test_a_registered_representative_claims_the_profile(
    client: Client, idporten: OidcProvider
) -> None:
    organisation = OrganisationFactory(name="Pasientforeningen")
    person = Person.objects.create(
        name="Kari Nordmann", email="Kari@example.org", created_by=organisation
    )

    response = follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))

    assert response.wsgi_request.path == "/konto/nasjonal-innlogging/representantprofil/"
    assert "Pasientforeningen har registrert deg" in response.content.decode()
    response = follow(client, client.post("/konto/nasjonal-innlogging/representantprofil/"))
    assert response.wsgi_request.path == START
    person.refresh_from_db()
    assert person.user == logged_in(client)


def test_a_login_without_email_asks_for_an_address(
    client: Client, idporten: OidcProvider, smtp_server: Any
) -> None:
    response = national_login(client, idporten, pid=PID)

    assert response["Location"] == "/konto/3rdparty/signup/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Fullfør innloggingen" in page.content.decode()

    response = client.post("/konto/3rdparty/signup/", {"email": "uten@example.org"})

    user = User.objects.get(email="uten@example.org")
    assert SocialAccount.objects.get().user == user
    assert not EmailAddress.objects.get(user=user).verified
    assert response.status_code == 302  # on to "confirm your address" (mandatory)
    assert PID not in everything_stored()


# --- Checks that fail -------------------------------------------------------------------


def assert_refused(client: Client, response: Any, text: str) -> None:
    assert response.status_code in (400, 401), response.content[:300]
    assert text in response.content.decode()
    assert logged_in(client) is None
    assert not User.objects.exists()


COULD_NOT_VERIFY = "Vi kunne ikke bekrefte innloggingen"


@pytest.mark.parametrize(
    ("knobs", "reason"),
    [
        ({"nonce": "not-the-nonce-medvirk-sent"}, "nonce"),
        ({"aud": "someone-else"}, "invalid_token"),
        ({"expired": True}, "invalid_token"),
        ({"forge_pid": OTHER_PID}, "invalid_token"),
        ({"unsigned": True}, "invalid_token"),
    ],
    ids=["wrong-nonce", "wrong-audience", "expired", "bad-signature", "unsigned"],
)
def test_a_bad_id_token_is_refused(
    client: Client,
    idporten: OidcProvider,
    knobs: dict,
    reason: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    idporten.knobs(**knobs)

    response = national_login(client, idporten, pid=PID, email="kari@example.org")

    assert_refused(client, response, COULD_NOT_VERIFY)
    assert f"national login failed at idporten: {reason}" in caplog.text


def test_a_too_low_level_of_assurance_is_refused(
    client: Client, settings: Any, idporten: OidcProvider, caplog: pytest.LogCaptureFixture
) -> None:
    configure(settings, idporten.issuer, acr=HIGH)
    idporten.knobs(acr="idporten-loa-substantial")

    url = start(client)
    assert parse_qs(urlsplit(url).query)["acr_values"] == [HIGH]
    response = come_back(client, idporten.log_in(url, pid=PID, email="kari@example.org"))

    assert_refused(client, response, "ikke høyt nok sikkerhetsnivå")
    assert "national login failed at idporten: acr" in caplog.text


def test_a_higher_level_than_required_is_accepted(client: Client, idporten: OidcProvider) -> None:
    idporten.knobs(acr=HIGH)

    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))

    assert logged_in(client) is not None


def test_a_tampered_state_is_refused(client: Client, idporten: OidcProvider) -> None:
    callback = idporten.log_in(start(client), pid=PID, email="kari@example.org")
    tampered = re.sub(r"state=([^&]+)", lambda m: "state=" + m.group(1)[::-1], callback)

    response = come_back(client, tampered)

    assert_refused(client, response, "Start innloggingen på nytt")


def test_a_replayed_code_is_refused(
    client: Client, idporten: OidcProvider, caplog: pytest.LogCaptureFixture
) -> None:
    callback = idporten.log_in(start(client), pid=PID, email="kari@example.org")
    follow(client, come_back(client, callback))
    client.logout()
    User.objects.all().delete()

    # The same answer again: its state was used up.
    assert_refused(client, come_back(client, callback), "Start innloggingen på nytt")
    # The old code with a fresh state: the provider refuses the used code (and the PKCE).
    fresh_state = parse_qs(urlsplit(start(client)).query)["state"][0]
    replayed = re.sub(r"state=[^&]+", f"state={fresh_state}", callback)
    assert_refused(client, come_back(client, replayed), COULD_NOT_VERIFY)
    assert "national login failed at idporten: invalid" in caplog.text


def test_cancelling_at_the_provider_shows_the_cancelled_page(
    client: Client, idporten: OidcProvider
) -> None:
    callback = idporten.log_in(start(client), pid=PID, cancel=True)

    response = follow(client, come_back(client, callback))

    assert response.status_code == 200
    assert "Innloggingen ble avbrutt" in response.content.decode()
    assert logged_in(client) is None


def test_the_provider_down_gives_a_clear_message_and_other_logins_still_work(
    client: Client, settings: Any
) -> None:
    from tests.conftest import free_port

    configure(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    user = UserFactory(email="ola@example.org")

    response = client.post("/konto/oidc/idporten/login/")

    assert response.status_code == 503
    assert "Vi får ikke kontakt med innloggingstjenesten" in response.content.decode()
    assert client.get(LOGIN).status_code == 200
    response = client.post(LOGIN, {"login": "ola@example.org", "password": PASSWORD})
    assert response.status_code == 302 and logged_in(client) == user
    client.logout()
    response = client.post("/konto/login/code/", {"email": "ola@example.org"})
    assert response.status_code == 302  # the code is on its way


# --- Logout ---------------------------------------------------------------------------


def test_logout_ends_the_session_at_the_provider_too(
    client: Client, idporten: OidcProvider
) -> None:
    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))

    response = client.post("/konto/logout/")

    location = response["Location"]
    assert location.startswith(f"{idporten.issuer}/session/end?")
    query = parse_qs(urlsplit(location).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert JWT.fullmatch(query["id_token_hint"][0])
    assert logged_in(client) is None
    # The provider accepts the hint (it signed it): it asks to confirm the logout.
    answer = requests.get(location, timeout=5)
    assert answer.status_code == 200, answer.text[:300]
    assert not JWT.search(everything_stored())


def test_logout_after_a_password_login_stays_local(client: Client, idporten: OidcProvider) -> None:
    UserFactory(email="ola@example.org")
    client.post(LOGIN, {"login": "ola@example.org", "password": PASSWORD})

    response = client.post("/konto/logout/")

    assert response.status_code == 302 and response["Location"] == "/"


# --- Client authentication by private_key_jwt -----------------------------------------


def test_a_client_with_private_key_jwt_logs_in(
    client: Client, settings: Any, idporten: OidcProvider
) -> None:
    from medvirk.common.env import national_login_app
    from tests.oidc.conftest import CLIENT_KEY_ID

    app = national_login_app(
        provider_id="idporten",
        name="ID-porten",
        client_id="medvirk-pkjwt",
        secret="",
        issuer=idporten.issuer,
        acr="idporten-loa-substantial",
        token_auth_method="private_key_jwt",
        scope=["openid", "profile", "email"],
        private_key=idporten.client_key,
        key_id=CLIENT_KEY_ID,
    )
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {**settings.SOCIALACCOUNT_PROVIDERS["openid_connect"], "APPS": [app]}
    }

    follow(client, national_login(client, idporten, pid=PID, email="kari@example.org"))

    assert logged_in(client) is not None
