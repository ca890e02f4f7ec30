"""The national login's settings: on by environment variables alone, loud when half-set."""

from __future__ import annotations

from typing import Any

import pytest

from medvirk.common import env
from medvirk.nationallogin.pid import hash_pid, seal, unseal

PREFIX = "MEDVIRK_IDPORTEN"


def configure_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    names = ("CLIENT_ID", "CLIENT_SECRET", "ISSUER", "ACR", "TOKEN_AUTH_METHOD", "SCOPE")
    for name in (*names, "PRIVATE_KEY_FILE", "KEY_ID"):
        monkeypatch.delenv(f"{PREFIX}_{name}", raising=False)
    for name, value in values.items():
        monkeypatch.setenv(f"{PREFIX}_{name}", value)


def read() -> dict[str, Any] | None:
    return env.get_national_login(PREFIX, provider_id="idporten", name="ID-porten")


def test_without_a_client_id_the_login_is_off(monkeypatch: pytest.MonkeyPatch) -> None:
    configure_env(monkeypatch)

    assert read() is None


def test_a_configured_login_is_an_allauth_app_with_pkce_and_the_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    configure_env(
        monkeypatch,
        CLIENT_ID="abc",
        CLIENT_SECRET="s3cret",
        ISSUER="https://idporten.no/",
        ACR="idporten-loa-high",
        TOKEN_AUTH_METHOD="client_secret_basic",
    )

    app = read()

    assert app is not None
    assert (app["provider_id"], app["client_id"], app["secret"]) == ("idporten", "abc", "s3cret")
    assert app["settings"]["server_url"] == "https://idporten.no"
    assert app["settings"]["oauth_pkce_enabled"] is True
    assert app["settings"]["acr"] == "idporten-loa-high"
    assert app["settings"]["token_auth_method"] == "client_secret_basic"


@pytest.mark.parametrize(
    "values",
    [
        {"CLIENT_ID": "abc", "ISSUER": "https://idporten.no"},
        {"CLIENT_ID": "abc", "CLIENT_SECRET": "s"},
        {"CLIENT_ID": "abc", "CLIENT_SECRET": "s", "ISSUER": "idporten.no"},
        {"CLIENT_ID": "abc", "CLIENT_SECRET": "s", "ISSUER": "https://x.no", "ACR": "Level3"},
        {
            "CLIENT_ID": "abc",
            "CLIENT_SECRET": "s",
            "ISSUER": "https://x.no",
            "TOKEN_AUTH_METHOD": "tls_client_auth",
        },
        {
            "CLIENT_ID": "abc",
            "ISSUER": "https://x.no",
            "TOKEN_AUTH_METHOD": "private_key_jwt",
        },
    ],
    ids=[
        "no-secret",
        "no-issuer",
        "issuer-not-a-url",
        "unknown-acr",
        "unknown-auth-method",
        "private-key-jwt-without-key",
    ],
)
def test_a_half_configured_login_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str]
) -> None:
    configure_env(monkeypatch, **values)

    with pytest.raises(env.ImproperlyConfigured):
        read()


def test_private_key_jwt_reads_the_key_file_and_needs_no_secret(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    key_file = tmp_path / "client.pem"
    key_file.write_text("-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----\n")
    configure_env(
        monkeypatch,
        CLIENT_ID="abc",
        ISSUER="https://idporten.no",
        TOKEN_AUTH_METHOD="private_key_jwt",
        PRIVATE_KEY_FILE=str(key_file),
        KEY_ID="key-1",
    )

    app = read()

    assert app is not None and app["secret"] == ""
    assert app["settings"]["private_key"].startswith("-----BEGIN PRIVATE KEY-----")
    assert app["settings"]["key_id"] == "key-1"


def test_the_pid_key_is_required_once_a_login_is_configured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MEDVIRK_PID_HMAC_KEY", raising=False)

    assert env.get_pid_hmac_key("MEDVIRK_PID_HMAC_KEY", required=False, development=False) == ""
    with pytest.raises(env.ImproperlyConfigured):
        env.get_pid_hmac_key("MEDVIRK_PID_HMAC_KEY", required=True, development=False)
    monkeypatch.setenv("MEDVIRK_PID_HMAC_KEY", "too-short")
    with pytest.raises(env.ImproperlyConfigured):
        env.get_pid_hmac_key("MEDVIRK_PID_HMAC_KEY", required=True, development=False)
    monkeypatch.setenv("MEDVIRK_PID_HMAC_KEY", env.DEVELOPMENT_PID_KEY)
    with pytest.raises(env.ImproperlyConfigured):
        env.get_pid_hmac_key("MEDVIRK_PID_HMAC_KEY", required=True, development=False)


def test_the_pid_hash_is_keyed(settings: Any) -> None:
    first = hash_pid("01017012345")
    settings.MEDVIRK_PID_HMAC_KEY = "another-key-of-at-least-thirty-two-characters"

    assert hash_pid("01017012345") != first
    assert len(first) == 64 and "01017012345" not in first


def test_a_sealed_token_opens_only_with_the_secret_key(settings: Any) -> None:
    sealed = seal("eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIwMTAxNzAxMjM0NSJ9.sig")

    assert "01017012345" not in sealed and "eyJ" not in sealed
    assert unseal(sealed) == "eyJhbGciOiJSUzI1NiJ9.eyJwaWQiOiIwMTAxNzAxMjM0NSJ9.sig"
    settings.SECRET_KEY = "x" * 60
    assert unseal(sealed) is None
