"""The RQ worker that Medvirk's task workers run (``settings.RQ["WORKER_CLASS"]``, so
``manage.py rqworker`` uses it without a flag).

RQ 3.0's warm shutdown can hang with redis-py 8. ``Worker.unsubscribe`` sends
UNSUBSCRIBE, then calls ``PubSubWorkerThread.stop()`` expecting it to return at once,
and joins the listener thread for one second. Since redis-py 8, ``stop()`` itself joins
the thread, without a timeout; and a listener that has already read the UNSUBSCRIBE
reply is no longer subscribed, so ``get_message(timeout=60)`` waits up to 60 s for a new
subscription. Whether the listener reads the reply before ``stop()`` clears its flag is
a race: one SIGTERM in a few leaves the worker hanging for a minute, and systemd (or the
scale-out test, after 30 s) kills it. Seen as the scale-out test's flake; the stack
faulthandler wrote showed the main thread in ``PubSubWorkerThread.stop -> join`` and the
listener in ``get_message -> subscribed_event.wait``.

Here the listener is told to stop BEFORE the UNSUBSCRIBE is sent: a listener still reading
is woken by the reply, sees the flag and leaves; one that already waits for a
subscription is left to its wait, which is bounded here (it is a daemon thread, so it
does not keep the process alive). The shutdown takes at most ``LISTENER_JOIN_SECONDS``.
``tests/common/test_rq_worker.py`` puts the listener in that state on purpose.
"""

from __future__ import annotations

from rq.worker import Worker as RQWorker

LISTENER_JOIN_SECONDS = 2.0


class Worker(RQWorker):
    def unsubscribe(self) -> None:
        thread = self.pubsub_thread
        if not thread:
            return
        self.log.info(
            "Worker %s: unsubscribing from channel %s", self.name, self.pubsub_channel_name
        )
        thread.stop(timeout=0)  # clear the listener's running flag; do not wait yet
        self.pubsub.unsubscribe()  # its reply wakes the listener, which then leaves
        thread.join(timeout=LISTENER_JOIN_SECONDS)
        self.pubsub.close()
