"""PostgreSQL full-text search over the stored vectors (migration 0003_search_vectors).

Each searched table has a ``search_vector`` column that PostgreSQL keeps up to date
itself (a stored generated column, title weighted A, body B, Norwegian configuration)
with a GIN index. The column is not a model field, because SQLite cannot have it; the
ORM reads it through ``StoredVector``, which resolves to the queryset's own table (and
is relabelled like any column when the queryset becomes a subquery).

A query is matched with ``@@`` against the stored vector, so the GIN index can find the
rows, and the work is bounded: only the newest ``SEARCH_CANDIDATES`` visible matches
(by id, which grows with time) are ranked. A common word that matches a hundred
thousand rows then costs about as much as a rare one. Everything runs under
``statement_timeout`` (``settings.MEDVIRK_SEARCH_TIMEOUT_MS``), so a search that still
takes too long is stopped and reported as ``SearchTimeout`` instead of holding a
database connection.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import DatabaseError, connection, transaction
from django.db.models import Expression, F, QuerySet
from django.db.models.expressions import Col

SEARCH_CONFIG = "norwegian"
SEARCH_VECTOR_COLUMN = "search_vector"
# How many of the newest visible matches of each kind are ranked. For a word found in
# a fraction f of the rows, the newest-first scan reads about N / f rows and the index
# path reads f * rows; the worst case (where the planner switches) grows with the square
# root of N * rows. 500 is 2.5 times the results shown (DEFAULT_LIMIT) and halved the
# cost of mid-frequency words compared with 1000 at national scale.
SEARCH_CANDIDATES = 500
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"

_VECTOR_FIELD = SearchVectorField()
_VECTOR_FIELD.set_attributes_from_name(SEARCH_VECTOR_COLUMN)


class SearchTimeout(Exception):
    """The search took longer than ``settings.MEDVIRK_SEARCH_TIMEOUT_MS`` and was stopped."""


class StoredVector(Expression):
    """The stored ``search_vector`` column of the queryset's own table."""

    output_field = SearchVectorField()

    def resolve_expression(
        self,
        query: Any = None,
        allow_joins: bool = True,
        reuse: Any = None,
        summarize: bool = False,
        for_save: bool = False,
    ) -> Any:
        """A plain column of the query's base table (``Any``: not a StoredVector)."""
        return Col(query.get_initial_alias(), _VECTOR_FIELD)


def search_query(query: str) -> SearchQuery:
    """The user's words in ``websearch`` syntax: "a phrase", -excluded, or."""
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def ranked(
    visible: QuerySet[Any], query: str, *, values: Sequence[str], date_field: str
) -> QuerySet[Any]:
    """The rows of ``visible`` matching the query as ``values`` and ``score``, best first.

    One statement: the newest ``SEARCH_CANDIDATES`` visible matches, found through the
    GIN index, in a subquery; the outer query only reads those rows by id and ranks
    them, title hits (A) above body hits (B), then the newer first. Repeating the
    visibility filter outside would let the planner join whole tables before it looks
    at the candidates."""
    words = search_query(query)
    candidates = (
        visible.alias(document=StoredVector())
        .filter(document=words)
        .order_by("-pk")
        .values("pk")[:SEARCH_CANDIDATES]
    )
    return (
        visible.model._default_manager.filter(pk__in=candidates)
        .annotate(score=SearchRank(StoredVector(), words))
        .order_by("-score", F(date_field).desc(nulls_last=True), "-pk")
        .values(*values, "score")
    )


# The search's settings, in one statement, all local to its transaction:
# - statement_timeout: the time limit.
# - no parallel workers: each statement reads a few thousand rows at most, and
#   starting workers took longer (~40 ms at national scale) than they saved.
# - random_page_cost 1.1 instead of PostgreSQL's default 4 (made for spinning disks):
#   the rows a search looks up by index are in memory or on SSD. With 4, the planner
#   hashed all 160,000 meetings to check ~1,800 candidates of a rare word (~100 ms)
#   instead of looking them up (~20 ms). A no-op where the database is already set
#   up for SSD.
SESSION_SQL = (
    "SELECT set_config('statement_timeout', %s, true),"
    " set_config('max_parallel_workers_per_gather', '0', true),"
    " set_config('random_page_cost', '1.1', true)"
)


def _timeout_ms() -> int:
    return int(settings.MEDVIRK_SEARCH_TIMEOUT_MS)


@contextmanager
def statement_timeout() -> Iterator[None]:
    """Run the search's statements under ``SET LOCAL statement_timeout``.

    They run in a transaction (a savepoint inside one) that is always rolled back: the
    search only reads, and rolling back also undoes the settings (``SESSION_SQL``), so
    they never outlive the search. A statement stopped by the timeout raises
    ``SearchTimeout``."""
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(SESSION_SQL, [str(_timeout_ms())])
            yield
            transaction.set_rollback(True)
    except DatabaseError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTimeout from error
        raise
