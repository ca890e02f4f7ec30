"""The Redis (RQ) task backend delivers the same work as the database backend."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from django.core.mail import send_mail
from django.test import override_settings

from tests.conftest import Mailbox

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_answers(), reason="!! SKIPPED: no Redis on 127.0.0.1:6379 !!")
def test_rq_backend_queues_mail_in_redis_and_a_worker_delivers_it(
    db: Any, smtp_server: Mailbox, django_capture_on_commit_callbacks: Any
) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    queues = {"default": {"URL": REDIS_URL}, "mail": {"URL": REDIS_URL}}
    tasks = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "mail"]}}
    with override_settings(RQ_QUEUES=queues, TASKS=tasks):
        django_rq.queues.get_connection("mail").flushdb()
        with django_capture_on_commit_callbacks(execute=True):
            send_mail("Hei fra køen", "Innhold", "medvirk@example.org", ["mottaker@example.org"])
        queue = django_rq.get_queue("mail", job_class=Job)
        assert queue.count == 1
        assert smtp_server.messages == []

        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)

    assert [m["Subject"] for m in smtp_server.to("mottaker@example.org")] == ["Hei fra køen"]
