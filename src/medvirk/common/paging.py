"""Pages of a list whose length is already known.

Django's ``Paginator`` counts its list with ``COUNT(*)`` on every request. A page that
already knows how many rows its list holds -- because it shows the total anyway and
reads it in one aggregate query with the other figures (``Count`` with ``filter=``) --
passes that number here, so the page costs one ``LIMIT``/``OFFSET`` query and no second
count. The partial ``includes/pagination.html`` renders the navigation; ``param`` names
the query parameter when one page holds more than one paginated list.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator


class CountedPaginator(Paginator):
    """A ``Paginator`` told its count instead of counting."""

    def __init__(self, object_list: Sequence[Any] | Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def counted_page(object_list: Any, per_page: int, *, count: int, number: Any) -> Page[Any]:
    """Page ``number`` (a query parameter: out of range or not a number gives the nearest
    valid page) of ``object_list``, whose length is ``count``."""
    return CountedPaginator(object_list, per_page, count=count).get_page(number)
