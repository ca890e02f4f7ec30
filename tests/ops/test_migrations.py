"""Every Medvirk migration can be undone, or says why not (docs/operations-upgrades.md).

The rule, checked here on every migration of every Medvirk app:

- each operation is reversible: Django's schema operations are; ``RunPython`` needs
  ``reverse_code`` and ``RunSQL`` needs ``reverse_sql`` (operations inside
  ``SeparateDatabaseAndState`` count as well);
- a migration that cannot be undone says why in a module-level ``IRREVERSIBLE_BECAUSE``
  string (and one that can be undone does not carry it);
- a reverse that does nothing (``RunPython.noop``, an empty ``reverse_sql``) is a claim
  that keeping the forward result is harmless: the module says why in
  ``NOOP_REVERSE_BECAUSE``.

Walking the migrations backwards for real: test_upgrades.py rolls back to the previous
release and forward on every run. The whole walk (every Medvirk app to zero and forward
again) takes a few minutes on SQLite, so it runs when asked:
``MEDVIRK_MIGRATION_WALK=1 pytest tests/ops/test_migrations.py``, before a release is cut.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from importlib.util import find_spec
from types import ModuleType

import pytest
from django.apps import apps
from django.db import connection, migrations
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.base import Operation

from medvirk.ops.releases import unapply_each
from tests.ops.migration_helpers import applied, migrate_to_latest

pytestmark = [pytest.mark.xdist_group("migrations")]

MEDVIRK_APPS = frozenset(
    config.label for config in apps.get_app_configs() if config.name.startswith("medvirk.")
)


def _database_operations(operations: Iterable[Operation]) -> Iterator[Operation]:
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation


def _noop_reverse(operation: Operation) -> bool:
    if isinstance(operation, migrations.RunPython):
        return operation.reverse_code is migrations.RunPython.noop
    if isinstance(operation, migrations.RunSQL):
        return operation.reverse_sql in ("", [], ())
    return False


def reversibility_problems(
    label: str, module: ModuleType, operations: Iterable[Operation]
) -> list[str]:
    """What breaks the rule in one migration (its module and its operations)."""
    operations = list(_database_operations(operations))
    irreversible = [operation.describe() for operation in operations if not operation.reversible]
    because = str(getattr(module, "IRREVERSIBLE_BECAUSE", "")).strip()
    problems = []
    if irreversible and not because:
        problems.append(
            f"{label}: cannot be undone ({'; '.join(irreversible)}) and does not say why "
            "(IRREVERSIBLE_BECAUSE)"
        )
    if because and not irreversible:
        problems.append(f"{label}: says IRREVERSIBLE_BECAUSE but every operation can be undone")
    noops = [operation.describe() for operation in operations if _noop_reverse(operation)]
    if noops and not str(getattr(module, "NOOP_REVERSE_BECAUSE", "")).strip():
        problems.append(
            f"{label}: undoes {'; '.join(noops)} by doing nothing and does not say why "
            "(NOOP_REVERSE_BECAUSE)"
        )
    return problems


def test_every_medvirk_migration_is_reversible_or_says_why_not() -> None:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    medvirk = {key: m for key, m in loader.disk_migrations.items() if key[0] in MEDVIRK_APPS}
    with_migrations = {
        config.label
        for config in apps.get_app_configs()
        if config.label in MEDVIRK_APPS and find_spec(f"{config.name}.migrations")
    }
    assert {app for app, _name in medvirk} == with_migrations
    problems = [
        problem
        for (app, name), migration in sorted(medvirk.items())
        for problem in reversibility_problems(
            f"{app}.{name}", sys.modules[type(migration).__module__], migration.operations
        )
    ]
    assert problems == []


def _forwards(apps: object, schema_editor: object) -> None:
    pass


def _module(**attributes: str) -> ModuleType:
    module = ModuleType("medvirk.example.migrations.0002_example")
    for name, value in attributes.items():
        setattr(module, name, value)
    return module


def test_reversibility_rule_catches_each_kind_of_breach() -> None:
    one_way = [migrations.RunPython(_forwards), migrations.RunSQL("SELECT 1")]
    assert reversibility_problems("x.0002", _module(), one_way) == [
        "x.0002: cannot be undone (Raw Python operation; Raw SQL operation) and does not say "
        "why (IRREVERSIBLE_BECAUSE)"
    ]
    assert reversibility_problems("x.0002", _module(IRREVERSIBLE_BECAUSE="Hashes."), one_way) == []
    # Inside SeparateDatabaseAndState too.
    hidden = [migrations.SeparateDatabaseAndState(database_operations=one_way[:1])]
    assert len(reversibility_problems("x.0002", _module(), hidden)) == 1

    two_way = [migrations.RunPython(_forwards, _forwards), migrations.RunSQL("SELECT 1", "")]
    assert reversibility_problems("x.0002", _module(IRREVERSIBLE_BECAUSE="Stale."), two_way) == [
        "x.0002: says IRREVERSIBLE_BECAUSE but every operation can be undone",
        "x.0002: undoes Raw SQL operation by doing nothing and does not say why "
        "(NOOP_REVERSE_BECAUSE)",
    ]
    noop = [migrations.RunPython(_forwards, migrations.RunPython.noop)]
    assert len(reversibility_problems("x.0002", _module(), noop)) == 1
    kept = _module(NOOP_REVERSE_BECAUSE="The backfilled column goes with the reverse of 0001.")
    assert reversibility_problems("x.0002", kept, noop) == []


@pytest.mark.skipif(
    os.environ.get("MEDVIRK_MIGRATION_WALK") != "1",
    reason="the whole walk takes minutes: MEDVIRK_MIGRATION_WALK=1 runs it (before a release)",
)
@pytest.mark.django_db(transaction=True)
def test_every_medvirk_app_migrates_to_zero_and_back() -> None:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan([(app, None) for app in sorted(MEDVIRK_APPS)])
    assert plan
    assert all(backwards for _migration, backwards in plan)
    try:
        unapply_each(connection, [(m.app_label, m.name) for m, _backwards in plan])
        assert not {app for app, _name in applied()} & MEDVIRK_APPS
        tables = set(connection.introspection.table_names())
        assert {table for table in tables if table.split("_")[0] in MEDVIRK_APPS} == set()
    finally:
        migrate_to_latest()
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
