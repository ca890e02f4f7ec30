"""Moving the test database between releases, and always back to the latest schema.

The migration tests run backwards inside the worker's own test database (pytest-xdist
gives each worker its own; they share the xdist group "migrations" so that they run one
after another on one worker). Whatever happens, a test leaves the database at the latest
migrations: the next test on the worker expects it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from medvirk.ops.releases import Release, migrate_to_release


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def historical_apps(release: Release) -> Apps:
    """The models as the release's migrations left them (no methods, no custom managers)."""
    return MigrationLoader(connection).project_state(release.nodes()).apps


def applied() -> set[tuple[str, str]]:
    return set(MigrationLoader(connection).applied_migrations)


def row_counts() -> dict[str, int]:
    """Rows per table, every table in the database."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (table names)
            counts[table] = cursor.fetchone()[0]
    return counts


@contextmanager
def at_release(release: Release) -> Iterator[Apps]:
    """The database at ``release`` inside the block, and at the latest schema after it."""
    try:
        migrate_to_release(release, connection)
        yield historical_apps(release)
    finally:
        migrate_to_latest()
