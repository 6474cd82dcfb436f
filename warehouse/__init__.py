"""The DuckDB warehouse: numbered migrations (migrations/NNN_*.sql) and views (views/NNN_*.sql).

Migrations change tables and run once each; view files are re-run in name order on every
writable connect, so a view can be improved without a migration.
"""
from pathlib import Path

WAREHOUSE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
VIEWS_DIR = WAREHOUSE_DIR / "views"
QUERIES_DIR = WAREHOUSE_DIR / "queries"
