"""Loading: the DuckDB warehouse as a resource — migrations, and atomic writes per report.

Each report is written in one transaction: a crash or a bad row never leaves half a report,
and nothing already in the warehouse is lost. A page whose raw body has not changed adds
no rows; a changed one becomes the next version of its report.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
import sys
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

# DuckDB's Python client tries `import pandas` for every parameter value it binds; without
# pandas installed each try walks sys.path again (measured: ~0.5 s per report, 99,744
# imports for 40 reports). Record the miss once so the later tries fail at once. Nothing
# changes where pandas is installed.
if importlib.util.find_spec("pandas") is None:
    sys.modules.setdefault("pandas", None)

from fazhi.core import rules
from fazhi.core.errors import RejectedRow, UserError
from fazhi.core.records import (Candidate, FetchedDocument, FetchRecord, KnownFetch, LoadItem, PortalColumn,
                                ReportContext)
from fazhi.core.indicators import CATALOG
from warehouse import (COMMENTS_FILE, DEFAULT_VIEW_COLUMN_SOURCES, MIGRATIONS_DIR, VIEW_COLUMN_SOURCES, VIEWS_DIR,
                       CheckResult, load_checks)


class WarehouseBusy(UserError):
    pass


# The tables holding a report version's facts, children of report_versions.
FACT_TABLES = ("sections", "quantities", "indicator_values", "citations", "report_items")
# What load_reports writes a batch's rows to, parents first.
_BATCHED_TABLES = ("report_versions", "report_copies") + FACT_TABLES


@dataclass
class ReprocessSource:
    """A report's latest version as the archive can give it again."""
    url: str
    source: str
    content_sha: str
    portal_id: str | None
    fetched_at: dt.datetime
    attachment_url: str | None
    attachment_type: str | None      # the text came from a linked file of this type
    page_sha: str | None             # the notice page's archived body, for attachment reports
    context: ReportContext


def _metadata_columns(m) -> dict:
    """report_versions columns from the report's metadata (years_blanked is not stored)."""
    columns = asdict(m)
    columns.pop("years_blanked")
    return columns


# Which copy of a report is its canonical one: the unit's own portal, then any other site,
# then a local file.
_COPY_RANK = {"own_portal": 0, "other_portal": 1, "file": 2}


def _shingles(text: str, size: int = 5) -> set[str]:
    text = "".join(text.split())
    return {text[i:i + size] for i in range(max(1, len(text) - size + 1))}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class _Held:
    """What the writer needs of a report's latest version to place a new copy: no body text."""
    version: int
    content_sha: str
    report_year: int | None
    level: str
    admin_code: str | None
    department: str
    province: str | None
    city: str | None
    merged: bool


class _Directory:
    """The warehouse's reports, copies and portals as the one writer of a run needs them to
    place each new report (is it known, a copy of which, its next version), kept in memory.

    Why: asked of DuckDB, these were five statements a report, one of them a window over
    every version (latest_versions) whose cost grew with the warehouse: 60% of the run's
    loading time at 300 portals, more at 3,000. Read once, then kept up to date by the writes
    the Warehouse itself makes; dropped (read again when next needed) after a rollback or a
    merge, which change it in ways not worth replaying."""

    def __init__(self, con):
        self.held: dict[str, _Held] = {}
        self.by_year_level: dict[tuple, set[str]] = {}     # where copies are looked for: same year and level
        for report_id, version, sha, year, level, code, dept, province, city, merged in con.execute("""
                SELECT report_id, version, content_sha, report_year, level, admin_code, coalesce(department, ''),
                       province, city, report_id IN (SELECT report_id FROM report_merges)
                FROM report_versions
                QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY version DESC) = 1""").fetchall():
            self._hold(report_id, _Held(version, sha, year, level, code, dept, province, city, merged))
        self.copies: dict[str, list] = {}          # url -> [report_id, is_canonical]
        self.canonical_kind: dict[str, str] = {}   # report_id -> its canonical copy's kind
        for url, report_id, canonical, kind in con.execute(
                "SELECT url, report_id, is_canonical, copy_kind FROM report_copies").fetchall():
            self.copies[url] = [report_id, canonical]
            if canonical:
                self.canonical_kind[report_id] = kind
        self.portals = {portal_id: (code, level, province, city or "") for portal_id, code, level, province, city
                        in con.execute("SELECT portal_id, admin_code, level, province, city FROM portals").fetchall()}

    def candidates(self, m, portal_id: str | None) -> list[str]:
        """Reports a text of this metadata may be a copy of (see Warehouse._same_report)."""
        if not m.report_year or not (m.admin_code or portal_id in self.portals):
            return []
        department = m.department or ""
        if m.admin_code:
            def fits(h: _Held) -> bool:
                return h.admin_code is None or (h.admin_code == m.admin_code and h.department == department)
        else:
            _code, _level, province, city = self.portals[portal_id]

            def fits(h: _Held) -> bool:
                return h.admin_code is None or (h.province == province and (not city or h.city == city))
        return [report_id for report_id in self.by_year_level.get((m.report_year, m.level), ())
                if not self.held[report_id].merged and fits(self.held[report_id])]

    def wrote_version(self, report_id: str, version: int, item: LoadItem) -> None:
        m = item.facts.metadata
        self._hold(report_id, _Held(version, item.content_sha, m.report_year, m.level, m.admin_code,
                                    m.department or "", m.province, m.city, False))

    def _hold(self, report_id: str, held: _Held) -> None:
        before = self.held.get(report_id)
        if before is not None:                   # a reprocess may have changed its year or level
            self.by_year_level[(before.report_year, before.level)].discard(report_id)
        self.held[report_id] = held
        self.by_year_level.setdefault((held.report_year, held.level), set()).add(report_id)


def report_id_for(url: str) -> str:
    """Stable id of a report: its source URL (or file path), hashed."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _last_per_key(items, key):
    """One item per key, the last one: a single upsert statement may not touch a row twice."""
    return list({key(item): item for item in items}.values())


class Warehouse:
    def __init__(self, path: str | Path, read_only: bool = False):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._column_cache: dict[str, tuple[tuple[str, str], ...]] = {}
        self._pending_rows: dict[str, list[dict]] | None = None    # load_reports' rows, table -> rows
        self._directory: _Directory | None = None                   # read when a report is first loaded
        self._in_transaction = False                               # inside transaction()
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise UserError(f"{self.path}: no warehouse here (run `fazhi run` or `make run` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only,
                                      config={} if read_only else {"memory_limit": rules.DUCKDB_MEMORY_LIMIT})
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                holder = re.search(r"PID (\d+)", str(exc))
                who = f" (process {holder.group(1)})" if holder else ""
                raise WarehouseBusy(f"{self.path}: another process{who} is writing this warehouse; "
                                    "wait for it to finish, or read the snapshot instead") from None
            raise UserError(f"{self.path}: cannot open as a DuckDB file ({str(exc).splitlines()[0]})") from None
        except duckdb.Error as exc:
            raise UserError(f"{self.path}: cannot open as a DuckDB file ({str(exc).splitlines()[0]})") from None
        if not read_only:
            self.migrate()

    def close(self) -> None:
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- schema -------------------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply migrations not yet applied (each in its own transaction), then every view file."""
        with self._lock:
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                             "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
            done = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
            applied = []
            for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
                version = int(path.name.split("_", 1)[0])
                if version in done:
                    continue
                with self.transaction():
                    self.con.execute(path.read_text(encoding="utf-8"))
                    self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, path.name, _now()])
                applied.append(path.name)
            self._write_catalog()
            for path in sorted(VIEWS_DIR.glob("*.sql")):
                self.con.execute(path.read_text(encoding="utf-8"))
            # after the views: replacing a view drops its comments
            self.con.execute(COMMENTS_FILE.read_text(encoding="utf-8"))
            self._inherit_view_column_comments()
            return applied

    def _inherit_view_column_comments(self) -> None:
        """Give each view column comments.sql leaves bare the comment of its source column."""
        table_comments = dict(((t, c), text) for t, c, text in self.con.execute(
            "SELECT table_name, column_name, comment FROM duckdb_columns() "
            "WHERE internal = false AND comment IS NOT NULL").fetchall())
        bare = self.con.execute("""
            SELECT c.table_name, c.column_name FROM duckdb_columns() c
            JOIN duckdb_views() v ON v.view_name = c.table_name AND NOT v.internal AND NOT v.temporary
            WHERE c.comment IS NULL""").fetchall()
        for view, column in bare:
            for table in VIEW_COLUMN_SOURCES.get(view, DEFAULT_VIEW_COLUMN_SOURCES):
                if (table, column) in table_comments:
                    quoted = table_comments[table, column].replace("'", "''")
                    self.con.execute(f'COMMENT ON COLUMN "{view}"."{column}" IS \'{quoted}\'')
                    break

    def _write_catalog(self) -> None:
        """The indicator_catalog table from the one catalog in fazhi/core/indicators.py."""
        with self.transaction():
            self.con.execute("DELETE FROM indicator_catalog")
            self._insert_rows("indicator_catalog", [{"indicator": k.key, "label": k.label,
                                                     "usual_unit": k.usual_unit, "kind": k.kind} for k in CATALOG])

    # -- data checks --------------------------------------------------------------------
    def run_checks(self) -> list[CheckResult]:
        """Every check of warehouse/checks/: the rows that break it (none when it passes)."""
        results = []
        with self._lock:
            for check in load_checks():
                rows = self.con.execute(f"SELECT count(*) FROM ({check.sql})").fetchone()[0]
                sample = self.con.execute(f"{check.sql} LIMIT 3").fetchall() if rows else []
                results.append(CheckResult(check.name, check.severity, rows, [list(map(str, r)) for r in sample]))
        return results

    # -- runs ---------------------------------------------------------------------------
    def start_run(self, run_id: str, flow: str, parameters: dict) -> None:
        with self._lock:
            self.con.execute("INSERT INTO runs (run_id, flow, parameters, started_at, status) VALUES (?,?,?,?,?)",
                             [run_id, flow, json.dumps(parameters, ensure_ascii=False, default=str), _now(), "running"])

    def finish_run(self, run_id: str, status: str, counts: dict, timings: dict,
                   failures: list[dict]) -> tuple[str, list[CheckResult]]:
        """Run the data checks, then record the run's end with their results. A serious check
        that fails makes the run failed. Returns (the status recorded, the check results)."""
        checks = self.run_checks() if status != "cancelled" else []
        if any(c.severity == "serious" and not c.passed for c in checks):
            status = "failed"
        with self._lock:
            self.con.execute("UPDATE runs SET ended_at=?, status=?, counts=?, timings=?, failures=?, checks=? "
                             "WHERE run_id=?",
                             [_now(), status, json.dumps(counts), json.dumps(timings),
                              json.dumps(failures, ensure_ascii=False),
                              json.dumps([asdict(c) for c in checks], ensure_ascii=False), run_id])
        return status, checks

    # -- portals, fetches, candidates ---------------------------------------------------
    def upsert_portals(self, portals) -> None:
        now = _now()
        self._directory = None
        with self._lock:
            self._insert_rows("portals", [
                {"portal_id": p.id, "name": p.name, "admin_code": p.admin_code, "province": p.province,
                 "city": p.city or None, "county": p.county or None, "level": p.level,
                 "department": p.department or None,
                 "cms": p.cms, "start_urls": list(p.start_urls), "home": p.home or None, "updated_at": now}
                for p in portals],
                on_conflict="""(portal_id) DO UPDATE SET name=excluded.name, admin_code=excluded.admin_code,
                    province=excluded.province, city=excluded.city, county=excluded.county, level=excluded.level,
                    department=excluded.department, cms=excluded.cms, start_urls=excluded.start_urls,
                    home=excluded.home, updated_at=excluded.updated_at""")

    def portal_columns(self) -> dict[str, tuple[str, ...]]:
        """portal id -> the report columns onboarding chose for it, best first: where a
        home-page-only portal's next run starts."""
        with self._lock:
            rows = self.con.execute("SELECT portal_id, url FROM portal_columns "
                                    "ORDER BY portal_id, report_titles > 0 DESC, score DESC, url").fetchall()
        columns: dict[str, tuple[str, ...]] = {}
        for portal_id, url in rows:
            columns[portal_id] = columns.get(portal_id, ()) + (url,)
        return columns

    def record_portal_columns(self, portal_id: str, columns: list[PortalColumn], run_id: str | None) -> None:
        """Replace a portal's columns with those onboarding chose now, in one transaction."""
        now = _now()
        with self.transaction():
            self.con.execute("DELETE FROM portal_columns WHERE portal_id = ?", [portal_id])
            self._insert_rows("portal_columns", [
                {"portal_id": portal_id, "url": c.url, "title": c.title, "score": c.score, "depth": c.depth,
                 "report_titles": c.report_titles, "found_from": c.found_from, "found_at": now, "run_id": run_id}
                for c in _last_per_key(columns, lambda c: c.url)])

    @contextmanager
    def transaction(self):
        """One transaction around what is written inside (within another: part of that one).
        A portal's records go in together: a commit each cost the writer more than writing them."""
        with self._lock:
            if self._in_transaction:
                yield
                return
            self.con.execute("BEGIN")
            self._in_transaction = True
            try:
                yield
            except BaseException:
                self.con.execute("ROLLBACK")
                self._directory = None            # it may hold what was just undone
                raise
            else:
                self.con.execute("COMMIT")
            finally:
                self._in_transaction = False

    def known_fetches(self) -> dict[str, KnownFetch]:
        with self._lock:
            rows = self.con.execute("""
                SELECT url, sha256, etag, last_modified, content_type, fetched_at FROM fetches WHERE status IN (200, 304)
                QUALIFY row_number() OVER (PARTITION BY url ORDER BY fetched_at DESC) = 1""").fetchall()
        return {url: KnownFetch(sha, etag, lm, ct or "", at) for url, sha, etag, lm, ct, at in rows}

    def known_links(self) -> dict[str, set[str]]:
        """Per portal, every link discovery saw in an earlier run: a list page of nothing but
        these ends the walk of a column on a routine run."""
        with self._lock:
            rows = self.con.execute("SELECT portal_id, url FROM candidate_links WHERE portal_id IS NOT NULL").fetchall()
        links: dict[str, set[str]] = {}
        for portal_id, url in rows:
            links.setdefault(portal_id, set()).add(url)
        return links

    def report_urls(self) -> set[str]:
        """URLs that hold a report already in the warehouse (its own or a copy's)."""
        with self._lock:
            rows = self.con.execute("SELECT url FROM report_versions WHERE url IS NOT NULL "
                                    "UNION SELECT url FROM report_copies WHERE url IS NOT NULL").fetchall()
        return {url for (url,) in rows}

    def record_fetches(self, records: list[FetchRecord]) -> None:
        with self._lock:
            self._insert_rows("fetches", [vars(r) for r in records])    # fetch_id from its sequence

    def record_candidates(self, candidates: list[Candidate], run_id: str | None) -> None:
        """Upsert every link discovery looked at; first_seen stays the first time."""
        now = _now()
        with self._lock:
            self._insert_rows("candidate_links", [
                {"url": c.url, "portal_id": c.portal_id, "title": c.title, "list_date": c.date, "kind": c.kind,
                 "reason": c.reason, "report_year": c.report_year, "source_url": c.source_url, "first_seen": now,
                 "last_seen": now, "run_id": run_id, "level": c.level, "department": c.department or None}
                for c in _last_per_key(candidates, lambda c: c.url)],
                on_conflict="""(url) DO UPDATE SET title=excluded.title, list_date=excluded.list_date,
                    kind=excluded.kind, reason=excluded.reason, report_year=excluded.report_year,
                    last_seen=excluded.last_seen, run_id=excluded.run_id, level=excluded.level,
                    department=excluded.department""")

    def record_portal_run(self, outcome, run_id: str) -> None:
        """How the run went for one portal (a PortalOutcome with its status set)."""
        self.record_portal_runs([outcome], run_id)

    def record_portal_runs(self, outcomes: list, run_id: str) -> None:
        now = _now()
        with self._lock:
            self._insert_rows("portal_runs", [{
                "run_id": run_id, "portal_id": o.portal_id, "status": o.status,
                "reason": o.reason or None, "platforms": sorted(set(o.platforms.values())),
                "columns": list(o.platforms), "list_pages": o.list_pages, "candidates": o.candidates,
                "reports": sum(n for k, n in o.reports.items() if k != "rejected"), "requests": o.requests,
                "checked_at": now} for o in _last_per_key(outcomes, lambda o: o.portal_id)],
                on_conflict="(run_id, portal_id) DO UPDATE SET status=excluded.status, reason=excluded.reason")

    def record_attachments(self, documents: list[tuple[FetchedDocument, str | None]], run_id: str | None) -> None:
        """Upsert what was done with each attachment (used, read, unreadable, failed), with the
        portal whose page linked it."""
        now = _now()
        with self._lock:
            self._insert_rows("attachments", [
                {"url": d.url, "page_url": d.page_url, "portal_id": portal_id, "name": d.name,
                 "file_type": d.file_type, "status": d.status, "reason": d.reason, "sha256": d.sha256,
                 "seen_at": now, "run_id": run_id, "text_source": d.text_source, "engine": d.engine,
                 "confidence": d.confidence}
                for d, portal_id in _last_per_key(documents, lambda pair: (pair[0].url, pair[0].page_url))],
                on_conflict="""(url, page_url) DO UPDATE SET status=excluded.status, reason=excluded.reason,
                    sha256=excluded.sha256, seen_at=excluded.seen_at, run_id=excluded.run_id,
                    file_type=excluded.file_type, text_source=excluded.text_source, engine=excluded.engine,
                    confidence=excluded.confidence""")

    # -- reports ------------------------------------------------------------------------
    def load_report(self, item: LoadItem) -> str:
        """Write one report atomically. Returns 'new', 'changed', 'unchanged', 'reprocessed', or
        'copy': another copy of a report the warehouse holds (same unit, year and text),
        recorded in report_copies and, when it is a better copy than the report's canonical
        one, made the report's next version. Facts the warehouse's constraints refuse raise
        RejectedRow, and nothing is written."""
        try:
            with self.transaction():
                return self._load_copy(item)
        except duckdb.ConstraintException as exc:
            raise RejectedRow(f"{item.url}: refused by the warehouse ({str(exc).splitlines()[0]})") from None

    def load_reports(self, items: list[LoadItem]) -> list[str | RejectedRow]:
        """Write several reports in one transaction, as load_report writes one: what each became,
        or the RejectedRow that refused it. Their rows go in with one statement per table, at
        the end. When the warehouse refuses anything, the batch is rolled back and every report
        written again in its own transaction, so a refused report costs only itself.

        Why: a transaction and a statement per table for each report cost the run's one writer
        ~20 ms a report, more than collecting it (scripts/benchmark.py --incremental)."""
        if len(items) < 2:
            return [self._load_or_reject(item) for item in items]
        try:
            with self.transaction():
                self._pending_rows = {table: [] for table in _BATCHED_TABLES}
                outcomes: list[str | RejectedRow] = [self._load_copy(item) for item in items]
                self._flush_rows()
            return outcomes
        except duckdb.ConstraintException:
            pass                        # rolled back: each report again on its own
        finally:
            self._pending_rows = None
        return [self._load_or_reject(item) for item in items]

    def _load_or_reject(self, item: LoadItem) -> str | RejectedRow:
        try:
            return self.load_report(item)
        except RejectedRow as exc:
            return exc

    def _flush_rows(self) -> None:
        """Write the rows load_reports held back (one statement per table, parents first)."""
        if self._pending_rows is None:
            return
        for table, rows in self._pending_rows.items():
            self._insert_rows(table, rows)
            rows.clear()

    def _add_rows(self, table: str, rows: list[dict]) -> None:
        """Rows written now, or with the batch's others when load_reports is writing a batch."""
        if self._pending_rows is None:
            self._insert_rows(table, rows)
        else:
            self._pending_rows[table].extend(rows)

    def _held(self) -> _Directory:
        if self._directory is None:
            self._directory = _Directory(self.con)
        return self._directory

    def _load_copy(self, item: LoadItem) -> str:
        held = self._held()
        known = held.copies.get(item.url)
        if known:
            report_id, canonical = known
            self._flush_rows()                 # the copy's row may be among the batch's held-back rows
            self.con.execute("UPDATE report_copies SET last_seen = ?, content_sha = ?, run_id = ? WHERE url = ?",
                             [item.fetched_at, item.content_sha, item.run_id, item.url])
            # a copy that is not the report's canonical one does not change the report
            return self._write_version(report_id, item) if canonical else "unchanged"
        same = self._same_report(item)
        if same is None:
            report_id = report_id_for(item.url)
            outcome = self._write_version(report_id, item)
            self._record_copy(item, report_id, 1.0, True, self._copy_kind(item))
            return outcome
        report_id, similarity = same
        kind = self._copy_kind(item)
        held_kind, held_unit = held.canonical_kind.get(report_id), held.held[report_id].admin_code
        # a copy that knows the report's unit beats one that does not; then the better kind of
        # copy; among equals the first seen stays
        knows, held_knows = item.facts.metadata.admin_code is not None, held_unit is not None
        canonical = knows > held_knows or (knows == held_knows and _COPY_RANK[kind] < _COPY_RANK[held_kind])
        if canonical:
            self._flush_rows()
            self.con.execute("UPDATE report_copies SET is_canonical = false WHERE report_id = ?", [report_id])
            for copy in held.copies.values():
                if copy[0] == report_id:
                    copy[1] = False
            self._write_version(report_id, item)
        self._record_copy(item, report_id, similarity, canonical, kind)
        return "copy"

    def _same_report(self, item: LoadItem) -> tuple[str, float] | None:
        """The report this text is a copy of: the same year and level, text as alike as
        rules.SAME_REPORT_SIMILARITY (Jaccard over character shingles; the candidates are few, so
        exact shingle sets beat a sketch here), and the same unit — or, where one side's unit is
        unknown (an aggregator's copy whose text names none), a report of the portal's province
        and city, or one whose unit is unknown."""
        candidates = self._held().candidates(item.facts.metadata, item.portal_id)
        if not candidates:
            return None
        self._flush_rows()                     # a candidate may have been written in this batch
        rows = self.con.execute(
            "SELECT report_id, version, body_text FROM report_versions WHERE list_contains(?, report_id)",
            [candidates]).fetchall()
        versions = self._held().held
        mine = _shingles(item.cleaned.body_text)
        scored = [(report_id, _jaccard(mine, _shingles(body))) for report_id, version, body in rows
                  if version == versions[report_id].version]
        best = max(scored, key=lambda pair: pair[1], default=None)
        return best if best and best[1] >= rules.SAME_REPORT_SIMILARITY else None

    def merge_copies(self, run_id: str | None) -> int:
        """Fold reports that are one report into one: same unit, level, department and year, and
        texts as alike as rules.SAME_REPORT_SIMILARITY (loaded before report_copies existed, or
        alike after a reprocess changed a unit). The report whose canonical copy ranks best (the
        unit's own portal, another site, a file; then the first seen) is kept; the others' copies
        become its copies and they are recorded in report_merges — no version is deleted.
        Returns how many reports were merged."""
        with self._lock:
            rows = self.con.execute("""
                SELECT v.report_id, v.admin_code, v.report_year, v.level, coalesce(v.department, ''), v.body_text,
                       coalesce(c.copy_kind, 'file'), coalesce(c.first_seen, v.fetched_at)
                FROM latest_versions v LEFT JOIN report_copies c ON c.report_id = v.report_id AND c.is_canonical
                WHERE v.admin_code IS NOT NULL AND v.report_year IS NOT NULL""").fetchall()
            groups: dict[tuple, list[tuple]] = {}
            for row in rows:
                groups.setdefault(row[1:5], []).append(row)
            merges = []
            for group in groups.values():
                kept: list[tuple[str, set[str]]] = []
                for report_id, *_, body, kind, first_seen in sorted(group, key=lambda r: (_COPY_RANK[r[6]], r[7], r[0])):
                    mine = _shingles(body)
                    into, similarity = max(((k, _jaccard(mine, theirs)) for k, theirs in kept),
                                           key=lambda pair: pair[1], default=(None, 0.0))
                    if into and similarity >= rules.SAME_REPORT_SIMILARITY:
                        merges.append((report_id, into, similarity))
                    else:
                        kept.append((report_id, mine))
            if not merges:
                return 0
            with self.transaction():
                for report_id, into, similarity in merges:
                    self.con.execute("UPDATE report_copies SET report_id = ?, is_canonical = false WHERE report_id = ?",
                                     [into, report_id])
                self._insert_rows("report_merges", [
                    {"report_id": report_id, "merged_into": into, "similarity": round(similarity, 3),
                     "merged_at": _now(), "run_id": run_id} for report_id, into, similarity in merges])
            self._directory = None
        return len(merges)

    def _copy_kind(self, item: LoadItem) -> str:
        """own_portal (the report's unit's own portal), other_portal (an aggregator or another
        unit's site) or file."""
        if item.source == "file":
            return "file"
        m = item.facts.metadata
        portal = self._held().portals.get(item.portal_id)
        return "own_portal" if portal and portal[:2] == (m.admin_code, m.level) else "other_portal"

    def _record_copy(self, item: LoadItem, report_id: str, similarity: float, canonical: bool, kind: str) -> None:
        held = self._held()
        held.copies[item.url] = [report_id, canonical]
        if canonical:
            held.canonical_kind[report_id] = kind
        self._add_rows("report_copies", [{
            "url": item.url, "report_id": report_id, "portal_id": item.portal_id, "source": item.source,
            "copy_kind": kind, "is_canonical": canonical, "similarity": round(similarity, 3),
            "content_sha": item.content_sha, "publish_date": item.facts.metadata.publish_date,
            "first_seen": item.fetched_at, "last_seen": item.fetched_at, "run_id": item.run_id}])

    def _write_version(self, report_id: str, item: LoadItem) -> str:
        """The report's next version from this copy's text, unless its latest has the same
        content (then 'unchanged', or 'reprocessed' with its facts rewritten)."""
        held = self._held().held.get(report_id)
        latest = (held.version, held.content_sha) if held else None
        if latest and latest[1] == item.content_sha and not item.reprocess:
            return "unchanged"
        if latest and latest[1] == item.content_sha:
            self._flush_rows()           # rows held back in this batch go in before any is deleted
            for table in FACT_TABLES:
                self.con.execute(f"DELETE FROM {table} WHERE report_id=? AND version=?", [report_id, latest[0]])
            self._write_report(report_id, latest[0], item, replace=True)
            return "reprocessed"
        version = latest[0] + 1 if latest else 1
        self._write_report(report_id, version, item, replace=False)
        return "changed" if latest else "new"

    def _write_report(self, report_id: str, version: int, item: LoadItem, replace: bool) -> None:
        """The version row and its facts. replace: the version row exists (a reprocess) and is
        updated in place: DuckDB cannot delete a row its facts reference, even in one transaction."""
        m, cleaned, facts, run_id = item.facts.metadata, item.cleaned, item.facts, item.run_id
        row = {"content_sha": item.content_sha, "source": item.source, "url": item.url, "portal_id": item.portal_id,
               **_metadata_columns(m), "body_text": cleaned.body_text,
               "fields": json.dumps(cleaned.fields, ensure_ascii=False), "clean_method": cleaned.clean_method,
               "attachment_url": cleaned.attachment_url, "traditional_share": cleaned.traditional_share,
               "text_source": cleaned.text_source, "ocr_engine": cleaned.ocr_engine,
               "ocr_confidence": cleaned.ocr_confidence,
               "fetched_at": item.fetched_at, "loaded_at": _now(), "run_id": run_id}
        if replace:
            assignments = ", ".join(f'"{name}" = ?' for name in row)
            self.con.execute(f"UPDATE report_versions SET {assignments} WHERE report_id = ? AND version = ?",
                             list(row.values()) + [report_id, version])
        else:
            self._add_rows("report_versions", [{"report_id": report_id, "version": version, **row}])
        self._held().wrote_version(report_id, version, item)
        key = {"report_id": report_id, "version": version, "run_id": run_id}
        for table, rows in zip(FACT_TABLES, (facts.sections, facts.quantities, facts.indicators, facts.citations,
                                             facts.items)):
            self._add_rows(table, [{**key, **vars(r)} for r in rows])   # flat records: asdict's deep copy
            # cost 3 ms a report

    def reprocess_sources(self) -> list["ReprocessSource"]:
        """Every report's latest version with what is needed to read it again from the archive."""
        with self._lock:
            rows = self.con.execute("""
                SELECT r.url, r.source, r.content_sha, r.portal_id, r.fetched_at, r.attachment_url,
                       CASE WHEN r.clean_method LIKE 'attachment:%' THEN split_part(r.clean_method, ':', 2) END,
                       (SELECT f.sha256 FROM fetches f WHERE f.url = r.url AND f.status IN (200, 304)
                        ORDER BY f.fetched_at DESC LIMIT 1),
                       p.admin_code, coalesce(p.county, p.city, p.province), p.city, p.province, p.level, p.department,
                       c.title, c.list_date
                FROM latest_versions r
                LEFT JOIN portals p ON p.portal_id = r.portal_id
                LEFT JOIN candidate_links c ON c.url = r.url""").fetchall()
        return [ReprocessSource(
            url=url, source=source, content_sha=sha, portal_id=portal_id, fetched_at=fetched_at,
            attachment_url=attachment_url, attachment_type=attachment_type, page_sha=page_sha,
            context=ReportContext(url=url, portal_id=portal_id, admin_code=admin_code, admin_name=county, city=city,
                                  province=province, level=level, department=department, list_title=list_title,
                                  list_date=list_date.isoformat() if list_date else None))
            for (url, source, sha, portal_id, fetched_at, attachment_url, attachment_type, page_sha, admin_code,
                 county, city, province, level, department, list_title, list_date) in rows]

    def _insert_rows(self, table: str, rows: list[dict], on_conflict: str = "") -> None:
        """Insert rows (dicts by column name; a missing column gets NULL, an unknown one is an
        error) as one JSON parameter unnested in DuckDB, in one statement: about 15 times
        faster than executemany, which binds value by value. on_conflict: the clause after
        ON CONFLICT, for an upsert."""
        if not rows:
            return
        columns = self._columns(table)
        unknown = set().union(*rows) - {name for name, _type in columns}
        if unknown:
            raise ValueError(f"{table}: no column(s) {sorted(unknown)}")
        names = [name for name, _type in columns if name in rows[0]]
        payload = json.dumps(rows, ensure_ascii=False, default=str)
        spec = json.dumps([{name: dict(columns)[name] for name in names}]).replace("'", "''")
        column_list = ", ".join(f'"{name}"' for name in names)
        self.con.execute(f"INSERT INTO {table} ({column_list}) "
                         f"SELECT unnest(from_json(?::JSON, '{spec}'), recursive := true)"
                         + (f" ON CONFLICT {on_conflict}" if on_conflict else ""), [payload])

    def _columns(self, table: str) -> tuple[tuple[str, str], ...]:
        """(name, type) of a table's columns in order, as from_json wants them."""
        if table not in self._column_cache:
            self._column_cache[table] = tuple(self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall())
        return self._column_cache[table]

    def query(self, sql: str, params=None):
        with self._lock:
            return self.con.execute(sql, params or []).fetchall()
