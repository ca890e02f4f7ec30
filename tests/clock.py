"""The tests' clock: one way to set the time, built on time-machine.

Every test runs on the same day, whatever day it is (tests/conftest.py sets the clock to
``TEST_NOW`` from collection on and back to it before each test; it ticks on from
there). ``MEDVIRK_TEST_NOW`` moves the whole suite to another instant: docs/testing.md
lists the hard days it is run on. A test that needs a particular moment uses
``freeze_time`` (the clock stands still unless ``tick=True``).

time-machine rather than freezegun: it changes the clock for every thread at once (the
live server of the browser tests, the threads of the stampede and claim tests), leaves
``time.monotonic`` alone (timeouts and event loops keep working) and costs nothing per
test. Code that runs in other processes (the scale-out stack, the benchmark) sees the
real day: those tests are marked ``real_clock`` and must not depend on it.
"""

from __future__ import annotations

import datetime
import os

import time_machine

TEST_NOW = os.environ.get("MEDVIRK_TEST_NOW", "2026-11-16T09:00:00+00:00")

Moment = datetime.datetime | datetime.date | str | float


def freeze_time(moment: Moment, *, tick: bool = False) -> time_machine.travel:
    """Set the clock to ``moment``, as a context manager or decorator. A naive time, a
    string without an offset and a date (its midnight) are UTC, whatever ``TZ`` says
    (Django sets it to Oslo; time-machine would read a naive time as local)."""
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    if isinstance(moment, datetime.date) and not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time())
    if isinstance(moment, datetime.datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return time_machine.travel(moment, tick=tick)
