"""Pages of a list whose length is already known.

Django's ``Paginator`` counts its list with ``COUNT(*)`` on every request. A page that
already knows how many rows its list holds -- because it shows the total anyway and
reads it in one aggregate query with the other figures (``Count`` with ``filter=``) --
passes that number here, so the page costs one ``LIMIT``/``OFFSET`` query and no second
count. The partial ``includes/pagination.html`` renders the navigation; ``param`` names
the query parameter when one page holds more than one paginated list.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
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


class RememberedPages:
    """A list for :class:`CountedPaginator` whose pages are chosen by ids and read by id.

    ``ids`` is the list's order as a sliceable sequence of primary keys (an ordered
    ``values_list("pk", flat=True)``); ``remember((start, stop), compute)`` keeps a page's
    ids (the cache registry, in the view: choosing them may sort thousands of rows);
    ``rows(ids)`` reads the page's rows -- filtered again by whatever decides who may see
    them, so a remembered id that no longer belongs drops out -- and they are returned in
    the remembered order.
    """

    def __init__(
        self,
        ids: Any,
        rows: Callable[[list[int]], Iterable[Any]],
        remember: Callable[[Hashable, Callable[[], list[int]]], list[int]] = lambda _key, ids: (
            ids()
        ),
    ) -> None:
        self.ids = ids
        self.rows = rows
        self.remember = remember

    def __getitem__(self, index: slice) -> LazyRows:
        return LazyRows(lambda: self._read(index))

    def _read(self, index: slice) -> list[Any]:
        page_ids = self.remember((index.start, index.stop), lambda: list(self.ids[index]))
        found = {row.pk: row for row in self.rows(page_ids)}
        return [found[pk] for pk in page_ids if pk in found]


class LazyRows(Sequence[Any]):
    """A page's rows, read when first looked at: a page whose HTML is cached (the
    registry's fragments) and found there never reads them."""

    def __init__(self, read: Callable[[], list[Any]]) -> None:
        self._read = read

    @cached_property
    def _rows(self) -> list[Any]:
        return self._read()

    def __getitem__(self, index: Any) -> Any:
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def __bool__(self) -> bool:
        return bool(self._rows)
