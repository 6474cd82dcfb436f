"""The fetcher against real servers on loopback: the test farm and small servers of our own."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from fazhi.core.archive import Archive
from farm import start_test_farm
from farm import FARM_TRUTH
from fazhi.core.errors import FetchError
from tasks.clean import read_documents
from tasks.fetch import FetchSettings, Politeness, PortalFetcher, fetch_attachments
from fazhi.core.records import KnownFetch
from fazhi.core.encoding import decode_body

FAST = FetchSettings(min_host_delay=0.0, backoff_base=0.01)


@pytest.fixture(scope="module")
def farm():
    with start_test_farm() as running:
        yield running


def fetcher_for(farm, site_id, tmp_path, settings=FAST, known=None):
    hosts = frozenset({urlsplit(farm.sites[site_id]).netloc})
    return PortalFetcher(site_id, hosts, Archive(tmp_path / "archive"), Politeness(settings.min_host_delay, 4),
                         settings, known=known)


def test_gbk_page_without_header_charset_decodes(farm, tmp_path):
    truth = FARM_TRUTH["farm-trs-gbk"]
    assert not truth.charset_in_header
    page = fetcher_for(farm, "farm-trs-gbk", tmp_path).fetch_page(farm.url("farm-trs-gbk", truth.report.path))
    assert "charset" not in page.content_type.lower()
    text, encoding = decode_body(page.body, page.content_type)
    assert encoding == "gb18030" and truth.report.title in text


def test_503_twice_then_answer_is_retried(farm, tmp_path):
    truth = FARM_TRUTH["farm-flaky"]
    farm.reset_flaky()
    path = truth.flaky_paths[0]
    farm.requests.clear()
    page = fetcher_for(farm, "farm-flaky", tmp_path).fetch_page(farm.url("farm-flaky", path))
    assert page.status == 200
    assert farm.requests.count(site="farm-flaky", path=path) == truth.flaky_failures + 1 == 3


def test_4xx_is_not_retried(farm, tmp_path):
    farm.requests.clear()
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher_for(farm, "farm-flaky", tmp_path).fetch_page(farm.url("farm-flaky", "/no/such/page.html"))
    assert farm.requests.count(site="farm-flaky", path="/no/such/page.html") == 1


def test_robots_disallowed_path_is_never_requested(farm, tmp_path):
    (item,) = [i for i in FARM_TRUTH["farm-generic"].items if i.role == "robots"]
    farm.requests.clear()
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher_for(farm, "farm-generic", tmp_path).fetch_page(farm.url("farm-generic", item.path))
    assert farm.requests.count(site="farm-generic", path=item.path) == 0


def test_cross_host_redirect_is_not_followed(farm, tmp_path):
    (item,) = [i for i in FARM_TRUTH["farm-generic"].items if i.role == "redirect"]
    farm.requests.clear()
    with pytest.raises(FetchError, match="redirects to .*not one of this portal's hosts"):
        fetcher_for(farm, "farm-generic", tmp_path).fetch_page(farm.url("farm-generic", item.path))
    assert farm.requests.count(site="farm-elsewhere") == 0


def test_foreign_host_is_never_requested(farm, tmp_path):
    farm.requests.clear()
    with pytest.raises(FetchError, match="not one of this portal's hosts"):
        fetcher_for(farm, "farm-generic", tmp_path).fetch_page(farm.url("farm-elsewhere", "/x.html"))
    assert farm.requests.count(site="farm-elsewhere") == 0


def test_conditional_request_reuses_the_archive(farm, tmp_path):
    truth = FARM_TRUTH["farm-trs-gbk"]
    url = farm.url("farm-trs-gbk", truth.report.path)
    first = fetcher_for(farm, "farm-trs-gbk", tmp_path).fetch_page(url)
    assert first.downloaded and first.headers.get("ETag")
    known = {url: KnownFetch(first.sha256, first.headers.get("ETag"), first.headers.get("Last-Modified"),
                             first.content_type)}
    again = fetcher_for(farm, "farm-trs-gbk", tmp_path, known=known).fetch_page(url)
    assert again.status == 304 and not again.downloaded and again.body == first.body
    assert again.text == first.text    # decoded as before: the content type was kept


def test_size_cap(farm, tmp_path):
    small = FetchSettings(min_host_delay=0.0, max_bytes=1000)
    with pytest.raises(FetchError, match="larger than"):
        fetcher_for(farm, "farm-trs-gbk", tmp_path, settings=small).fetch_page(farm.start_url("farm-trs-gbk"))


def test_attachments_pdf_docx_read_and_doc_recorded_unreadable(farm, tmp_path):
    """The fetch stage fetches every linked file; the clean stage reads it or says why not."""
    truth = FARM_TRUTH["farm-attach"]
    fetcher = fetcher_for(farm, "farm-attach", tmp_path)
    by_source = {}
    for report in truth.reports:
        page = fetcher.fetch_page(farm.url("farm-attach", report.path))
        (attachment,) = fetch_attachments(fetcher, page.text, page.final_url)
        assert attachment.status == "fetched" and attachment.body
        read_documents([attachment])
        by_source[report.source] = attachment
        if report.readable:
            assert attachment.status == "read"
            assert report.body[1][:20] in attachment.text.replace("\n", "")
        else:
            assert attachment.status == "unreadable" and "cannot be read" in attachment.reason
    assert set(by_source) == {"pdf", "docx", "doc"}


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):
        _Recorder.seen.append((time.monotonic(), self.path, self.headers.get("User-Agent")))
        body = b"<html><meta charset='utf-8'>ok</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_user_agent_and_per_host_delay(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host = f"127.0.0.1:{server.server_address[1]}"
        settings = FetchSettings(min_host_delay=0.3, respect_robots=False)
        fetcher = PortalFetcher("t", frozenset({host}), Archive(tmp_path / "a"), Politeness(0.3, 4), settings)
        _Recorder.seen.clear()
        for i in range(3):
            fetcher.fetch_page(f"http://{host}/p{i}.html")
        times = [t for t, _, _ in _Recorder.seen]
        assert all(b - a >= 0.28 for a, b in zip(times, times[1:]))
        assert all(ua.startswith("fazhi/") for _, _, ua in _Recorder.seen)
    finally:
        server.shutdown()


@pytest.mark.parametrize("case, transient", [("refused", False), ("reset", True)])
def test_fetch_error_says_whether_trying_later_may_help(tmp_path, resetting_server, case, transient):
    """A refused connection is no passing trouble (the portal is not tried again later); a
    reset is. Told apart by the exception, not by the message."""
    host = resetting_server.host if case == "reset" else "127.0.0.1:9"     # nothing listens on port 9
    settings = FetchSettings(min_host_delay=0.0, backoff_base=0.01, respect_robots=False)
    fetcher = PortalFetcher("t", frozenset({host}), Archive(tmp_path / "a"), Politeness(0.0, 4), settings)
    with pytest.raises(FetchError) as err:
        fetcher.fetch_page(f"http://{host}/list.html")
    assert err.value.transient is transient
    assert "connection failed" in str(err.value) and f"http://{host}/list.html" in str(err.value)
