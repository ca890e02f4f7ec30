#!/usr/bin/env python
"""Load benchmark of the key pages on PostgreSQL (issue 6; see docs/benchmark.md).

  .venv/bin/python scripts/bench.py --scale 1.0 --database-url postgres://postgres@127.0.0.1/medvirk_bench
  .venv/bin/python scripts/bench.py --smoke --scale 0.01 --database-url … --drop-after

1. creates the database if missing, migrates it and runs ``generate_scale`` unless the
   database already holds that scale and seed;
2. starts gunicorn (``--workers``, 2 x cores + 1 as deployed) with ``MEDVIRK_QUERY_COUNT_HEADER=1`` on a free port;
3. logs the personas in by writing sessions straight into the session store;
4. warms every page up and checks it answers 200, reads ``X-Query-Count`` twice;
5. drives each page with wrk (``scripts/bench.lua``): 1 client, then 16;
6. with ``--compare-with URL`` (``make bench`` passes the 0.01 database), prepares that
   data set too (in a child process: Django holds one database per process), serves it
   from a second gunicorn and measures each page against both, one client, in
   alternating rounds, so that the 0.01 → 1.0 ratio does not ride on the machine's drift
   between two runs;
7. judges the targets, writes ``<out>/results-<scale>.json`` and (full runs) the table in
   ``docs/benchmark.md``. Exits 1 when a binding target is missed, 2 when the run broke.
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import hashlib
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_report  # noqa: E402
import bench_routes  # noqa: E402

LUA = ROOT / "scripts" / "bench.lua"
DOCS = ROOT / "docs" / "benchmark.md"
BIN = Path(sys.executable).parent
WARMUP_REQUESTS = 5
# The floor phase before each page, seconds.
FLOOR_SECONDS = 1
WRK_TIMEOUT = "10s"
CONCURRENT = ("-t2", "-c16")
SINGLE = ("-t1", "-c1")
# The scale comparison (--compare-with): rounds of one client against each data set in
# turn (ABBA order), each this many seconds; the smoke test's are shorter.
COMPARE_ROUNDS = 2
COMPARE_SECONDS = 1
# The smoke test compares the first pages only: it exercises the path, and every page
# measured twice more would double its time.
SMOKE_COMPARED = 5
# The floor may move this much within a run before the run is not judged; pages whose
# floor strayed are measured again at most this many times.
FLOOR_SPREAD = 2.0
# The smoke test times each route with this many requests of its own (no wrk).
SMOKE_REQUESTS = 3
FLOOR_RETRIES = 2
BASE_JSON = "BENCH_BASE_JSON "
# The benchmark's own Redis database.
BENCH_CACHE_URL = "redis://127.0.0.1:6379/14"


class BenchError(Exception):
    """The run could not be carried out (not a missed target)."""


def say(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- the database ---------------------------------------------------------------------


def database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchError(f"--database-url must be a postgres:// URL, not {parts.scheme}://")
    name = parts.path.lstrip("/")
    if not name or "/" in name:
        raise BenchError(f"--database-url names no database: {url}")
    return name


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))


def ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = database_name(url)
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            say(f"database {name} exists")
            return
        say(f"creating database {name}")
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()
    name = database_name(url)
    say(f"dropping database {name}")
    with psycopg.connect(_maintenance_url(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def manage(*arguments: str, env: dict[str, str]) -> None:
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    say("running manage.py " + " ".join(arguments))
    started = time.monotonic()
    result = subprocess.run(command, env=env, cwd=ROOT, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BenchError(f"manage.py {' '.join(arguments)} failed (exit {result.returncode})")
    say(f"  done in {time.monotonic() - started:.0f} s")


# --- the data set ---------------------------------------------------------------------


def scale_file(scale: str, database: str) -> Path:
    """generate_scale's summary for one database (``var/scale-<scale>-<database>.json``):
    one per database, so that the smoke test's throwaway database does not overwrite the
    record of the 0.01 data set the full run compares with."""
    from django.conf import settings

    return Path(settings.VAR_DIR) / f"scale-{scale}-{database}.json"


def read_scale_file(scale: str, database: str) -> dict[str, Any] | None:
    path = scale_file(scale, database)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def holds_dataset(
    info: dict[str, Any] | None, scale: str, seed: int, database: str
) -> tuple[bool, str]:
    """Whether the database holds what generate_scale recorded in its summary, and why not."""
    from medvirk.accounts.models import User
    from medvirk.directory.models import Organisation

    if info is None:
        return False, f"{_shown(scale_file(scale, database))} is missing"
    if bench_report.normalise_scale(str(info.get("scale"))) != scale or info.get("seed") != seed:
        return False, f"the summary is for scale {info.get('scale')} seed {info.get('seed')}"
    recorded = (info.get("database") or {}).get("name")
    if recorded != database:
        return False, f"the summary is for database {recorded}"
    from medvirk.scale.generator import WIPED_APPS

    older = [app for app in WIPED_APPS if app not in (info.get("apps") or [])]
    if older:
        return False, f"the summary lacks the apps {', '.join(older)} (an older generator)"
    lacking = bench_routes.lacking_personas(info)
    if lacking:
        return False, f"the summary lacks the personas {', '.join(lacking)} (an older generator)"
    organisations = Organisation.objects.count()
    expected = (info.get("rows") or {}).get(Organisation._meta.db_table)
    if organisations == 0:
        return False, "the database is empty"
    if expected != organisations:
        return False, f"the database has {organisations} organisations, the summary {expected}"
    email = ((info.get("personas") or {}).get("secretariat") or {}).get("email")
    if not email or not User.objects.filter(email=email).exists():
        return False, "the secretariat persona is missing"
    return True, f"the database holds scale {scale} seed {seed} ({organisations} organisations)"


def prepare_data(
    scale: str, seed: int, database: str, env: dict[str, str], *, existing: bool
) -> dict[str, Any] | None:
    """Generate the data set when needed. Returns the generator's summary, or None when
    the benchmark runs on other data (``--existing-data``, or no generator installed)."""
    from django.core.management import get_commands

    from medvirk.directory.models import Organisation

    info = read_scale_file(scale, database)
    holds, why = holds_dataset(info, scale, seed, database)
    if existing or "generate_scale" not in get_commands():
        if holds:
            say(f"using the data as it is: {why}")
            return info
        if not Organisation.objects.exists():
            say("the database is empty: loading the demo data")
            manage("load_demo", env=env)
        say("using the data as it is (not generate_scale's); the pages are found by query")
        return None
    if holds:
        say(f"skipping generate_scale: {why}")
        return info
    arguments = ["generate_scale", "--scale", scale, "--seed", str(seed)]
    arguments += ["--summary-file", str(scale_file(scale, database))]
    if Organisation.objects.exists():
        if "bench" not in database:
            raise BenchError(
                f"{database} holds other data ({why}). Use an empty database, or one whose "
                "name contains 'bench' (the benchmark then regenerates it with --force), "
                "or --existing-data to benchmark the data as it is."
            )
        say(f"regenerating with --force (wipes the generated tables): {why}")
        arguments.append("--force")
    else:
        say(f"generating: {why}")
    manage(*arguments, env=env)
    info = read_scale_file(scale, database)
    holds, why = holds_dataset(info, scale, seed, database)
    if not holds:
        raise BenchError(f"generate_scale ran but {why}")
    return info


def dataset_counts() -> dict[str, int]:
    from medvirk.appointments.models import AppointmentRequest
    from medvirk.arenas.models import Arena
    from medvirk.directory.models import Organisation
    from medvirk.followup.models import Advice
    from medvirk.meetings.models import AgendaItem, CaseDocument, Meeting
    from medvirk.people.models import Person

    models: dict[str, Any] = {
        "organisations": Organisation,
        "people": Person,
        "arenas": Arena,
        "meetings": Meeting,
        "agenda_items": AgendaItem,
        "documents": CaseDocument,
        "advice": Advice,
        "appointment_requests": AppointmentRequest,
    }
    return {name: model.objects.count() for name, model in models.items()}


# --- sessions -------------------------------------------------------------------------


def login_cookie(email: str) -> str:
    """A session for the user written straight into the session store, as
    ``Client.force_login`` does; the Cookie header value that carries it."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from medvirk.accounts.models import User

    try:
        user = User.objects.get(email=email)
    except User.DoesNotExist:
        raise BenchError(f"the persona {email} is not in the database") from None
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


# gunicorn's sync workers per server: as docs/scale-out.md deploys it (2 x cores + 1), so
# that one worker waiting on PostgreSQL leaves the cores to another.
WORKERS = 2 * (os.cpu_count() or 1) + 1

# --- gunicorn -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_gunicorn(
    port: int, env: dict[str, str], log: Path, workers: int = 2
) -> subprocess.Popen[bytes]:
    command = [
        str(BIN / "gunicorn"),
        "medvirk.wsgi",
        "-w",
        str(workers),
        "-b",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    say(
        f"starting gunicorn ({workers} workers) on 127.0.0.1:{port}; log in {log.relative_to(ROOT)}"
    )
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_gunicorn(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    say("stopping gunicorn")
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def get(port: int, url: str, cookie: str | None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited ({process.returncode}):\n{_tail(log)}")
        try:
            if get(port, "/helse/", None)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer /helse/ within 60 s:\n{_tail(log)}")


def _tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# --- one page -------------------------------------------------------------------------


def probe(
    port: int, page: Any, cookies: dict[str, str], *, first_only: bool = False
) -> dict[str, Any]:
    """The page as every persona: its status and statements (``X-Query-Count``, read on
    two requests after one warm-up; they must agree). Returns ``{persona: {...}}``.
    ``first_only`` (the smoke test) asks only the route's own personas, in order, until
    one gets a 200: tests/scale_bench/test_routes.py checks every persona's statements."""
    found: dict[str, Any] = {}
    for persona in page.personas if first_only else bench_routes.PERSONAS:
        cookie = cookies.get(persona)
        if persona != bench_routes.ANONYMOUS and cookie is None:
            continue
        get(port, page.url, cookie)
        counts: list[int | None] = []
        status = 0
        for _ in range(2):
            status, headers, _body = get(port, page.url, cookie)
            value = headers.get("X-Query-Count")
            counts.append(int(value) if value is not None else None)
        found[persona] = {
            "status": status,
            "queries": max((c for c in counts if c is not None), default=None),
            "stable": bench_report.queries_stable(counts),
        }
        if first_only and status == 200:
            break
    return found


def timed_persona(page: Any, access: dict[str, Any]) -> str | None:
    """The first persona in the route's order that got a 200."""
    for persona in page.personas:
        if (access.get(persona) or {}).get("status") == 200:
            return str(persona)
    return None


def warm_up(port: int, url: str, cookie: str | None) -> int:
    """The status after a warm-up (the first non-200 ends it)."""
    status = 0
    for _ in range(WARMUP_REQUESTS):
        status, headers, body = get(port, url, cookie)
        if status != 200:
            location = headers.get("Location", "")
            text = body.decode(errors="replace").strip().splitlines()[:8]
            print(
                f"\n!! {url} answered {status}"
                + (f" → {location}" if location else "")
                + "\n"
                + "\n".join("   " + line for line in text),
                flush=True,
            )
            return status
    return status


def first_byte_ms(port: int, url: str, cookie: str | None, times: int = 5) -> float:
    """The median time to the response's first body byte (for downloads)."""
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", url, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read(1)
            samples.append((time.perf_counter() - started) * 1000)
            response.read()
        finally:
            conn.close()
    return round(sorted(samples)[len(samples) // 2], 2)


def run_wrk(port: int, url: str, cookie: str | None, shape: tuple[str, str], seconds: int) -> Any:
    command = ["wrk", *shape, f"-d{seconds}s", "--timeout", WRK_TIMEOUT, "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{url}")
    result = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=seconds + 60, check=False
    )
    if result.returncode != 0:
        raise BenchError(f"wrk failed ({result.returncode}): {result.stderr.strip()}")
    return bench_report.parse_wrk_output(result.stdout)


def timed_requests(port: int, url: str, cookie: str | None, times: int) -> dict[str, Any]:
    """A phase of ``times`` sequential requests timed here (the smoke test's, instead of
    wrk's seconds): the same shape as :func:`bench_report.parse_wrk_output`'s."""
    samples, errors = [], 0
    started = time.perf_counter()
    for _ in range(times):
        begun = time.perf_counter()
        status, _headers, _body = get(port, url, cookie)
        samples.append((time.perf_counter() - begun) * 1000)
        errors += status >= 400
    samples.sort()
    duration = time.perf_counter() - started

    def at(share: float) -> float:
        return round(samples[min(len(samples) - 1, int(share * len(samples)))], 2)

    return {
        "requests": times,
        "duration_s": round(duration, 3),
        "rps": round(times / duration, 1) if duration else 0.0,
        "p50_ms": at(0.5),
        "p95_ms": at(0.95),
        "p99_ms": at(0.99),
        "mean_ms": round(sum(samples) / len(samples), 2),
        "max_ms": round(samples[-1], 2),
        "errors": {"connect": 0, "read": 0, "write": 0, "status": errors, "timeout": 0},
        "error_count": errors,
    }


def floor_now(port: int) -> float:
    """One short floor phase (the bare view, one client): its p50 in ms."""
    return float(run_wrk(port, "/helse/", None, SINGLE, FLOOR_SECONDS)["p50_ms"])


def bench_page(
    port: int, page: Any, cookies: dict[str, str], seconds: int, *, concurrent: bool
) -> dict[str, Any]:
    """Who may see the page and what it costs each; then, as the first persona that may,
    a floor phase, one client, and (full runs) 16 clients."""
    access = probe(port, page, cookies, first_only=not concurrent)
    persona = timed_persona(page, access)
    seen = access.get(persona or "") or {}
    result: dict[str, Any] = {
        "key": page.key,
        "name": page.name,
        "url": page.url,
        "kind": page.kind,
        "persona": persona,
        "status": seen.get("status")
        or max((entry["status"] for entry in access.values()), default=0),
        "queries": seen.get("queries"),
        "queries_stable": seen.get("stable", False),
        "access": access,
        "single": None,
        "concurrent": None,
        "floor_ms": None,
        "first_byte_ms": None,
        "floor_ratio": None,
    }
    if persona is None:
        say(f"  {page.key}: no persona got a 200: {_statuses(access)}")
        return result
    cookie = cookies.get(persona)
    if concurrent and warm_up(port, page.url, cookie) != 200:
        result["status"] = 0
        return result
    if not concurrent:  # the smoke test: a few requests, no wrk, no floor phase per page
        result["single"] = timed_requests(port, page.url, cookie, SMOKE_REQUESTS)
        say(
            f"  {page.key} as {persona}: p50 {result['single']['p50_ms']:.1f} ms; "
            f"{result['queries']} statements"
        )
        return result
    result["floor_ms"] = floor_now(port)
    result["single"] = run_wrk(port, page.url, cookie, SINGLE, seconds)
    if concurrent:
        result["concurrent"] = run_wrk(port, page.url, cookie, CONCURRENT, seconds)
    if page.kind == "export":
        result["first_byte_ms"] = first_byte_ms(port, page.url, cookie)
    single = result["single"]
    say(
        f"  {page.key} as {persona}: p50 {single['p50_ms']:.1f} ms (floor "
        f"{result['floor_ms']:.2f}); {result['queries']} statements; "
        + ", ".join(f"{k[:5]} {v['status']}/{v['queries']}" for k, v in access.items())
    )
    return result


def _statuses(access: dict[str, Any]) -> str:
    return ", ".join(f"{persona} {entry['status']}" for persona, entry in access.items())


# --- the run --------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    import django
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    wrk = subprocess.run(
        ["wrk", "--version"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": pg_version.split()[0],
        "wrk": (wrk.stdout or wrk.stderr).split("[")[0].replace("wrk", "").strip(),
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "load_average": round(os.getloadavg()[0], 2),
        "platform": platform.platform(),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--scale", required=True, help="0.01, 0.1 or 1.0")
    parser.add_argument("--database-url", required=True, help="postgres://…/<database>")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--duration", type=int, default=3, help="seconds per load phase")
    parser.add_argument(
        "--workers",
        type=int,
        default=WORKERS,
        help=f"gunicorn sync workers per server (default {WORKERS}: 2 x cores + 1)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench")
    parser.add_argument("--docs", type=Path, default=DOCS, help="Markdown file with the table")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="2 s phases; checks only 200, no errors, ≤ 15 queries; leaves the docs alone",
    )
    parser.add_argument(
        "--existing-data",
        action="store_true",
        help="never run generate_scale: benchmark what the database holds "
        "(load_demo data when it is empty)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="measure only the pages whose URL or name contains TEXT (repeatable; the floor "
        "is always measured); a partial run leaves the docs alone",
    )
    parser.add_argument("--drop-after", action="store_true", help="drop the database at the end")
    parser.add_argument(
        "--compare-with",
        metavar="URL",
        help="the scale 0.01 database to measure alongside, for the 0.01 → 1.0 ratio "
        "(generated there when missing)",
    )
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def server_environment(url: str) -> dict[str, str]:
    """The environment of this process's Django and of a gunicorn serving ``url``."""
    env = dict(os.environ)
    # One key for this process (it signs the sessions), its child preparing the other
    # data set, and the gunicorns (they read the sessions).
    key = os.environ.get("MEDVIRK_BENCH_SECRET_KEY") or secrets.token_urlsafe(64)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "medvirk.settings",
            "MEDVIRK_DATABASE_URL": url,
            "MEDVIRK_QUERY_COUNT_HEADER": "1",
            "MEDVIRK_DEBUG": "false",
            "MEDVIRK_ALLOWED_HOSTS": "127.0.0.1",
            # Plain http on loopback (wrk and the logins): declared, and refused by the
            # settings if a host were not a loopback address (docs/operations-runtime.md).
            "MEDVIRK_TLS": "loopback",
            "MEDVIRK_SECURE_COOKIES": "false",
            # As in production with more than one process: one cache for all workers.
            "MEDVIRK_CACHE_URL": os.environ.get("MEDVIRK_CACHE_URL", BENCH_CACHE_URL),
            # Each data set's entries apart from the other's (and from other installations
            # on that Redis): cached pages of one must never be served for the other.
            "MEDVIRK_CACHE_KEY_PREFIX": f"bench:{database_name(url)}",
            "MEDVIRK_BENCH_SECRET_KEY": key,
            "MEDVIRK_SECRET_KEY": key,
            # Payment details are encrypted with it (compensation/crypto.py); derived from
            # the secret key so every bench process reads the others' rows.
            "MEDVIRK_FIELD_KEYS": base64.urlsafe_b64encode(
                hashlib.sha256(key.encode()).digest()
            ).decode(),
        }
    )
    return env


def configure_environment(url: str) -> dict[str, str]:
    env = server_environment(url)
    os.environ.update(env)
    return env


def forget_cached_pages(*urls: str) -> None:
    """Delete the cache entries of these databases' data sets (their key prefixes), and
    nothing else on that Redis: generate_scale writes without the model signals, so
    entries cached from an earlier data set would otherwise be read for up to five
    minutes. Sessions are written after this."""
    import redis

    location = os.environ.get("MEDVIRK_CACHE_URL", BENCH_CACHE_URL)
    client = redis.Redis.from_url(location)
    for url in urls:
        prefix = server_environment(url)["MEDVIRK_CACHE_KEY_PREFIX"]
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def broke(message: str) -> int:
    """Exit status 2: the run itself broke (1 is kept for missed targets)."""
    print(f"\n!! the benchmark could not run: {message}", file=sys.stderr, flush=True)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        scale = bench_report.normalise_scale(args.scale)
    except ValueError as error:
        return broke(f"--scale: {error}")
    seconds = 2 if args.smoke else args.duration
    if shutil.which("wrk") is None:
        return broke("wrk is not installed: run `make bench-deps` (apt-get install wrk).")
    env = configure_environment(args.database_url)
    started = datetime.now(UTC)
    import psycopg

    try:
        ensure_database(args.database_url)
    except (BenchError, psycopg.Error) as error:
        return broke(f"the database server: {error}")
    try:
        manage("migrate", "-v", "0", env=env)
        import django

        django.setup()
        if args.prepare_only:
            _info, pages, _missing, cookies = prepare_pages(args, scale=scale)
            found = {"pages": [dataclasses.asdict(page) for page in pages], "cookies": cookies}
            print(BASE_JSON + json.dumps(found), flush=True)
            return 0
        forget_cached_pages(*filter(None, [args.database_url, args.compare_with]))
        results = run(args, scale=scale, seconds=seconds, env=env, started=started)
    except BenchError as error:
        return broke(str(error))
    finally:
        if args.drop_after:
            drop_database(args.database_url)
    missed = bench_report.failures(results)
    if missed:
        return 1
    if not bench_report.judged(results):
        print(
            "\n!! the floor moved more than "
            f"{bench_report.TARGETS.floor_spread}× within the run: its timings are not "
            "judged. Run it again on a quieter machine.",
            flush=True,
        )
        return 3
    say("all binding targets met")
    return 0


def run(
    args: argparse.Namespace, *, scale: str, seconds: int, env: dict[str, str], started: datetime
) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connections

    info, pages, missing, cookies = prepare_pages(args, scale=scale)
    partial = bool(args.only)
    if args.compare_with == args.database_url:
        # The same database (the smoke test exercising the path): its own pages and
        # sessions; a second preparation would replace the calendar feed made for this one.
        base = {"pages": {page.key: page for page in pages}, "cookies": cookies}
    else:
        base = prepare_base(args) if args.compare_with else None
    rounds, round_seconds = (1, 1) if args.smoke else (COMPARE_ROUNDS, COMPARE_SECONDS)
    counts = dataset_counts()
    machine = machine_info()
    connections.close_all()

    port = free_port()
    log = Path(settings.VAR_DIR) / f"bench-gunicorn-{scale}.log"
    process = start_gunicorn(port, env, log, args.workers)
    base_process = None
    page_results: list[dict[str, Any]] = []
    comparison_rounds: dict[str, Any] | None = None
    floor_check: dict[str, Any] = {}
    try:
        wait_until_up(port, process, log)
        measure = lambda page: bench_page(  # noqa: E731
            port, page, cookies, seconds, concurrent=not args.smoke
        )
        for number, page in enumerate(pages, 1):
            say(f"[{number}/{len(pages)}] {page.key} {page.url}")
            page_results.append(measure(page))
        if args.smoke:  # no per-page floor phases: the floor page's own figure
            floor_p50 = page_results[0]["single"]["p50_ms"] if page_results[0]["single"] else None
            floor_check = bench_report.floor_spread(
                [floor_p50] if floor_p50 else [], limit=FLOOR_SPREAD
            )
        else:
            floor_check = steady_floor(page_results, pages, measure)
        if base is not None:
            base_port = free_port()
            base_log = Path(settings.VAR_DIR) / f"bench-gunicorn-{scale}-base.log"
            base_process = start_gunicorn(
                base_port, server_environment(args.compare_with), base_log, args.workers
            )
            wait_until_up(base_port, base_process, base_log)
            comparison_rounds = compare_rounds(
                (port, cookies),
                (base_port, base),
                page_results,
                rounds=rounds,
                seconds=round_seconds,
                limit=SMOKE_COMPARED if args.smoke else None,
            )
    finally:
        try:
            stop_gunicorn(process)
        finally:
            if base_process is not None:
                stop_gunicorn(base_process)
    bench_report.add_floor_ratios(page_results)

    results: dict[str, Any] = {
        "scale": scale,
        "seed": args.seed,
        "smoke": args.smoke,
        "date": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "duration_s": seconds,
        "workers": args.workers,
        "machine": {**machine, "load_average_end": round(os.getloadavg()[0], 2)},
        "floor": floor_check,
        "dataset": {
            "source": "generate_scale" if info is not None else "the database as it is",
            "description": bench_report.describe_dataset(
                counts, generated=info is not None, scale=scale, seed=args.seed
            ),
            "counts": counts,
        },
        "targets": bench_report.TARGETS.__dict__,
        "pages": page_results,
        "not_measured": missing,
        "left_out": bench_routes.left_out_table(),
    }
    for entry in page_results:
        entry["verdicts"] = bench_report.judge_page(entry, scale=scale, smoke=args.smoke)
    if comparison_rounds is not None:
        results["scale_comparison"] = bench_report.compare_rounds(
            comparison_rounds,
            base_scale=bench_report.BASE_SCALE,
            scale=scale,
            date=results["date"],
            rounds=rounds,
            seconds=round_seconds,
        )
    else:
        results["scale_comparison"] = None
    results["failures"] = bench_report.failures(results)
    results["passed"] = not results["failures"]

    args.out.mkdir(parents=True, exist_ok=True)
    name = bench_report.results_filename(scale, smoke=args.smoke)
    path = args.out / (name.replace(".json", "-partial.json") if partial else name)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    say(f"wrote {_shown(path)}")
    markdown = path.with_suffix(".md")
    block = bench_report.render_run(results)
    markdown.write_text(block)
    say(f"wrote {_shown(markdown)}")
    summary = bench_report.render_summary(results)
    print("\n" + summary, flush=True)
    if not args.smoke and not partial:
        args.docs.write_text(bench_report.update_docs(args.docs.read_text(), block))
        say(f"updated the table in {_shown(args.docs)}")
    return results


def steady_floor(results: list[dict[str, Any]], pages: list[Any], measure: Any) -> dict[str, Any]:
    """The floor phases of the run (one before each page) must stay within
    ``FLOOR_SPREAD``× of each other. Pages whose floor strayed from the run's median
    by more than its square root are measured again (``FLOOR_RETRIES`` times at most);
    if the floor still moved more than that, the run is not judged (it says so)."""
    by_key = {page.key: page for page in pages}
    retries = 0
    while True:
        floors = [r["floor_ms"] for r in results if r.get("floor_ms")]
        check = bench_report.floor_spread(floors, limit=FLOOR_SPREAD)
        if check["steady"] or retries >= FLOOR_RETRIES:
            check["retries"] = retries
            if not check["steady"]:
                say(
                    f"!! the floor moved {check['spread']:.1f}× within the run (more than "
                    f"{FLOOR_SPREAD}×) after {retries} re-measurements: the run is not judged"
                )
            return check
        retries += 1
        strays = bench_report.floor_strays(results, check["median_ms"], limit=FLOOR_SPREAD)
        say(
            f"the floor moved {check['spread']:.1f}× within the run: measuring "
            f"{len(strays)} page(s) again (attempt {retries})"
        )
        for index in strays:
            results[index] = measure(by_key[results[index]["key"]])


def prepare_pages(
    args: argparse.Namespace, *, scale: str
) -> tuple[dict[str, Any] | None, list[Any], dict[str, str], dict[str, str]]:
    """The data set in place (generate_scale's summary), the pages to measure, the routes
    that could not be (no object of their kind), and a session cookie per persona."""
    info = prepare_data(
        scale,
        args.seed,
        database_name(args.database_url),
        dict(os.environ),
        existing=args.existing_data,
    )
    if info is None:
        raise BenchError(
            "the benchmark needs generate_scale's data and summary (its personas name who "
            "reads each page)"
        )
    pages, missing = bench_routes.pages(bench_routes.Picker(info), args.only)
    for key, why in missing.items():
        say(f"  not measured: {key}: {why}")
    cookies = {
        persona: login_cookie(entry["email"])
        for persona, entry in sorted((info.get("personas") or {}).items())
    }
    say("logged in: " + ", ".join(cookies))
    return info, pages, missing, cookies


def prepare_base(args: argparse.Namespace) -> dict[str, Any]:
    """Prepare the comparison data set (``--compare-with``) in a child process, since
    Django holds one database per process: generated when missing, its pages, and
    sessions for its personas. Returns ``{"pages": {key: page}, "cookies": …}``."""
    say(f"preparing the scale {bench_report.BASE_SCALE} data set to compare with")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--scale",
        bench_report.BASE_SCALE,
        "--database-url",
        args.compare_with,
        "--seed",
        str(args.seed),
        "--prepare-only",
        *(f"--only={text}" for text in args.only),
    ]
    if args.existing_data:
        command.append("--existing-data")
    child = subprocess.run(  # noqa: S603
        command, env=dict(os.environ), capture_output=True, text=True, check=False
    )
    found = None
    for line in child.stdout.splitlines():
        if line.startswith(BASE_JSON):
            found = json.loads(line[len(BASE_JSON) :])
        else:
            print(f"  {line}", flush=True)
    if child.returncode != 0 or found is None:
        raise BenchError(
            f"preparing {database_name(args.compare_with)} failed ({child.returncode}): "
            + child.stderr.strip()[-2000:]
        )
    pages = {
        page["key"]: bench_routes.Page(**{**page, "personas": tuple(page["personas"])})
        for page in found["pages"]
    }
    return {"pages": pages, "cookies": found["cookies"]}


def compare_rounds(
    full: tuple[int, dict[str, str]],
    base: tuple[int, dict[str, Any]],
    measured: list[dict[str, Any]],
    *,
    rounds: int,
    seconds: int,
    limit: int | None = None,
) -> dict[str, Any]:
    """Each page's single-client p50 against both data sets in alternating rounds (ABBA:
    base first in even rounds, last in odd ones), so that both see the same machine,
    as the persona it was timed as; and each persona's statements on both data sets
    (they must be equal: a statement count that grows with the data is an N+1).
    Pages that did not answer 200 at full scale, or do not exist in the base set, are
    left out; ``limit`` compares only the first pages (the smoke test).
    Returns ``{key: {"name", "base": [p50…], "full": [p50…], "errors": n,
    "queries": {persona: [base, full]}}}``."""
    port, cookies = full
    base_port, prepared = base
    found: dict[str, Any] = {}
    for result in measured:
        other = prepared["pages"].get(result["key"])
        persona = result.get("persona")
        if persona is None or other is None:
            continue
        if limit is not None and len(found) >= limit:
            break
        other_cookie = prepared["cookies"].get(persona)
        cookie = cookies.get(persona)
        base_access = probe(base_port, other, prepared["cookies"])
        queries = {
            who: [(base_access.get(who) or {}).get("queries"), entry["queries"]]
            for who, entry in result["access"].items()
            if entry["status"] == 200 and (base_access.get(who) or {}).get("status") == 200
        }
        # Both warmed up again: cached entries from the main phases may have expired.
        if warm_up(base_port, other.url, other_cookie) != 200:
            say(f"  {result['key']}: did not answer 200 at {bench_report.BASE_SCALE}; left out")
            continue
        if warm_up(port, result["url"], cookie) != 200:
            continue
        entry: dict[str, Any] = {
            "name": result["name"],
            "base": [],
            "full": [],
            "errors": 0,
            "queries": queries,
        }
        for round_ in range(rounds):
            order = [("base", base_port, other.url, other_cookie)]
            order.append(("full", port, result["url"], cookie))
            for side, side_port, url, side_cookie in order if round_ % 2 == 0 else order[::-1]:
                phase = run_wrk(side_port, url, side_cookie, SINGLE, seconds)
                entry[side].append(phase["p50_ms"])
                entry["errors"] += phase["error_count"]
        base_scale = bench_report.BASE_SCALE
        say(f"  {result['key']}: p50 {entry['base']} ms at {base_scale}, {entry['full']} ms here")
        found[result["key"]] = entry
    return found


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
