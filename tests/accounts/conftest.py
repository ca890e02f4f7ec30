from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    """Rate-limit counters live in the (locmem) cache; every test starts fresh."""
    cache.clear()
    yield
    cache.clear()
