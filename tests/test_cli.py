"""The fazhi command as a user runs it: subprocesses, exit codes, one-line errors."""
from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import duckdb
import pytest

from fazhi.core.paths import LABELS_DIR, SEED_REPORTS_DIR

LABELS = tomllib.loads((LABELS_DIR / "seeds.toml").read_text(encoding="utf-8"))["seed"]


def fazhi(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "fazhi.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize("command", ["run", "backfill", "demo", "ingest", "reprocess", "eval", "mirror", "serve",
                                     "query", "search", "export", "report"])
def test_help(command):
    result = fazhi(command, "--help")
    assert result.returncode == 0 and "usage: fazhi " + command in result.stdout


@pytest.mark.parametrize("args, message", [
    (["run", "--registry", "nowhere.toml"], "nowhere.toml: registry file not found"),
    (["run", "--registry", "seeds/portals.toml", "--portal", "nope"], "unknown portal id 'nope'"),
    (["run", "--year", "23"], "--year 23 is not a plausible report year"),
    (["ingest", "missing.txt"], "missing.txt: no such file"),
    (["ingest", "pyproject.toml"], "pyproject.toml: unsupported file type .toml"),
    (["ingest", "warehouse"], "warehouse: folder holds no report files (.txt, .html"),
    (["reprocess"], "no warehouse here"),
])
def test_user_errors_are_one_line_exit_2(args, message, tmp_path):
    repo = Path(__file__).resolve().parent.parent
    result = fazhi(*args, "--db", str(tmp_path / "w.duckdb"), cwd=repo)
    assert not (tmp_path / "w.duckdb").exists()   # a user error writes nothing
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_bad_registry_entry_is_one_line(tmp_path):
    registry = tmp_path / "r.toml"
    registry.write_text('[[portal]]\nid = "x"\nname = "n"\nadmin_code = "12"\nprovince = "p"\ncity = "c"\n'
                        'county = "k"\nstart_urls = ["http://127.0.0.1:9/"]\n', encoding="utf-8")
    result = fazhi("run", "--registry", str(registry), "--db", str(tmp_path / "w.duckdb"))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"fazhi: error: {registry}: portal #1 (x), field 'admin_code': "
                                     "'12' is not a 6-digit division code")


def test_ingest_seeds_metadata_and_idempotence(tmp_path):
    db = tmp_path / "w.duckdb"
    files = sorted(str(p) for p in SEED_REPORTS_DIR.glob("*.txt"))
    first = fazhi("ingest", *files, "--db", str(db), "--archive", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    assert "5 new" in first.stdout
    again = fazhi("ingest", *files, "--db", str(db), "--archive", str(tmp_path / "a"))
    assert "5 unchanged" in again.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        rows = {Path(r[0]).name: r for r in con.execute(
            "SELECT url, admin_code, admin_name, report_year, title, publisher, publish_date, level, body_text "
            "FROM reports").fetchall()}
        assert con.execute("SELECT count(*) FROM report_versions").fetchone()[0] == 5
        with_indicators = {r[0] for r in con.execute("SELECT DISTINCT report_id FROM indicators").fetchall()}
    assert len(rows) == 5 and len(with_indicators) == 5
    for label in LABELS:
        url, code, name, year, title, publisher, published, level, body = rows[label["file"]]
        assert code == label["admin_code"] and name == label["admin_name"]
        assert year == label.get("report_year")
        assert title and body
        if "title" in label:
            assert title == label["title"]
        if "publish_date" in label:
            assert published.isoformat() == label["publish_date"]
        if "publisher" in label:
            assert publisher == label["publisher"]
        assert level == label["level"]


def test_reprocess_rederives_from_archive(tmp_path):
    db = tmp_path / "w.duckdb"
    files = sorted(str(p) for p in SEED_REPORTS_DIR.glob("*.txt"))
    assert fazhi("ingest", *files, "--db", str(db), "--archive", str(tmp_path / "a")).returncode == 0
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM indicator_values")
    result = fazhi("reprocess", "--db", str(db), "--archive", str(tmp_path / "a"))
    assert result.returncode == 0 and "5 reprocessed" in result.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT report_id) FROM indicators").fetchone()[0] == 5
        assert con.execute("SELECT count(*) FROM report_versions").fetchone()[0] == 5


def test_locked_warehouse_is_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb,time; c=duckdb.connect({str(db)!r}); print('ok', flush=True); time.sleep(30)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        result = fazhi("ingest", str(SEED_REPORTS_DIR / "000_8a596ebcca1d5ce5.txt"), "--db", str(db))
        assert result.returncode == 2
        assert "another process" in result.stderr and "is writing this warehouse" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    finally:
        holder.kill()


def _free_base_port() -> int:
    import socket

    for base in range(20000, 60000, 97):
        try:
            socks = []
            for i in range(4):
                s = socket.socket()
                s.bind(("127.0.0.1", base + i))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


def test_demo_twice_adds_no_duplicate_rows(tmp_path):
    """What `make run` does, twice: the seeds plus the four mirror reports, and nothing more."""
    port = _free_base_port()
    db = tmp_path / "data" / "fazhi.duckdb"
    args = ["demo", "--db", str(db), "--archive", str(tmp_path / "data" / "archive"), "--port", str(port)]
    first = fazhi(*args)
    assert first.returncode == 0, first.stderr
    assert "Run " in first.stdout and "completed" in first.stdout and str(db) in first.stdout
    with duckdb.connect(str(db), read_only=True) as con:
        before = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("report_versions", "candidate_links", "indicator_values", "quantities")]
    assert before[0] == 9
    second = fazhi(*args)
    assert second.returncode == 0, second.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        after = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("report_versions", "candidate_links", "indicator_values", "quantities")]
        nulls = con.execute("SELECT count(*) FROM reports WHERE report_year IS NULL").fetchone()[0]
    assert after == before and nulls == 1


def test_portal_down_exits_1_and_warehouse_keeps_what_it_had(tmp_path):
    db, archive = tmp_path / "w.duckdb", tmp_path / "a"
    assert fazhi("ingest", str(SEED_REPORTS_DIR), "--db", str(db), "--archive", str(archive)).returncode == 0
    registry = tmp_path / "down.toml"
    registry.write_text('[[portal]]\nid = "down"\nname = "某区人民政府"\nadmin_code = "330206"\nprovince = "浙江省"\n'
                        'city = "宁波市"\ncounty = "北仑区"\nstart_urls = ["http://127.0.0.1:9/list.html"]\n',
                        encoding="utf-8")
    result = fazhi("run", "--registry", str(registry), "--db", str(db), "--archive", str(archive))
    assert result.returncode == 1
    assert "down" in result.stdout and "UNREACHABLE" in result.stdout and "Connection refused" in result.stdout
    assert "Traceback" not in result.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 5
        assert con.execute("SELECT status FROM runs WHERE flow = 'annual-reports'").fetchone()[0] == "failed"


def test_a_changed_report_becomes_a_new_version(tmp_path):
    report = tmp_path / "report.txt"
    original = (SEED_REPORTS_DIR / "003_1a326fd2bbbc3412.txt").read_text(encoding="utf-8")
    report.write_text(original, encoding="utf-8")
    db, archive = str(tmp_path / "w.duckdb"), str(tmp_path / "a")
    assert fazhi("ingest", str(report), "--db", db, "--archive", archive).returncode == 0
    report.write_text(original.replace("累计审核各类事项411件", "累计审核各类事项412件"), encoding="utf-8")
    result = fazhi("ingest", str(report), "--db", db, "--archive", archive)
    assert "changed" in result.stdout
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT count(*), max(version) FROM report_versions").fetchone() == (2, 2)
        assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
        (value,) = con.execute("SELECT value FROM indicators WHERE indicator = 'legality_reviews'").fetchone()
    assert value == 412.0      # the view shows the latest version; version 1 stays in report_versions
