"""Scale-out on one PostgreSQL: two app servers behind nginx, two task workers on Redis.

The stack is the one docs/scale-out.md describes, started by scripts/scaleout.py:
two gunicorns behind Debian's nginx, two ``rqworker`` processes (django-tasks-rq),
all sharing a throwaway PostgreSQL database of their own (the pytest database is
invisible to other processes until committed, so it cannot be used) and a Redis
database nobody else uses. The test drives it from outside, as users, cron and an
administrator would, and checks at a real SMTP server that a confirmation campaign
to 30 organisations and its reminders arrive exactly once each. Every mail is an
outbox row delivered by the RQ workers: ``run_periodic`` runs twice at once and
writes the 30 reminders to the outbox (each claimed by one of the two runs), the
workers deliver them, and one worker is restarted (SIGTERM, as systemd does) in the
middle of the delivery.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest
from aiosmtpd.controller import Controller

from medvirk.scale.management.commands.scaleout_fixture import ADMIN_EMAIL, contact_email
from tests.conftest import Mailbox, free_port
from tests.scaleout.conftest import LOUD, PROJECT_DIR, load_scaleout_script

ORGANISATIONS = 30
INVITATION = "Er opplysningene om"
REMINDER = "Påminnelse: bekreft opplysningene om"
DELIVERY_TASK = "medvirk.notifications.domain.delivery.deliver_mail"
REMINDER_JOB = "directory.campaign_reminders"
TOO_MANY = "For mange innloggingsforsøk"

pytestmark = [pytest.mark.scaleout, pytest.mark.real_clock]


# --- What the test needs from the machine ----------------------------------------------


def postgres_server_url() -> str:
    """The PostgreSQL server of this test run, or skip: a shared database must be a server."""
    url = os.environ.get("MEDVIRK_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip(
            "The scale-out test runs only on PostgreSQL: app servers and workers in separate "
            "processes share one database server (make test runs it in its PostgreSQL pass)."
        )
    return url


def require_nginx() -> None:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.skip(
            f"{LOUD}: nginx is not installed. Run `make bench-deps` (Debian's nginx-light)."
        )


def redis_url_base() -> str:
    return os.environ.get("MEDVIRK_SCALEOUT_REDIS", "redis://127.0.0.1:6379")


@pytest.fixture
def scaleout_requirements() -> str:
    """PostgreSQL's URL, once nginx and Redis are known to be there (else skip, loudly)."""
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    url = postgres_server_url()
    require_nginx()
    base = redis_url_base()
    try:
        Redis.from_url(f"{base}/0", socket_connect_timeout=2).ping()
    except RedisConnectionError:
        pytest.skip(f"{LOUD}: no Redis answers at {base}. Start redis-server.")
    return url


@pytest.fixture
def scaleout_database(scaleout_requirements: str) -> Iterator[str]:
    """A database of its own on the test run's PostgreSQL server, dropped afterwards."""
    import psycopg

    server = urlparse(scaleout_requirements)
    name = f"medvirk_scaleout_{os.getpid()}"
    admin_url = server._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CLAIM_KEY = "medvirk:scaleout:claim"


@pytest.fixture
def redis_db(scaleout_requirements: str) -> Iterator[str]:
    """An empty Redis database (15 down to 1) claimed for this test; flushed at the end."""
    from redis import Redis

    base = redis_url_base()
    for number in range(15, 0, -1):
        connection = Redis.from_url(f"{base}/{number}")
        if connection.set(CLAIM_KEY, os.getpid(), nx=True, ex=600):
            if connection.dbsize() == 1:
                connection.flushdb()
                connection.set(CLAIM_KEY, os.getpid(), ex=600)
                try:
                    yield f"{base}/{number}"
                finally:
                    connection.flushdb()
                    connection.close()
                return
            connection.delete(CLAIM_KEY)
        connection.close()
    pytest.skip(f"{LOUD}: every Redis database 1-15 at {base} holds data; none to use.")


@dataclass
class SMTPSink(Mailbox):
    """tests.conftest.Mailbox that also notes (recipient, subject) per delivery and can be slow."""

    received: list[tuple[str, str]] = field(default_factory=list)
    reminder_delay: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        subject = " ".join(str(message["Subject"]).split())  # unfolded
        if self.reminder_delay and subject.startswith(REMINDER):
            await asyncio.sleep(self.reminder_delay)
        self.messages.append(message)  # type: ignore[arg-type]
        for recipient in envelope.rcpt_tos:
            self.received.append((recipient, subject))
        return "250 OK"

    def count(self, prefix: str) -> int:
        return sum(1 for _, subject in list(self.received) if subject.startswith(prefix))


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SMTPSink, int]]:
    sink = SMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


@pytest.fixture
def stack(
    tmp_path: Path, scaleout_database: str, redis_db: str, smtp_sink: tuple[SMTPSink, int]
) -> Iterator[Any]:
    script = load_scaleout_script()
    stack = script.Stack(
        database_url=scaleout_database,
        redis_url=redis_db,
        directory=tmp_path / "stack",
        email_port=smtp_sink[1],
        # Three failed logins per address: enough to show the limit holds across processes.
        env={"MEDVIRK_LOGIN_RATE_LIMIT": "3/5m/key", "MEDVIRK_LOG_LEVEL": "WARNING"},
    )
    try:
        yield stack
    finally:
        stack.stop()


# --- Helpers -----------------------------------------------------------------------------


def wait_for(
    what: str,
    check: Callable[[], bool],
    timeout: float = 40.0,
    report: Callable[[], str] = lambda: "",
) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.\n{report()}")
        time.sleep(0.05)


def registries(redis_url: str) -> str:
    """Every RQ queue's waiting, started, finished and failed counts, for a failure report."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis_url)
    try:
        rows = []
        for name in ("default", "mail"):
            queue = Queue(name, connection=connection)
            rows.append(
                f"{name}: waiting {queue.count}, started {queue.started_job_registry.count} "
                f"{queue.started_job_registry.get_job_ids()}, finished "
                f"{queue.finished_job_registry.count}, failed {queue.failed_job_registry.count}"
            )
        return "\n".join(rows)
    finally:
        connection.close()


def jobs_settled(redis_url: str, total: int) -> bool:
    """Whether ``total`` jobs have finished or failed and none waits or runs.

    Counted from RQ's registries: a job taken from a queue passes through RQ's
    intermediate list before it is registered as started, so an empty queue alone
    does not mean the work is done.
    """
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis_url)
    try:
        done = 0
        for name in ("default", "mail"):
            queue = Queue(name, connection=connection)
            if queue.count or queue.started_job_registry.count:
                return False
            done += queue.finished_job_registry.count + queue.failed_job_registry.count
        return done >= total
    finally:
        connection.close()


def queued(redis_url: str, name: str = "mail") -> int:
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(redis_url)
    try:
        return int(Queue(name, connection=connection).count)
    finally:
        connection.close()


@dataclass
class JobRecord:
    id: str
    task: str
    worker: str
    status: str
    result: str


def finished_and_failed(redis_url: str) -> tuple[list[JobRecord], list[str]]:
    """Every finished job (task, the worker that ran it, its result) and the failed jobs' ids."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job

    connection = Redis.from_url(redis_url)
    try:
        records: list[JobRecord] = []
        failed: list[str] = []
        for name in ("default", "mail"):
            queue = Queue(name, connection=connection)
            failed += queue.failed_job_registry.get_job_ids()
            for job in Job.fetch_many(queue.finished_job_registry.get_job_ids(), connection):
                assert job is not None
                result = job.latest_result()
                assert result is not None
                records.append(
                    JobRecord(
                        id=str(job.id),
                        task=str(job.func_name),
                        worker=result.worker_name,
                        status=str(job.get_status()),
                        result=str(result.return_value),
                    )
                )
        return records, failed
    finally:
        connection.close()


def logged(stack: Any, text: str) -> list[int]:
    """How often ``text`` occurs in each app server's access log."""
    return [
        stack.access_log(number).read_text().count(text)
        for number in range(1, stack.app_servers + 1)
    ]


def jobs_done_by(stack: Any, name: str) -> int:
    process = stack.workers[name]
    return process.log.read_text(encoding="utf-8", errors="replace").count("Job OK")


def slot(worker_name: str) -> str:
    """scaleout-a-2 -> "a": the same worker restarted counts as the same worker."""
    return worker_name.split("-")[1]


def status(stack: Any) -> dict[str, Any]:
    return json.loads(stack.manage("scaleout_fixture", "status").stdout)


# --- The test ----------------------------------------------------------------------------


def test_campaign_and_reminders_go_out_exactly_once_through_the_scaled_out_stack(
    stack: Any, smtp_sink: tuple[SMTPSink, int], redis_db: str
) -> None:
    script = load_scaleout_script()
    sink, _port = smtp_sink
    stack.manage("migrate", "--no-input", "-v", "0", timeout=300)
    stack.manage("collectstatic", "--no-input", "-v", "0")
    stack.manage("scaleout_fixture", "populate", "--organisations", str(ORGANISATIONS))
    stack.start()

    # --- nginx spreads requests over both app servers and serves static files itself ---
    for number in range(20):
        code, _headers, body = script.http_get(f"{stack.base_url}/helse/?probe={number}")
        assert (code, body) == (200, b"ok\n")
    code, _headers, body = script.http_get(f"{stack.base_url}/katalog/?q=Skaleringsforeningen")
    assert code == 200
    assert "Skaleringsforeningen nr. 1" in body.decode()
    # gunicorn writes the line after the response: wait for the last ones.
    wait_for("gunicorn's access log lines", lambda: sum(logged(stack, "/helse/?probe=")) == 20)
    served = logged(stack, "/helse/?probe=")
    assert min(served) >= 5, f"nginx did not spread the requests: {served}"
    nginx_log = (stack.logs / "medvirk-access.log").read_text()
    upstreams = set(re.findall(r"upstream=(127\.0\.0\.1:\d+)", nginx_log))
    assert upstreams == {f"127.0.0.1:{port}" for port in stack.app_ports}

    code, headers, body = script.http_get(f"{stack.base_url}/static/medvirk/medvirk.css")
    assert code == 200
    assert body == (PROJECT_DIR / "src/medvirk/static/medvirk/medvirk.css").read_bytes()
    assert headers["Cache-Control"] == "public, max-age=3600"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert script.http_get(f"{stack.base_url}/media/anything.pdf")[0] == 404
    for number in range(1, stack.app_servers + 1):
        log = stack.access_log(number).read_text()
        assert "/static/" not in log
        assert "/media/" not in log

    # --- Login rate limits live in Redis, so they hold across both app servers ---------
    assert_failed_logins_limited_across_app_servers(stack, script)

    # --- The campaign: 30 invitations, spread over both workers ---------------------------
    started = json.loads(stack.manage("scaleout_fixture", "campaign").stdout)
    assert started["recipients"] == ORGANISATIONS
    wait_for(
        "30 invitations at the SMTP server and 30 jobs done",
        lambda: sink.count(INVITATION) >= ORGANISATIONS and jobs_settled(redis_db, ORGANISATIONS),
    )

    invitation_jobs, failed = finished_and_failed(redis_db)
    assert failed == []
    invitations = Counter(slot(r.worker) for r in invitation_jobs)
    assert set(invitations) == {"a", "b"}, invitations

    # --- Reminders: cron runs run_periodic twice at once while the workers are being
    # redeployed; both runs list every due reminder, each is claimed by one of them and
    # written to the outbox; the deliveries wait in Redis for the workers ---------------
    for process in list(stack.workers.values()):
        assert process.stop() == 0, process.tail(80)  # SIGTERM: a warm shutdown
    moved = json.loads(stack.manage("scaleout_fixture", "age", "--days", "15").stdout)
    assert moved == {"moved": ORGANISATIONS}
    # Only the reminder job: the outbox's own catch-up job would send due rows itself.
    periodic = [
        stack.manage_async(f"run-periodic-{n}", "run_periodic", "--job", REMINDER_JOB)
        for n in (1, 2)
    ]
    done = []
    for process in periodic:
        assert process.popen.wait(120) == 0, process.tail()
        line = re.search(
            r"directory\.campaign_reminders: (\d+) done, 0 failed, (\d+) taken by another run",
            process.log.read_text(),
        )
        assert line is not None, process.tail()
        done.append(int(line.group(1)))
    assert sum(done) == ORGANISATIONS
    assert queued(redis_db) == ORGANISATIONS  # one delivery per reminder, none sent yet
    assert sink.count(REMINDER) == 0

    # The workers come back; one is restarted (SIGTERM, as systemd does) mid-way, while
    # the slow SMTP server keeps each delivery busy for a moment.
    sink.reminder_delay = 0.2
    first_a, first_b = stack.start_worker("a"), stack.start_worker("b")
    name_a = first_a.name.removeprefix("worker-")
    stack.wait_for_workers([name_a, first_b.name.removeprefix("worker-")])
    wait_for(f"{name_a} to finish two jobs", lambda: jobs_done_by(stack, name_a) >= 2)
    assert first_a.stop() == 0, first_a.tail(80)
    reminders_at_restart = sink.count(REMINDER)
    assert reminders_at_restart < ORGANISATIONS, "the restart came too late to prove anything"
    stack.wait_for_workers([stack.start_worker("a").name.removeprefix("worker-")])
    wait_for(
        "30 reminders at the SMTP server and all 60 deliveries done",
        lambda: sink.count(REMINDER) >= ORGANISATIONS and jobs_settled(redis_db, 2 * ORGANISATIONS),
        report=lambda: (
            f"reminders at the SMTP server: {sink.count(REMINDER)}\n{registries(redis_db)}\n"
            + "\n".join(
                f"--- {name}\n{process.tail(25)}" for name, process in stack.workers.items()
            )
        ),
    )
    time.sleep(0.5)  # nothing more may arrive

    # --- Every organisation got exactly one invitation and one reminder, nothing else ---
    addresses = {contact_email(n) for n in range(1, ORGANISATIONS + 1)}
    kinds = Counter(
        (recipient, "reminder" if subject.startswith(REMINDER) else "invitation")
        for recipient, subject in sink.received
        if subject.startswith((INVITATION, REMINDER))
    )
    expected = {(address, kind): 1 for address in addresses for kind in ("invitation", "reminder")}
    assert dict(kinds) == expected
    assert len(sink.received) == 2 * ORGANISATIONS, "mail nobody asked for arrived"

    # --- The database agrees; no task failed; both workers did some of the work ---------
    final = status(stack)
    assert final["states"] == {"sent": ORGANISATIONS}
    assert final["reminded"] == ORGANISATIONS
    assert final["failures"] == []
    assert final["outbox"] == {"sent": 2 * ORGANISATIONS}
    assert final["logged"] == {
        "directory.campaign.started": 1,
        "directory.campaign.invitation_sent": ORGANISATIONS,
        "directory.campaign.reminder_sent": ORGANISATIONS,
    }
    records, failed = finished_and_failed(redis_db)
    assert failed == []
    by_task = Counter(record.task for record in records)
    assert by_task == {DELIVERY_TASK: 2 * ORGANISATIONS}
    assert {record.result for record in records} == {"sent"}
    first = {record.id for record in invitation_jobs}
    reminders = Counter(slot(r.worker) for r in records if r.id not in first)
    assert set(reminders) == {"a", "b"}, reminders
    print(
        f"invitations by worker: {dict(invitations)}; reminders claimed by periodic run: "
        f"{done}; reminder deliveries by worker: {dict(reminders)}; "
        f"reminders delivered when worker a restarted: {reminders_at_restart}"
    )


def assert_failed_logins_limited_across_app_servers(stack: Any, script: ModuleType) -> None:
    """Four wrong passwords for one address through nginx: the fourth is refused, although
    the attempts alternated between the app servers (each saw only two)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"{stack.base_url}/konto/login/"
    with opener.open(login, timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    data = urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "login": ADMIN_EMAIL,
            "password": "wrong-password-1234",
        }
    ).encode()

    def attempt() -> str:
        request = urllib.request.Request(login, data=data, headers={"Referer": login})  # noqa: S310
        try:
            with opener.open(request, timeout=10) as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            return error.read().decode()

    pages = [attempt() for _ in range(4)]
    wait_for("gunicorn's access log lines", lambda: sum(logged(stack, '"POST /konto/login/')) == 4)
    assert logged(stack, '"POST /konto/login/') == [2, 2]
    assert [TOO_MANY in page for page in pages] == [False, False, False, True]
