"""The RQ worker that Medvirk's task workers run (``settings.RQ["WORKER_CLASS"]``, so
``manage.py rqworker`` uses it without a flag). It makes RQ 3.0's warm shutdown
(SIGTERM: finish the job in hand, then exit) safe in two places where RQ's own is not.

1. **A hang while unsubscribing.** ``Worker.unsubscribe`` sends UNSUBSCRIBE, then calls
   ``PubSubWorkerThread.stop()`` expecting it to return at once, and joins the listener
   thread for one second. Since redis-py 8, ``stop()`` itself joins the thread, without a
   timeout; and a listener that has already read the UNSUBSCRIBE reply is no longer
   subscribed, so ``get_message(timeout=60)`` waits up to 60 s for a new subscription.
   Whether the listener reads the reply before ``stop()`` clears its flag is a race: one
   SIGTERM in a few left the worker hanging, and systemd (or the scale-out test, after
   30 s) killed it. The stack faulthandler wrote showed the main thread in
   ``PubSubWorkerThread.stop -> join`` and the listener in
   ``get_message -> subscribed_event.wait``. Here the listener is told to stop BEFORE the
   UNSUBSCRIBE is sent, and the wait is bounded (the listener is a daemon thread).

2. **A job stranded by the signal.** An idle worker that gets SIGTERM raises
   ``StopRequested`` from the signal handler, wherever the main thread is. When that is
   just after the job has been moved from the queue to RQ's intermediate list and before
   the worker marks itself busy, the job is left there until RQ's maintenance finds it
   (the outbox's periodic catch-up still sends the mail; the delivery waits meanwhile).
   Here a stop request never raises: it is remembered, and an idle worker waits for work
   in slices of ``IDLE_SLICE_SECONDS``, checking between two waits -- so it stops within
   a slice, and never while it holds a job it has not started.

``tests/common/test_rq_worker.py`` puts the worker in both states on purpose.
"""

from __future__ import annotations

from typing import Any

from rq.worker import Worker as RQWorker
from rq.worker import WorkerStatus

LISTENER_JOIN_SECONDS = 2.0
IDLE_SLICE_SECONDS = 1


class Worker(RQWorker):
    def unsubscribe(self) -> None:
        thread = self.pubsub_thread
        if not thread:
            return
        self.log.info(
            "Worker %s: unsubscribing from channel %s", self.name, self.pubsub_channel_name
        )
        thread.stop(timeout=0)  # clear the listener's running flag; do not wait yet
        self.pubsub.unsubscribe()  # its reply wakes a listener still reading
        thread.join(timeout=LISTENER_JOIN_SECONDS)
        self.pubsub.close()

    def _shutdown(self) -> None:
        """A warm stop request (first SIGTERM or SIGINT): remembered, never raised. (As in
        RQ, Redis is written only when busy: an idle worker's main thread may be in the
        middle of a command on the same connection.)"""
        self._stop_requested = True
        if self.get_state() == WorkerStatus.BUSY:
            self.set_shutdown_requested_date()

    def dequeue_job_and_maintain_ttl(
        self, timeout: int | None, max_idle_time: int | None = None
    ) -> Any:
        """Wait for a job in short slices, checking for a stop request between them; None
        (which ends the work loop) only when a stop was requested or ``max_idle_time``
        passed. A job taken is returned, and run, even if a stop came meanwhile."""
        if timeout is None:  # burst mode: one look at the queues, no waiting
            return super().dequeue_job_and_maintain_ttl(timeout, max_idle_time)
        waited = 0
        while not self._stop_requested:
            if max_idle_time is not None and waited >= max_idle_time:
                return None
            found = super().dequeue_job_and_maintain_ttl(
                IDLE_SLICE_SECONDS, max_idle_time=IDLE_SLICE_SECONDS
            )
            if found is not None:
                return found
            waited += IDLE_SLICE_SECONDS
        return None
