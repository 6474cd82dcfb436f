"""The DuckDB warehouse: numbered migrations (migrations/NNN_*.sql) and the public views (views.sql)."""
from pathlib import Path

WAREHOUSE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
VIEWS_SQL = WAREHOUSE_DIR / "views.sql"
QUERIES_DIR = WAREHOUSE_DIR / "queries"
