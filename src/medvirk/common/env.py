"""Read settings from environment variables, failing loudly on bad values.

Each helper takes the variable's name and a default used when the variable is
unset or empty. A value that is set but cannot be understood raises
:class:`ImproperlyConfigured` naming the variable, so a typo in production
stops the process at start instead of running with a surprise.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "ImproperlyConfigured",
    "get_bool",
    "get_cache",
    "get_cache_version",
    "get_choice",
    "get_database",
    "get_field_keys",
    "get_int",
    "get_list",
    "get_national_login",
    "get_pid_hmac_key",
    "get_secret_key",
    "get_str",
    "get_task_backend",
    "get_url",
    "refuse_unsafe_production",
    "require_field_keys",
]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def get_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def get_bool(name: str, *, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean; use true or false.")


def get_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name}={value!r} must not be negative.")
    return number


def get_choice(name: str, choices: tuple[str, ...], *, default: str) -> str:
    value = get_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: choose one of {', '.join(choices)}.")
    return value


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "[::1]", "localhost"})


def refuse_unsafe_production(
    *,
    allowed_hosts: list[str],
    site_url: str,
    tls: str,
    behind_proxy: bool,
    ssl_redirect: bool,
    hsts_seconds: int,
    secure_cookies: bool,
) -> None:
    """Settings that make no sense outside debug stop the process, naming the variable
    (docs/operations-runtime.md). ``tls`` is MEDVIRK_TLS: who makes connections secure."""
    for host in allowed_hosts:
        if "*" in host or host.startswith("."):
            raise ImproperlyConfigured(
                f"MEDVIRK_ALLOWED_HOSTS holds the wildcard {host!r} outside debug; "
                "list each host name the site answers to."
            )
    if tls == "loopback":
        outside = [host for host in allowed_hosts if host not in LOOPBACK_HOSTS]
        site_host = urlparse(site_url).hostname or ""
        if outside or site_host not in LOOPBACK_HOSTS:
            raise ImproperlyConfigured(
                "MEDVIRK_TLS=loopback (no TLS) is only for a site on this machine, but "
                f"MEDVIRK_ALLOWED_HOSTS or MEDVIRK_SITE_URL names {(outside or [site_host])[0]!r}; "
                "use MEDVIRK_TLS=django or proxy."
            )
        return
    if tls == "proxy":
        if not behind_proxy:
            raise ImproperlyConfigured(
                "MEDVIRK_TLS=proxy (a proxy terminates TLS) needs MEDVIRK_BEHIND_PROXY=true, "
                "so that Django knows a request came in over https."
            )
    else:
        if not ssl_redirect:
            raise ImproperlyConfigured(
                "MEDVIRK_SECURE_SSL_REDIRECT is off outside debug; with MEDVIRK_TLS=django "
                "Django must send http to https. If a proxy terminating TLS does it, set "
                "MEDVIRK_TLS=proxy."
            )
        if hsts_seconds == 0:
            raise ImproperlyConfigured(
                "MEDVIRK_HSTS_SECONDS=0 outside debug; with MEDVIRK_TLS=django Django must "
                "send HSTS (e.g. 31536000). If a proxy terminating TLS sends it, set "
                "MEDVIRK_TLS=proxy."
            )
    if not secure_cookies:
        raise ImproperlyConfigured(
            "MEDVIRK_SECURE_COOKIES is off outside debug: session, CSRF and language cookies "
            "would travel without TLS. Only MEDVIRK_TLS=loopback allows it."
        )


def get_cache_version(name: str, *, source_dir: Path) -> int:
    """The release part of cached fragments' keys: the variable if set, else a digest of
    the code, templates and catalogues under `source_dir`. Cached fragments hold rendered
    HTML, so a release that changes a template or the code behind it must not read the
    previous release's entries; every process of one release computes the same number
    (about 20 ms at start)."""
    if _raw(name) is not None:
        return get_int(name, 1)
    digest = hashlib.blake2b(digest_size=4)
    for path in sorted(source_dir.rglob("*")):
        relative = path.relative_to(source_dir)
        if path.suffix in {".py", ".html", ".txt", ".po"} and "static" not in relative.parts:
            digest.update(str(relative).encode())
            digest.update(path.read_bytes())
    return int.from_bytes(digest.digest(), "big")


def get_date(name: str, default: str) -> datetime.date:
    """An ISO date (YYYY-MM-DD)."""
    value = _raw(name) or default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a date (YYYY-MM-DD).") from None


def get_list(name: str, *, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty item; separate items by commas.")
    return items


def get_url(name: str, default: str) -> str:
    value = get_str(name, default).rstrip("/")
    parsed = urlparse(value)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ImproperlyConfigured(f"{name}={value!r} is not an http(s) URL.")
    return value


def get_secret_key(name: str, *, var_dir: Path) -> str:
    """The secret key from the environment, or one generated once into var/."""
    value = _raw(name)
    if value is not None:
        if len(value) < 50 or len(set(value)) < 5:
            raise ImproperlyConfigured(
                f"{name} is too short or too simple; use 50+ random characters."
            )
        return value
    key_file = var_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


# Fernet keys are 32 url-safe base64-encoded bytes (44 characters). This one is public:
# it is in the source, so anything encrypted with it is readable by anyone. It is used
# only when DEBUG is on or under the test runner, never in production.
DEVELOPMENT_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LW1lZHY="


def get_field_keys(name: str, *, development: bool) -> list[str]:
    """The field-encryption keys (Fernet), newest first, comma-separated: the first
    encrypts, every one decrypts (key rotation, docs/decisions.md). Without the variable
    a development run gets :data:`DEVELOPMENT_FIELD_KEY`, and production gets none:
    the app server refuses to start (:func:`require_field_keys` in wsgi.py and asgi.py),
    as does ``check --deploy``, while tools that never read the data (makemigrations,
    makemessages, mypy) still run."""
    value = _raw(name)
    if value is None:
        return [DEVELOPMENT_FIELD_KEY] if development else []
    keys = get_list(name, default=[])
    from cryptography.fernet import Fernet

    for key in keys:
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"{name} holds a value that is not a Fernet key (32 url-safe base64 bytes)."
            ) from None
    if not development and DEVELOPMENT_FIELD_KEY in keys:
        raise ImproperlyConfigured(f"{name} holds the public development key.")
    return keys


FIELD_KEYS_MISSING = (
    "MEDVIRK_FIELD_KEYS is not set; payment details cannot be stored or read without it. "
    "Generate a key with: python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'"
)


def require_field_keys(keys: list[str]) -> None:
    """Refuse to go on without a field-encryption key (the app servers call it)."""
    if not keys:
        raise ImproperlyConfigured(FIELD_KEYS_MISSING)


def get_database(name: str, *, default: str) -> dict[str, Any]:
    value = get_str(name, default)
    scheme = value.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must be a sqlite:// or postgres:// URL, not {scheme!r}."
        )
    try:
        config = dict(dj_database_url.parse(value, conn_max_age=60))
    except Exception as error:  # dj_database_url raises several kinds
        raise ImproperlyConfigured(f"{name} could not be read: {error}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    return config


def get_cache(name: str, *, default: str) -> dict[str, Any]:
    value = get_str(name, default)
    if value.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if value.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    raise ImproperlyConfigured(f"{name}={value!r}: use locmem:// or redis://host:port/db.")


def get_task_backend(name: str, *, default: str) -> dict[str, Any]:
    """``database`` (django-tasks-db), ``rq`` (Redis through RQ) or ``immediate``."""
    value = get_str(name, default)
    backends = {
        "database": "django_tasks_db.DatabaseBackend",
        "rq": "django_tasks_rq.RQBackend",
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    }
    if value not in backends:
        raise ImproperlyConfigured(f"{name}={value!r}: choose one of {', '.join(backends)}.")
    return {"BACKEND": backends[value], "QUEUES": ["default", "mail"]}


def origin(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.scheme}://{parts.netloc}"


# The levels of assurance ID-porten (and Ansattporten) sign into `acr`, lowest first.
NATIONAL_LOGIN_LEVELS = ("idporten-loa-substantial", "idporten-loa-high")
TOKEN_AUTH_METHODS = ("client_secret_post", "client_secret_basic", "private_key_jwt")


def get_national_login(prefix: str, *, provider_id: str, name: str) -> dict[str, Any] | None:
    """One OpenID Connect login (ID-porten, Ansattporten) as an allauth provider app, or
    None when ``{prefix}_CLIENT_ID`` is unset. A half-configured login (a client id
    without its secret or issuer) fails loudly instead of showing a button that fails."""
    client_id = _raw(f"{prefix}_CLIENT_ID")
    if client_id is None:
        return None
    method = get_str(f"{prefix}_TOKEN_AUTH_METHOD", TOKEN_AUTH_METHODS[0])
    if method not in TOKEN_AUTH_METHODS:
        raise ImproperlyConfigured(
            f"{prefix}_TOKEN_AUTH_METHOD={method!r}: choose one of {', '.join(TOKEN_AUTH_METHODS)}."
        )
    private_key = key_id = ""
    if method == "private_key_jwt":
        private_key, key_id = _client_key(prefix)
    secret = _raw(f"{prefix}_CLIENT_SECRET") or ""
    if not secret and method != "private_key_jwt":
        raise ImproperlyConfigured(f"{prefix}_CLIENT_ID is set but {prefix}_CLIENT_SECRET is not.")
    if _raw(f"{prefix}_ISSUER") is None:
        raise ImproperlyConfigured(f"{prefix}_CLIENT_ID is set but {prefix}_ISSUER is not.")
    issuer = get_url(f"{prefix}_ISSUER", "http://unset")
    acr = get_str(f"{prefix}_ACR", NATIONAL_LOGIN_LEVELS[0])
    if acr not in NATIONAL_LOGIN_LEVELS:
        raise ImproperlyConfigured(
            f"{prefix}_ACR={acr!r}: choose one of {', '.join(NATIONAL_LOGIN_LEVELS)}."
        )
    return national_login_app(
        provider_id=provider_id,
        name=name,
        client_id=client_id,
        secret=secret,
        issuer=issuer,
        acr=acr,
        token_auth_method=method,
        scope=get_str(f"{prefix}_SCOPE", "openid profile").split(),
        private_key=private_key,
        key_id=key_id,
    )


def _client_key(prefix: str) -> tuple[str, str]:
    """The private key (PEM file) and its key id for private_key_jwt."""
    path = _raw(f"{prefix}_PRIVATE_KEY_FILE")
    key_id = _raw(f"{prefix}_KEY_ID")
    if path is None or key_id is None:
        raise ImproperlyConfigured(
            f"{prefix}_TOKEN_AUTH_METHOD=private_key_jwt needs {prefix}_PRIVATE_KEY_FILE "
            f"and {prefix}_KEY_ID."
        )
    try:
        pem = Path(path).read_text()
    except OSError as error:
        raise ImproperlyConfigured(f"{prefix}_PRIVATE_KEY_FILE={path!r}: {error}") from None
    if "PRIVATE KEY" not in pem:
        raise ImproperlyConfigured(f"{prefix}_PRIVATE_KEY_FILE={path!r} holds no PEM private key.")
    return pem, key_id


def national_login_app(
    *,
    provider_id: str,
    name: str,
    client_id: str,
    secret: str,
    issuer: str,
    acr: str,
    token_auth_method: str = TOKEN_AUTH_METHODS[0],
    scope: list[str] | None = None,
    private_key: str = "",
    key_id: str = "",
) -> dict[str, Any]:
    """The allauth ``APPS`` entry of one national login (tests build theirs with it)."""
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": client_id,
        "secret": secret,
        "settings": {
            "server_url": issuer,
            "oauth_pkce_enabled": True,
            "token_auth_method": token_auth_method,
            # Everything Medvirk reads is in the ID token, whose signature is checked;
            # the userinfo endpoint would only repeat the pid.
            "fetch_userinfo": False,
            "scope": scope or ["openid", "profile"],
            "acr": acr,
            # private_key_jwt: the client signs an assertion instead of sending a secret.
            "private_key": private_key,
            "key_id": key_id,
        },
    }


# Public, like DEVELOPMENT_FIELD_KEY: only with DEBUG or under the test runner.
DEVELOPMENT_PID_KEY = "development-only-not-secret-medvirk-pid-key"


def get_pid_hmac_key(name: str, *, required: bool, development: bool) -> str:
    """The key of the national identity number's HMAC (nationallogin/pid.py). Required
    once a national login is configured: without it the same person is not recognised."""
    value = _raw(name)
    if value is None:
        if development:
            return DEVELOPMENT_PID_KEY
        if required:
            raise ImproperlyConfigured(
                f"{name} is not set; a national login (ID-porten, Ansattporten) needs it. "
                "Use 32+ random characters, and never change it: the hashes depend on it."
            )
        return ""
    if len(value) < 32:
        raise ImproperlyConfigured(f"{name} is too short; use 32+ random characters.")
    if not development and value == DEVELOPMENT_PID_KEY:
        raise ImproperlyConfigured(f"{name} holds the public development key.")
    return value
