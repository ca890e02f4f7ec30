"""Bulk row writer: buffers plain tuples per table and writes them in big chunks.

PostgreSQL gets ``COPY … FROM STDIN`` (psycopg 3, ``copy.write_row``); SQLite gets
``executemany`` with the values prepared the way Django's own ``bulk_create`` would
prepare them (aware datetimes to UTC text, UUIDs to hex). The rows are tuples of
plain Python values in a column order given once per table; ids are assigned by
the caller (:meth:`Table.take_id`), so that rows can point at each other before
anything is written.

A flush writes every table's buffer, in registration order, in one transaction.
Foreign keys are created ``DEFERRABLE INITIALLY DEFERRED`` by Django, so rows in
the same flush may point at each other in any order; the generator creates parents
before children, so a row never points into a later flush.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.models import Max

Row = tuple[Any, ...]


@dataclass(eq=False)
class Table:
    """One table: its model, the columns the generator gives, and what else it needs."""

    model: type[models.Model]
    columns: tuple[str, ...]
    extra_columns: tuple[str, ...]
    extra_values: Row
    next_id: int
    buffer: list[Row] = field(default_factory=list)
    written: int = 0

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def take_id(self) -> int:
        value = self.next_id
        self.next_id += 1
        return value


class UnknownColumnError(RuntimeError):
    """A model has a required column the generator does not fill."""


def _extra_columns(
    model: type[models.Model], given: tuple[str, ...]
) -> tuple[tuple[str, ...], Row]:
    """Columns the generator does not give: filled with the field's default, NULL or ''.

    Keeps the generator working when a field with a default is added to a model.
    A required column without a default stops the run with a clear message."""
    names: list[str] = []
    values: list[Any] = []
    for f in model._meta.concrete_fields:
        if f.column in given:
            continue
        if f.has_default():
            default = f.get_default()
            if callable(f.default) and f.unique:
                raise UnknownColumnError(
                    f"{model._meta.db_table}.{f.column} needs a unique value per row; "
                    "teach medvirk.scale to fill it."
                )
            names.append(str(f.column))
            values.append(_plain(default))
        elif f.null:
            names.append(str(f.column))
            values.append(None)
        elif isinstance(f, models.CharField | models.TextField | models.FileField) and f.blank:
            names.append(str(f.column))
            values.append("")
        else:
            raise UnknownColumnError(
                f"{model._meta.db_table}.{f.column} is required and has no default; "
                "teach medvirk.scale to fill it."
            )
    return tuple(names), tuple(values)


def _plain(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


class Writer:
    """Buffers rows per table and writes them in chunks of ``batch_size`` rows."""

    def __init__(self, *, batch_size: int, using: str = "default") -> None:
        self.using = using
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self.batch_size = max(1000, batch_size)
        self.tables: list[Table] = []
        self.pending = 0
        self.flushes = 0
        self.seconds_writing = 0.0
        self.table_seconds: dict[str, float] = {}
        self.triggers_off = False

    # --- Session settings for the load ---------------------------------------------

    @contextmanager
    def loading(self, *, skip_triggers: bool = True) -> Iterator[None]:
        """PostgreSQL: commit without waiting for the disk, and — for a superuser —
        skip the row-by-row foreign-key triggers (``session_replication_role =
        replica``); :meth:`verify_foreign_keys` then checks every reference in bulk.
        Row-by-row checks cost about five times the COPY itself."""
        if self.vendor != "postgresql":
            yield
            return
        with self.connection.cursor() as cursor:
            cursor.execute("SHOW is_superuser")
            superuser = cursor.fetchone()[0] == "on"
            cursor.execute("SET synchronous_commit = off")
            if skip_triggers and superuser:
                cursor.execute("SET session_replication_role = replica")
                self.triggers_off = True
        try:
            yield
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit = DEFAULT")
                cursor.execute("SET session_replication_role = DEFAULT")
            self.triggers_off = False

    def verify_foreign_keys(self) -> int:
        """Every reference in the tables written points at an existing row (one
        anti-join per foreign key). Returns the number of keys checked."""
        qn = self.connection.ops.quote_name
        broken: list[str] = []
        checked = 0
        with self.connection.cursor() as cursor:
            for table in self.tables:
                if not table.written:
                    continue
                for f in table.model._meta.concrete_fields:
                    if not f.is_relation or f.related_model is None:
                        continue
                    target = f.related_model._meta
                    column = qn(str(f.column))
                    target_column = qn(str(f.target_field.column))  # type: ignore[attr-defined]
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {qn(table.name)} AS c WHERE c.{column} IS NOT NULL "  # noqa: S608
                        f"AND NOT EXISTS (SELECT 1 FROM {qn(target.db_table)} AS p "
                        f"WHERE p.{target_column} = c.{column})"
                    )
                    checked += 1
                    missing = cursor.fetchone()[0]
                    if missing:
                        broken.append(f"{table.name}.{f.column}: {missing}")
        if broken:
            raise RuntimeError("Broken references after the load: " + "; ".join(broken))
        return checked

    # --- Tables -------------------------------------------------------------------

    def table(self, model: type[models.Model], columns: Iterable[str]) -> Table:
        """Register a table (in foreign-key order) with the columns each row gives."""
        given = tuple(columns)
        known = {f.column for f in model._meta.concrete_fields}
        unknown = [c for c in given if c not in known]
        if unknown:
            raise UnknownColumnError(f"{model._meta.db_table} has no column(s) {unknown}")
        extra_columns, extra_values = _extra_columns(model, given)
        pk = model._meta.pk
        assert pk is not None
        highest = model._default_manager.using(self.using).aggregate(top=Max(pk.attname))["top"]
        table = Table(model, given, extra_columns, extra_values, next_id=(highest or 0) + 1)
        self.tables.append(table)
        return table

    def add(self, table: Table, row: Row) -> None:
        table.buffer.append(row)
        self.pending += 1
        if self.pending >= self.batch_size:
            self.flush()

    # --- Writing ------------------------------------------------------------------

    def flush(self) -> None:
        if not self.pending:
            return
        started = time.perf_counter()
        with transaction.atomic(using=self.using):
            for table in self.tables:
                if table.buffer:
                    began = time.perf_counter()
                    if self.vendor == "postgresql":
                        self._copy(table)
                    else:
                        self._insert(table)
                    self.table_seconds[table.name] = (
                        self.table_seconds.get(table.name, 0.0) + time.perf_counter() - began
                    )
                    table.written += len(table.buffer)
                    table.buffer = []
            if self.vendor == "postgresql" and not self.triggers_off:
                # Fire the deferred foreign-key checks now: a broken reference then
                # names this flush, and an enclosing transaction (the tests) can
                # still TRUNCATE afterwards.
                began = time.perf_counter()
                with self.connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                self.table_seconds["(constraints)"] = (
                    self.table_seconds.get("(constraints)", 0.0) + time.perf_counter() - began
                )
        self.pending = 0
        self.flushes += 1
        self.seconds_writing += time.perf_counter() - started

    def _copy(self, table: Table) -> None:
        qn = self.connection.ops.quote_name
        columns = ", ".join(qn(c) for c in (*table.columns, *table.extra_columns))
        extra = table.extra_values
        with self.connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor
            with raw.copy(f"COPY {qn(table.name)} ({columns}) FROM STDIN") as copy:
                write = copy.write_row
                if extra:
                    for row in table.buffer:
                        write(row + extra)
                else:
                    for row in table.buffer:
                        write(row)

    def _insert(self, table: Table) -> None:
        qn = self.connection.ops.quote_name
        all_columns = (*table.columns, *table.extra_columns)
        placeholders = ", ".join(["%s"] * len(all_columns))
        names = ", ".join(qn(c) for c in all_columns)
        # Quoted model table and column names only; the values go as parameters.
        sql = f"INSERT INTO {qn(table.name)} ({names}) VALUES ({placeholders})"  # noqa: S608
        converters = self._converters(table.model, all_columns)
        extra = table.extra_values

        def prepared() -> Iterable[Row]:
            for row in table.buffer:
                values = list(row + extra) if extra else list(row)
                for index, convert in converters:
                    value = values[index]
                    if value is not None:
                        values[index] = convert(value)
                yield tuple(values)

        with self.connection.cursor() as cursor:
            cursor.executemany(sql, list(prepared()))

    def _converters(
        self, model: type[models.Model], columns: tuple[str, ...]
    ) -> list[tuple[int, Callable[[Any], Any]]]:
        """SQLite: what Django's bulk_create would do to each value, per column type."""
        ops = self.connection.ops
        by_column = {f.column: f for f in model._meta.concrete_fields}
        result: list[tuple[int, Callable[[Any], Any]]] = []
        for index, column in enumerate(columns):
            f = by_column[column]
            internal = f.get_internal_type()
            if internal == "DateTimeField":
                result.append((index, ops.adapt_datetimefield_value))
            elif internal == "DateField":
                result.append((index, ops.adapt_datefield_value))
            elif internal == "UUIDField":
                result.append((index, _uuid_hex))
        return result

    # --- After the run ------------------------------------------------------------

    def reset_sequences(self) -> None:
        """PostgreSQL: move each identity sequence past the ids written here."""
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the highest id by itself
        statements = self.connection.ops.sequence_reset_sql(
            no_style(), [t.model for t in self.tables]
        )
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    def counts(self) -> dict[str, int]:
        return {t.name: t.written for t in self.tables}


def _uuid_hex(value: uuid.UUID | str) -> str:
    return value.hex if isinstance(value, uuid.UUID) else uuid.UUID(value).hex
