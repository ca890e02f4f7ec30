"""National-scale test data: ``manage.py generate_scale`` (see docs/scale-data.md).

The generator writes straight to the tables (PostgreSQL ``COPY``, SQLite
``executemany``) with ids it assigns itself, bypassing the domain functions on
purpose: it writes the past in the shapes the domain functions produce, as the
demo loaders do, only millions of rows of it. Nothing in the running
application imports this package.
"""
