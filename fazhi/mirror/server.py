"""HTTP for the mirror: one ThreadingHTTPServer per site, each in a daemon thread."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from . import pages
from .sites import Site


class Request(NamedTuple):
    method: str
    path: str  # as requested, query string included
    site: str


class RequestLog:
    """Thread-safe record of the requests the servers received."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[Request] = []

    def append(self, req: Request) -> None:
        with self._lock:
            self._items.append(req)

    def snapshot(self) -> list[Request]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __iter__(self):
        return iter(self.snapshot())

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def __getitem__(self, i):
        with self._lock:
            return self._items[i]

    def counter(self) -> Counter:
        return Counter(self.snapshot())

    def count(self, site: str | None = None, method: str | None = None,
              path: str | None = None, prefix: str | None = None) -> int:
        """Requests matching all given filters (path: exact, without query; prefix: of the raw path)."""
        n = 0
        for r in self.snapshot():
            if site is not None and r.site != site:
                continue
            if method is not None and r.method != method:
                continue
            if path is not None and r.path.split("?", 1)[0] != path:
                continue
            if prefix is not None and not r.path.startswith(prefix):
                continue
            n += 1
        return n


class Response(NamedTuple):
    status: int
    content_type: str
    body: bytes


class SiteApp:
    """Routes a request path to a rendered page for one site (pages cached once rendered)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._cache: dict[str, Response] = {}
        self._lock = threading.Lock()

    def _html(self, text: str) -> Response:
        return Response(200, pages.content_type(self.site), pages.encode(self.site, text))

    def _static(self, path: str) -> Response | None:
        s = self.site
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", pages.ROBOTS.encode())
        if path in ("/", "/index.html", f"{s.site_dir}/" if s.site_dir else "/", f"{s.site_dir}/index.shtml"):
            return self._html(pages.home(s))
        item = s.item_by_path(path)
        if item is not None:
            render = pages.hunan_article if s.cms == "hunan" else pages.hanweb_article
            return self._html(render(s, item))
        if s.cms == "hanweb" and path == s.column_path:
            return self._html(pages.hanweb_column(s))
        if s.cms == "hunan":
            col_dir = f"{s.site_dir}/{s.column_id}/"
            if path == col_dir:
                return self._html(pages.hunan_list(s, 1))
            for page in range(1, s.n_pages + 1):
                if path == col_dir + pages.hunan_list_name(page):
                    return self._html(pages.hunan_list(s, page))
        return None

    def get(self, path: str) -> Response | None:
        with self._lock:
            if path in self._cache:
                return self._cache[path]
        resp = self._static(path)
        if resp is not None:
            with self._lock:
                self._cache[path] = resp
        return resp

    def proxy(self, params: dict[str, str]) -> Response:
        s = self.site
        ctype = pages.content_type(s, "text/xml")

        def _int(name: str, default: int) -> int:
            try:
                return int(params.get(name, default))
            except (TypeError, ValueError):
                return default

        if params.get("columnid") != s.column_id:
            return Response(200, ctype, pages.encode(s, pages.hanweb_empty_response(s)))
        if "startrecord" in params:
            start = _int("startrecord", 1)
            end = _int("endrecord", start + 44)
        else:
            perpage = max(1, _int("perpage", 15))
            page = max(1, _int("page", 1))
            start, end = (page - 1) * perpage + 1, page * perpage
        return Response(200, ctype, pages.encode(s, pages.hanweb_proxy_response(s, start, end)))


NOT_FOUND = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head>"
    "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
).encode("utf-8")


def send_with_etag(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes,
                   extra_headers=(), head: bool = False) -> None:
    """Answer a request as our test servers do: an ETag on every 200, and 304 Not Modified
    when the client's If-None-Match already names it (so re-runs can be counted as such)."""
    etag = '"' + hashlib.md5(body).hexdigest()[:16] + '"'
    if status == 200 and handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        handler.send_header("ETag", etag)
        handler.end_headers()
        return
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for key, value in extra_headers:
        handler.send_header(key, value)
    if status == 200:
        handler.send_header("ETag", etag)
    handler.end_headers()
    if not head:
        handler.wfile.write(body)


def make_handler(app: SiteApp, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    site = app.site

    class Handler(BaseHTTPRequestHandler):
        server_version = "Apache"
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def log_message(self, format, *args):  # noqa: A002 - silence stderr
            pass

        def log_error(self, format, *args):  # noqa: A002
            pass

        def _send(self, resp: Response, head: bool = False) -> None:
            send_with_etag(self, resp.status, resp.content_type, resp.body, head=head)

        def _route(self, method: str, form: dict[str, str] | None = None) -> Response:
            url = urlsplit(self.path)
            path = url.path
            if site.cms == "hanweb" and path == site.proxy_path:
                params = {k: v[0] for k, v in parse_qs(url.query).items()}
                if form:
                    params.update(form)
                return app.proxy(params)
            if method == "POST":
                return Response(405, "text/plain; charset=utf-8", b"method not allowed")
            resp = app.get(path)
            if resp is None:
                return Response(404, "text/html; charset=utf-8", NOT_FOUND)
            return resp

        def do_GET(self) -> None:
            log.append(Request("GET", self.path, site.id))
            self._send(self._route("GET"))

        def do_HEAD(self) -> None:
            log.append(Request("HEAD", self.path, site.id))
            self._send(self._route("HEAD"), head=True)

        def do_POST(self) -> None:
            log.append(Request("POST", self.path, site.id))
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            self._send(self._route("POST", form))

    return Handler


class SiteServer:
    """One site's server and its thread."""

    def __init__(self, site: Site, host: str, port: int, log: RequestLog) -> None:
        self.site = site
        self.app = SiteApp(site)
        self.httpd = ThreadingHTTPServer((host, port), make_handler(self.app, log))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"fazhi-mirror-{site.id}", daemon=True)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
