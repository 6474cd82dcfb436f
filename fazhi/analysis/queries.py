"""Named queries (warehouse/queries/*.sql with their parameters) and rows as text."""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from fazhi.core.errors import UserError
from warehouse import QUERIES_DIR

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


