"""The DuckDB warehouse: numbered migrations (migrations/NNN_*.sql), views (views/NNN_*.sql),
the documentation of every table, view and column (comments.sql), named queries
(queries/*.sql) and data checks (checks/*.sql).

Migrations change tables and run once each; view files and comments are re-run on every
writable connect, so a view can be improved without a migration. A check is a query that
returns the rows breaking it: none when the data is sound. Its first line says how serious a
failure is: `-- severity: serious` fails the run that finds it, `warning` is reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

WAREHOUSE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = WAREHOUSE_DIR / "migrations"
VIEWS_DIR = WAREHOUSE_DIR / "views"
QUERIES_DIR = WAREHOUSE_DIR / "queries"
CHECKS_DIR = WAREHOUSE_DIR / "checks"
COMMENTS_FILE = WAREHOUSE_DIR / "comments.sql"
SEVERITIES = ("serious", "warning")

# Where a view column without a comment of its own in comments.sql takes its comment from: the
# first of these tables with a column of that name (so each column is described once).
VIEW_COLUMN_SOURCES = {
    "candidates": ("candidate_links",),
    "indicators": ("indicator_values",),
    "report_outline": ("sections", "report_versions"),
    "indicator_panel": ("indicator_values", "report_versions"),
    "indicator_changes": ("indicator_values", "report_versions"),
    "shortcomings_followup": ("report_versions",),
    "portal_status": ("portal_runs",),
    "portal_status_history": ("portal_runs",),
}
DEFAULT_VIEW_COLUMN_SOURCES = ("report_versions", "portals")


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    sql: str


@dataclass
class CheckResult:
    name: str
    severity: str
    failing_rows: int
    sample: list[list[str]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.failing_rows == 0


def load_checks(checks_dir: Path = CHECKS_DIR) -> list[Check]:
    checks = []
    for path in sorted(checks_dir.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        match = re.match(r"--\s*severity:\s*(\w+)", text)
        if not match or match.group(1) not in SEVERITIES:
            raise ValueError(f"{path}: first line must be '-- severity: serious' or '-- severity: warning'")
        checks.append(Check(path.stem, match.group(1), text.strip().rstrip(";")))
    return checks
