"""Exit 0 if a PostgreSQL server answers on 127.0.0.1:5432 as user postgres, else 1."""

import sys

import psycopg

try:
    psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
except psycopg.Error:
    sys.exit(1)
sys.exit(0)
