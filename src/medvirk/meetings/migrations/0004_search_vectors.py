"""Stored full-text search vectors with GIN indexes, on PostgreSQL only.

Each searched table gets ``search_vector``, a generated column (``GENERATED ALWAYS AS
... STORED``) that PostgreSQL computes on every insert and update, whoever writes the
row: the ORM, a bulk update or the scale generator's COPY with triggers switched off.
The expressions are the ones ``meetings.search`` used to compute at query time: Norwegian
configuration, the title weighted A and the body B. HTML bodies need no stripping:
PostgreSQL's parser reads tags and entities as ``tag``/``entity`` tokens, which the
norwegian configuration drops.

SQLite has no tsvector, so there the migration does nothing and search keeps its word
matching. The column is not a model field (docs/decisions.md, "Search: stored vectors
on PostgreSQL only"); ``meetings.search_pg`` reads it by name (``SEARCH_VECTOR_COLUMN``).

Adding a stored generated column rewrites the table under an exclusive lock, so the
migration runs with more memory for the index builds and analyses the new columns at
once (without statistics the planner guesses every word equally rare).
"""

from django.db import migrations

CONFIG = "'norwegian'::regconfig"


def _weighted(column: str, weight: str) -> str:
    return f"setweight(to_tsvector({CONFIG}, COALESCE(\"{column}\", '')), '{weight}')"


VECTORS = {
    "meetings_agendaitem": [("title", "A"), ("description", "B")],
    "meetings_caseproposal": [
        ("title", "A"),
        ("problem_why", "B"),
        ("problem_where", "B"),
        ("problem_when", "B"),
        ("proposed_solution", "B"),
    ],
    "meetings_minutesentry": [("text", "B")],
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    for table, fields in VECTORS.items():
        expression = " || ".join(_weighted(column, weight) for column, weight in fields)
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN "search_vector" tsvector '
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX "{table}_search_gin" ON "{table}" USING gin ("search_vector")'
        )
        schema_editor.execute(f'ANALYZE "{table}" ("search_vector")')


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTORS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN "search_vector"')


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_api_keyset_order"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
