"""The load benchmark's pure parts (scripts/bench_report.py), its page list and its logins.

`make test` runs the benchmark itself at scale 0.01 (`make bench-smoke`); these tests pin
the parsing, the verdicts, the Markdown and the session trick it relies on."""

from __future__ import annotations

import copy
import importlib.util
import json
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
from django.urls import resolve

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
pages_module = _load("bench_pages")

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
        "persona": None,
        "status": 200,
        "queries": 5,
        "single": phase(p50),
        "concurrent": phase(p50 * 3, p95 or p50 * 5),
        "floor_ratio": None,
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
    assert over["queries"]["detail"] == "16 queries (≤ 15)"
    assert at["queries"]["passed"] is True


def test_errors_under_load_fail() -> None:
    entry = page("search", 5.0)
    entry["concurrent"] = phase(10.0, errors=2)
    verdicts = report.judge_page(entry, scale="1.0", smoke=False)
    assert verdicts["errors"] == {"passed": False, "detail": "2 errors", "binding": True}


def test_page_that_did_not_answer_200_fails_status() -> None:
    entry = page("dashboard", 5.0, status=302, single=None, concurrent=None, queries=None)
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


@pytest.mark.parametrize("key", ["matching", "matching_local"])
def test_matching_has_its_own_budget_and_no_concurrent_target(key: str) -> None:
    verdicts = report.judge_page(page(key, 150.0, p95=2000.0), scale="1.0", smoke=False)
    assert verdicts["p50_single"]["passed"] is True
    assert "p95_concurrent" not in verdicts
    slow = report.judge_page(page(key, 201.0), scale="1.0", smoke=False)
    assert slow["p50_single"]["passed"] is False


def test_failures_list_binding_misses_with_the_url() -> None:
    run = results("1.0", [page("floor", 1.0), page("arena", 25.0, queries=20)])
    assert report.failures(run) == [
        "Arena (/arena/): 20 queries (≤ 15)",
        "Arena (/arena/): p50 25.0 ms (≤ 20 ms, 1 client)",
    ]


# --- scale comparison ---------------------------------------------------------------


def test_compare_scales_allows_one_and_a_half_times() -> None:
    base = results("0.01", [page("floor", 1.0), page("search", 10.0), page("new", 3.0)])
    base["pages"].pop()  # "new" did not exist in the older run
    full = results(
        "1.0",
        [page("floor", 1.0), page("search", 15.0), page("new", 3.0)],
        date="2026-05-02T10:00:00Z",
    )
    comparison = report.compare_scales(base, full)
    assert comparison["pages"]["search"] == {
        "name": "Search",
        "p50_base_ms": 10.0,
        "p50_ms": 15.0,
        "ratio": 1.5,
        "passed": True,
        "binding": True,
        "note": "",
    }
    assert "new" not in comparison["pages"]
    assert comparison["passed"] is True
    assert comparison["base_date"] == "2026-05-01T10:00:00Z"


def test_compare_scales_fails_above_the_limit_and_counts_at_full_scale_only() -> None:
    base = results("0.01", [page("search", 10.0)])
    full = results("1.0", [page("search", 16.0)])
    full["scale_comparison"] = report.compare_scales(base, full)
    assert full["scale_comparison"]["passed"] is False
    assert report.failures(full) == [
        "Search: p50 10.0 → 16.0 ms from scale 0.01 to 1.0 (1.60× > 1.5×)"
    ]
    base["scale_comparison"] = full["scale_comparison"]
    assert report.failures(base) == []


def test_compare_scales_shows_but_does_not_judge_the_national_request() -> None:
    """The national request's pool grows with the scale by design: its ratio is shown
    with the reason, and only the local request's counts."""
    base = results("0.01", [page("matching_local", 20.0), page("matching", 25.0)])
    full = results("1.0", [page("matching_local", 29.0), page("matching", 75.0)])
    full["scale_comparison"] = report.compare_scales(base, full)
    national = full["scale_comparison"]["pages"]["matching"]
    assert (national["ratio"], national["passed"], national["binding"]) == (3.0, False, False)
    assert full["scale_comparison"]["passed"] is True
    assert report.failures(full) == []
    block = report.render_run(full)
    assert "| Matching_Local | 20.0 | 29.0 | 1.45× | met |" in block
    assert (
        "| Matching | 25.0 | 75.0 | 3.00× | not judged: its candidate pool grows with the scale |"
    ) in block

    # The local request is judged like every other page.
    slow = results("1.0", [page("matching_local", 31.0)])
    slow["scale_comparison"] = report.compare_scales(base, slow)
    assert slow["scale_comparison"]["passed"] is False
    assert report.failures(slow) == [
        "Matching_Local: p50 20.0 → 31.0 ms from scale 0.01 to 1.0 (1.55× > 1.5×)"
    ]


def test_compare_rounds_takes_each_sides_median_of_its_rounds() -> None:
    measured = {
        "agenda": {"name": "Agenda", "base": [10.0, 12.0, 11.0], "full": [15.0, 30.0, 16.0]},
        "matching": {"name": "National", "base": [20.0, 20.0, 21.0], "full": [60, 61, 59]},
        "broken": {"name": "Broken", "base": [], "full": [5.0]},
    }
    comparison = report.compare_rounds(
        measured, base_scale="0.01", scale="1.0", date="2026-05-02T10:00:00Z", rounds=3, seconds=3
    )
    agenda = comparison["pages"]["agenda"]
    assert (agenda["p50_base_ms"], agenda["p50_ms"], agenda["ratio"]) == (11.0, 16.0, 1.45)
    assert agenda["passed"] and agenda["binding"]
    assert agenda["rounds_ms"] == [15.0, 30.0, 16.0]
    assert comparison["pages"]["matching"]["binding"] is False
    assert "broken" not in comparison["pages"]
    assert comparison["passed"] is True
    assert comparison["method"] == "interleaved"

    full = results("1.0", [page("agenda", 16.0)])
    full["scale_comparison"] = comparison
    block = report.render_run(full)
    assert (
        "Scale 0.01 → 1.0: single-client p50 (measured in this run against both data sets in "
        "turn, 3 rounds of 3 s with one client each; the median of the rounds' p50), limit 1.5×."
    ) in block
    assert "| Agenda | 11.0 | 16.0 | 1.45× | met |" in block

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
    assert "| Agenda | 11.0 | 15.0 | 1.36× | MISSED (2 errors during the rounds) |" in (
        report.render_run(full)
    )


def test_bench_compare_rounds_alternates_the_data_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    """ABBA: the base set first in even rounds and last in odd ones, each side with its
    own URL and session; pages that failed at full scale or are missing at the base scale
    are left out."""
    bench = _load("bench")
    calls: list[tuple[int, str, str | None]] = []

    def fake_wrk(port: int, url: str, cookie: str | None, shape: Any, seconds: int) -> Any:
        calls.append((port, url, cookie))
        assert (shape, seconds) == (bench.SINGLE, 2)
        return {"p50_ms": float(len(calls)), "error_count": int(url == "/personer/mine-oppdrag/")}

    monkeypatch.setattr(bench, "run_wrk", fake_wrk)
    monkeypatch.setattr(bench, "warm_up", lambda port, page, cookie: (200, [1, 1]))
    full_pages = pages_module.pages_for(bench_ids())
    base_pages = {p.key: p for p in pages_module.pages_for(bench_ids("annen"))}
    del base_pages["api"]
    found = bench.compare_rounds(
        (8001, full_pages, {"bench-rep@medvirk.test": "full-rep"}),
        (8002, {"pages": base_pages, "cookies": {"bench-rep@medvirk.test": "base-rep"}}),
        measured={"mine", "search", "api"},
        rounds=3,
        seconds=2,
    )
    assert list(found) == ["search", "mine"]
    assert [port for port, _url, _cookie in calls[:6]] == [8002, 8001, 8001, 8002, 8002, 8001]
    assert calls[0][1] == "/katalog/?q=annen" and calls[1][1] == "/katalog/?q=blinde%20forbund"
    assert found["search"] == {
        "name": "Directory search",
        "base": [1.0, 4.0, 5.0],
        "full": [2.0, 3.0, 6.0],
        "errors": 0,
    }
    assert found["mine"]["errors"] == 6  # every round on both sides failed here
    assert {cookie for port, _url, cookie in calls[6:] if port == 8002} == {"base-rep"}
    assert {cookie for port, _url, cookie in calls[6:] if port == 8001} == {"full-rep"}


def test_without_compare_with_only_a_full_run_reads_the_base_results_file(
    tmp_path: Path,
) -> None:
    bench = _load("bench")
    base = results("0.01", [page("search", 10.0)])
    full = results("1.0", [page("search", 12.0)])
    assert bench.compare_with_other_scale(full, tmp_path) is None  # no 0.01 file yet
    (tmp_path / "results-0.01.json").write_text(json.dumps(base))
    comparison = bench.compare_with_other_scale(full, tmp_path)
    assert comparison["pages"]["search"]["ratio"] == 1.2
    (tmp_path / "results-1.0.json").write_text(json.dumps(full))
    assert bench.compare_with_other_scale(base, tmp_path) is None


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
    run = results(
        "1.0",
        [page("floor", 0.8), page("search", 12.0, persona="bench-rep@medvirk.test", queries=16)],
    )
    report.add_floor_ratios(run["pages"])
    block = report.render_run(run)
    lines = block.splitlines()

    assert lines[0] == "<!-- run scale=1.0 date=2026-05-01T10:00:00Z -->"
    assert lines[1] == "### Scale 1.0 — 2026-05-01 10:00 UTC (full run)"
    assert "2 cores (Test CPU), Python 3.11.2, PostgreSQL 15.20" in block
    assert (
        "| Search `/search/` | bench-rep@medvirk.test | 12.0 | 24.0 | 28.8 | 10.0 | 36.0 "
        "| 60.0 | 72.0 | 10.0 | 0 | 16 | 15.0 | MISSED: queries |"
    ) in lines
    assert "| Floor `/floor/` | anonymous | 0.8 |" in block
    assert "- Search (/search/): 16 queries (≤ 15)" in lines
    assert lines[-1] == "<!-- /run -->"


def test_render_run_shows_the_scale_comparison() -> None:
    base = results("0.01", [page("search", 10.0)])
    full = results("1.0", [page("search", 16.0)])
    full["scale_comparison"] = report.compare_scales(base, full)
    block = report.render_run(full)
    assert "| Search | 10.0 | 16.0 | 1.60× | MISSED |" in block


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
    assert "| Search `/search/` | anonymous | 7.0 |" in text
    assert "| Search `/search/` | anonymous | 5.0 |" not in text
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


def bench_ids(search_word: str = "blinde forbund") -> Any:
    return pages_module.BenchIds(
        organisation=1,
        largest_service=2,
        arena=3,
        meeting=4,
        open_request=5,
        local_request=6,
        search_word=search_word,
        rep_email="bench-rep@medvirk.test",
        secretariat_email="bench-secretariat@medvirk.test",
        source="test",
    )


def test_pages_resolve_to_the_views_the_issue_names() -> None:
    pages = pages_module.pages_for(bench_ids())
    names = {entry.key: resolve(entry.url.split("?")[0]).view_name for entry in pages}

    assert pages[0].key == "floor"
    assert names == {
        "floor": "health",
        "search": "directory:list",
        "organisation": "directory:detail",
        "arena": "arenas:detail",
        "agenda": "meetings:detail",
        "accountability": "followup:service_accountability",
        "mine": "people:mine",
        "dashboard": "meetings:dashboard",
        "api": "api:list_organisations",
        "matching_local": "appointments:candidates",
        "matching": "appointments:candidates",
    }
    by_key = {entry.key: entry for entry in pages}
    assert by_key["search"].url == "/katalog/?q=blinde%20forbund"
    assert by_key["matching"].url == "/oppnevning/5/kandidater/"
    assert by_key["matching"].persona == "bench-secretariat@medvirk.test"
    assert by_key["matching_local"].url == "/oppnevning/6/kandidater/"
    assert by_key["matching_local"].persona == "bench-secretariat@medvirk.test"
    assert by_key["mine"].persona == "bench-rep@medvirk.test"
    assert by_key["agenda"].persona is None


def test_ids_from_scale_file_reads_the_generator_summary_or_gives_up() -> None:
    data: dict[str, Any] = {
        "scale": 0.01,
        "seed": 2026,
        "ids": {
            "largest_service": {"id": 12, "name": "Kommune", "advice": 40},
            "busy_arena": {"id": 13, "name": "Eldreråd", "meetings": 90},
            "agenda_meeting": {"id": 14, "items": 30, "arena_id": 13},
            "open_request": {"id": 15, "arena_id": 13},
            "local_request": {"id": 16, "arena_id": 13, "invitations": 8, "pool": 40},
            "big_user_organisation": {"id": 11, "name": "Landsforeningen"},
            "directory_search": "landsforeningen",
        },
        "personas": {
            "secretariat": {"email": "bench-secretariat@medvirk.test", "user_id": 1},
            "representative": {"email": "bench-rep@medvirk.test", "user_id": 2},
        },
    }
    ids = pages_module.ids_from_scale_file(data)
    assert (ids.organisation, ids.largest_service, ids.arena, ids.meeting) == (11, 12, 13, 14)
    assert (ids.open_request, ids.local_request, ids.search_word, ids.source) == (
        15,
        16,
        "landsforeningen",
        "generate_scale",
    )
    assert (ids.rep_email, ids.secretariat_email) == (
        "bench-rep@medvirk.test",
        "bench-secretariat@medvirk.test",
    )
    # A summary from before the local request existed: the data must be generated anew.
    older = copy.deepcopy(data)
    del older["ids"]["local_request"]
    assert pages_module.ids_from_scale_file(older) is None
    data["ids"]["agenda_meeting"]["id"] = None
    assert pages_module.ids_from_scale_file(data) is None
    del data["ids"]["agenda_meeting"]
    assert pages_module.ids_from_scale_file(data) is None


def test_an_older_generator_summary_means_generating_anew() -> None:
    """A database generated before the local request existed is generated again
    (before the database is even asked)."""
    bench = _load("bench")
    summary: dict[str, Any] = {
        "scale": 0.01,
        "seed": 2026,
        "database": {"name": "medvirk_bench_0_01"},
        "ids": {"open_request": {"id": 15}},
    }
    holds, why = bench.holds_dataset(summary, "0.01", 2026, "medvirk_bench_0_01")
    assert (holds, why) == (
        False,
        "the summary lacks pages the benchmark measures (an older generator)",
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


def test_only_keeps_the_floor_and_the_pages_named() -> None:
    bench = _load("bench")
    pages = pages_module.pages_for(bench_ids())
    assert bench.select_pages(pages, []) == pages
    chosen = bench.select_pages(pages, ["dashboard", "/kandidater/"])
    assert [page.key for page in chosen] == ["floor", "dashboard", "matching_local", "matching"]
    chosen = bench.select_pages(pages, ["local"])
    assert [page.key for page in chosen] == ["floor", "matching_local"]
    assert [page.key for page in bench.select_pages(pages, ["nothing like it"])] == ["floor"]


@pytest.mark.django_db
def test_ids_from_queries_finds_a_local_request_on_demo_data() -> None:
    """Without generate_scale's summary (demo data) the local request is another open
    request of the same service that invites someone — never an empty draft — and the
    national one when there is no such request."""
    from django.core.management import call_command

    from medvirk.appointments.enums import RequestStatus
    from medvirk.appointments.models import AppointmentRequest, Invitation
    from tests.factories import OrganisationFactory

    call_command("load_demo", verbosity=0)
    ids = pages_module.ids_from_queries()
    national = AppointmentRequest.objects.get(pk=ids.open_request)
    others = AppointmentRequest.objects.filter(
        arena__owner_id=national.arena.owner_id, status=RequestStatus.OPEN
    ).exclude(pk=national.pk)
    if not others.filter(invitations__isnull=False).exists():
        assert ids.local_request == ids.open_request

    def open_request(invited: int) -> AppointmentRequest:
        request = AppointmentRequest.objects.create(
            arena=national.arena,
            title=f"Lokal {invited}",
            member_seats=1,
            term_starts_on=national.term_starts_on,
            term_ends_on=national.term_ends_on,
            deadline=national.deadline,
            status=RequestStatus.OPEN,
        )
        for _ in range(invited):
            Invitation.objects.create(request=request, organisation=OrganisationFactory())
        return request

    open_request(0)  # an empty request is never the page measured
    local = open_request(1)
    ids = pages_module.ids_from_queries()
    assert ids.open_request == national.pk
    assert ids.local_request == local.pk
