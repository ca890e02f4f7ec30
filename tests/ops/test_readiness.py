"""Readiness (/helse/klar/): 200 when the database, the cache, the task workers'
heartbeats and the mail outbox are fine, 503 when one is not; details only with the
operator's token or for a platform admin; never cached."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from medvirk.accounts.models import User
from medvirk.notifications.models import MailStatus, OutboxMail
from medvirk.ops.domain import beat
from medvirk.ops.models import Heartbeat

URL = "/helse/klar/"
TOKEN = "readiness-token-for-tests-0123456789"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _token(settings: Any) -> None:
    settings.MEDVIRK_READINESS_TOKEN = TOKEN


def details(**extra: Any) -> Any:
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)
    return response.status_code, response.json()


def failing(checks: dict[str, Any]) -> list[str]:
    return sorted(name for name, check in checks.items() if not check["ok"])


def test_ready_when_everything_answers_and_anonymous_sees_only_the_status() -> None:
    beat()  # run_periodic's heartbeats (the test's tasks run at once: the worker's too)
    response = Client().get(URL)
    assert response.status_code == 200
    assert response.json() == {"status": "ready"}
    assert "no-store" in response["Cache-Control"]
    assert Heartbeat.objects.count() == 3  # periodic, worker:default, worker:mail


def test_details_with_the_token_or_for_a_platform_admin(platform_admin: User) -> None:
    beat()
    status, body = details()
    assert status == 200
    assert set(body["checks"]) == {"database", "cache", "workers", "outbox"}
    assert failing(body["checks"]) == []
    wrong = Client().get(URL, HTTP_AUTHORIZATION="Bearer not-the-token").json()
    assert wrong == {"status": "ready"}
    admin = Client()
    admin.force_login(platform_admin)
    assert "checks" in admin.get(URL).json()


def test_no_token_configured_means_no_details_by_token(settings: Any) -> None:
    settings.MEDVIRK_READINESS_TOKEN = ""
    beat()
    assert Client().get(URL, HTTP_AUTHORIZATION="Bearer ").json() == {"status": "ready"}


def test_not_ready_when_the_database_is_down(django_db_blocker: Any) -> None:
    beat()
    with django_db_blocker.block():  # every statement now fails, as with a lost database
        status, body = details()
    assert status == 503
    assert body["status"] == "not ready"
    assert failing(body["checks"]) == ["database", "outbox", "workers"]


def test_not_ready_when_the_cache_is_down(settings: Any) -> None:
    beat()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    status, body = details()
    assert status == 503
    assert failing(body["checks"]) == ["cache"]


def test_not_ready_when_the_heartbeat_is_stale(settings: Any) -> None:
    beat()
    later = timezone.now() + datetime.timedelta(
        seconds=settings.MEDVIRK_READINESS_HEARTBEAT_MAX_AGE + 60
    )
    with time_machine.travel(later, tick=False):
        status, body = details()
    assert status == 503
    assert failing(body["checks"]) == ["workers"]
    ages = body["checks"]["workers"]["age_seconds"]
    assert ages["worker:mail"] == settings.MEDVIRK_READINESS_HEARTBEAT_MAX_AGE + 60


def test_not_ready_before_any_worker_has_beaten() -> None:
    status, body = details()
    assert status == 503
    assert failing(body["checks"]) == ["workers"]


def _waiting_mail(due: datetime.datetime) -> OutboxMail:
    return OutboxMail.objects.create(
        kind="test",
        from_email="ikke-svar@medvirk.no",
        recipients=["a@example.org"],
        subject="Test",
        text="Test",
        status=MailStatus.PENDING,
        next_attempt_at=due,
    )


def test_not_ready_when_mail_waits_too_long(settings: Any) -> None:
    beat()
    now = timezone.now()
    _waiting_mail(now - datetime.timedelta(seconds=settings.MEDVIRK_READINESS_OUTBOX_MAX_AGE - 5))
    assert details()[0] == 200
    _waiting_mail(now - datetime.timedelta(seconds=settings.MEDVIRK_READINESS_OUTBOX_MAX_AGE + 5))
    status, body = details()
    assert status == 503
    assert failing(body["checks"]) == ["outbox"]
    assert body["checks"]["outbox"]["waiting"] == 2


def test_not_ready_when_too_many_mails_wait(settings: Any) -> None:
    beat()
    settings.MEDVIRK_READINESS_OUTBOX_MAX_WAITING = 1
    _waiting_mail(timezone.now())
    assert details()[0] == 200
    _waiting_mail(timezone.now())
    status, body = details()
    assert status == 503
    assert failing(body["checks"]) == ["outbox"]


def test_run_periodic_beats_for_itself_and_each_queue() -> None:
    call_command("run_periodic", "--job", "notifications.deliver_due_mail", verbosity=0)
    assert not Heartbeat.objects.exists()  # an operator's run of one job is not the schedule
    call_command("run_periodic", verbosity=0)
    assert sorted(Heartbeat.objects.values_list("name", flat=True)) == [
        "periodic",
        "worker:default",
        "worker:mail",
    ]
