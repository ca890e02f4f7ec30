"""The database half of a backup: a consistent copy with its row counts and migration
state taken from the same snapshot, and its restore.

PostgreSQL: one REPEATABLE READ, READ ONLY transaction exports its snapshot
(``pg_export_snapshot()``), counts every table and reads ``django_migrations`` in it, and
stays open while ``pg_dump --format=custom --snapshot=...`` dumps that very snapshot. The
counts in the manifest are therefore exactly the rows in the dump, whatever was written
meanwhile. Restore: ``pg_restore --single-transaction --exit-on-error --no-owner
--no-acl`` (all or nothing; owners and grants are the target's), then ``ANALYZE``.

SQLite: the online backup API copies the whole database in one step (pages=-1) under a
read lock; counts and migrations are then read from the copy, which is the snapshot.
Restore copies the file into the target with the same API.

Connection settings come from Django's ``DATABASES``; the password reaches ``pg_dump`` and
``pg_restore`` through the ``PGPASSWORD`` environment variable of the child process only,
never its command line or any message.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from medvirk.ops.backup.errors import BackupError

POSTGRESQL = "postgresql"
SQLITE = "sqlite"
DUMP_NAMES = {POSTGRESQL: "database.pgdump", SQLITE: "database.sqlite3"}
# libpq settings that may sit in DATABASES' OPTIONS and that the tools read from PG*.
_LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "options": "PGOPTIONS",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
}


@dataclass
class Snapshot:
    vendor: str
    tables: dict[str, int]
    migrations: dict[str, list[str]]


def vendor_of(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("postgresql"):
        return POSTGRESQL
    if engine.endswith("sqlite3"):
        return SQLITE
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


# --- PostgreSQL ---------------------------------------------------------------------


def _pg_params(settings_dict: dict[str, Any]) -> dict[str, Any]:
    params: dict[str, Any] = {"dbname": settings_dict["NAME"]}
    for key, name in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host")):
        if settings_dict.get(key):
            params[name] = settings_dict[key]
    if settings_dict.get("PORT"):
        params["port"] = str(settings_dict["PORT"])
    options = settings_dict.get("OPTIONS") or {}
    params.update({key: options[key] for key in _LIBPQ_OPTIONS if key in options})
    return params


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    params = _pg_params(settings_dict)
    for key, name in (
        ("dbname", "PGDATABASE"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
        ("host", "PGHOST"),
        ("port", "PGPORT"),
    ):
        if key in params:
            env[name] = str(params[key])
    for key, name in _LIBPQ_OPTIONS.items():
        if key in params:
            env[name] = str(params[key])
    return env


def _run(arguments: list[str], settings_dict: dict[str, Any]) -> None:
    try:
        result = subprocess.run(  # noqa: S603 (fixed program, no shell)
            arguments, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(f"{arguments[0]} was not found; install the PostgreSQL client.") from None
    if result.returncode != 0:
        raise BackupError(f"{arguments[0]} failed: {result.stderr.strip()}")


@contextmanager
def _pg_connect(settings_dict: dict[str, Any]) -> Iterator[Any]:
    import psycopg

    try:
        connection = psycopg.connect(**_pg_params(settings_dict))
    except psycopg.OperationalError as error:
        raise BackupError(f"Could not connect to the database: {error}") from None
    with closing(connection):
        yield connection


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
        "ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def _pg_counts(cursor: Any) -> dict[str, int]:
    from psycopg import sql

    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(rows: list[tuple[str, str]]) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def _pg_dump(settings_dict: dict[str, Any], destination: Path) -> Snapshot:
    import psycopg

    with _pg_connect(settings_dict) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            tables = _pg_counts(cursor)
            migrations: dict[str, list[str]] = {}
            if "django_migrations" in tables:
                cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
                migrations = _migrations(cursor.fetchall())
            # The transaction stays open (and so the snapshot alive) while pg_dump runs.
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-password",
                    f"--snapshot={snapshot_id}",
                    f"--file={destination}",
                ],
                settings_dict,
            )
        connection.rollback()
    return Snapshot(POSTGRESQL, tables, migrations)


def _pg_restore(settings_dict: dict[str, Any], dump: Path, work: Path) -> None:
    # A role that is not a superuser may create a trusted extension (pg_trgm) but not
    # comment on it: the extensions' comments are left out of the restore list.
    listing = subprocess.run(  # noqa: S603 (no shell)
        ["pg_restore", "--list", str(dump)],  # noqa: S607 (found on PATH, like pg_dump)
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise BackupError(f"pg_restore could not read the dump: {listing.stderr.strip()}")
    entries = [line for line in listing.stdout.splitlines() if " COMMENT - EXTENSION " not in line]
    list_file = work / "restore.list"
    list_file.write_text("\n".join(entries) + "\n")
    _run(
        [
            "pg_restore",
            "--no-password",
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-acl",
            f"--use-list={list_file}",
            f"--dbname={settings_dict['NAME']}",
            str(dump),
        ],
        settings_dict,
    )
    with _pg_connect(settings_dict) as connection:
        connection.autocommit = True
        connection.execute("ANALYZE")


def _pg_drop_all(settings_dict: dict[str, Any]) -> None:
    from psycopg import sql

    with _pg_connect(settings_dict) as connection, connection.transaction():
        cursor = connection.cursor()
        for table in _pg_tables(cursor):
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(table)))
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_schema = current_schema()"
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(
                sql.SQL("DROP SEQUENCE IF EXISTS {} CASCADE").format(sql.Identifier(sequence))
            )


# --- SQLite -------------------------------------------------------------------------


def _sqlite_open(settings_dict: dict[str, Any]) -> sqlite3.Connection:
    name = str(settings_dict["NAME"])
    # (A shared in-memory database, as in the tests, is named by a file: URI.)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _sqlite_exists(settings_dict: dict[str, Any]) -> bool:
    name = str(settings_dict["NAME"])
    return name.startswith("file:") or Path(name).exists()


def _sqlite_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [row[0] for row in rows]


def _sqlite_counts(connection: sqlite3.Connection) -> dict[str, int]:
    return {
        table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
        for table in _sqlite_tables(connection)
    }


def _sqlite_dump(alias: str, destination: Path) -> Snapshot:
    source = connections[alias]
    source.ensure_connection()
    with closing(sqlite3.connect(destination)) as copy:
        source.connection.backup(copy)  # one step: a consistent copy
        tables = _sqlite_counts(copy)
        migrations: dict[str, list[str]] = {}
        if "django_migrations" in tables:
            rows = copy.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
            migrations = _migrations(rows)
    return Snapshot(SQLITE, tables, migrations)


def _sqlite_restore(settings_dict: dict[str, Any], dump: Path) -> None:
    with (
        closing(sqlite3.connect(dump)) as source,
        closing(_sqlite_open(settings_dict)) as target,
    ):
        source.backup(target)


# --- Both ---------------------------------------------------------------------------


def dump(alias: str, destination: Path) -> Snapshot:
    """Copy database ``alias`` into ``destination`` and return the copy's snapshot."""
    settings_dict = connections[alias].settings_dict
    if vendor_of(settings_dict) == POSTGRESQL:
        return _pg_dump(settings_dict, destination)
    return _sqlite_dump(alias, destination)


def table_counts(settings_dict: dict[str, Any]) -> dict[str, int]:
    """Rows per table of the database ``settings_dict`` describes (its own connection)."""
    if vendor_of(settings_dict) == POSTGRESQL:
        with _pg_connect(settings_dict) as connection, connection.cursor() as cursor:
            return _pg_counts(cursor)
    if not _sqlite_exists(settings_dict):
        return {}
    with closing(_sqlite_open(settings_dict)) as connection:
        return _sqlite_counts(connection)


def tables(settings_dict: dict[str, Any]) -> list[str]:
    """The tables of the database ``settings_dict`` describes: none for an empty one."""
    if vendor_of(settings_dict) == POSTGRESQL:
        with _pg_connect(settings_dict) as connection, connection.cursor() as cursor:
            return _pg_tables(cursor)
    if not _sqlite_exists(settings_dict):
        return []
    with closing(_sqlite_open(settings_dict)) as connection:
        return _sqlite_tables(connection)


def drop_all(settings_dict: dict[str, Any]) -> None:
    """Empty the target before a restore with ``--replace``."""
    if vendor_of(settings_dict) == POSTGRESQL:
        _pg_drop_all(settings_dict)
    else:
        Path(settings_dict["NAME"]).unlink(missing_ok=True)


def restore(settings_dict: dict[str, Any], vendor: str, dump: Path, work: Path) -> None:
    target = vendor_of(settings_dict)
    if target != vendor:
        raise BackupError(f"The backup holds a {vendor} database; the target database is {target}.")
    if vendor == POSTGRESQL:
        _pg_restore(settings_dict, dump, work)
    else:
        _sqlite_restore(settings_dict, dump)
