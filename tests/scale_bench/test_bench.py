"""The load benchmark's pure parts (scripts/bench_report.py), its page list and its logins.

`make test` runs the benchmark itself at scale 0.01 (`make bench-smoke`); these tests pin
the parsing, the verdicts, the Markdown and the session trick it relies on."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.test import Client

from medvirk.accounts.enums import RoleKind
from tests.factories import RoleFactory, ServiceFactory, UserFactory

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _load(name: str) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


report = _load("bench_report")
routes_module = _load("bench_routes")

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:40001/katalog/
  1 threads and 1 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    2.10ms  40.12ms   91.14%
  812 requests in 10.00s, 21.70MB read
Requests/sec:     81.20
BENCH_JSON {"requests":812,"duration_us":10000000,"bytes":22750000,"p50_us":12050,"p95_us":15510,"p99_us":21003,"mean_us":12310,"max_us":40120,"errors":{"connect":0,"read":1,"write":0,"status":3,"timeout":2}}
"""


def phase(p50: float, p95: float = 0.0, errors: int = 0) -> dict[str, Any]:
    return {
        "requests": 100,
        "duration_s": 10.0,
        "rps": 10.0,
        "p50_ms": p50,
        "p95_ms": p95 or p50 * 2,
        "p99_ms": (p95 or p50 * 2) * 1.2,
        "mean_ms": p50,
        "max_ms": p50 * 3,
        "errors": {"connect": 0, "read": 0, "write": 0, "status": errors, "timeout": 0},
        "error_count": errors,
    }


def page(key: str, p50: float, p95: float = 0.0, **extra: Any) -> dict[str, Any]:
    data = {
        "key": key,
        "name": key.title(),
        "url": f"/{key}/",
        "persona": "anonymous",
        "status": 200,
        "queries": 5,
        "single": phase(p50),
        "concurrent": phase(p50 * 3, p95 or p50 * 5),
        "floor_ratio": None,
        "floor_ms": None,
        "kind": "page",
        "access": {},
    }
    data.update(extra)
    return data


def results(scale: str, pages: list[dict[str, Any]], *, smoke: bool = False, date: str = "") -> Any:
    for entry in pages:
        entry["verdicts"] = report.judge_page(entry, scale=scale, smoke=smoke)
    return {
        "scale": scale,
        "seed": 2026,
        "smoke": smoke,
        "date": date or "2026-05-01T10:00:00Z",
        "duration_s": 10,
        "machine": {
            "cores": 2,
            "cpu": "Test CPU",
            "python": "3.11.2",
            "postgresql": "15.20",
            "load_average": 0.5,
        },
        "dataset": {"description": "generate_scale --scale 1.0 --seed 2026: 3 organisations"},
        "pages": pages,
        "scale_comparison": None,
    }


# --- parsing ------------------------------------------------------------------------


def test_parse_wrk_output_converts_to_ms_and_counts_errors() -> None:
    parsed = report.parse_wrk_output(WRK_OUTPUT)

    assert parsed["requests"] == 812
    assert parsed["rps"] == 81.2
    assert (parsed["p50_ms"], parsed["p95_ms"], parsed["p99_ms"]) == (12.05, 15.51, 21.0)
    assert parsed["max_ms"] == 40.12
    assert parsed["errors"] == {"connect": 0, "read": 1, "write": 0, "timeout": 2, "status": 3}
    assert parsed["error_count"] == 6


def test_parse_wrk_output_without_the_json_line_names_what_wrk_said() -> None:
    with pytest.raises(ValueError, match="unable to connect"):
        report.parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


@pytest.mark.parametrize(
    ("given", "expected"), [("1", "1.0"), ("1.0", "1.0"), ("0.010", "0.01"), (".1", "0.1")]
)
def test_normalise_scale_gives_one_spelling(given: str, expected: str) -> None:
    assert report.normalise_scale(given) == expected


@pytest.mark.parametrize("given", ["abc", "0", "-1", "11"])
def test_normalise_scale_refuses_nonsense(given: str) -> None:
    with pytest.raises(ValueError):
        report.normalise_scale(given)


def test_smoke_results_have_their_own_file() -> None:
    assert report.results_filename("0.01", smoke=False) == "results-0.01.json"
    assert report.results_filename("0.01", smoke=True) == "results-0.01-smoke.json"


def test_describe_dataset_names_the_origin_and_groups_thousands() -> None:
    text = report.describe_dataset(
        {"organisations": 3000, "meetings": 160_000}, generated=True, scale="1.0", seed=7
    )
    assert text.startswith("generate_scale --scale 1.0 --seed 7: 3\u202f000 organisations")
    assert "160\u202f000 meetings" in text
    assert report.describe_dataset({}, generated=False, scale="1.0", seed=7).startswith(
        "demo data: 0 organisations"
    )


# --- ratios -------------------------------------------------------------------------


def test_floor_ratios_use_the_floor_single_client_p50() -> None:
    pages = [page("floor", 0.8), page("search", 12.0), page("arena", 4.0, single=None)]
    report.add_floor_ratios(pages)
    assert [entry["floor_ratio"] for entry in pages] == [1.0, 15.0, None]


def test_floor_ratio_is_none_without_a_floor() -> None:
    pages = [page("floor", 1.0, single=None), page("search", 12.0)]
    report.add_floor_ratios(pages)
    assert pages[1]["floor_ratio"] is None
    assert report.floor_ratio(12.0, 0.0) is None


def test_queries_stable_needs_equal_counts() -> None:
    assert report.queries_stable([7, 7])
    assert not report.queries_stable([7, 8])
    assert not report.queries_stable([7, None])
    assert not report.queries_stable([])


# --- verdicts -----------------------------------------------------------------------


def test_smoke_run_checks_only_status_errors_and_queries() -> None:
    verdicts = report.judge_page(page("search", 500.0), scale="0.01", smoke=True)
    assert set(verdicts) == {"status", "errors", "queries"}
    assert all(v["passed"] and v["binding"] for v in verdicts.values())


def test_sixteen_queries_fail_and_fifteen_pass() -> None:
    over = report.judge_page(page("search", 5.0, queries=16), scale="0.01", smoke=True)
    at = report.judge_page(page("search", 5.0, queries=15), scale="0.01", smoke=True)
    assert over["queries"]["passed"] is False
    assert over["queries"]["detail"] == "16 statements as anonymous (≤ 15)"
    assert at["queries"]["passed"] is True


def test_errors_under_load_fail() -> None:
    entry = page("search", 5.0)
    entry["concurrent"] = phase(10.0, errors=2)
    verdicts = report.judge_page(entry, scale="1.0", smoke=False)
    assert verdicts["errors"] == {"passed": False, "detail": "2 errors", "binding": True}


def test_page_that_did_not_answer_200_fails_status() -> None:
    entry = page(
        "dashboard", 5.0, status=302, single=None, concurrent=None, queries=None, persona=None
    )
    verdicts = report.judge_page(entry, scale="0.01", smoke=True)
    assert verdicts == {"status": {"passed": False, "detail": "HTTP 302", "binding": True}}


def test_timing_targets_bind_at_full_scale() -> None:
    verdicts = report.judge_page(page("search", 21.0, p95=151.0), scale="1.0", smoke=False)
    assert verdicts["p50_single"]["passed"] is False
    assert verdicts["p50_single"]["binding"] is True
    assert verdicts["p95_concurrent"]["passed"] is False
    ok = report.judge_page(page("search", 20.0, p95=150.0), scale="1.0", smoke=False)
    assert ok["p50_single"]["passed"] and ok["p95_concurrent"]["passed"]


def test_timing_targets_are_shown_but_do_not_bind_at_small_scale() -> None:
    verdicts = report.judge_page(page("search", 30.0), scale="0.01", smoke=False)
    assert verdicts["p50_single"] == {
        "passed": False,
        "detail": "p50 30.0 ms (≤ 20 ms, 1 client)",
        "binding": False,
    }
    assert report.failures(results("0.01", [page("search", 30.0)])) == []


def test_matching_has_its_own_budget_and_no_concurrent_target() -> None:
    matching = {"kind": "matching"}
    verdicts = report.judge_page(
        page("candidates", 150.0, p95=2000.0, **matching), scale="1.0", smoke=False
    )
    assert verdicts["p50_single"]["passed"] is True
    assert "p95_concurrent" not in verdicts
    slow = report.judge_page(page("candidates", 201.0, **matching), scale="1.0", smoke=False)
    assert slow["p50_single"]["passed"] is False


def test_failures_list_binding_misses_with_the_url() -> None:
    run = results("1.0", [page("floor", 1.0), page("arena", 25.0, queries=20)])
    assert report.failures(run) == [
        "Arena (/arena/): 20 statements as anonymous (≤ 15)",
        "Arena (/arena/): p50 25.0 ms (≤ 20 ms, 1 client)",
    ]


# --- scale comparison ---------------------------------------------------------------


def test_compare_rounds_takes_each_sides_median_of_its_rounds() -> None:
    measured = {
        "agenda": {"name": "Agenda", "base": [10.0, 12.0, 11.0], "full": [15.0, 30.0, 16.0]},
        "appointments:candidates": {
            "name": "National",
            "base": [20.0, 20.0, 21.0],
            "full": [60, 61, 59],
            "queries": {"secretariat": [13, 13]},
        },
        "broken": {"name": "Broken", "base": [], "full": [5.0]},
    }
    comparison = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    agenda = comparison["pages"]["agenda"]
    assert (agenda["p50_base_ms"], agenda["p50_ms"], agenda["ratio"]) == (11.0, 16.0, 1.45)
    assert agenda["passed"] and agenda["binding"]
    assert agenda["rounds_ms"] == [15.0, 30.0, 16.0]
    assert comparison["pages"]["appointments:candidates"]["binding"] is False
    assert comparison["pages"]["appointments:candidates"]["queries_constant"] is True
    assert "broken" not in comparison["pages"]
    assert comparison["passed"] is True
    assert comparison["method"] == "interleaved"

    full = results("1.0", [page("agenda", 16.0)])
    full["scale_comparison"] = comparison
    block = report.render_run(full)
    assert (
        "Scale 0.01 → 1.0: single-client p50 measured in this run against both data sets in "
        "turn, 3 rounds of 3 s with one client each (the median of the rounds' p50), limit 1.5×"
    ) in block
    assert "| agenda | 11.0 | 16.0 | 1.45× | yes | met |" in block

    measured["agenda"]["full"] = [17.0, 17.0, 30.0]
    slower = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    full["scale_comparison"] = slower
    assert report.failures(full) == [
        "Agenda: p50 11.0 → 17.0 ms from scale 0.01 to 1.0 (1.55× > 1.5×)"
    ]

    # Errors during the rounds void a comparison, however fast the answers were.
    measured["agenda"]["full"] = [15.0, 15.0, 15.0]
    measured["agenda"]["errors"] = 2
    broken = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    full["scale_comparison"] = broken
    assert report.failures(full) == [
        "Agenda: p50 11.0 → 15.0 ms from scale 0.01 to 1.0 (2 errors during the rounds)"
    ]
    assert "| agenda | 11.0 | 15.0 | 1.36× | yes | MISSED (2 errors during the rounds) |" in (
        report.render_run(full)
    )

    # A statement count that differs between the scales is an N+1: it fails at any scale.
    measured["agenda"]["errors"] = 0
    measured["agenda"]["queries"] = {"anonymous": [4, 4], "secretariat": [9, 12]}
    grown = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    small = results("0.01", [page("agenda", 16.0)])
    small["scale_comparison"] = grown
    assert report.failures(small) == [
        "Agenda: more statements at scale 1.0 than at 0.01 (secretariat 9 → 12)"
    ]
    # Fewer statements on the bigger set is a branch one object skips, not an N+1.
    measured["agenda"]["queries"] = {"secretariat": [9, 8]}
    small["scale_comparison"] = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    assert report.failures(small) == []


def test_bench_compare_rounds_alternates_the_data_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    """ABBA: the base set first in even rounds and last in odd ones, each side with its
    own URL and session, as the persona the page was timed as; each persona's statements
    on both sides; pages that no persona could see, or missing at the base scale, are
    left out."""
    bench = _load("bench")
    calls: list[tuple[int, str, str | None]] = []

    def fake_wrk(port: int, url: str, cookie: str | None, shape: Any, seconds: int) -> Any:
        calls.append((port, url, cookie))
        assert (shape, seconds) == (bench.SINGLE, 2)
        return {"p50_ms": float(len(calls)), "error_count": int(url == "/personer/mine-oppdrag/")}

    def fake_probe(port: int, page: Any, cookies: dict[str, str]) -> Any:
        return {"representative": {"status": 200, "queries": 5 if port == 8002 else 6}}

    monkeypatch.setattr(bench, "run_wrk", fake_wrk)
    monkeypatch.setattr(bench, "probe", fake_probe)
    monkeypatch.setattr(bench, "warm_up", lambda port, url, cookie: 200)
    Page = routes_module.Page
    base_pages = {
        "directory:list@search": Page(
            "directory:list@search", "s", "/katalog/?q=annen", "page", ()
        ),
        "people:mine": Page("people:mine", "m", "/personer/mine-oppdrag/", "page", ()),
    }
    measured = [
        {"key": "directory:list@search", "name": "Search", "url": "/katalog/?q=blinde",
         "persona": "anonymous", "access": {"anonymous": {"status": 200, "queries": 1}}},
        {"key": "people:mine", "name": "Mine", "url": "/personer/mine-oppdrag/",
         "persona": "representative",
         "access": {"representative": {"status": 200, "queries": 6}}},
        {"key": "api", "name": "API", "url": "/api/", "persona": "anonymous", "access": {}},
        {"key": "people:detail", "name": "Nobody", "url": "/p/", "persona": None, "access": {}},
    ]  # fmt: skip
    found = bench.compare_rounds(
        (8001, {"representative": "full-rep"}),
        (8002, {"pages": base_pages, "cookies": {"representative": "base-rep"}}),
        measured,
        rounds=3,
        seconds=2,
    )
    assert list(found) == ["directory:list@search", "people:mine"]
    assert [port for port, _url, _cookie in calls[:6]] == [8002, 8001, 8001, 8002, 8002, 8001]
    assert calls[0][1] == "/katalog/?q=annen" and calls[1][1] == "/katalog/?q=blinde"
    assert found["directory:list@search"] == {
        "name": "Search",
        "base": [1.0, 4.0, 5.0],
        "full": [2.0, 3.0, 6.0],
        "errors": 0,
        "queries": {},  # the base probe had no anonymous answer to compare with
    }
    assert found["people:mine"]["errors"] == 6  # every round on both sides failed here
    assert found["people:mine"]["queries"] == {"representative": [5, 6]}
    assert {cookie for port, _url, cookie in calls[6:] if port == 8002} == {"base-rep"}
    assert {cookie for port, _url, cookie in calls[6:] if port == 8001} == {"full-rep"}


def test_server_environment_keeps_the_data_sets_caches_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each data set has its own cache prefix; one secret key serves this process, the
    child that prepares the other data set (it inherits the environment) and both
    servers, so that every session written is read."""
    bench = _load("bench")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MEDVIRK_")}
    monkeypatch.setattr(os, "environ", environ)  # configure_environment writes to it
    full = bench.configure_environment("postgres://postgres@127.0.0.1/medvirk_bench")
    child = bench.configure_environment("postgres://postgres@127.0.0.1/medvirk_bench_0_01")
    base = bench.server_environment("postgres://postgres@127.0.0.1/medvirk_bench_0_01")
    assert full["MEDVIRK_CACHE_KEY_PREFIX"] == "bench:medvirk_bench"
    assert base["MEDVIRK_CACHE_KEY_PREFIX"] == child["MEDVIRK_CACHE_KEY_PREFIX"]
    assert base["MEDVIRK_CACHE_KEY_PREFIX"] == "bench:medvirk_bench_0_01"
    assert len(full["MEDVIRK_SECRET_KEY"]) > 50
    assert full["MEDVIRK_SECRET_KEY"] == child["MEDVIRK_SECRET_KEY"] == base["MEDVIRK_SECRET_KEY"]
    assert full["MEDVIRK_CACHE_URL"] == bench.BENCH_CACHE_URL


def test_forget_cached_pages_deletes_only_the_data_sets_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Entries of the two data sets go; anything else on that Redis stays."""
    import redis

    bench = _load("bench")
    url = "redis://127.0.0.1:6379/13"
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setenv("MEDVIRK_CACHE_URL", url)
    client.set("bench:medvirk_bench_forget:1:medvirk:version:directory", "a")
    client.set("bench:medvirk_bench_forget_0_01:1:x", "b")
    client.set("someone-else:1:medvirk:version:directory", "c")
    try:
        bench.forget_cached_pages(
            "postgres://127.0.0.1/medvirk_bench_forget",
            "postgres://127.0.0.1/medvirk_bench_forget_0_01",
        )
        assert client.get("bench:medvirk_bench_forget:1:medvirk:version:directory") is None
        assert client.get("bench:medvirk_bench_forget_0_01:1:x") is None
        assert client.get("someone-else:1:medvirk:version:directory") == b"c"
    finally:
        client.delete("someone-else:1:medvirk:version:directory")


# --- Markdown -----------------------------------------------------------------------


def test_render_run_has_a_row_per_page_and_the_verdicts() -> None:
    searched = page(
        "search",
        12.0,
        persona="representative",
        queries=16,
        floor_ms=0.8,
        access={
            "anonymous": {"status": 302, "queries": 0, "stable": True},
            "representative": {"status": 200, "queries": 16, "stable": True},
        },
    )
    run = results("1.0", [page("floor", 0.8), searched])
    run["floor"] = report.floor_spread([0.8, 0.9], limit=2.0)
    report.add_floor_ratios(run["pages"])
    block = report.render_run(run)
    lines = block.splitlines()

    assert lines[0] == "<!-- run scale=1.0 date=2026-05-01T10:00:00Z -->"
    assert lines[1] == "### Scale 1.0 — 2026-05-01 10:00 UTC (full run)"
    assert "2 cores (Test CPU), Python 3.11.2, PostgreSQL 15.20" in block
    assert (
        "| search `/search/` | rep | 12.0 | 15.0 | 60.0 | – | 16 | 0 | MISSED: queries |" in lines
    )
    assert "| search | 302 | 16 | – | – | – | – | – |" in lines
    assert "The timings are judged." in block
    assert "- Search (/search/): 16 statements as representative (≤ 15)" in lines
    assert lines[-1] == "<!-- /run -->"


def test_a_run_whose_floor_moved_judges_no_timings() -> None:
    run = results("1.0", [page("floor", 0.8), page("arena", 60.0, floor_ms=0.9)])
    run["floor"] = report.floor_spread([0.5, 1.2], limit=2.0)
    assert run["floor"]["steady"] is False
    assert report.failures(run) == []
    assert "the timings are NOT judged" in report.render_run(run)
    run["floor"] = report.floor_spread([0.8, 1.2], limit=2.0)
    assert report.failures(run) == [
        "Arena (/arena/): p50 60.0 ms (≤ 20 ms, 1 client)",
        "Arena (/arena/): p95 300.0 ms (≤ 150 ms, 16 clients)",
    ]


def test_floor_strays_are_the_pages_far_from_the_median() -> None:
    pages = [page("a", 1.0, floor_ms=1.0), page("b", 1.0, floor_ms=1.5), page("c", 1, floor_ms=0.6)]
    assert report.floor_strays(pages, 1.0, limit=2.0) == [1, 2]
    assert report.floor_strays(pages, 1.2, limit=4.0) == []


def test_a_slow_floor_stretches_the_targets() -> None:
    slow_machine = page("arena", 30.0, floor_ms=2.0)
    verdicts = report.judge_page(slow_machine, scale="1.0", smoke=False)
    assert verdicts["p50_single"] == {
        "passed": True,
        "detail": "p50 30.0 ms (≤ 20 ms × 2.00 (floor), 1 client)",
        "binding": True,
    }
    fast_machine = page("arena", 21.0, floor_ms=0.5)  # never shrunk below the target
    assert (
        report.judge_page(fast_machine, scale="1.0", smoke=False)["p50_single"]["passed"] is False
    )


def test_search_and_downloads_have_their_own_budgets() -> None:
    search = page("search", 45.0, kind="search", single={**phase(45.0), "max_ms": 1200.0})
    verdicts = report.judge_page(search, scale="1.0", smoke=False)
    assert verdicts["p50_single"]["passed"] and not verdicts["max_single"]["passed"]
    assert report.judge_page(page("s", 30.0, kind="search"), scale="1.0", smoke=False)[
        "max_single"
    ]["passed"]
    export = page("csv", 250.0, kind="export", first_byte_ms=210.0)
    verdicts = report.judge_page(export, scale="1.0", smoke=False)
    assert verdicts["p50_single"]["passed"] is True
    assert verdicts["first_byte"] == {
        "passed": False,
        "detail": "first byte 210 ms (≤ 200 ms)",
        "binding": True,
    }


def test_render_run_marks_non_binding_misses_in_words() -> None:
    block = report.render_run(results("0.01", [page("search", 30.0, p95=200.0)]))
    assert "| met (over p50, p95 (16) target) |" in block
    assert "All binding targets met." in block


DOC = "# Load benchmark\n\nIntro.\n\n<!-- results:start -->\n<!-- results:end -->\n\nAfter.\n"


def test_update_docs_inserts_newest_first_and_replaces_the_same_scale() -> None:
    small = report.render_run(results("0.01", [page("search", 5.0)], date="2026-05-01T10:00:00Z"))
    full = report.render_run(results("1.0", [page("search", 9.0)], date="2026-05-02T10:00:00Z"))
    text = report.update_docs(report.update_docs(DOC, small), full)

    assert text.startswith("# Load benchmark\n\nIntro.\n\n<!-- results:start -->\n")
    assert text.endswith("<!-- results:end -->\n\nAfter.\n")
    assert text.index("### Scale 1.0") < text.index("### Scale 0.01")

    again = report.render_run(results("0.01", [page("search", 7.0)], date="2026-05-03T10:00:00Z"))
    text = report.update_docs(text, again)
    assert text.count("### Scale 0.01") == 1
    assert "| search `/search/` | anon | 7.0 |" in text
    assert "| search `/search/` | anon | 5.0 |" not in text
    assert text.index("### Scale 0.01") < text.index("### Scale 1.0")
    assert report.update_docs(text, again) == text


def test_update_docs_without_markers_fails_loudly() -> None:
    block = report.render_run(results("0.01", [page("search", 5.0)]))
    with pytest.raises(ValueError, match="results:start"):
        report.update_docs("# No markers\n", block)


# --- wrk and bench.lua together -----------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 404 if self.path == "/missing" else 200
        self.send_response(status)
        self.send_header("Content-Length", "3")
        self.end_headers()
        self.wfile.write(b"ok\n")

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk comes from `make bench-deps`")
def test_bench_lua_output_parses_and_counts_bad_statuses() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        outputs = {}
        for path in ("/", "/missing"):
            done = subprocess.run(
                ["wrk", "-t1", "-c1", "-d1s", "-s", str(SCRIPTS / "bench.lua"),
                 f"http://127.0.0.1:{server.server_address[1]}{path}"],
                capture_output=True, text=True, timeout=30, check=True,
            )  # fmt: skip
            outputs[path] = report.parse_wrk_output(done.stdout)
    finally:
        server.shutdown()
        server.server_close()
    assert outputs["/"]["requests"] > 0
    assert outputs["/"]["error_count"] == 0
    assert 0 < outputs["/"]["p50_ms"] <= outputs["/"]["p99_ms"]
    assert outputs["/missing"]["errors"]["status"] == outputs["/missing"]["requests"] > 0


# --- the page list and the logins ---------------------------------------------------


def test_an_older_generator_summary_means_generating_anew() -> None:
    """A database generated before an app or a persona was added to the generator is
    generated again (before the database is even asked)."""
    bench = _load("bench")
    summary: dict[str, Any] = {
        "scale": 0.01,
        "seed": 2026,
        "database": {"name": "medvirk_bench_0_01"},
        "personas": {
            name: {"email": f"{name}@medvirk.test"}
            for name in ("representative", "org_admin", "secretariat", "decision_maker")
        },
    }
    from medvirk.scale.generator import WIPED_APPS

    holds, why = bench.holds_dataset(summary, "0.01", 2026, "medvirk_bench_0_01")
    assert (holds, why) == (
        False,
        f"the summary lacks the apps {', '.join(WIPED_APPS)} (an older generator)",
    )
    summary["apps"] = [app for app in WIPED_APPS if app != "compensation"]
    holds, why = bench.holds_dataset(summary, "0.01", 2026, "medvirk_bench_0_01")
    assert (holds, why) == (False, "the summary lacks the apps compensation (an older generator)")
    summary["apps"] = list(WIPED_APPS)
    holds, why = bench.holds_dataset(summary, "0.01", 2026, "medvirk_bench_0_01")
    assert (holds, why) == (
        False,
        "the summary lacks the personas umbrella_admin, platform_admin (an older generator)",
    )


@pytest.mark.django_db
def test_login_cookie_lets_a_secretariat_with_totp_past_the_mfa_check(settings: Any) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    bench = _load("bench")
    user = UserFactory(email="bench-secretariat@medvirk.test")
    RoleFactory(user=user, organisation=ServiceFactory(), role=RoleKind.SECRETARIAT)
    name, _sep, key = bench.login_cookie(user.email).partition("=")
    client = Client()
    client.cookies[name] = key

    assert name == settings.SESSION_COOKIE_NAME
    response = client.get("/moter/sekretariat/")
    assert response.status_code == 302  # no TOTP yet: sent to set it up
    assert response["Location"].startswith("/konto/")

    TOTP.activate(user, generate_totp_secret())
    response = client.get("/moter/sekretariat/")
    assert response.status_code == 200
    assert response.wsgi_request.user == user


@pytest.mark.django_db
def test_login_cookie_for_an_unknown_persona_fails_loudly() -> None:
    bench = _load("bench")
    with pytest.raises(bench.BenchError, match=r"nobody@medvirk\.test"):
        bench.login_cookie("nobody@medvirk.test")
