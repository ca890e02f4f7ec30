"""Settings helpers that are not only about reading a variable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medvirk.common import env


def test_cache_version_follows_the_code_and_the_variable(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "views.py").write_text("x = 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>Hei</p>\n")
    monkeypatch.delenv("MEDVIRK_CACHE_VERSION", raising=False)
    first = env.get_cache_version("MEDVIRK_CACHE_VERSION", source_dir=tmp_path)
    assert first == env.get_cache_version("MEDVIRK_CACHE_VERSION", source_dir=tmp_path)
    (tmp_path / "templates" / "page.html").write_text("<p>Hallo</p>\n")
    assert env.get_cache_version("MEDVIRK_CACHE_VERSION", source_dir=tmp_path) != first
    monkeypatch.setenv("MEDVIRK_CACHE_VERSION", "7")
    assert env.get_cache_version("MEDVIRK_CACHE_VERSION", source_dir=tmp_path) == 7
