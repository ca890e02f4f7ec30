"""Settings come from MEDVIRK_* environment variables and fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from medvirk.common import env
from medvirk.common.env import ImproperlyConfigured

PROJECT = Path(__file__).resolve().parents[2]
NAME = "MEDVIRK_TEST_VALUE"


@pytest.fixture
def setenv(monkeypatch: pytest.MonkeyPatch):
    def set_value(value: str) -> None:
        monkeypatch.setenv(NAME, value)

    monkeypatch.delenv(NAME, raising=False)
    return set_value


def test_unset_or_blank_variable_gives_the_default(setenv) -> None:
    assert env.get_str(NAME, "standard") == "standard"
    setenv("   ")
    assert env.get_str(NAME, "standard") == "standard"
    assert env.get_bool(NAME, default=True) is True
    assert env.get_int(NAME, 7) == 7
    assert env.get_list(NAME, default=["a"]) == ["a"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("1", True),
        ("YES", True),
        ("on", True),
        ("false", False),
        ("0", False),
        ("No", False),
        ("off", False),
    ],
)
def test_get_bool_accepts_common_spellings(setenv, value: str, expected: bool) -> None:
    setenv(value)
    assert env.get_bool(NAME, default=not expected) is expected


@pytest.mark.parametrize("value", ["maybe", "ja", "2", "tru"])
def test_get_bool_refuses_anything_else(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_bool(NAME, default=False)


def test_get_int_reads_whole_numbers(setenv) -> None:
    setenv(" 31536000 ")
    assert env.get_int(NAME, 0) == 31536000


@pytest.mark.parametrize("value", ["ten", "1.5", "-1", "1e3"])
def test_get_int_refuses_non_numbers_and_negatives(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_int(NAME, 0)


def test_get_list_splits_on_commas(setenv) -> None:
    setenv("medvirk.example.no, www.medvirk.example.no")
    assert env.get_list(NAME, default=[]) == ["medvirk.example.no", "www.medvirk.example.no"]


@pytest.mark.parametrize("value", ["a,,b", "a,", ",a"])
def test_get_list_refuses_empty_items(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_list(NAME, default=[])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://medvirk.example.no/", "https://medvirk.example.no"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ],
)
def test_get_url_accepts_http_urls(setenv, value: str, expected: str) -> None:
    setenv(value)
    assert env.get_url(NAME, "http://localhost") == expected


@pytest.mark.parametrize(
    "value", ["medvirk.example.no", "ftp://medvirk.example.no", "https://", "https//x"]
)
def test_get_url_refuses_other_values(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_url(NAME, "http://localhost")


def test_get_database_reads_postgres_url(setenv) -> None:
    setenv("postgres://medvirk:hemmelig@db.example.no:5432/medvirk")
    config = env.get_database(NAME, default="sqlite:///unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"], config["USER"]) == (
        "medvirk",
        "db.example.no",
        5432,
        "medvirk",
    )


def test_get_database_reads_sqlite_url(setenv, tmp_path: Path) -> None:
    setenv(f"sqlite:///{tmp_path / 'sub' / 'db.sqlite3'}")
    config = env.get_database(NAME, default="sqlite:///unused.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "sub" / "db.sqlite3")
    assert (tmp_path / "sub").is_dir() is True


@pytest.mark.parametrize("value", ["mysql://u:p@host/db", "oracle://host/db", "medvirk.sqlite3"])
def test_get_database_refuses_unknown_schemes(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_database(NAME, default="sqlite:///unused.sqlite3")


def test_get_cache_reads_locmem_and_redis(setenv) -> None:
    assert env.get_cache(NAME, default="locmem://") == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }
    setenv("redis://127.0.0.1:6379/1")
    assert env.get_cache(NAME, default="locmem://") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }


@pytest.mark.parametrize("value", ["memcached://127.0.0.1", "redis", "dummy"])
def test_get_cache_refuses_unknown_backends(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_cache(NAME, default="locmem://")


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("database", "django_tasks_db.DatabaseBackend"),
        ("rq", "django_tasks_rq.RQBackend"),
        ("immediate", "django_tasks.backends.immediate.ImmediateBackend"),
    ],
)
def test_get_task_backend_knows_three_backends(setenv, value: str, backend: str) -> None:
    setenv(value)
    assert env.get_task_backend(NAME, default="database") == {
        "BACKEND": backend,
        "QUEUES": ["default", "mail"],
    }


@pytest.mark.parametrize("value", ["celery", "Database", "db"])
def test_get_task_backend_refuses_unknown_names(setenv, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_task_backend(NAME, default="database")


def test_get_secret_key_accepts_long_random_key(setenv, tmp_path: Path) -> None:
    key = secrets.token_urlsafe(50)
    setenv(key)
    assert env.get_secret_key(NAME, var_dir=tmp_path) == key


@pytest.mark.parametrize("value", ["short", "a" * 60, "abab" * 20])
def test_get_secret_key_refuses_short_or_simple_keys(setenv, tmp_path: Path, value: str) -> None:
    setenv(value)
    with pytest.raises(ImproperlyConfigured, match=NAME):
        env.get_secret_key(NAME, var_dir=tmp_path)


def test_get_secret_key_without_variable_is_generated_once_and_kept(setenv, tmp_path: Path) -> None:
    first = env.get_secret_key(NAME, var_dir=tmp_path / "var")
    second = env.get_secret_key(NAME, var_dir=tmp_path / "var")
    assert len(first) >= 50
    assert second == first
    assert oct((tmp_path / "var" / "secret_key").stat().st_mode & 0o777) == "0o600"


# --- The whole settings module, in a fresh process -------------------------------


def manage(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MEDVIRK_", "DJANGO_"))
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "MEDVIRK_DEBUG": "false",
        "MEDVIRK_SECRET_KEY": secrets.token_urlsafe(64),
        "MEDVIRK_FIELD_KEYS": Fernet.generate_key().decode(),
        "MEDVIRK_ALLOWED_HOSTS": "medvirk.example.no",
        "MEDVIRK_SECURE_SSL_REDIRECT": "true",
        "MEDVIRK_HSTS_SECONDS": "31536000",
        "MEDVIRK_SITE_URL": "https://medvirk.example.no",
        "MEDVIRK_VAR_DIR": str(tmp_path),
    }


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = manage(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("MEDVIRK_DEBUG", "maybe"),
        ("MEDVIRK_HSTS_SECONDS", "a year"),
        ("MEDVIRK_ALLOWED_HOSTS", "medvirk.example.no,,"),
        ("MEDVIRK_SITE_URL", "medvirk.example.no"),
        ("MEDVIRK_DATABASE_URL", "mysql://medvirk@db/medvirk"),
        ("MEDVIRK_CACHE_URL", "memcached://127.0.0.1"),
        ("MEDVIRK_TASK_BACKEND", "celery"),
        ("MEDVIRK_SECRET_KEY", "too-short"),
        ("MEDVIRK_FIELD_KEYS", "not-a-fernet-key"),
        ("MEDVIRK_FIELD_KEYS", "ZGV2ZWxvcG1lbnQtb25seS1ub3Qtc2VjcmV0LW1lZHY="),
        ("MEDVIRK_EMAIL_PORT", "smtp"),
        ("MEDVIRK_EMAIL_USE_TLS", "perhaps"),
    ],
)
def test_bad_value_stops_manage_py_naming_the_variable(
    tmp_path: Path, variable: str, value: str
) -> None:
    result = manage(["check"], {**production_env(tmp_path), variable: value})

    assert result.returncode != 0
    assert variable in result.stderr
    assert "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("locmem://", "django.contrib.sessions.backends.db"),
        ("redis://127.0.0.1:6379/0", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_are_read_through_the_cache_only_when_it_is_shared(
    tmp_path: Path, cache_url: str, engine: str
) -> None:
    """A per-process cache would keep a session alive in one process after a logout in
    another; a shared one (Redis) saves a query on every logged-in request."""
    extra = {"MEDVIRK_CACHE_URL": cache_url} if cache_url else {}
    result = manage(
        ["shell", "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        {**production_env(tmp_path), **extra},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine


def test_a_cache_key_prefix_keeps_installations_on_one_redis_apart(tmp_path: Path) -> None:
    """Two installations (or the benchmark's two data sets) on one Redis database must
    not read each other's entries: the same key, each its own value."""
    from tests.common.test_cache import redis_answers

    if not redis_answers():
        pytest.skip("no Redis on 127.0.0.1:6379")
    results = []
    for name in ("one", "two"):
        script = (
            "from django.conf import settings; from django.core.cache import cache; "
            f"cache.add('medvirk:probe', '{name}', 60); "
            "print(settings.CACHES['default']['KEY_PREFIX'], cache.get('medvirk:probe'))"
        )
        env = {
            **production_env(tmp_path),
            "MEDVIRK_CACHE_URL": "redis://127.0.0.1:6379/12",
            "MEDVIRK_CACHE_KEY_PREFIX": f"test-{name}-{uuid.uuid4().hex}",
        }
        result = manage(["shell", "-c", script], env)
        assert result.returncode == 0, result.stderr
        results.append(result.stdout.strip().splitlines()[-1].split()[-1])
    assert results == ["one", "two"]


def test_production_refuses_to_start_without_field_keys(tmp_path: Path) -> None:
    environment = production_env(tmp_path)
    del environment["MEDVIRK_FIELD_KEYS"]

    result = manage(["check", "--deploy"], environment)

    assert result.returncode != 0
    assert "MEDVIRK_FIELD_KEYS is not set" in result.stderr
    assert "medvirk.E901" in result.stderr


def test_app_server_refuses_to_start_without_field_keys(tmp_path: Path) -> None:
    environment = {
        key: value for key, value in production_env(tmp_path).items() if key != "MEDVIRK_FIELD_KEYS"
    }
    result = subprocess.run(
        [sys.executable, "-c", "import medvirk.wsgi"],
        cwd=PROJECT,
        env={**os.environ, **environment, "PYTHONPATH": str(PROJECT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "MEDVIRK_FIELD_KEYS is not set" in result.stderr
