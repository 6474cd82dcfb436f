"""One HTTP layer for every fake portal: a port per portal, one accept thread for all of them,
a thread per request; ETag / 304, optional gzip, faults, latency and a request log."""

from __future__ import annotations

import gzip
import hashlib
import selectors
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from .challenges import challenge_response
from .spec import PortalSpec

NOT_FOUND = (
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>404</title></head>"
    "<body><h1>404</h1><p>您访问的页面不存在或已被删除。</p></body></html>"
).encode()
UNAVAILABLE = (b"<html><head><title>503 Service Temporarily Unavailable</title></head><body>"
               b"<center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center>"
               b"</body></html>")


class Response(NamedTuple):
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    trickle: float = 0.0  # seconds between bytes: a host that sends its body a byte at a time


class Request(NamedTuple):
    """A request a portal received, with what platform quirks turn on (its Referer,
    X-Requested-With) and the status it was answered with."""
    method: str
    path: str  # as requested, query string included
    site: str
    status: int = 0
    referer: str = ""
    xhr: bool = False


class Call(NamedTuple):
    """What a dynamic page may look at besides path and parameters (platform quirks)."""
    method: str = "GET"
    headers: dict = {}  # names in lower case
    body: bytes = b""

    @property
    def is_json(self) -> bool:
        return "json" in self.headers.get("content-type", "").lower()


class RequestLog:
    """Thread-safe record of the requests every portal received."""

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

    @property
    def total(self) -> int:
        return len(self)

    @property
    def by_portal(self) -> Counter:
        return Counter(r.site for r in self.snapshot())

    def count(self, site: str | None = None, method: str | None = None,
              path: str | None = None, prefix: str | None = None, status: int | None = None) -> int:
        """Requests matching all given filters (path: exact, without query; prefix: of the raw path)."""
        return sum(1 for r in self.snapshot()
                   if (site is None or r.site == site) and (method is None or r.method == method)
                   and (path is None or r.path.split("?", 1)[0] == path)
                   and (prefix is None or r.path.startswith(prefix)) and (status is None or r.status == status))


# A page table: raw path (query included) or bare path -> the page's response, made on demand.
Pages = dict[str, Callable[[], Response]]
# Pages answering POST and query strings of their own (a dataproxy, a JSON API):
# (path, params, call) -> response, or None when the path is not theirs.
Dynamic = Callable[[str, dict[str, str], Call], "Response | None"]


class PortalApp:
    """Routes one portal's requests: faults first, then dynamic pages, then the page table."""

    def __init__(self, spec: PortalSpec, pages: Pages, dynamic: Dynamic | None, cache: bool) -> None:
        self.spec, self.pages, self.dynamic, self.cache = spec, pages, dynamic, cache
        self._cached: dict[str, Response] = {}
        self._hits: Counter = Counter()
        self._faults = {f.path: f for f in spec.faults}
        # paths paged by their query string (index.jsp?pageIndex=2) answer no other query
        self._paged_by_query = {key.split("?", 1)[0] for key in pages if "?" in key}
        self._lock = threading.Lock()

    def reset_faults(self) -> None:
        with self._lock:
            self._hits.clear()

    def _fault(self, path: str) -> Response | None:
        fault = self._faults.get(path)
        if fault is None:
            return None
        with self._lock:
            self._hits[path] += 1
            if self._hits[path] > fault.times:
                return None
        return Response(fault.status, "text/html", UNAVAILABLE)

    def route(self, method: str, raw: str, form: dict[str, str], call: Call = Call()) -> Response:
        url = urlsplit(raw)
        if self.dynamic is not None:
            resp = self.dynamic(url.path, {**{k: v[0] for k, v in parse_qs(url.query).items()}, **form}, call)
            if resp is not None:
                return resp
        if method == "POST":
            return Response(405, "text/plain; charset=utf-8", b"method not allowed")
        resp = self._fault(url.path)
        if resp is not None:
            return resp
        key = raw if raw in self.pages else url.path
        if key not in self.pages or (key != raw and url.query and key in self._paged_by_query):
            return Response(404, "text/html; charset=utf-8", NOT_FOUND)
        if not self.cache:
            return self.pages[key]()
        with self._lock:
            if key in self._cached:
                return self._cached[key]
        resp = self.pages[key]()
        with self._lock:
            self._cached[key] = resp
        return resp


def send(handler: BaseHTTPRequestHandler, resp: Response, head: bool = False, gzip_ok: bool = False) -> None:
    """An ETag on every 200 and 304 Not Modified when If-None-Match names it (so re-runs can
    be counted as such); gzip when the portal offers it and the client accepts it."""
    etag = '"' + hashlib.md5(resp.body).hexdigest()[:16] + '"'
    if resp.status == 200 and handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        handler.send_header("ETag", etag)
        handler.end_headers()
        return
    body = resp.body
    zipped = gzip_ok and "gzip" in (handler.headers.get("Accept-Encoding") or "")
    if zipped:
        body = gzip.compress(body, mtime=0)
    handler.send_response(resp.status)
    handler.send_header("Content-Type", resp.content_type)
    handler.send_header("Content-Length", str(len(body)))
    if zipped:
        handler.send_header("Content-Encoding", "gzip")
    for key, value in resp.headers:
        handler.send_header(key, value)
    if resp.status == 200:
        handler.send_header("ETag", etag)
    handler.end_headers()
    if head:
        return
    if resp.trickle:
        _trickle(handler, body, resp.trickle)
        return
    try:
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass    # the client stopped reading (a body over its cap): nothing to tell it


def _trickle(handler: BaseHTTPRequestHandler, body: bytes, seconds: float) -> None:
    """The body a byte at a time, until it is sent or the client hangs up."""
    try:
        for i in range(len(body)):
            handler.wfile.write(body[i:i + 1])
            handler.wfile.flush()
            time.sleep(seconds)
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass


def _handler(app: PortalApp, log: RequestLog, latency: float, gzip_ok: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = app.spec.server
        sys_version = ""
        protocol_version = "HTTP/1.0"

        def log_message(self, format, *args):  # keep stderr quiet
            pass

        def _answer(self, method: str, form: dict[str, str], body: bytes = b"") -> None:
            call = Call(method, {k.lower(): v for k, v in self.headers.items()}, body)
            guard = challenge_response(app.spec.challenge, call.headers.get("cookie", "")) if app.spec.challenge else None
            resp = Response(*guard) if guard else app.route(method, self.path, form, call)
            log.append(Request(method, self.path, app.spec.id, resp.status, call.headers.get("referer", ""),
                               call.headers.get("x-requested-with") == "XMLHttpRequest"))
            if latency:          # logged on arrival: a test sees a request its slow host is sitting on
                time.sleep(latency)
            send(self, resp, head=method == "HEAD", gzip_ok=gzip_ok)

        def do_GET(self) -> None:
            self._answer("GET", {})

        def do_HEAD(self) -> None:
            self._answer("HEAD", {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            form = {} if "json" in (self.headers.get("Content-Type") or "").lower() else \
                {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            self._answer("POST", form, raw)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


class Servers:
    """Portals listening on ``host`` (one port each, ``base_port + i`` or free ones), served
    by one accept thread until ``stop()``. ``routes(spec, sites)`` gives a portal's pages once
    every portal's base URL is known (pages link and redirect across portals)."""

    def __init__(self, specs: list[PortalSpec], routes: Callable[[PortalSpec, dict[str, str]], tuple[Pages, Dynamic | None]],
                 host: str = "127.0.0.1", base_port: int = 0, latency: float = 0.0, gzip_ok: bool = False,
                 cache: bool = True, requests: RequestLog | None = None) -> None:
        self.host, self.requests = host, requests if requests is not None else RequestLog()
        self._servers: list[_Server] = []
        try:
            for i, spec in enumerate(specs):
                self._servers.append(_Server((host, 0 if base_port == 0 else base_port + i), None))
        except OSError:
            for srv in self._servers:
                srv.server_close()
            raise
        self.ports = {spec.id: srv.server_address[1] for spec, srv in zip(specs, self._servers)}
        self.sites = {sid: f"http://{host}:{port}" for sid, port in self.ports.items()}
        self.apps: dict[str, PortalApp] = {}
        for spec, srv in zip(specs, self._servers):
            app = self.apps[spec.id] = PortalApp(spec, *routes(spec, self.sites), cache=cache)
            srv.RequestHandlerClass = _handler(app, self.requests, latency, gzip_ok)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> Servers:
        selector = selectors.DefaultSelector()
        for srv in self._servers:
            selector.register(srv, selectors.EVENT_READ, srv)

        def accept_loop() -> None:
            while not self._stop.is_set():
                for key, _ in selector.select(timeout=0.05):
                    key.data._handle_request_noblock()
            selector.close()

        self._thread = threading.Thread(target=accept_loop, name="fazhi-farm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        for srv in self._servers:
            srv.server_close()
