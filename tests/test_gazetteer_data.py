"""Data checks for fazhi/core/data/gazetteer.csv (see fazhi/core/data/GAZETTEER.md)."""
from __future__ import annotations

import csv
import importlib.util
import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CSV_PATH = ROOT / "fazhi" / "core" / "data" / "gazetteer.csv"
CHANGES_PATH = ROOT / "fazhi" / "core" / "data" / "gazetteer_changes.csv"
COLUMNS = ["code", "name", "level", "city", "province",
           "valid_from", "valid_to", "successor_code", "aliases"]
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _portals_path() -> Path | None:
    # the shipped registry (drafted from shared/docs/real-portals.toml) is always in the repo
    candidates = [os.environ.get("FAZHI_REAL_PORTALS"), ROOT / "seeds" / "portals.toml"]
    for c in candidates:
        if c and Path(c).is_file():
            return Path(c)
    return None


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with CSV_PATH.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS
        return list(reader)


@pytest.fixture(scope="module")
def by_code(rows) -> dict[str, dict]:
    return {r["code"]: r for r in rows}


def test_codes_are_six_digits_and_unique(rows):
    codes = [r["code"] for r in rows]
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert len(codes) == len(set(codes))
    assert len(rows) > 3000


def test_fields_are_well_formed(rows, by_code):
    for r in rows:
        assert r["name"], r
        assert r["level"] in {"province", "prefecture", "county"}, r
        assert r["province"], r
        for col in ("valid_from", "valid_to"):
            assert r[col] == "" or DATE.fullmatch(r[col]), r
        if r["successor_code"]:
            assert r["valid_to"], r
            assert r["successor_code"] in by_code, r
        assert all(a.strip() for a in r["aliases"].split(";") if r["aliases"]), r
    levels = {lvl: sum(r["level"] == lvl and not r["valid_to"] for r in rows)
              for lvl in ("province", "prefecture", "county")}
    assert levels["province"] == 34
    assert 320 <= levels["prefecture"] <= 340
    assert 2800 <= levels["county"] <= 2900


def test_province_code_matches_prefix(rows, by_code):
    for r in rows:
        assert by_code[r["code"][:2] + "0000"]["name"] == r["province"], r


def test_shared_name_jiangbei(rows, by_code):
    nb = by_code["330205"]
    assert (nb["name"], nb["level"], nb["city"], nb["province"]) == ("江北区", "county", "宁波市", "浙江省")
    assert nb["valid_to"] == ""
    cq = by_code["500105"]
    assert (cq["name"], cq["level"], cq["city"], cq["province"]) == ("江北区", "county", "重庆市", "重庆市")
    assert {r["code"] for r in rows if r["name"] == "江北区"} >= {"330205", "500105"}


def test_hangzhou_2021_abolitions(by_code):
    xc = by_code["330103"]
    assert (xc["name"], xc["city"], xc["valid_to"], xc["successor_code"]) == ("下城区", "杭州市", "2021-04-09", "330105")
    jg = by_code["330104"]
    assert (jg["name"], jg["city"], jg["valid_to"], jg["successor_code"]) == ("江干区", "杭州市", "2021-04-09", "330102")
    assert by_code["330105"]["name"] == "拱墅区" and by_code["330105"]["valid_to"] == ""
    assert by_code["330102"]["name"] == "上城区" and by_code["330102"]["valid_to"] == ""


def test_named_current_units(by_code):
    zh = by_code["330211"]
    assert (zh["name"], zh["city"], zh["province"], zh["valid_to"]) == ("镇海区", "宁波市", "浙江省", "")
    hc = by_code["431202"]
    assert (hc["name"], hc["city"], hc["province"], hc["valid_to"]) == ("鹤城区", "怀化市", "湖南省", "")
    assert hc["aliases"] == ""
    nb = by_code["330200"]
    assert nb["level"] == "prefecture" and "宁波" in nb["aliases"].split(";")


def test_older_abolitions(by_code):
    expected = {
        "110103": ("崇文区", "110101"),
        "110104": ("宣武区", "110102"),
        "310108": ("闸北区", "310106"),
        "330204": ("江东区", "330212"),
    }
    for code, (name, succ) in expected.items():
        r = by_code[code]
        assert (r["name"], r["successor_code"]) == (name, succ)
        assert r["valid_to"]


def test_municipality_city_is_municipality(rows):
    for r in rows:
        if r["code"][:2] in {"11", "12", "31", "50"} and r["level"] == "county":
            assert r["city"] == r["province"], r


def test_changes_file_rows_are_applied(by_code):
    with CHANGES_PATH.open(encoding="utf-8", newline="") as fh:
        for ch in csv.DictReader(fh):
            r = by_code[ch["code"]]
            for col in ("valid_from", "valid_to", "successor_code"):
                if ch[col]:
                    assert r[col] == ch[col], (ch["code"], col)


def test_real_portal_admin_codes_resolve(by_code):
    path = _portals_path()
    if path is None:
        pytest.skip("real-portals.toml not found (set FAZHI_REAL_PORTALS)")
    portals = tomllib.loads(path.read_text(encoding="utf-8"))["portal"]
    assert portals
    problems = []
    for p in portals:
        r = by_code.get(p["admin_code"])
        if r is None:
            problems.append(f"{p['id']}: {p['admin_code']} not in gazetteer")
            continue
        got = (r["name"], r["province"], r["city"], r["level"])
        want = (p["county"], p["province"], p["city"], "county")
        if got != want:
            problems.append(f"{p['id']}: {p['admin_code']} gazetteer {got} != registry {want}")
    assert not problems, "\n".join(problems)


def test_build_script_reproduces_csv():
    """Rebuild from the pinned wheel when it is already cached locally (no download in tests)."""
    spec = importlib.util.spec_from_file_location("build_gazetteer", ROOT / "scripts" / "build_gazetteer.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    cache = Path(os.environ.get("FAZHI_GAZ_CACHE", Path(__import__("tempfile").gettempdir()) / "fazhi-gazetteer"))
    wheel = cache / mod.WHEEL_NAME
    if not wheel.exists():
        pytest.skip(f"{mod.WHEEL_NAME} not cached in {cache}")
    text, _ = mod.build(wheel)
    assert text == CSV_PATH.read_text(encoding="utf-8")
