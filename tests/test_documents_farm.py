"""Reports published as documents, end to end on the farm (tests/farm/documents.toml): each
shape a portal uses is found, read and loaded with how its text was obtained; hostile files
are recorded unreadable with their reasons, fast, while the run loads the ordinary report
beside them and stays under 1 GB of memory."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pytest

from fazhi.core.archive import Archive
from fazhi.core.errors import FetchError
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.registry import parse_registry
from fazhi.farm.running import Farm
from fazhi.pipeline.portal import RunContext, process_portal
from fazhi.farm.spec import load_specs
from tasks.clean import read_documents
from tasks.fetch import FetchSettings, Politeness, PortalFetcher, fetch_attachments

SPECS = load_specs(Path(__file__).parent / "farm" / "documents.toml", SEED_REPORTS_DIR)
REPO = Path(__file__).resolve().parent.parent
GB = 1024 ** 3


@pytest.fixture(scope="module")
def farm():
    with Farm(SPECS).start() as running:
        yield running


def _path(url: str) -> str:
    return urlsplit(url).path


def test_every_document_shape_is_found_read_and_loaded(farm, tmp_path):
    from test_documents import need_ocr_engine

    need_ocr_engine()
    from flows.annual_reports import annual_reports

    registry = tmp_path / "portals.toml"
    registry.write_text(farm.registry_toml(portals=("farm-docs", "farm-scans")), encoding="utf-8")
    db = tmp_path / "w.duckdb"
    # the scans first: several shapes hold the same seed report, and the first of a text to be
    # loaded is the report (the others its copies), so the OCR'd versions are the reports here
    for portal in ("farm-scans", "farm-docs"):
        summary = annual_reports(registry=str(registry), db=str(db), archive=str(tmp_path / "a"),
                                 min_host_delay=0.0, portals=[portal])
        assert summary["status"] == "completed"
    with duckdb.connect(str(db), read_only=True) as con:
        used = {_path(page): (file_type, status, source, engine_name, confidence) for
                page, file_type, status, source, engine_name, confidence in con.execute(
                    "SELECT page_url, file_type, status, text_source, engine, confidence FROM attachments").fetchall()}
        copies = {_path(u) for (u,) in con.execute("SELECT url FROM report_copies").fetchall()}
        sources = dict(con.execute("SELECT text_source, count(*) FROM report_versions GROUP BY 1").fetchall())
        from_ocr = con.execute("SELECT count(*) FROM indicators WHERE from_ocr").fetchone()[0]
        ocr_versions = con.execute("SELECT ocr_engine, ocr_confidence FROM report_versions "
                                   "WHERE text_source = 'ocr'").fetchall()
    expected = {"/col/fzbg/202403/a1.html": ("docx", "docx"),          # onclick window.open
                "/col/fzbg/202103/b2.html": ("ofd", "ofd"),            # endpoint without extension
                "/col/fzbg/202402/c3.html": ("pdf", "pdf_text"),       # pdf.js viewer iframe
                "/col/fzbg/202503/d4.html": ("pdf", "ocr"),            # scanned PDF
                "/sfj/fzzfjs/202402/e5.html": ("image", "ocr"),        # a body of page scans
                "/sfj/fzzfjs/202503/f6.html": ("doc", "doc"),
                "/sfj/fzzfjs/202403/g7.html": ("wps", "wps")}
    for page, (file_type, source) in expected.items():
        assert used[page][:3] == (file_type, "used", source), page
        assert page in copies                                       # loaded (as the report or a copy of it)
    for page in ("/col/fzbg/202503/d4.html", "/sfj/fzzfjs/202402/e5.html"):
        assert used[page][3].startswith("tesseract") and 0.7 < used[page][4] <= 1
    assert sources.get("ocr", 0) >= 1 and all(e.startswith("tesseract") and c > 0.7 for e, c in ocr_versions)
    assert from_ocr > 0                                             # analysts can filter OCR'd figures


HOSTILE = {"/art/fzbg/202403/h1.html": "zip bomb: DOCX members expand to 1.0 GB, past the 200 MB cap",
           "/art/fzbg/202403/h2.html": "declares XML entities (entity expansion is refused)",
           "/art/fzbg/202403/h3.html": "PDF is truncated",
           "/art/fzbg/202403/h4.html": "Detected cyclic page references",
           "/art/fzbg/202403/h5.html": "body of 50 MB is larger than the 40 MB cap",
           "/art/fzbg/202403/h6.html": "download not finished after 25 s"}
GZIP_BOMB_PAGE = "/art/fzbg/202403/h7.html"


def _fetcher(farm, tmp_path) -> PortalFetcher:
    settings = FetchSettings(min_host_delay=0.0, retries=0)
    return PortalFetcher("farm-hostile", frozenset({urlsplit(farm.sites["farm-hostile"]).netloc}),
                         Archive(tmp_path / "a"), Politeness(0.0, 4), settings)


@pytest.mark.parametrize("page", sorted(HOSTILE))
def test_each_hostile_file_is_unreadable_with_its_reason_within_30_s(farm, tmp_path, page):
    fetcher = _fetcher(farm, tmp_path)
    start = time.monotonic()
    cover = fetcher.fetch_page(farm.url("farm-hostile", page))
    (document,) = fetch_attachments(fetcher, cover.text, cover.final_url)
    read_documents([document])
    assert time.monotonic() - start < 30
    assert document.status in ("unreadable", "failed") and HOSTILE[page] in document.reason


def test_a_gzip_bomb_page_stops_at_the_cap(farm, tmp_path):
    fetcher = _fetcher(farm, tmp_path)
    start = time.monotonic()
    with pytest.raises(FetchError, match="gzip bomb: the body inflates past the 30 MB cap"):
        fetcher.fetch_page(farm.url("farm-hostile", GZIP_BOMB_PAGE))
    assert time.monotonic() - start < 30


_RUN_AND_MEASURE = """
import json, resource, sys
from fazhi.cli import main
code = main(sys.argv[2:])
usage = {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
         "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, "code": code}
open(sys.argv[1], "w").write(json.dumps(usage))
"""


def test_a_run_over_hostile_files_loads_the_ordinary_report_under_1_gb(farm, tmp_path):
    """`fazhi run` in its own process over the hostile portal: it ends, records every hostile
    file with its reason, loads the one ordinary report, and neither it nor its readers
    ever held 1 GB."""
    registry = tmp_path / "portals.toml"
    registry.write_text(farm.registry_toml(portals=("farm-hostile",)), encoding="utf-8")
    db, usage = tmp_path / "w.duckdb", tmp_path / "usage.json"
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _RUN_AND_MEASURE, str(usage), "run", "--registry", str(registry),
                           "--db", str(db), "--archive", str(tmp_path / "a"), "--min-host-delay", "0"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    seconds = time.monotonic() - start
    measured = json.loads(usage.read_text())
    assert measured["code"] == 0, done.stderr[-2000:]
    assert measured["self"] < GB and measured["children"] < GB
    assert seconds < 120     # the trickling file's 25 s, the rest in seconds, Prefect's start-up
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT title, text_source FROM latest_versions").fetchall() \
            == [("下城区2020年度法治政府建设工作报告", "html")]
        reasons = dict((_path(p), r) for p, r in con.execute("SELECT page_url, reason FROM attachments").fetchall())
        candidates = dict((_path(u), r) for u, r in con.execute("SELECT url, reason FROM candidate_links").fetchall())
    for page, reason in HOSTILE.items():
        assert reason in reasons[page] and reason in candidates[page]
    assert "gzip bomb" in candidates[GZIP_BOMB_PAGE]


def test_a_portal_spends_no_more_than_its_download_budget(farm, tmp_path):
    settings = FetchSettings(min_host_delay=0.0, retries=0, respect_robots=False, max_portal_bytes=12_000)
    fetcher = PortalFetcher("farm-hostile", frozenset({urlsplit(farm.sites["farm-hostile"]).netloc}),
                            Archive(tmp_path / "a"), Politeness(0.0, 4), settings)
    url = farm.url("farm-hostile", "/art/fzbg/202103/h0.html")
    with pytest.raises(FetchError, match="the portal's download budget of 12 KB is spent"):
        for _ in range(5):
            fetcher.fetch_page(url)
    assert fetcher.bytes_downloaded <= 12_000 + 65_536          # at most one read past the budget


def test_a_gkmlpt_report_named_only_in_its_attachment_list_is_read(farm, tmp_path):
    """gkmlpt: the article's DETAIL holds a cover note and attachment[] with the PDF; no <a>
    points at the file. The report is read from the PDF the list names."""
    (portal,) = parse_registry(farm.registry_toml(portals=("farm-gkmlpt-attach",)))
    ctx = RunContext(archive=Archive(tmp_path / "a"), politeness=Politeness(0, 4),
                     settings=FetchSettings(min_host_delay=0.0, backoff_base=0.01), run_id="t")
    haul = process_portal(portal, ctx)
    (item,) = haul.reports
    (used,) = [d for d in haul.attachments if d.status == "used"]
    assert used.url.endswith("/yjsfj/attachment/0/88/88389/2024031.pdf") and used.file_type == "pdf"
    assert item.facts.metadata.report_year == 2023 and len(item.cleaned.body_text) > 3000
    assert item.cleaned.text_source == "pdf_text"
