"""deploy/nginx.conf.template: renders completely, nginx accepts it, uploads fit through it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from medvirk.arenas.domain import documents as arena_documents
from medvirk.directory.domain import import_csv
from medvirk.meetings.domain import documents as meeting_documents
from tests.scaleout.conftest import PROJECT_DIR, load_scaleout_script

TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf.template"


def render(tmp_path: Path, **overrides: object) -> str:
    script = load_scaleout_script()
    values: dict[str, object] = {
        "listen": "127.0.0.1:8080",
        "app_servers": ["127.0.0.1:8001", "127.0.0.1:8002"],
        "static_root": tmp_path / "static/",
        "log_dir": tmp_path,
        "server_name": "medvirk.example",
    }
    values.update(overrides)
    return str(script.render_site(**values))


def directives(config: str) -> str:
    """The configuration without its comments."""
    return "\n".join(line.split("#", 1)[0] for line in config.splitlines())


def test_rendered_site_fills_every_placeholder(tmp_path: Path) -> None:
    config = directives(render(tmp_path))
    assert "@" not in config
    assert "    server 127.0.0.1:8001 max_fails=1 fail_timeout=10s;" in config
    assert "    server 127.0.0.1:8002 max_fails=1 fail_timeout=10s;" in config
    assert "listen 127.0.0.1:8080;" in config
    assert "server_name medvirk.example;" in config
    # Static files from the collected STATIC_ROOT, with exactly one slash.
    assert f"alias {tmp_path}/static/;" in config
    assert f"access_log {tmp_path}/medvirk-access.log medvirk_upstream;" in config


def test_render_refuses_a_site_without_app_servers(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="At least one app server"):
        render(tmp_path, app_servers=[])


def test_proxy_passes_what_django_and_allauth_read(tmp_path: Path) -> None:
    config = directives(render(tmp_path))
    assert "proxy_set_header Host $host;" in config
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in config
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in config
    # Uploaded files only through Django's permission checks.
    assert re.search(r"location /media/ \{\s*return 404;\s*\}", config)
    # nginx outwaits gunicorn's --timeout 60.
    assert "proxy_read_timeout 65s;" in config


def test_body_size_limit_lets_every_upload_through(tmp_path: Path) -> None:
    match = re.search(r"client_max_body_size (\d+)m;", directives(render(tmp_path)))
    assert match is not None
    limit = int(match.group(1)) * 1024 * 1024
    largest = max(
        meeting_documents.MAX_DOCUMENT_BYTES,
        arena_documents.MAX_DOCUMENT_BYTES,
        import_csv.MAX_BYTES,
    )
    # Room for the multipart envelope and the form's other fields.
    assert limit >= largest + 1024 * 1024


def test_nginx_accepts_the_rendered_configuration(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        pytest.skip("nginx is not installed (make bench-deps installs it).")
    script = load_scaleout_script()
    main = script.write_nginx_config(tmp_path, render(tmp_path))
    result = subprocess.run(
        script.nginx_command(nginx, tmp_path, main, "-t", "-q"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
