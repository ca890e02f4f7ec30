"""The API against its own OpenAPI schema (schemathesis, issue 20).

Every operation of /api/v1/openapi.json is called with requests that schemathesis makes
from the schema -- valid ones and invalid ones -- against the WSGI application, on a
world with public advice, meetings and organisations (the suite's frozen day). Each
answer must be no server error and must conform: a documented status code, the
documented content type and headers, a body matching the documented schema, and an
invalid request refused with a 4xx.

One check is left out, ``positive_data_acceptance`` (a schema-valid request must be
accepted): some valid-looking values are refused by what the data holds, with the
documented 400 -- a ``cursor`` the list did not sign, an arena that is not public, an
unknown region code, ``page`` above 1 (deprecated).

Bounded: a fixed number of examples per operation and mode, derandomised (the same
requests every run), no example database. About 30 s on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.generation import GenerationMode

from medvirk.wsgi import application
from tests.followup import conftest as followup_conftest
from tests.followup import test_accountability_world as world
from tests.followup.test_accountability_world import AccountabilityWorld

meeting_world = followup_conftest.meeting_world
followup_world = followup_conftest.followup_world
accountability_world = world.accountability_world
fresh_figures_cache = world.fresh_figures_cache

EXAMPLES = 15


@contextmanager
def connections_kept() -> Iterator[None]:
    """The WSGI application closes the database connection after each request (Django's
    test client turns that off, schemathesis calls the application directly): kept open,
    the requests run inside the test's transaction, as the test client's do."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


LEFT_OUT = [schemathesis.checks.positive_data_acceptance]


def test_the_api_conforms_to_its_schema(accountability_world: AccountabilityWorld) -> None:
    with connections_kept():
        failures = _run_every_operation()
    assert not failures, "\n\n".join(failures)


def _run_every_operation() -> list[str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    for operation in operations:
        # An operation without parameters has no invalid request to make.
        has_parameters = any(True for _ in operation.iter_parameters())
        modes = [GenerationMode.POSITIVE, *([GenerationMode.NEGATIVE] if has_parameters else [])]
        for mode in modes:

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case: Any) -> None:
                case.call_and_validate(excluded_checks=LEFT_OUT)

            try:
                call()
            except Exception as failure:  # every failure of every operation, then one assert
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    return failures
