"""The test farm: extra portals for discovery and fetching tests (issue 3), on loopback.

    from fazhi.mirror import start_test_farm
    with start_test_farm() as farm:             # free ports; base_port=P: site i on P + i
        farm.sites           # {"farm-trs-gbk": "http://127.0.0.1:PORT", ...} (all five hosts)
        farm.start_url("farm-generic")
        farm.registry_toml() # registry of the four portals (not the elsewhere host)
        farm.requests        # RequestLog of (method, path, site), as on the seed mirror
        farm.reset_flaky()   # re-arm the flaky site: its report page fails twice again

The default mirror (``start_mirror()``, seeds/mirror/portals.toml) is not touched: the
farm is a separate set of servers. Ground truth is in farm_truth.py. By hand:
``python -m fazhi.mirror.serve_farm [BASE_PORT]`` serves it (default 8711..8715) and writes a
registry file.

| site            | cms     | what it tests                                                        |
|-----------------|---------|----------------------------------------------------------------------|
| farm-trs-gbk    | trs     | index.html / index_1 / index_2, createPageHTML(3, 0, …), TRS_Editor   |
|                 |         | articles; GBK bytes, no charset in the header (meta gb2312 only)     |
| farm-generic    | generic | ul.list + 下一页 (list.html → list_2.html → list_3.html); robots.txt   |
|                 |         | disallows /private/ (a report-looking item lives there); a 302 to    |
|                 |         | the elsewhere host; a list link straight to the elsewhere host       |
| farm-attach     | generic | table rows + 下页 (index.jsp?pageIndex=N); notices whose report is    |
|                 |         | a .pdf (downfile.jsp, octet-stream), a .docx or an unreadable .doc   |
| farm-flaky      | trs     | UTF-8 .shtml TRS; the report page answers 503 twice, then 200        |
| farm-elsewhere  | -       | another host, in no registry entry: nothing should ever reach it     |
"""

from __future__ import annotations

import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, quote, urlsplit

from . import farm_pages as fp
from .attachments import build_doc, build_docx, build_pdf
from .farm_sites import ELSEWHERE, FARM_PORTAL_IDS, FARM_SITE_IDS, FARM_SITES, FarmItem, FarmSite
from .registry import _s
from .server import NOT_FOUND, Request, RequestLog, send_with_etag

__all__ = ["FARM_BASE_PORT", "TestFarm", "start_test_farm", "attachment_bytes"]

FARM_BASE_PORT = 8711  # for a hand-run farm; tests use free ports

MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}


class FarmResponse(NamedTuple):
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


_ATTACHMENTS: dict[tuple[str, str], bytes] = {}
_ATT_LOCK = threading.Lock()


def attachment_bytes(site_id: str, item: FarmItem) -> bytes:
    """The bytes of a report_* item's attachment (built once per process)."""
    key = (site_id, item.attachment_path)
    with _ATT_LOCK:
        if key not in _ATTACHMENTS:
            rep = item.report
            if rep.source == "pdf":
                data = build_pdf(rep.title, rep.paragraphs, author=rep.publisher)
            elif rep.source == "docx":
                data = build_docx(rep.title, rep.paragraphs, author=rep.publisher)
            else:
                data = build_doc(f"{site_id}/{item.attachment_path}")
            _ATTACHMENTS[key] = data
        return _ATTACHMENTS[key]


class FarmApp:
    """Routes one farm site's requests; knows the other sites' base URLs (for 302s, links)."""

    def __init__(self, site: FarmSite, bases: dict[str, str]) -> None:
        self.site = site
        self.bases = bases  # filled in once every server is bound
        self._cache: dict[str, FarmResponse] = {}
        self._lock = threading.Lock()
        self._hits: Counter = Counter()  # flaky paths -> requests so far

    # -- flaky -------------------------------------------------------------------
    def flaky_paths(self) -> set[str]:
        return {i.path for i in self.site.items if i.role in self.site.flaky_roles and not i.host}

    def reset_flaky(self) -> None:
        with self._lock:
            self._hits.clear()

    def _flaky_hit(self, path: str) -> bool:
        """True when this request to a flaky path must fail (the first N of them)."""
        if path not in self.flaky_paths():
            return False
        with self._lock:
            self._hits[path] += 1
            return self._hits[path] <= self.site.flaky_failures

    # -- pages -------------------------------------------------------------------
    def _html(self, text: str) -> FarmResponse:
        return FarmResponse(200, fp.content_type(self.site), fp.encode(self.site, text))

    def _render(self, path: str, raw: str) -> FarmResponse | None:
        s = self.site
        if path == "/robots.txt":
            return FarmResponse(200, "text/plain", s.robots.encode("ascii"))
        if path in ("/", "/index.html"):
            return self._html(fp.home(s))
        if s.style == "elsewhere":
            if path in s.extra_pages:
                title, pub, paras = s.extra_pages[path]
                return self._html(fp.elsewhere_page(s, title, pub, paras))
            return None
        att = s.attachment_item(raw) or s.attachment_item(path)
        if att is not None:
            return self._attachment(att)
        item = s.item_by_path(path)
        if item is not None:
            if item.role == "redirect":
                loc = self.bases[ELSEWHERE] + item.target_path
                body = f'<html><body>302 Found: <a href="{loc}">{loc}</a></body></html>'.encode()
                return FarmResponse(302, "text/html", body, (("Location", loc),))
            render = fp.trs_article if s.style == "trs" else fp.generic_article
            return self._html(render(s, item))
        page = self._list_page(path, raw)
        if page is None:
            return None
        if s.style == "trs":
            return self._html(fp.trs_list(s, page, self.bases))
        return self._html(fp.generic_list(s, page, self.bases))

    def _list_page(self, path: str, raw: str) -> int | None:
        s = self.site
        if s.style == "table":  # index.jsp?pageIndex=N
            if path != s.column_path:
                return None
            q = parse_qs(urlsplit(raw).query).get("pageIndex", ["1"])[0]
            page = int(q) if q.isdigit() else 0
            return page if 1 <= page <= s.n_pages else None
        if s.style == "trs" and path == s.column_dir:
            return 1
        for page in range(1, s.n_pages + 1):
            if path == s.list_page_path(page):
                return page
        return None

    def _attachment(self, item: FarmItem) -> FarmResponse:
        rep = item.report
        data = attachment_bytes(self.site.id, item)
        name = quote(rep.attachment_name)
        stem = item.attachment_path.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
        if "downfile.jsp" in item.attachment_path:  # download gateway: generic type, name in the header
            return FarmResponse(200, "application/octet-stream", data, (
                ("Content-Disposition", f"attachment; filename=\"{stem}\"; filename*=UTF-8''{name}"),))
        return FarmResponse(200, MIME[rep.source], data)

    def get(self, raw: str) -> FarmResponse | None:
        path = urlsplit(raw).path
        with self._lock:
            if raw in self._cache:
                return self._cache[raw]
        resp = self._render(path, raw)
        if resp is not None:
            with self._lock:
                self._cache[raw] = resp
        return resp

    def route(self, method: str, raw: str) -> FarmResponse:
        path = urlsplit(raw).path
        if method == "POST":
            return FarmResponse(405, "text/plain; charset=utf-8", b"method not allowed")
        if self._flaky_hit(path):
            body = ("<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
                    "<center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
                    "</body></html>").encode()
            return FarmResponse(503, "text/html", body)
        resp = self.get(raw)
        if resp is None:
            return FarmResponse(404, "text/html; charset=utf-8", NOT_FOUND)
        return resp


def _handler(app: FarmApp, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    site_id = app.site.id

    class Handler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def log_message(self, format, *args):  # noqa: A002
            pass

        def log_error(self, format, *args):  # noqa: A002
            pass

        def _send(self, resp: FarmResponse, head: bool = False) -> None:
            send_with_etag(self, resp.status, resp.content_type, resp.body, resp.headers, head=head)

        def do_GET(self) -> None:
            log.append(Request("GET", self.path, site_id))
            self._send(app.route("GET", self.path))

        def do_HEAD(self) -> None:
            log.append(Request("HEAD", self.path, site_id))
            self._send(app.route("HEAD", self.path), head=True)

        def do_POST(self) -> None:
            log.append(Request("POST", self.path, site_id))
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            self._send(app.route("POST", self.path))

    return Handler


class _Server:
    def __init__(self, app: FarmApp, host: str, port: int, log: RequestLog) -> None:
        self.app = app
        self.httpd = ThreadingHTTPServer((host, port), _handler(app, log))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       name=f"fazhi-farm-{app.site.id}", daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]


class TestFarm:
    """A running test farm: one HTTP server per site (four portals and the elsewhere host)."""

    __test__ = False  # not a pytest class

    def __init__(self, servers: list[_Server], host: str, log: RequestLog) -> None:
        self._servers = servers
        self.host = host
        self.requests = log
        self.sites: dict[str, str] = {s.app.site.id: f"http://{host}:{s.port}" for s in servers}
        self._apps = {s.app.site.id: s.app for s in servers}
        self._stopped = False
        self._lock = threading.Lock()

    @property
    def ports(self) -> dict[str, int]:
        return {s.app.site.id: s.port for s in self._servers}

    @property
    def portal_ids(self) -> tuple[str, ...]:
        return FARM_PORTAL_IDS

    def start_url(self, site_id: str) -> str:
        return self.sites[site_id] + FARM_SITES[site_id].column_path

    def url(self, site_id: str, path: str) -> str:
        return self.sites[site_id] + path

    def reset_flaky(self, site_id: str | None = None) -> None:
        """Re-arm the 503s: the next requests to flaky paths fail again (all sites, or one)."""
        for sid, app in self._apps.items():
            if site_id is None or sid == site_id:
                app.reset_flaky()

    def registry_toml(self, header: str = "", auto_cms: bool = False,
                      portals: tuple[str, ...] | None = None) -> str:
        """Registry text for the farm's portals (never the elsewhere host).

        auto_cms=True writes ``cms = "auto"`` so discovery must detect the family itself.
        """
        head = header or "# fazhi portal registry for the TEST FARM (fazhi.mirror.farm).\n"
        if not head.endswith("\n"):
            head += "\n"
        parts = [head]
        for sid in portals or FARM_PORTAL_IDS:
            s = FARM_SITES[sid]
            parts.append("\n".join([
                f"# test farm: {sid} ({s.style} pages)",
                "[[portal]]",
                f"id = {_s(s.id)}",
                f"name = {_s(s.name)}",
                f"admin_code = {_s(s.admin_code)}",
                f"province = {_s(s.province)}",
                f"city = {_s(s.city)}",
                f"county = {_s(s.county)}",
                f"start_urls = [{_s(self.start_url(sid))}]",
                f"cms = {_s('auto' if auto_cms else s.cms)}",
            ]) + "\n")
        return "\n".join(parts)

    def stop(self) -> None:
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        for s in self._servers:
            s.httpd.shutdown()
            s.httpd.server_close()
            s.thread.join(timeout=5)

    def __enter__(self) -> "TestFarm":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"TestFarm({self.sites!r})"


def start_test_farm(base_port: int = 0, host: str = "127.0.0.1") -> TestFarm:
    """Start the farm. base_port 0: free ports; else site i (FARM_SITE_IDS order) on base_port + i.

    Attachments (.pdf, .docx, .doc) are built before the servers start.
    """
    log = RequestLog()
    bases: dict[str, str] = {}
    servers: list[_Server] = []
    try:
        for i, sid in enumerate(FARM_SITE_IDS):
            port = 0 if base_port == 0 else base_port + i
            servers.append(_Server(FarmApp(FARM_SITES[sid], bases), host, port, log))
    except OSError:
        for s in servers:
            s.httpd.server_close()
        raise
    for s in servers:
        bases[s.app.site.id] = f"http://{host}:{s.port}"
    for s in servers:
        for item in s.app.site.reports:
            if item.attachment_path:
                attachment_bytes(s.app.site.id, item)
    for s in servers:
        s.thread.start()
    return TestFarm(servers, host, log)

