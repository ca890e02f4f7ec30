"""Structured logs and THE request id (docs/operations-runtime.md).

A request id names one piece of work from the request that started it to the
background task and the outgoing mail it caused. ``RequestIdMiddleware`` takes a
sane incoming ``X-Request-ID`` or makes one, binds it in :data:`REQUEST_ID` (a
context variable) for the request and puts it on the response. Whatever is queued
while it is bound carries it: a task enqueued through :func:`enqueue` gets it as
the ``request_id`` keyword that :func:`traced` binds again in the worker, and an
outbox row keeps it in its headers (:data:`MAIL_HEADER`), bound again while the
row is delivered. Every log line shows it: :class:`RequestIdFilter` puts it on
each record, :class:`JsonFormatter` writes one JSON object a line
(``MEDVIRK_LOG_FORMAT=json``).
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

logger = logging.getLogger("medvirk.tasks")

REQUEST_ID: ContextVar[str] = ContextVar("medvirk_request_id", default="")
HEADER = "X-Request-ID"
# The outbox row's header that carries the id to the delivery (and the mail itself).
MAIL_HEADER = "X-Medvirk-Request-ID"
# What an incoming id may look like: a proxy's or a load balancer's id (a UUID, hex,
# base64 of one), short and printable; anything else is replaced by a fresh one.
_SANE = re.compile(r"[A-Za-z0-9._:+/=-]{8,128}")

Function = TypeVar("Function", bound=Callable[..., Any])


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane(value: str | None) -> str:
    """``value`` if it is a sane request id, else ""."""
    value = (value or "").strip()
    return value if _SANE.fullmatch(value) else ""


def current_request_id() -> str:
    return REQUEST_ID.get()


@contextmanager
def bound_request_id(value: str | None) -> Iterator[str]:
    """Bind ``value`` (or a fresh id when it is empty or not sane) while the block runs."""
    request_id = sane(value) or new_request_id()
    token = REQUEST_ID.set(request_id)
    try:
        yield request_id
    finally:
        REQUEST_ID.reset(token)


def traced(function: Function) -> Function:
    """Under ``@task``: the task takes ``request_id`` (given by :func:`enqueue`) and runs
    with it bound, so its log lines and the mail it queues carry the request's id."""

    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def run(*args: Any, request_id: str = "", **kwargs: Any) -> Any:
        with bound_request_id(request_id):
            logger.info("task %s started", name)
            result = function(*args, **kwargs)
            logger.info("task %s finished", name)
            return result

    return run  # type: ignore[return-value]


def enqueue(task: Any, *args: Any, **kwargs: Any) -> Any:
    """Enqueue a :func:`traced` task with the current request id (THE way to enqueue)."""
    return task.enqueue(*args, request_id=current_request_id(), **kwargs)


class RequestIdFilter(logging.Filter):
    """Puts the bound request id on every record as ``request_id`` ("-" when none)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id,
    and the exception's traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": _request_id(record),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _request_id(record: logging.LogRecord) -> str | None:
    value = getattr(record, "request_id", "")
    if value in ("", "-"):
        value = current_request_id()
    return value or None


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, format: str, level: str) -> dict[str, Any]:
    """settings.LOGGING: one console handler, text or JSON lines, every line with the
    request id."""
    formatters: dict[str, Any] = {
        "text": {"format": TEXT_FORMAT},
        "json": {"()": "medvirk.common.logs.JsonFormatter"},
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "medvirk.common.logs.RequestIdFilter"}},
        "formatters": {format: formatters[format]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": format,
            }
        },
        "root": {"handlers": ["console"], "level": level},
    }
