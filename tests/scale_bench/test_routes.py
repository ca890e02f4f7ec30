"""The benchmark's route catalogue (scripts/bench_routes.py) against the URLconf, and the
statements each persona's request costs on every route at two sizes of the data set.

The second test is the query-count test of every list and detail page for every persona
that can see it: ``generate_scale`` builds a small national data set, every route is
requested as each of the seven personas, then the same at three times the size; no
request that answered 200 at both sizes may cost more statements at the bigger size. A
count that grows with the rows is an N+1, whoever the reader; one that is smaller there
is a branch the bigger data set's object skips (e.g. the representative's next meeting
has an attendance row at one size, so the seat is not looked up). A route whose object
takes a branch at the bigger size only is named in SHAPE_BRANCHES."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from medvirk.accounts.models import User
from medvirk.scale.generator import generate
from tests.factories import UserFactory

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
sys.path.insert(0, str(SCRIPTS))
import bench_routes  # noqa: E402

MD5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A route whose object differs in shape between the two sizes (not in its number of
# rows) may cost one statement more at one size; each is named here with the branch.
SHAPE_BRANCHES = {
    "meetings:detail": "at the small size the 30-item meeting has no minutes yet, so the "
    "rule 'was present' (may comment on the minutes) is never asked (meetings/rules.py)",
}
SEED = 2026
SMALL, LARGE = 0.004, 0.012


def test_every_get_route_is_measured_or_left_out_with_a_reason() -> None:
    assert bench_routes.uncovered() == []
    measured = {route.name for route in bench_routes.all_routes()}
    names = set(bench_routes.url_names())
    assert measured <= names, f"routes in the catalogue but not in the URLconf: {measured - names}"
    assert names >= bench_routes.POST_ONLY
    assert not measured & bench_routes.POST_ONLY
    for name, reason in bench_routes.left_out_table().items():
        assert reason and name not in measured


def _patterns() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}

    def walk(resolver: Any, namespace: str | None) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern, inner)
            elif pattern.name:
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = pattern

    walk(get_resolver(), None)
    return found


@pytest.mark.django_db
def test_post_only_routes_answer_405_to_get(client: Client) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    admin = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(admin, generate_totp_secret())  # platform admins need a second factor
    client.force_login(admin)
    patterns = _patterns()
    statuses = {}
    for name in sorted(bench_routes.POST_ONLY):
        converters = patterns[name].pattern.converters  # type: ignore[attr-defined]
        kwargs = {
            key: "x" if type(c).__name__ == "StringConverter" else 1
            for key, c in converters.items()
        }
        statuses[name] = client.get(reverse(name, kwargs=kwargs or None)).status_code
    assert {name: status for name, status in statuses.items() if status != 405} == {}


def _quiet(_line: str) -> None:
    pass


def _statements(summary: dict[str, Any]) -> dict[tuple[str, str], tuple[int, int]]:
    """(route key, persona) → (status, statements) of a second request (the first warms
    the caches), for every route and persona."""
    pages, missing = bench_routes.pages(bench_routes.Picker(summary))
    clients = {bench_routes.ANONYMOUS: Client()}
    for persona, entry in summary["personas"].items():
        clients[persona] = Client()
        clients[persona].force_login(User.objects.get(email=entry["email"]))
    found: dict[tuple[str, str], tuple[int, int]] = {}
    for page in pages:
        for persona, client in clients.items():
            client.get(page.url)
            with CaptureQueriesContext(connection) as queries:
                status = client.get(page.url).status_code
            found[page.key, persona] = (status, len(queries))
    for key in missing:
        found[key, "-"] = (0, 0)
    return found


@pytest.mark.django_db
def test_no_persona_pays_more_statements_on_any_route_at_three_times_the_size(
    settings: Any, tmp_path: Path
) -> None:
    settings.PASSWORD_HASHERS = MD5
    settings.MEDIA_ROOT = tmp_path / "media"
    measured = {}
    for scale in (SMALL, LARGE):
        with transaction.atomic():
            summary = generate(
                scale=scale, seed=SEED, summary_path=tmp_path / f"{scale}.json", out=_quiet
            )
            cache.clear()
            measured[scale] = _statements(summary)
            transaction.set_rollback(True)
        cache.clear()
    small, large = measured[SMALL], measured[LARGE]
    assert [key for key, (status, _n) in large.items() if key[1] == "-"] == []
    seen = {key for (key, _persona), (status, _n) in large.items() if status == 200}
    pages = {key for key, _persona in large}
    assert pages - seen == set(), "routes no persona could read"
    grown = {
        f"{key} as {persona}": f"{small[key, persona][1]} → {count}"
        for (key, persona), (status, count) in large.items()
        if status == 200
        and small.get((key, persona), (0, 0))[0] == 200
        and count > small[key, persona][1]
        and not (key.split("@")[0] in SHAPE_BRANCHES and count - small[key, persona][1] == 1)
    }
    assert grown == {}
