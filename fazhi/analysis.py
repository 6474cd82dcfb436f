"""Reading the warehouse: named queries, keyword search, exports and the read-only snapshot.

Everything here opens the warehouse read-only (or a snapshot of it), so it never takes the
write lock a flow needs. DuckDB lets one process write and nobody else open the file at the
same time; `publish_snapshot` writes a copy that readers can open while a run writes.

Commands (registered by `add_analysis_commands`): query, search, export, report.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from fazhi import DEFAULT_DB, UserError
from warehouse import QUERIES_DIR, VIEWS_DIR

# The views a snapshot or an export holds, in this order: the contract, then the analysis views.
PUBLIC_VIEWS = ("reports", "indicators", "candidates", "indicator_catalog", "unit_reports", "coverage",
                "indicator_panel", "indicator_changes", "report_outline", "shortcomings_followup")
ANALYSIS_VIEWS_FILE = VIEWS_DIR / "010_analysis.sql"
SNAPSHOT_NAME = "fazhi-snapshot.duckdb"
MANIFEST_NAME = "snapshot.json"


# ------------------------------------------------------------------------------ opening --
def _relation_exists(con, name: str) -> bool:
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
            con.execute(f"CREATE VIEW \"{f.stem}\" AS SELECT * FROM read_parquet('{_sql_str(f)}')")
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
    if not _relation_exists(con, "reports"):
        con.close()
        raise UserError(f"{path}: not a fazhi warehouse (no `reports` view or table)")
    if not _relation_exists(con, "coverage") and _relation_exists(con, "latest_versions"):
        sql = ANALYSIS_VIEWS_FILE.read_text(encoding="utf-8")
        con.execute(re.sub(r"CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", sql))
    return con


def _sql_str(value) -> str:
    return str(value).replace("'", "''")


# ------------------------------------------------------------------------ named queries --
@dataclass
class Param:
    name: str
    description: str
    required: bool = True
    default: str | None = None


@dataclass
class NamedQuery:
    name: str
    path: Path
    description: str
    params: dict[str, Param] = field(default_factory=dict)
    sql: str = ""


# Header lines:  -- Description…   and   -- param NAME: what it is [default: VALUE]
_PARAM_LINE = re.compile(r"^--\s*param\s+(\w+)\s*:\s*(.*?)\s*(?:\[default:\s*(.*?)\s*\])?\s*$")
_SQL_PARAM = re.compile(r"\$([A-Za-z_]\w*)")


def _strip_sql_comments_and_strings(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", " ", sql)
    return re.sub(r"'(?:[^']|'')*'", "''", sql)


def load_query(path: Path) -> NamedQuery:
    sql = path.read_text(encoding="utf-8")
    description, params = [], {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = _PARAM_LINE.match(line)
        if match:
            name, desc, default = match.groups()
            params[name] = Param(name, desc, required=default is None,
                                 default=None if default in (None, "NULL", "null") else default)
        else:
            description.append(line.lstrip("-").strip())
    used = set(_SQL_PARAM.findall(_strip_sql_comments_and_strings(sql)))
    for name in used - params.keys():          # a $param the header forgot is still required
        params[name] = Param(name, "", required=True)
    for name in list(params):
        if name not in used:
            del params[name]
    return NamedQuery(path.stem, path, " ".join(d for d in description if d), params, sql)


def list_queries(queries_dir: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {p.stem: load_query(p) for p in sorted(queries_dir.glob("*.sql"))}


def queries_help(queries: dict[str, NamedQuery]) -> str:
    lines = ["Named queries (fazhi query NAME --param k=v …):"]
    for q in queries.values():
        lines.append(f"  {q.name:<16} {q.description}")
        for p in q.params.values():
            extra = "" if p.required else f" (optional, default {p.default if p.default is not None else 'all'})"
            lines.append(f"  {'':<16}   --param {p.name}=…  {p.description}{extra}")
    return "\n".join(lines)


def _coerce(value: str):
    text = value.strip()
    if re.fullmatch(r"[+-]?\d{1,18}", text) and not (len(text) == 6 and text.isdigit()):
        return int(text)            # a 6-digit division code stays text
    if re.fullmatch(r"[+-]?\d+\.\d*", text):
        return float(text)
    return text


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise UserError(f"--param {pair!r}: expected NAME=VALUE, e.g. --param year=2023")
        key, value = pair.split("=", 1)
        key = key.strip()
        if not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise UserError(f"--param {pair!r}: {key!r} is not a parameter name")
        out[key] = value
    return out


def run_query(con, query: NamedQuery, given: dict[str, str]):
    unknown = sorted(set(given) - query.params.keys())
    if unknown:
        known = ", ".join(query.params) or "none"
        raise UserError(f"query '{query.name}' has no parameter '{unknown[0]}' (its parameters: {known})")
    values = {}
    for p in query.params.values():
        if p.name in given:
            values[p.name] = _coerce(given[p.name])
        elif p.required:
            hint = f" ({p.description})" if p.description else ""
            raise UserError(f"query '{query.name}' needs --param {p.name}=…{hint}")
        else:
            values[p.name] = _coerce(p.default) if p.default is not None else None
    try:
        cur = con.execute(query.sql, values)
    except duckdb.Error as exc:
        raise UserError(f"query '{query.name}' ({query.path.name}) failed: {str(exc).splitlines()[0]}") from None
    columns = [d[0] for d in cur.description]
    return columns, cur.fetchall()


# ----------------------------------------------------------------------------- output --
def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _clip(text: str, width: int) -> str:
    if _display_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("\n", " ")


def _json_value(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def format_rows(columns: list[str], rows: list[tuple], fmt: str, max_cell: int = 48) -> str:
    if fmt == "json":
        return json.dumps([{c: _json_value(v) for c, v in zip(columns, row)} for row in rows],
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else (v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v)
                           for v in row] for row in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[_clip(_cell(v), max_cell) for v in row] for row in rows]
    widths = [max([_display_width(c)] + [_display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v + " " * (w - _display_width(v)) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


# ----------------------------------------------------------------------------- search --
SEARCH_COLUMNS = ["admin_name", "city", "province", "report_year", "title", "section", "line_no", "context",
                  "sentence", "report_id", "url", "copies"]


def _normalise_keyword(keyword: str) -> str:
    from fazhi.text import fold_width, to_simplified

    text = fold_width(keyword).strip()
    return to_simplified(text)[0] if text else text


def _sentence_around(paragraph: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The sentence(s) of a paragraph that hold the span [start, end)."""
    first = next((s for s, e in spans if s <= start < e), 0)
    last = next((e for s, e in spans if s < end <= e), len(paragraph))
    return paragraph[first:last].strip()


def _search_base(con) -> str:
    """The latest version of every report. On a warehouse, straight from report_versions, so the
    keyword filter runs in the scan and before any sort (the `reports` view ranks versions
    first, which moves every body); on a snapshot or export, the `reports` table."""
    if _relation_exists(con, "report_versions"):
        return """(SELECT rv.report_id, rv.admin_code, rv.admin_name, rv.city, rv.province, rv.report_year,
                          rv.title, rv.url, rv.body_text
                   FROM report_versions rv
                   JOIN (SELECT report_id, max(version) AS version FROM report_versions GROUP BY 1) m
                     ON m.report_id = rv.report_id AND m.version = rv.version)"""
    return "reports"


def search(con, keyword: str, year: int | None = None, province: str | None = None,
           limit: int | None = None) -> tuple[list[str], list[tuple]]:
    """Keyword in context: one row per sentence that holds the keyword, with its report and section.

    DuckDB finds the reports (contains() in the scan) and their paragraphs that hold the word;
    Python cuts the sentence around each hit and names the section from report_outline.
    Copies of one report (a seed file and the crawled page) give the same sentence: it is shown
    once, from the crawled copy (an http URL), with `copies` counting them."""
    from fazhi.text import split_sentences

    word = _normalise_keyword(keyword)
    if not word:
        raise UserError("search: the keyword is empty")
    ascii_letters = bool(re.search(r"[A-Za-z]", word))
    match = (lambda col: f"{col} ILIKE '%' || $kw || '%'") if ascii_letters else (lambda col: f"contains({col}, $kw)")
    if _relation_exists(con, "report_versions"):       # a warehouse: the latest versions' sections
        outline = ("(SELECT s.report_id, s.line_no, s.heading, s.top_heading FROM sections s "
                   "JOIN (SELECT report_id, max(version) AS version FROM report_versions GROUP BY 1) m "
                   "ON m.report_id = s.report_id AND m.version = s.version "
                   "WHERE s.report_id IN (SELECT report_id FROM found))")
    else:
        outline = "(SELECT * FROM report_outline WHERE report_id IN (SELECT report_id FROM found))"
    if _relation_exists(con, "report_outline") or _relation_exists(con, "sections"):
        section_cols = "o.heading, o.top_heading"
        section_join = f"ASOF LEFT JOIN {outline} o ON o.report_id = f.report_id AND f.line_no >= o.line_no"
    else:
        section_cols, section_join = "NULL, NULL", ""
    rows = con.execute(f"""
        WITH hits AS (
            SELECT report_id, admin_code, admin_name, city, province, report_year, title, url,
                   list_filter(string_split(body_text, chr(10)), x -> x <> '') AS paras
            FROM {_search_base(con)}
            WHERE {match('body_text')}
              AND ($year IS NULL OR report_year = $year)
              AND ($province IS NULL OR province = $province OR province LIKE $province || '%'
                   OR city = $province OR city LIKE $province || '%')
        ),
        lines AS (
            SELECT * EXCLUDE (paras), unnest(paras) AS para, generate_subscripts(paras, 1) - 1 AS line_no FROM hits
        ),
        found AS (SELECT * FROM lines WHERE {match('para')})
        SELECT f.report_id, f.admin_code, f.admin_name, f.city, f.province, f.report_year, f.title, f.url,
               f.line_no, f.para, {section_cols}
        FROM found f {section_join}
        ORDER BY f.province, f.city, f.admin_name, f.report_year, f.url NOT LIKE 'http%', f.report_id, f.line_no""",
        {"kw": word, "year": year, "province": province}).fetchall()
    if not rows:
        return SEARCH_COLUMNS, []
    pattern = re.compile(re.escape(word), re.IGNORECASE if ascii_letters else 0)
    seen: dict[tuple, list] = {}
    for rid, code, name, city, prov, ryear, title, url, line_no, para, inner, top in rows:
        spans = split_sentences(para) or [(0, len(para))]
        top = top or inner or ""
        section = top if not inner or inner == top else f"{top} › {inner}"
        for m in pattern.finditer(para):
            sentence = _sentence_around(para, m.start(), m.end(), spans)
            key = (code or name, ryear, sentence)
            if key in seen:
                seen[key][11].add(rid)
                continue
            at = sentence.find(m.group(0))
            lo, hi = max(0, at - 30), at + len(word) + 30
            context = (("…" if lo else "") + sentence[lo:at] + "【" + m.group(0) + "】" +
                       sentence[at + len(word):hi] + ("…" if hi < len(sentence) else ""))
            seen[key] = [name, city, prov, ryear, title, section, line_no, context, sentence, rid, url, {rid}]
        if limit and len(seen) >= limit:
            break
    out = [tuple(v[:11]) + (len(v[11]),) for v in seen.values()]
    return SEARCH_COLUMNS, out[:limit] if limit else out


# ---------------------------------------------------------------------------- snapshot --
def _write_views(con, tmp: Path, formats: tuple[str, ...], views: tuple[str, ...]) -> dict[str, int]:
    counts = {}
    present = [v for v in views if _relation_exists(con, v)]
    if "duckdb" in formats:
        con.execute(f"ATTACH '{_sql_str(tmp / SNAPSHOT_NAME)}' AS fazhi_snapshot (READ_WRITE)")
        try:
            for view in present:
                con.execute(f'CREATE TABLE fazhi_snapshot.main."{view}" AS SELECT * FROM "{view}"')
            con.execute("CREATE TABLE fazhi_snapshot.main.snapshot_info AS SELECT ?::TIMESTAMP AS created_at, "
                        "?::VARCHAR AS source", [dt.datetime.now().replace(microsecond=0), "fazhi warehouse"])
        finally:
            con.execute("DETACH fazhi_snapshot")
    for fmt in formats:
        if fmt == "duckdb":
            continue
        options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
        for view in present:
            con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{_sql_str(tmp / f'{view}.{fmt}')}' ({options})")
    for view in present:
        counts[view] = con.execute(f'SELECT count(*) FROM "{view}"').fetchone()[0]
    return counts


def publish_snapshot(db_path: str | Path, out_dir: str | Path, formats=("duckdb", "parquet"),
                     con: duckdb.DuckDBPyConnection | None = None, views=PUBLIC_VIEWS) -> dict:
    """Write the public views of a warehouse to out_dir, for readers who must not wait on a run.

    `fazhi-snapshot.duckdb` holds each public view as a table; `<view>.parquet` (and/or
    `.csv`) one file per view; `snapshot.json` says when and how many rows. Every file is
    written in a temporary folder inside out_dir and renamed into place, so a reader sees the
    old file or the new one, never half of one (a reader with the old file open keeps it).

    Pass `con` (e.g. `Warehouse.con`) to snapshot from a connection this process already holds;
    otherwise db_path is opened read-only. Returns the manifest."""
    formats = tuple(formats)
    bad = [f for f in formats if f not in ("duckdb", "parquet", "csv")]
    if bad or not formats:
        raise UserError(f"snapshot format {bad[0] if bad else '(none)'!r}: expected duckdb, parquet or csv")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    own = con is None
    if own:
        con = connect(db_path)
    tmp = Path(tempfile.mkdtemp(prefix=".snapshot-tmp-", dir=out))
    try:
        counts = _write_views(con, tmp, formats, tuple(views))
        manifest = {"created_at": dt.datetime.now().replace(microsecond=0).isoformat(), "source": str(db_path),
                    "formats": list(formats), "rows": counts,
                    "files": sorted(p.name for p in tmp.iterdir())}
        (tmp / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        for path in sorted(tmp.iterdir(), key=lambda p: p.name == MANIFEST_NAME):   # the manifest last
            os.replace(path, out / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if own:
            con.close()
    return manifest


# ----------------------------------------------------------------------------- commands --
def cmd_query(args) -> int:
    queries = list_queries()
    if not args.name or args.name not in queries:
        text = queries_help(queries)
        if args.name:
            raise UserError(f"unknown query '{args.name}'; known: {', '.join(queries)} (run `fazhi query` to list them)")
        print(text)
        return 0
    query = queries[args.name]
    given = parse_params(args.param)
    con = connect(args.db)
    try:
        columns, rows = run_query(con, query, given)
    finally:
        con.close()
    print(format_rows(columns, rows, args.format))
    return 0


def cmd_search(args) -> int:
    _check_year(args.year)
    con = connect(args.db)
    try:
        columns, rows = search(con, args.keyword, year=args.year, province=args.province, limit=args.limit)
    finally:
        con.close()
    if args.format == "table":
        keep = ["admin_name", "report_year", "section", "context"]
        idx = [columns.index(c) for c in keep]
        print(format_rows(keep, [tuple(r[i] for i in idx) for r in rows], "table", max_cell=90))
        reports = {r[columns.index("report_id")] for r in rows}
        print(f"{len(rows)} sentence(s) in {len(reports)} report(s) mention {args.keyword!r}"
              " (--format csv|json for titles, full sentences and URLs)")
    else:
        print(format_rows(columns, rows, args.format))
    return 0


def cmd_export(args) -> int:
    manifest = publish_snapshot(args.db, args.dir, formats=(args.format,))
    total = sum(manifest["rows"].values())
    print(f"Exported {len(manifest['rows'])} views ({total} rows) from {args.db} to {args.dir} as {args.format}: "
          + ", ".join(f"{v} {n}" for v, n in manifest["rows"].items()))
    return 0


def cmd_report(args) -> int:
    _check_year(args.year)
    from fazhi.charts import build_report

    result = build_report(args.db, args.out, year=args.year, district=args.district)
    print(f"Wrote {result['html']} ({len(result['charts'])} charts, PNGs in {result['png_dir']})")
    for note in result["notes"]:
        print(f"  note: {note}")
    return 0


def _check_year(value: int | None) -> None:
    # the same words as fazhi.cli.main, which checks every --year before a command runs
    if value is not None and not 1990 <= value <= 2100:
        raise UserError(f"--year {value} is not a plausible report year")


def add_analysis_commands(subparsers) -> None:
    """Register query, search, export and report on the `fazhi` subparsers."""
    def db_option(p):
        p.add_argument("--db", default=str(DEFAULT_DB),
                       help=f"warehouse, snapshot ({SNAPSHOT_NAME}) or folder of exported Parquet files "
                            f"(default {DEFAULT_DB})")

    names = ", ".join(list_queries()) or "none"
    p = subparsers.add_parser("query", help="run a named query from warehouse/queries/ (no NAME: list them)",
                              description=f"Run a named query. Queries: {names}. Without NAME, list them "
                                          "with their parameters.")
    p.add_argument("name", nargs="?", metavar="NAME", help="query name (omit to list the queries)")
    p.add_argument("--param", action="append", metavar="K=V", help="a query parameter, e.g. year=2023 (repeatable)")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")
    db_option(p)
    p.set_defaults(func=cmd_query)

    p = subparsers.add_parser("search", help="keyword in context over the report text",
                              description="Every sentence that holds the keyword, with its report and section.")
    p.add_argument("keyword", metavar="KEYWORD", help="a word or phrase, e.g. 合法性审查")
    p.add_argument("--year", type=int, help="only reports about this year")
    p.add_argument("--province", metavar="P", help="only this province (or city), e.g. 浙江 or 宁波市")
    p.add_argument("--limit", type=int, help="at most this many sentences")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format (default table)")
    db_option(p)
    p.set_defaults(func=cmd_search)

    p = subparsers.add_parser("export", help="write the public views to a folder (Parquet, CSV or a DuckDB copy)",
                              description="Write every public view to DIR, one file per view, each renamed into "
                                          "place when complete. Reads the warehouse read-only.")
    p.add_argument("dir", metavar="DIR", help="output folder (created if missing)")
    p.add_argument("--format", choices=["parquet", "csv", "duckdb"], default="parquet",
                   help=f"parquet (default), csv, or duckdb ({SNAPSHOT_NAME} with the views as tables)")
    db_option(p)
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser("report", help="write an offline HTML page of charts (coverage, lateness, indicators, trends)",
                              description="Write a self-contained HTML page (images inline, nothing from the "
                                          "network) and one PNG per chart.")
    p.add_argument("--year", type=int, help="report year for coverage and distributions (default: latest with reports)")
    p.add_argument("--out", default="data/report", help="output folder (default data/report)")
    p.add_argument("--district", metavar="NAME", help="district (name or 6-digit code) for the trend charts "
                                                       "(default: the one with most years)")
    db_option(p)
    p.set_defaults(func=cmd_report)


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry (python -m fazhi.analysis …) until cli.py registers the commands."""
    import argparse

    parser = argparse.ArgumentParser(prog="fazhi")
    add_analysis_commands(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(f"fazhi: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
