"""Settings that make no sense outside debug stop the process, naming the variable
(docs/operations-runtime.md); the benchmark and the scale-out stack declare their plain
http on loopback and keep starting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.common.test_settings import manage, production_env
from tests.scale_bench.test_bench import _load
from tests.scaleout.conftest import load_scaleout_script

PRINT = (
    "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.MEDVIRK_TLS)"
)


def settings_of(environment: dict[str, str]) -> str:
    result = manage(["shell", "-c", PRINT], environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def assert_refused(environment: dict[str, str], variable: str) -> None:
    result = manage(["check"], environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr


@pytest.mark.parametrize("hosts", ["*", "medvirk.example.no,*", ".example.no", "*.example.no"])
def test_a_wildcard_host_outside_debug_is_refused(tmp_path: Path, hosts: str) -> None:
    assert_refused(
        {**production_env(tmp_path), "MEDVIRK_ALLOWED_HOSTS": hosts}, "MEDVIRK_ALLOWED_HOSTS"
    )


def test_a_wildcard_host_in_debug_starts(tmp_path: Path) -> None:
    environment = {**production_env(tmp_path), "MEDVIRK_DEBUG": "true"}
    result = manage(["check"], {**environment, "MEDVIRK_ALLOWED_HOSTS": "*"})
    assert result.returncode == 0, result.stderr


def test_production_without_hsts_is_refused(tmp_path: Path) -> None:
    assert_refused(
        {**production_env(tmp_path), "MEDVIRK_HSTS_SECONDS": "0"}, "MEDVIRK_HSTS_SECONDS"
    )


def test_production_without_the_https_redirect_is_refused(tmp_path: Path) -> None:
    assert_refused(
        {**production_env(tmp_path), "MEDVIRK_SECURE_SSL_REDIRECT": "false"},
        "MEDVIRK_SECURE_SSL_REDIRECT",
    )


def test_production_without_secure_cookies_is_refused(tmp_path: Path) -> None:
    assert_refused(
        {**production_env(tmp_path), "MEDVIRK_SECURE_COOKIES": "false"}, "MEDVIRK_SECURE_COOKIES"
    )


def test_an_unknown_tls_mode_is_refused(tmp_path: Path) -> None:
    assert_refused({**production_env(tmp_path), "MEDVIRK_TLS": "nginx"}, "MEDVIRK_TLS")


def test_tls_at_a_proxy_needs_django_to_trust_the_proxy(tmp_path: Path) -> None:
    assert_refused({**production_env(tmp_path), "MEDVIRK_TLS": "proxy"}, "MEDVIRK_BEHIND_PROXY")


def test_tls_at_a_proxy_leaves_redirect_and_hsts_to_it(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in production_env(tmp_path).items()
        if key not in {"MEDVIRK_SECURE_SSL_REDIRECT", "MEDVIRK_HSTS_SECONDS"}
    }
    environment.update({"MEDVIRK_TLS": "proxy", "MEDVIRK_BEHIND_PROXY": "true"})
    assert settings_of(environment) == "False 0 True True True proxy"


def test_production_defaults_are_the_safe_ones(tmp_path: Path) -> None:
    """Nothing said about TLS: Django redirects, sends a year of HSTS, secure cookies."""
    environment = {
        key: value
        for key, value in production_env(tmp_path).items()
        if key not in {"MEDVIRK_SECURE_SSL_REDIRECT", "MEDVIRK_HSTS_SECONDS"}
    }
    assert settings_of(environment) == "True 31536000 True True True django"


def test_plain_http_is_only_for_loopback(tmp_path: Path) -> None:
    assert_refused({**production_env(tmp_path), "MEDVIRK_TLS": "loopback"}, "MEDVIRK_TLS")
    assert_refused(
        {
            **production_env(tmp_path),
            "MEDVIRK_TLS": "loopback",
            "MEDVIRK_ALLOWED_HOSTS": "127.0.0.1",
            "MEDVIRK_SITE_URL": "http://medvirk.example.no",
        },
        "MEDVIRK_TLS",
    )


def _medvirk_only(environment: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in environment.items() if key.startswith("MEDVIRK_")}


def test_the_benchmark_declares_its_loopback_and_starts(tmp_path: Path) -> None:
    bench = _load("bench")
    environment = _medvirk_only(bench.server_environment("postgres://postgres@127.0.0.1/x"))
    assert environment["MEDVIRK_TLS"] == "loopback"
    environment["MEDVIRK_VAR_DIR"] = str(tmp_path)
    environment["MEDVIRK_CACHE_URL"] = "locmem://"
    assert settings_of(environment) == "False 0 False False False loopback"


def test_the_scaleout_stack_declares_its_loopback_and_starts(tmp_path: Path) -> None:
    script = load_scaleout_script()
    stack = script.Stack(
        database_url="sqlite:///" + str(tmp_path / "db.sqlite3"),
        redis_url="redis://127.0.0.1:6379/15",
        directory=tmp_path,
        cache_url="locmem://",
    )
    environment = _medvirk_only(stack.process_env)
    assert environment["MEDVIRK_TLS"] == "loopback"
    assert settings_of(environment) == "False 0 False False False loopback"


def test_every_response_carries_the_permissions_policy(client: Client, db: Any) -> None:
    for url in ("/", "/helse/", "/finnes-ikke/"):
        policy = client.get(url)["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in policy


def test_check_deploy_is_clean_with_tls_at_a_proxy(tmp_path: Path) -> None:
    environment = {
        key: value
        for key, value in production_env(tmp_path).items()
        if key not in {"MEDVIRK_SECURE_SSL_REDIRECT", "MEDVIRK_HSTS_SECONDS"}
    }
    environment.update({"MEDVIRK_TLS": "proxy", "MEDVIRK_BEHIND_PROXY": "true"})
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], environment)
    assert result.returncode == 0, result.stderr
