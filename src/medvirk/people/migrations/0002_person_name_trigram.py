"""A trigram index on people's names, on PostgreSQL only.

The add-member form finds people by part of their name (``name__icontains``), which
Django writes as ``UPPER("name"::text) LIKE UPPER('%…%')``: no B-tree helps a pattern
with a leading wildcard, so over 40,000 people at national scale every search read the
whole table. A GIN index with ``gin_trgm_ops`` on the same expression, ``UPPER(name)``,
answers such a pattern from the index (the expression must match the query's for the
planner to use it, hence not a plain index on ``name``).

SQLite has neither the extension nor the operator class: there the migration does
nothing and search reads the table as before. ``CREATE EXTENSION`` needs a role allowed
to create it (pg_trgm is a trusted extension since PostgreSQL 13, so the database's
owner is enough).
"""

from django.db import migrations

INDEX = "people_person_name_upper_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX "{INDEX}" ON "people_person" USING gin ((UPPER("name"::text)) gin_trgm_ops)'
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
