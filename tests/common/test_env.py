"""Settings helpers that are not only about reading a variable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medvirk.common import env


def test_cache_version_follows_the_code_and_the_variable(tmp_path: Path, monkeypatch: Any) -> None:
    (tmp_path / "views.py").write_text("x = 1\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>Hei</p>\n")
    monkeypatch.delenv("MEDVIRK_CACHE_RELEASE", raising=False)
    first = env.get_cache_version("MEDVIRK_CACHE_RELEASE", source_dir=tmp_path)
    assert first == env.get_cache_version("MEDVIRK_CACHE_RELEASE", source_dir=tmp_path)
    (tmp_path / "templates" / "page.html").write_text("<p>Hallo</p>\n")
    assert env.get_cache_version("MEDVIRK_CACHE_RELEASE", source_dir=tmp_path) != first
    monkeypatch.setenv("MEDVIRK_CACHE_RELEASE", "7")
    assert env.get_cache_version("MEDVIRK_CACHE_RELEASE", source_dir=tmp_path) == 7


def test_cache_version_reads_a_tree_under_a_folder_named_static(tmp_path: Path) -> None:
    """Only folders named static inside the tree are skipped, not the tree's own path."""
    tree = tmp_path / "static" / "medvirk"
    tree.mkdir(parents=True)
    (tree / "views.py").write_text("x = 1\n")
    first = env.get_cache_version("MEDVIRK_CACHE_RELEASE_UNSET", source_dir=tree)
    (tree / "views.py").write_text("x = 2\n")
    assert env.get_cache_version("MEDVIRK_CACHE_RELEASE_UNSET", source_dir=tree) != first


def test_only_fragments_carry_the_release(settings: Any) -> None:
    """Sessions and rate limits are shared between releases (a logout holds everywhere);
    fragment keys carry the release."""
    from medvirk.common.cache import make_key

    assert "VERSION" not in settings.CACHES["default"]
    key = make_key("page", 1)
    settings.MEDVIRK_CACHE_RELEASE = settings.MEDVIRK_CACHE_RELEASE + 1
    assert make_key("page", 1) != key
