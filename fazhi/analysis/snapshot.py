"""The read-only snapshot after every run, and exports by hand."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from fazhi.analysis.reading import (MANIFEST_NAME, PUBLIC_VIEWS, SNAPSHOT_NAME, connect, relation_exists,
                                    sql_str)
from fazhi.core import rules
from fazhi.core.errors import UserError

# ---------------------------------------------------------------------------- snapshot --
PARQUET_ROW_GROUP_BYTES = "4MB"


def _write_views(con, tmp: Path, formats: tuple[str, ...], views: tuple[str, ...]) -> dict[str, int]:
    counts = {}
    present = [v for v in views if relation_exists(con, v)]
    if "duckdb" in formats:
        con.execute(f"ATTACH '{sql_str(tmp / SNAPSHOT_NAME)}' AS fazhi_snapshot (READ_WRITE)")
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
        # Row groups by size, not by 122,880 rows: a group of report bodies is held whole
        # before it is written, and would not fit the run's memory cap.
        options = (f"FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE_BYTES '{PARQUET_ROW_GROUP_BYTES}'"
                   if fmt == "parquet" else "FORMAT csv, HEADER")
        for view in present:
            con.execute(f"COPY (SELECT * FROM \"{view}\") TO '{sql_str(tmp / f'{view}.{fmt}')}' ({options})")
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
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"{out}: cannot create the folder ({exc.strerror or exc})") from None
    own = con is None
    if own:
        con = connect(db_path)
        con.execute(f"SET memory_limit = '{rules.SNAPSHOT_MEMORY_LIMIT}'")   # it runs in the run's process
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".snapshot-tmp-", dir=out))
    except OSError as exc:
        if own:
            con.close()
        raise UserError(f"{out}: cannot write in the folder ({exc.strerror or exc})") from None
    # The views have no order, and keeping one makes DuckDB buffer whole row groups.
    kept_order = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = false")
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
        else:
            con.execute(f"SET preserve_insertion_order = {str(kept_order).lower()}")
    return manifest


