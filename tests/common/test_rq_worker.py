"""The task worker's warm shutdown (common/rq_worker.py): it neither hangs nor strands a
job.

1. The listener thread is put, on purpose, in the state that made RQ's own shutdown
   hang: it has read an UNSUBSCRIBE reply and waits for a new subscription.
2. A stop request while idle is remembered, not raised, and honoured between two waits."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from rq import Queue
from rq.worker import Worker as RQWorker

from medvirk.common.rq_worker import IDLE_SLICE_SECONDS, Worker

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


# --- 2. A stop request never strands a job ----------------------------------------------


@pytest.fixture
def own_queue() -> Iterator[Queue]:
    """A queue of this test's own on the pub/sub test database, emptied afterwards."""
    connection = redis.Redis.from_url(REDIS_URL)
    queue = Queue(f"medvirk-test-{uuid.uuid4().hex}", connection=connection)
    yield queue
    for job_id in queue.get_job_ids():
        connection.delete(f"rq:job:{job_id}")
    queue.delete(delete_jobs=True)
    connection.delete(queue.intermediate_queue_key)


def test_a_stop_request_is_remembered_not_raised(own_queue: Queue) -> None:
    worker = Worker([own_queue], connection=own_queue.connection)
    worker._shutdown()  # what the first SIGTERM calls, here while idle
    assert worker._stop_requested is True


def test_an_idle_worker_stops_between_two_waits(own_queue: Queue) -> None:
    worker = Worker([own_queue], connection=own_queue.connection)
    found: list[Any] = []
    waiting = threading.Thread(
        target=lambda: found.append(worker.dequeue_job_and_maintain_ttl(timeout=400))
    )
    started = time.monotonic()
    waiting.start()
    time.sleep(0.3)
    worker._shutdown()
    waiting.join(10)
    assert not waiting.is_alive()
    assert found == [None]
    assert time.monotonic() - started < 0.3 + IDLE_SLICE_SECONDS + 1.5


def test_a_job_taken_is_handed_on_even_when_a_stop_came(own_queue: Queue) -> None:
    job = own_queue.enqueue("os.getcwd")
    worker = Worker([own_queue], connection=own_queue.connection)
    found = worker.dequeue_job_and_maintain_ttl(timeout=400)
    worker._shutdown()
    assert found is not None and found[0].id == job.id
