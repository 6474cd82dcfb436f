"""`fazhi ingest` and `fazhi export` as a user runs them on awkward local files (issue 14,
item 5): each file refused with one line saying why, or read correctly; never a traceback,
never a title made up as if the file had one."""
from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import requests

from farm import FARM_TRUTH, start_test_farm
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.evaluation.documents import seed_report
from fazhi.farm.attachments import build_pdf

SEED_003 = SEED_REPORTS_DIR / "003_1a326fd2bbbc3412.txt"


def fazhi(*args):
    return subprocess.run([sys.executable, "-m", "fazhi.cli", *args], capture_output=True, text=True, timeout=300)


def ingest(path: Path, tmp_path: Path):
    return fazhi("ingest", str(path), "--db", str(tmp_path / "w.duckdb"), "--archive", str(tmp_path / "a"))


def _one_line_refusal(result, expected: str) -> None:
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("make, expected", [
    (lambda: random.Random(7).randbytes(5000), "binary data, not text (NUL bytes)"),
    (lambda: bytes(b for b in random.Random(8).randbytes(8000) if b)[:5000],
     "binary data, not text (not valid as UTF-8, GBK or Big5)"),
    (lambda: b"", "file is empty"),
    (lambda: b"  \r\n\t\n", "file is empty"),
], ids=["binary-with-nul", "binary-without-nul", "empty", "blank"])
def test_a_file_that_is_not_report_text_is_refused_in_one_line(tmp_path, make, expected):
    path = tmp_path / "report.txt"
    path.write_bytes(make())
    _one_line_refusal(ingest(path, tmp_path), f"{path}: {expected}")
    assert not (tmp_path / "w.duckdb").exists()           # nothing written


def test_a_gbk_file_without_a_declared_charset_is_read(tmp_path):
    path = tmp_path / "zhenhai.txt"
    path.write_bytes(SEED_003.read_text(encoding="utf-8").encode("gbk"))
    result = ingest(path, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "镇海区司法局2024年法治政府建设年度报告和2025年工作思路 (镇海区, 2024)" in result.stdout
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        body, source = con.execute("SELECT body_text, text_source FROM report_versions").fetchone()
    assert source == "text" and "合法性审查中心" in body and "\ufffd" not in body


def test_an_html_page_that_is_not_a_report_is_refused(tmp_path):
    news = next(i for i in FARM_TRUTH["farm-attach"].items if i.kind == "news")
    with start_test_farm() as farm:
        page = requests.get(farm.url("farm-attach", news.path), timeout=10).content
    path = tmp_path / "news.html"
    path.write_bytes(page)
    _one_line_refusal(ingest(path, tmp_path), f"{path}: not a report (title '{news.title}'")


def test_a_document_is_ingested_by_its_bytes_and_reprocessed_alike(tmp_path):
    title, paragraphs = seed_report(SEED_003.name)
    path = tmp_path / "zhenhai.pdf"
    path.write_bytes(build_pdf(title, paragraphs))
    assert ingest(path, tmp_path).returncode == 0
    renamed = tmp_path / "renamed.txt"                     # a PDF saved as .txt is still a PDF
    renamed.write_bytes(path.read_bytes())
    assert "copy" in ingest(renamed, tmp_path).stdout
    db = str(tmp_path / "w.duckdb")
    result = fazhi("reprocess", "--db", db, "--archive", str(tmp_path / "a"))
    assert result.returncode == 0 and "unreadable" not in result.stdout, result.stdout + result.stderr
    with duckdb.connect(db, read_only=True) as con:
        assert con.execute("SELECT text_source FROM report_versions").fetchall() == [("pdf_text",)]


def test_a_file_without_a_title_says_so(tmp_path):
    path = tmp_path / "xiacheng.txt"                       # seed 002 has no title line
    path.write_bytes((SEED_REPORTS_DIR / "002_3fdb355039b4e6e4.txt").read_bytes())
    result = ingest(path, tmp_path)
    assert result.returncode == 0 and "no title in the file (listed as " in result.stdout


def test_export_to_a_folder_that_cannot_be_created_is_one_line(tmp_path):
    assert ingest(SEED_003, tmp_path).returncode == 0
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = fazhi("export", "--db", str(tmp_path / "w.duckdb"), str(blocker / "out"))
    _one_line_refusal(result, f"{blocker / 'out'}: cannot create the folder")


def test_a_folder_with_a_bad_file_ingests_the_others_and_names_the_bad_one(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "zhenhai.txt").write_text(SEED_003.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(random.Random(7).randbytes(5000))
    result = ingest(folder, tmp_path)
    assert result.returncode == 1                       # something was refused
    assert result.stderr.strip() == f"fazhi: refused {folder / 'broken.txt'}: binary data, not text (NUL bytes)"
    assert "Ingested 1 file(s)" in result.stdout and "1 refused" in result.stdout
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("SELECT admin_name FROM reports").fetchall() == [("镇海区",)]
    (folder / "zhenhai.txt").unlink()
    (folder / "empty.txt").write_bytes(b"")
    result = ingest(folder, tmp_path)                   # none readable: refused, nothing written
    assert result.returncode == 2 and "none of the 2 files is a report to ingest" in result.stderr
