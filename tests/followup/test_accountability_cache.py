"""The accountability pages at scale: cached figures and HTML that a new advice or answer
invalidates at once (followup/caching.py), and lists that read no more than their page
(followup.selectors.AdviceList)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from medvirk.arenas.models import Arena
from medvirk.common import cache as common_cache
from medvirk.common.cache_registry import touch
from medvirk.followup import caching as figures_cache
from medvirk.followup.enums import AdviceStatus
from medvirk.followup.figures import Figures, figures_for
from medvirk.followup.models import Advice
from medvirk.followup.selectors import AdviceList, known_counts
from medvirk.followup.visibility import public_advice
from tests.arenas.conftest import make_arena
from tests.factories import ServiceFactory
from tests.followup import conftest as followup_conftest
from tests.followup import test_accountability_world as world
from tests.followup.conftest import FollowupWorld
from tests.followup.test_accountability_world import main_html, make_advice
from tests.followup.test_advice_support import answer, give

meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world
fresh_figures_cache = world.fresh_figures_cache

S = AdviceStatus
FIGURES = "/api/v1/advice/figures"

pytestmark = pytest.mark.django_db


def urls(w: FollowupWorld) -> dict[str, str]:
    return {
        "index": reverse("followup:accountability"),
        "service": reverse("followup:service_accountability", args=[w.m.service.pk]),
        "arena": reverse("followup:arena_accountability", args=[w.m.public_arena.pk]),
    }


def queries_for(client: Client, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


# --- Invalidation -------------------------------------------------------------------------


def test_a_new_advice_and_an_answer_show_at_once(
    client: Client,
    followup_world: FollowupWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    w = followup_world
    pages = urls(w)
    service = w.m.service
    # Nothing yet, and every page (and the API) has cached that.
    assert service.name not in main_html(client.get(pages["index"]).content)
    assert "Det er ikke registrert noen offentlige råd her ennå." in main_html(
        client.get(pages["service"]).content
    )
    client.get(pages["arena"])
    assert client.get(FIGURES, {"service": service.pk}).json()["total"]["count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        advice = give(w)

    assert service.name in main_html(client.get(pages["index"]).content)
    for name in ("service", "arena"):
        body = main_html(client.get(pages[name]).content)
        assert advice.get_absolute_url() in body, name
        assert "Sendt, venter på svar" in body, name
    total = client.get(FIGURES, {"service": service.pk}).json()["total"]
    assert (total["count"], total["answered"]) == (1, 0)

    with django_capture_on_commit_callbacks(execute=True):
        answer(advice, w.decision_maker, S.FOLLOWED, "Vi følger rådet.")

    for name in ("service", "arena"):
        body = main_html(client.get(pages[name]).content)
        assert '<span class="ds-tag" data-color="success">Fulgt</span>' in body, name
        assert "100\u00a0% (1)" in body, name  # answered, in the figures table
    for params in ({"service": service.pk}, {"arena": w.m.public_arena.pk}):
        total = client.get(FIGURES, params).json()["total"]
        assert (total["count"], total["answered"], total["followed"]) == (1, 1, 1), params


def test_a_write_that_bypasses_the_domain_shows_after_a_bump(
    client: Client, followup_world: FollowupWorld
) -> None:
    # The cache is real: a write that sends no signal (a queryset update) is not seen until
    # it touches the model in the cache registry (or the hour is over).
    w = followup_world
    arena_page = urls(w)["arena"]
    make_advice(w.m.public_arena, "Første råd", datetime.date(2025, 5, 5))
    second = make_advice(w.m.public_arena, "Andre råd", datetime.date(2025, 6, 6), is_public=False)
    assert "Første råd" in main_html(client.get(arena_page).content)
    Advice.objects.filter(pk=second.pk).update(is_public=True)
    assert "Andre råd" not in main_html(client.get(arena_page).content)
    touch(Advice, second)
    assert "Andre råd" in main_html(client.get(arena_page).content)


def test_the_version_changes_when_the_transaction_commits(
    followup_world: FollowupWorld, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    owner = followup_world.m.service.pk
    any_service = figures_cache.ANY_SERVICE
    before = figures_cache.versions([owner, any_service])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        figures_cache.FIGURES.bump_on_commit([owner])
    assert figures_cache.versions([owner, any_service]) == before  # not committed yet
    assert len(callbacks) == 1
    callbacks[0]()
    after = figures_cache.versions([owner, any_service])
    assert after[owner] != before[owner]
    assert after[any_service] != before[any_service]


def test_a_lost_version_is_never_reused(db: Any) -> None:
    first = figures_cache.versions([42])[42]
    assert figures_cache.versions([42])[42] == first
    cache.delete(common_cache.versions_key(figures_cache.NAMESPACE, 42))
    assert figures_cache.versions([42])[42] != first


def test_a_renamed_arena_or_service_shows_at_once(
    client: Client, followup_world: FollowupWorld
) -> None:
    w = followup_world
    pages = urls(w)
    make_advice(w.m.public_arena, "Et råd", datetime.date(2025, 5, 5))
    for url in pages.values():
        client.get(url)
    Arena.objects.filter(pk=w.m.public_arena.pk).update(name="Det nye rådet")
    type(w.m.service).objects.filter(pk=w.m.service.pk).update(name="Nyby kommune")
    for name, url in pages.items():
        body = main_html(client.get(url).content)
        assert "Nyby kommune" in body, name
        if name != "index":
            assert "Det nye rådet" in body, name


def test_the_cached_html_is_per_language(db: Any) -> None:
    calls: list[str] = []

    def render() -> str:
        calls.append(translation.get_language())
        return "<p>x</p>"

    for language in ("nb", "nb", "en", "nn", "en"):
        with translation.override(language):
            assert figures_cache.fragment("test", [7], "shows", render) == "<p>x</p>"
    assert calls == ["nb", "en", "nn"]
    figures_cache.FIGURES.bump([7])
    with translation.override("nb"):
        figures_cache.fragment("test", [7], "shows", render)
    assert calls[-1] == "nb" and len(calls) == 4


# --- Fewer queries the second time -----------------------------------------------------------


@pytest.mark.parametrize("page", ["index", "service", "arena", "api_service", "api_arena"])
def test_a_second_request_costs_fewer_queries(
    client: Client, followup_world: FollowupWorld, page: str
) -> None:
    w = followup_world
    for n in range(5):
        make_advice(
            w.m.public_arena,
            f"Råd {n}",
            datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * n),
            status=S.FOLLOWED,
            first_answer_on=datetime.date(2025, 1, 10) + datetime.timedelta(days=30 * n),
        )
    url, params = {
        "api_service": (FIGURES, {"service": w.m.service.pk}),
        "api_arena": (FIGURES, {"arena": w.m.public_arena.pk}),
    }.get(page, (urls(w).get(page, ""), {}))
    client.get("/helse/")  # the session and translations are loaded
    cold = queries_for(client, url, params)
    warm = queries_for(client, url, params)
    assert warm < cold
    assert queries_for(client, url, params) == warm


def test_a_filtered_page_uses_the_cached_figures(
    client: Client, followup_world: FollowupWorld
) -> None:
    w = followup_world
    make_advice(w.m.public_arena, "Et råd", datetime.date(2025, 5, 5))
    url = urls(w)["service"]
    client.get(url)
    # Service, arenas and the page's rows: the figures and the count come from the cache.
    assert queries_for(client, url, {"year": 2025}) == 3
    # A status filter needs a count.
    assert queries_for(client, url, {"status": S.SENT}) == 4


# --- The lists ------------------------------------------------------------------------------


def test_known_counts_come_from_the_figures_where_they_can() -> None:
    from medvirk.followup.figures import AdviceRow, figures

    rows = [
        AdviceRow(datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), S.SENT),
        AdviceRow(datetime.date(2024, 1, 1), datetime.date(2024, 2, 1), S.SENT),
        AdviceRow(datetime.date(2024, 3, 1), datetime.date(2024, 4, 1), S.SENT),
    ]
    result = figures(rows, today=datetime.date(2026, 6, 1))
    assert known_counts({}, result) == (3, [(2026, 1), (2024, 2)])
    assert known_counts({"year": 2024}, result) == (2, [])
    assert known_counts({"year": 2025}, result) == (0, [])
    per_arena = {7: result}
    assert known_counts({"arena": 7}, result, per_arena) == (3, [])
    assert known_counts({"arena": 8}, result, per_arena) == (0, [])
    assert known_counts({"status": S.SENT}, result) == (None, [])
    assert known_counts({"year": 2024, "status": S.SENT}, result) == (None, [])


@pytest.mark.parametrize(
    ("stop", "since"),
    [
        (1, datetime.date(2027, 1, 1)),
        (3, datetime.date(2027, 1, 1)),
        (4, datetime.date(2026, 1, 1)),
        (10, datetime.date(2026, 1, 1)),
        (11, None),  # the oldest year: no bound needed
        (99, None),
    ],
)
def test_a_page_reads_back_to_the_year_it_ends_in(stop: int, since: datetime.date | None) -> None:
    rows = AdviceList(Advice.objects.none(), year_counts=[(2027, 3), (2026, 7), (2025, 5)])
    assert rows.since(stop) == since
    assert AdviceList(Advice.objects.none()).since(stop) is None


@pytest.mark.parametrize("seed", range(3))
def test_every_page_of_a_bounded_list_is_the_plain_list(seed: int) -> None:
    rng = random.Random(seed)
    service = ServiceFactory(name="Sideby kommune")
    arenas = [make_arena(service, name=f"Råd {n}") for n in range(3)]
    for n in range(rng.randint(40, 70)):
        make_advice(
            rng.choice(arenas),
            f"Råd nummer {n}",
            datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randint(0, 1500)),
        )
    advice = public_advice().filter(arena_id__in=[arena.pk for arena in arenas])
    result = figures_for(advice)
    count, year_counts = known_counts({}, result)
    assert count == advice.count()
    bounded = AdviceList(advice, count=count, year_counts=year_counts)
    plain = list(advice.order_by("-given_on", "-pk"))
    size = 7
    for start in range(0, len(plain), size):
        page = bounded[start : start + size]
        assert [a.pk for a in page] == [a.pk for a in plain[start : start + size]], start
        assert all(hasattr(a, "response_count") for a in page)  # the timeline summary
    assert bounded[len(plain) - 1].pk == plain[-1].pk
    assert bounded[5:5] == []
    with pytest.raises(IndexError):
        bounded[len(plain)]


def test_a_page_of_a_list_with_a_known_count_is_one_query(db: Any) -> None:
    arena = make_arena(ServiceFactory(name="Ettby"), name="Ett råd")
    for n in range(30):
        make_advice(arena, f"Råd {n}", datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    advice = public_advice().filter(arena=arena)
    rows = AdviceList(advice, count=30, year_counts=[(2025, 30)])
    with CaptureQueriesContext(connection) as queries:
        assert len(rows) == 30
        assert len(rows[25:30]) == 5
    assert len(queries) == 1
    assert len(AdviceList(advice)) == 30  # counted by the database when not known
    assert figures_for(Advice.objects.none()) == Figures.empty()


def test_the_api_list_of_all_advice_counts_nothing_and_shows_a_change_at_once(
    client: Client,
    followup_world: FollowupWorld,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    """The API's list pages by cursor (issue 13): no COUNT of every advice in the country,
    nothing cached, so a new advice is on the first page at once."""
    w = followup_world
    other = make_arena(ServiceFactory(name="Annenby"), name="Annet råd")
    rng = random.Random(5)
    for n in range(23):
        make_advice(
            rng.choice([w.m.public_arena, other]),
            f"Råd {n:02d}",
            datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randint(0, 1000)),
        )
    make_advice(w.m.private_arena, "Skjult", datetime.date(2024, 5, 5))
    plain = [a.title for a in public_advice().order_by("-given_on", "-pk")]
    client.get("/helse/")
    cold = queries_for(client, "/api/v1/advice", {"page_size": 5})
    assert queries_for(client, "/api/v1/advice", {"page_size": 5}) == cold == 2  # rows, answers
    seen = []
    body = client.get("/api/v1/advice", {"page_size": 5}).json()
    while True:
        seen += [a["title"] for a in body["results"]]
        if body["next"] is None:
            break
        body = client.get(body["next"]).json()
    assert seen == plain

    with django_capture_on_commit_callbacks(execute=True):
        advice = give(w)
    first = client.get("/api/v1/advice", {"page_size": 100}).json()["results"]
    assert advice.pk in [a["id"] for a in first]
    assert len(first) == 24
