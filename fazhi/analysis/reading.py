"""Opening a warehouse, a snapshot or an export folder, read-only."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from fazhi.core.errors import UserError
from warehouse import VIEWS_DIR

# The views a snapshot or an export holds, in this order: the contract, then the analysis views.
PUBLIC_VIEWS = ("reports", "indicators", "candidates", "report_copies", "indicator_catalog", "unit_reports",
                "coverage", "indicator_panel", "indicator_changes", "report_outline", "shortcomings_followup",
                "portal_status", "portal_status_history")
ANALYSIS_VIEWS_FILE = VIEWS_DIR / "010_analysis.sql"
SNAPSHOT_NAME = "fazhi-snapshot.duckdb"
MANIFEST_NAME = "snapshot.json"


# ------------------------------------------------------------------------------ opening --
def relation_exists(con, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])


def connect(db: str | Path) -> duckdb.DuckDBPyConnection:
    """Open a warehouse, a snapshot or a folder of exported Parquet files, read-only.

    A warehouse written before the analysis views existed gets them as temporary views, so
    the commands work on any warehouse without writing to it."""
    path = Path(db)
    if path.is_dir():
        files = sorted(path.glob("*.parquet"))
        if not files:
            raise UserError(f"{path}: folder holds no .parquet files (give a warehouse, a snapshot or an export folder)")
        con = duckdb.connect()
        for f in files:
            con.execute(f"CREATE VIEW \"{f.stem}\" AS SELECT * FROM read_parquet('{sql_str(f)}')")
        return con
    if not path.exists():
        raise UserError(f"{path}: no warehouse here (run `fazhi run` or `make run` first, or give --db)")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            holder = re.search(r"PID (\d+)", str(exc))
            who = f" (process {holder.group(1)})" if holder else ""
            raise UserError(f"{path}: another process{who} is writing this warehouse; read the snapshot instead "
                            f"(--db {path.parent / 'snapshot' / SNAPSHOT_NAME}) or wait for the run to finish") from None
        raise UserError(f"{path}: cannot open as a DuckDB file ({str(exc).splitlines()[0]})") from None
    except duckdb.Error as exc:
        raise UserError(f"{path}: cannot open as a DuckDB file ({str(exc).splitlines()[0]})") from None
    if not relation_exists(con, "reports"):
        con.close()
        raise UserError(f"{path}: not a fazhi warehouse (no `reports` view or table)")
    if not relation_exists(con, "coverage") and relation_exists(con, "latest_versions"):
        sql = ANALYSIS_VIEWS_FILE.read_text(encoding="utf-8")
        con.execute(re.sub(r"CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", sql))
    return con


def sql_str(value) -> str:
    return str(value).replace("'", "''")


