"""Every page below the top level has breadcrumbs: every GET route of the benchmark's
catalogue (scripts/bench_routes.py, held against the URLconf by test_routes.py) is
requested as each of the seven personas on a small generated data set, and every page
that answers 200 in Medvirk's page frame (base.html) but is not one of the top-level pages
must carry a whole trail (tests/breadcrumbs.py); a top-level page must carry none."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from medvirk.accounts.models import User
from medvirk.scale.generator import generate
from tests.breadcrumbs import TOP_LEVEL_ROUTES, trail_of, trail_problems

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import bench_routes  # noqa: E402

MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _quiet(_line: str) -> None:
    pass


@pytest.mark.django_db
def test_every_page_below_the_top_level_has_breadcrumbs(settings: Any, tmp_path: Path) -> None:
    settings.PASSWORD_HASHERS = MD5
    settings.MEDIA_ROOT = tmp_path / "media"
    summary = generate(scale=0.004, seed=2026, summary_path=tmp_path / "s.json", out=_quiet)
    cache.clear()
    pages, missing = bench_routes.pages(bench_routes.Picker(summary))
    assert missing == {}
    clients = {bench_routes.ANONYMOUS: Client()}
    for persona, entry in summary["personas"].items():
        clients[persona] = Client()
        clients[persona].force_login(User.objects.get(email=entry["email"]))
    checked: set[str] = set()
    problems: dict[str, list[str]] = {}
    for page in pages:
        name = page.key.split("@")[0]
        for persona, client in clients.items():
            response = client.get(page.url)
            templates = {t.name for t in response.templates}
            if response.status_code != 200 or "base.html" not in templates:
                continue
            checked.add(name)
            html = response.content.decode()
            if name in TOP_LEVEL_ROUTES:
                found = trail_of(html).navs
                wrong = [f"a top-level page with {found} trail(s)"] if found else []
            else:
                wrong = trail_problems(html)
            if wrong:
                problems[f"{page.key} as {persona}"] = wrong
    assert problems == {}
    # The check reached the pages it is about, the top-level ones and those below.
    assert checked >= TOP_LEVEL_ROUTES
    assert {"meetings:minutes", "followup:advice_detail", "account_signup"} <= checked
