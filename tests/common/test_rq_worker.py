"""The task worker's warm shutdown does not hang (common/rq_worker.py).

The listener thread is put, on purpose, in the state that made RQ's own shutdown hang:
it has read an UNSUBSCRIBE reply and waits for a new subscription."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from rq import Queue
from rq.worker import Worker as RQWorker

from medvirk.common.rq_worker import Worker

# Only pub/sub is used: no keys are written to this database.
REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(
    not redis_answers(), reason="!! SKIPPED: no Redis on 127.0.0.1:6379 !!"
)


def listener_waiting_for_a_subscription(worker_class: type[RQWorker]) -> RQWorker:
    connection = redis.Redis.from_url(REDIS_URL)
    worker = worker_class([Queue("default", connection=connection)], connection=connection)
    worker.subscribe()
    deadline = time.monotonic() + 5
    while not worker.pubsub.subscribed:
        assert time.monotonic() < deadline, "the listener never subscribed"
        time.sleep(0.01)
    # The race RQ loses now and then, made certain: the listener reads the UNSUBSCRIBE
    # reply before anyone tells it to stop.
    worker.pubsub.unsubscribe()
    while worker.pubsub.subscribed:
        assert time.monotonic() < deadline, "the listener never read the reply"
        time.sleep(0.01)
    return worker


def unsubscribe_seconds(worker: RQWorker, limit: float) -> float | None:
    """How long ``unsubscribe`` took, or None when it had not returned after ``limit``."""
    done = threading.Event()

    def run() -> None:
        worker.unsubscribe()
        done.set()

    started = time.monotonic()
    threading.Thread(target=run, daemon=True).start()
    if not done.wait(limit):
        return None
    return time.monotonic() - started


def test_our_worker_stops_listening_at_once() -> None:
    worker = listener_waiting_for_a_subscription(Worker)
    took = unsubscribe_seconds(worker, limit=10)
    assert took is not None and took < 3
    # A listener still waiting is a daemon thread: it does not keep the process alive.
    assert worker.pubsub_thread.daemon


def test_rqs_own_worker_still_hangs_in_that_state() -> None:
    """When this fails, RQ or redis-py has fixed the shutdown: drop common/rq_worker.py."""
    worker = listener_waiting_for_a_subscription(RQWorker)
    assert unsubscribe_seconds(worker, limit=3) is None  # (its thread ends within 60 s)
