"""Fetching: a polite HTTP client per portal, over a shared politeness budget.

- one requests.Session per portal, an honest User-Agent naming fazhi
- connect/read timeouts; retries with exponential backoff and jitter on timeouts,
  connection resets and 5xx (never on 4xx)
- robots.txt honoured; a per-host minimum delay and a global cap on concurrent requests
- conditional requests (ETag / Last-Modified); pages already stored without validators
  are not downloaded again
- charset from the header, <meta> and the bytes; GB2312/GBK decoded as GB18030
- bodies read under limits (body_limits below): bytes per page, per document and per portal,
  seconds per download in total (a host trickling a byte a second does not hold the run) and
  inflated bytes of a gzip / deflate body (a gzip bomb stops at the cap)
- only the portal's hosts are followed, redirects included
- anti-bot challenges (瑞数, 加速乐, WAF shells) recognised by body and headers: the host is
  marked blocked for the rest of the run and gets no more requests; a cookie-only shell (C3VK)
  is solved once
- an HTTP(S) proxy for the run or for one portal (most portals answer only mainland clients)
- every body goes to the raw archive
"""
from __future__ import annotations

import datetime as dt
import hashlib
import random
import socket
import threading
import time
import urllib.robotparser
import zlib
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from fazhi import __version__
from fazhi.core import rules
from fazhi.core.archive import Archive
from fazhi.core.errors import FetchError, RunCancelled
from fazhi.core.records import FetchedDocument, FetchedPage, FetchRecord, KnownFetch
from fazhi.core.documents import attachment_links, disposition_name, file_type_of, human_size
from fazhi.core.documents.limits import MB, env_number as _env_number


@dataclass(frozen=True)
class FetchSettings:
    user_agent: str = f"fazhi/{__version__} (research crawler for annual rule-of-law government reports; polite, robots.txt-aware)"
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3                 # extra attempts after the first
    backoff_base: float = 1.0        # seconds; attempt n waits base * 2**n * jitter
    min_host_delay: float = 1.0      # seconds between two requests to one host
    max_concurrency: int = 16        # requests in flight over all portals
    per_host_concurrency: int = 1    # requests in flight to one host
    max_redirects: int = 5
    respect_robots: bool = True
    proxy: str | None = None         # http(s)://host:port for every portal without its own
    revalidate_days: float = 30.0    # a stored page is asked for again (conditionally) after this age
    revalidate: bool = False         # ask for every stored page again now (--revalidate)
    # limits on what a host can make us read (README "Limits"); FAZHI_* in the environment
    max_bytes: int = field(default_factory=lambda: int(_env_number("FAZHI_MAX_PAGE_MB", 30) * MB))
    max_document_bytes: int = field(default_factory=lambda: int(_env_number("FAZHI_MAX_DOCUMENT_MB", 40) * MB))
    max_portal_bytes: int = field(default_factory=lambda: int(_env_number("FAZHI_MAX_PORTAL_MB", 500) * MB))
    max_inflated_bytes: int = field(default_factory=lambda: int(_env_number("FAZHI_MAX_INFLATED_MB", 200) * MB))
    download_seconds: float = field(default_factory=lambda: _env_number("FAZHI_DOWNLOAD_SECONDS", 25))


class Politeness:
    """Shared across all portals of a run, whatever the number of portals in flight: per-host
    spacing (min_host_delay), per-host concurrency (requests in flight to one host, default 1)
    and a global cap on requests in flight. These, not a count of workers, bound a run."""

    def __init__(self, min_host_delay: float, max_concurrency: int, per_host: int = 1):
        self.min_host_delay = min_host_delay
        self._slots = threading.BoundedSemaphore(max(1, max_concurrency))
        self._per_host = max(1, per_host)
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self._next_ok: dict[str, float] = {}
        # host -> (the challenge it answered with, where): no more requests to it in this run, from any portal
        self.blocked: dict[str, tuple[str, str]] = {}

    def wait_turn(self, host: str, cancelled: threading.Event | None = None) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_ok.get(host, 0.0))
            self._next_ok[host] = start + self.min_host_delay
        if start > now:
            if cancelled is not None:
                cancelled.wait(start - now)       # a stopped run does not sit out the delay
            else:
                time.sleep(start - now)

    @contextmanager
    def slot(self, host: str):
        """A request in flight to host: its host's slot first, then one of the global ones (a
        request waiting for its host holds no global slot)."""
        with self._lock:
            host_slot = self._host_slots.setdefault(host, threading.BoundedSemaphore(self._per_host))
        with host_slot, self._slots:
            yield


_RETRY_STATUSES = frozenset(range(500, 600)) | {429}


class PortalFetcher:
    """Fetches pages for one portal: its own Session, hosts, robots rules and the shared politeness."""

    def __init__(self, portal_id: str, hosts: frozenset[str], archive: Archive, politeness: Politeness,
                 settings: FetchSettings = FetchSettings(), known: dict[str, KnownFetch] | None = None,
                 run_id: str | None = None, proxy: str | None = None,
                 cancelled: threading.Event | None = None):
        self.portal_id = portal_id
        self.hosts = hosts
        self.archive = archive
        self.politeness = politeness
        self.settings = settings
        self.known = known or {}
        self.run_id = run_id
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        self.session.headers["Accept-Encoding"] = "gzip, deflate"   # what _Inflater can inflate under a cap
        proxy = proxy or settings.proxy
        if proxy:
            self.session.proxies = {"http": proxy, "https": proxy}
        self._solved: set[str] = set()             # hosts whose cookie shell was solved this run
        self.cancelled = cancelled                 # set when the run is stopped: no new request
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.fetch_log: list[FetchRecord] = []   # one per fetch, for the warehouse
        self.requests_sent = 0
        self.bytes_downloaded = 0

    def close(self) -> None:
        self.session.close()

    # -- policy -------------------------------------------------------------------------
    def allowed_host(self, url: str) -> bool:
        return urlsplit(url).netloc.lower() in self.hosts

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots rules: read from the archive when stored and checked less than
        rules.ROBOTS_MAX_AGE ago (a routine re-run asks each host for its list pages only),
        else asked for (conditionally, archived and logged like any page)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots_url = origin + "/robots.txt"
            parser = urllib.robotparser.RobotFileParser()
            self._robots[origin] = None          # robots.txt itself is fetched without asking robots.txt
            known = self.known.get(robots_url)
            try:
                if known and known.checked_at and _now() - known.checked_at < rules.ROBOTS_MAX_AGE \
                        and self.archive.has(known.sha256):
                    page = self._from_archive(robots_url, robots_url, 200, known, downloaded=False)
                else:
                    page = self.fetch_page(robots_url, retries=0)
                parser.parse(page.text.splitlines())
            except FetchError as exc:
                if exc.reason in ("HTTP 401", "HTTP 403"):
                    parser.disallow_all = True
                else:
                    parser.allow_all = True   # no robots.txt reachable: nothing is disallowed
            self._robots[origin] = parser
        return self._robots[origin]

    def robots_allows(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        parser = self._robots_for(url)
        return parser is None or parser.can_fetch(self.settings.user_agent, url)

    # -- transport ----------------------------------------------------------------------
    def _request(self, method: str, url: str, *, data=None, json=None, headers=None,
                 retries=None, cap: int | None = None) -> requests.Response:
        """One HTTP exchange (no redirects followed), with retries on transient failures."""
        s = self.settings
        attempts = 1 + (s.retries if retries is None else retries)
        last_reason, transient = "", True
        host = urlsplit(url).netloc.lower()
        attempt = 0
        while attempt < attempts:
            if attempt:
                pause = s.backoff_base * (2 ** (attempt - 1)) * random.uniform(0.5, 1.5)
                self.cancelled.wait(pause) if self.cancelled is not None else time.sleep(pause)
            attempt += 1
            if host in self.politeness.blocked:
                kind, why = self.politeness.blocked[host]
                raise FetchError(url, f"not requested, host blocked earlier in this run ({why})", blocked=kind)
            self.politeness.wait_turn(host, self.cancelled)
            if self.cancelled is not None and self.cancelled.is_set():
                raise RunCancelled(f"run stopped before {url} was requested")
            try:
                with self.politeness.slot(host):
                    self.requests_sent += 1
                    resp = self.session.request(
                        method, url, data=data, json=json, headers=headers, allow_redirects=False, stream=True,
                        timeout=(s.connect_timeout, s.read_timeout))
                    body = self._read_body(resp, url, cap or s.max_bytes)
            except requests.Timeout:
                last_reason, transient = "timed out", True
                continue
            except requests.ConnectionError as exc:
                last_reason = f"connection failed ({_short_reason(exc)})"
                transient = not _refused_or_unknown_host(exc)
                continue
            except requests.RequestException as exc:
                raise FetchError(url, f"request failed ({_short_reason(exc)})") from None
            resp._content = body
            challenge = challenge_in(resp.status_code, resp.headers, body)
            if challenge and self._solve(challenge, host, body):
                attempts += 1                    # asked again once with the cookie the shell sets
                continue
            if challenge:
                why = f"blocked: {challenge} anti-bot challenge, HTTP {resp.status_code}, {len(body)} bytes at {url}"
                self.politeness.blocked[host] = (challenge, why)
                raise FetchError(url, why, blocked=challenge)
            if resp.status_code in _RETRY_STATUSES and attempt < attempts:
                last_reason, transient = f"HTTP {resp.status_code}", True
                continue
            return resp
        raise FetchError(url, f"{last_reason} after {attempts} attempts", transient=transient, no_answer=True)

    def _solve(self, challenge: str, host: str, body: bytes) -> bool:
        """A shell that only sets a cookie by script (C3VK) is answered once per host and run
        by setting that cookie; anything harder is not ours to solve."""
        pattern = rules.SOLVABLE_CHALLENGES.get(challenge)
        match = pattern.search(body.decode("utf-8", "replace")) if pattern else None
        if not match or host in self._solved:
            return False
        self._solved.add(host)
        self.session.cookies.set(match.group(1), match.group(2), domain=host.split(":")[0])
        return True

    def _read_body(self, resp: requests.Response, url: str, cap: int) -> bytes:
        """The body under the limits: at most cap bytes (inflated, if the host compressed
        them), the portal's byte budget, and download_seconds in all, however slowly it comes."""
        s = self.settings
        declared = resp.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"body of {human_size(int(declared))} is larger than the {human_size(cap)} cap")
        budget = s.max_portal_bytes - self.bytes_downloaded
        deadline = time.monotonic() + s.download_seconds
        inflater = _Inflater.for_encoding(resp.headers.get("Content-Encoding", ""), min(cap, s.max_inflated_bytes), url)
        chunks, wire, size = [], 0, 0
        try:
            while True:
                if self.cancelled is not None and self.cancelled.is_set():
                    raise RunCancelled(f"run stopped while {url} was downloading")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise FetchError(url, f"download not finished after {s.download_seconds:g} s "
                                          f"({human_size(wire)} received): the host sends too slowly")
                _socket_timeout(resp, min(left, s.read_timeout))
                chunk = resp.raw.read1(65536, decode_content=False)
                if not chunk:
                    break
                wire += len(chunk)
                if wire > budget:
                    raise FetchError(url, f"the portal's download budget of {human_size(s.max_portal_bytes)} is spent")
                chunk = inflater.feed(chunk) if inflater else chunk
                size += len(chunk)
                if size > cap:
                    raise FetchError(url, f"body larger than the {human_size(cap)} cap")
                chunks.append(chunk)
        except (socket.timeout, TimeoutError, urllib3.exceptions.ReadTimeoutError):
            if time.monotonic() >= deadline - 0.1:
                raise FetchError(url, f"download not finished after {s.download_seconds:g} s "
                                      f"({human_size(wire)} received): the host sends too slowly") from None
            raise requests.Timeout(f"{url}: read timed out") from None     # silent host: retried
        except urllib3.exceptions.ProtocolError as exc:
            raise requests.ConnectionError(exc) from None
        finally:
            self.bytes_downloaded += wire
            resp.close()
        return b"".join(chunks)

    # -- public -------------------------------------------------------------------------
    def fresh(self, url: str) -> bool:
        """Stored, and checked recently enough that a routine run does not ask for it again."""
        known = self.known.get(url)
        if self.settings.revalidate or not known or not known.checked_at or not self.archive.has(known.sha256):
            return False
        return _now() - known.checked_at < dt.timedelta(days=self.settings.revalidate_days)

    def fetch_page(self, url: str, *, method: str = "GET", data: dict | None = None, json=None,
                   headers: dict | None = None, revalidate: bool = True, max_bytes: int | None = None,
                   retries: int | None = None) -> FetchedPage:
        """Fetch url (following redirects within the portal's hosts) and archive the body.

        revalidate=False: a URL already stored is not requested at all (article pages);
        otherwise a stored URL is requested conditionally and a 304 reuses the archived body.
        headers: what a platform's list calls need (Referer, X-Requested-With); json: a POST body.
        max_bytes: the body's cap when not a page's (a document's); retries: on passing failures
        (default the settings').
        """
        if not self.allowed_host(url):
            raise FetchError(url, f"host {urlsplit(url).netloc} is not one of this portal's hosts")
        known = self.known.get(url) if method == "GET" else None
        if known and not revalidate and self.archive.has(known.sha256):
            return self._from_archive(url, url, 200, known, downloaded=False)
        if not self.robots_allows(url):
            raise FetchError(url, "disallowed by robots.txt")
        headers = dict(headers or {})
        if known and self.archive.has(known.sha256):
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        current = url
        for _ in range(self.settings.max_redirects + 1):
            resp = self._request(method, current, data=data, json=json, headers=headers, cap=max_bytes,
                                 retries=retries)
            if resp.status_code in (301, 302, 303, 307, 308) and "Location" in resp.headers:
                target = urljoin(current, resp.headers["Location"])
                if not self.allowed_host(target):
                    raise FetchError(url, f"redirects to {urlsplit(target).netloc}, not one of this portal's hosts")
                if not self.robots_allows(target):
                    raise FetchError(url, f"redirect target {target} is disallowed by robots.txt")
                current = target
                if resp.status_code == 303:
                    method, data, json = "GET", None, None
                continue
            break
        else:
            raise FetchError(url, f"more than {self.settings.max_redirects} redirects")
        if resp.status_code == 304 and known:
            page = self._from_archive(url, current, 304, known, downloaded=False)
            self._log(page, resp.headers, known)
            return page
        if resp.status_code >= 400:
            raise FetchError(url, f"HTTP {resp.status_code}")
        body = resp.content
        sha = self.archive.put(body)
        page = FetchedPage(url=url, final_url=current, status=resp.status_code, headers=dict(resp.headers),
                    body=body, sha256=sha, fetched_at=_now(), downloaded=True,
                    content_type=resp.headers.get("Content-Type", ""))
        self._log(page, resp.headers)
        return page

    def _from_archive(self, url: str, final_url: str, status: int, known: KnownFetch, downloaded: bool) -> FetchedPage:
        body = self.archive.get(known.sha256)
        return FetchedPage(url=url, final_url=final_url, status=status, headers={}, body=body,
                    sha256=known.sha256, fetched_at=_now(), downloaded=downloaded,
                    content_type=known.content_type)

    def _log(self, page: FetchedPage, headers, known: KnownFetch | None = None) -> None:
        """Record a fetch; a 304 keeps the validators it was revalidated with when it repeats none."""
        record = FetchRecord(
            url=page.url, final_url=page.final_url, status=page.status, sha256=page.sha256, size=len(page.body),
            fetched_at=page.fetched_at, etag=headers.get("ETag") or (known.etag if known else None),
            last_modified=headers.get("Last-Modified") or (known.last_modified if known else None),
            content_type=headers.get("Content-Type", page.content_type), portal_id=self.portal_id,
            run_id=self.run_id)
        if page.status != 304:
            self.archive.record({**asdict(record), "fetched_at": record.fetched_at.isoformat(),
                                 "headers": dict(headers)})
        self.fetch_log.append(record)


def challenge_in(status: int, headers, body: bytes) -> str:
    """The anti-bot challenge or WAF shell a response is, by its body and Set-Cookie headers
    (portal-platforms.md §3.2); "" for an ordinary answer."""
    if len(body) > rules.CHALLENGE_MAX_BYTES:
        return ""
    text = body.decode("utf-8", "replace") + "\n" + str(headers.get("Set-Cookie", ""))
    for kind, statuses, pattern in rules.CHALLENGES:
        if (statuses is None or status in statuses) and pattern.search(text):
            return kind
    return ""
class _Inflater:
    """A gzip / deflate body inflated piece by piece, never past the cap (a gzip bomb of a few
    kilobytes would otherwise become gigabytes in memory)."""

    def __init__(self, cap: int, url: str, wbits: int):
        self.cap, self.url, self.total = cap, url, 0
        self._z = zlib.decompressobj(wbits)

    @classmethod
    def for_encoding(cls, encoding: str, cap: int, url: str) -> _Inflater | None:
        encoding = encoding.strip().lower()
        if encoding in ("", "identity"):
            return None
        if encoding in ("gzip", "x-gzip", "deflate"):
            return cls(cap, url, zlib.MAX_WBITS | 32)   # gzip or zlib header, detected
        raise FetchError(url, f"content encoding {encoding!r} is not one we asked for")

    def feed(self, data: bytes) -> bytes:
        out = []
        try:
            while data:
                piece = self._z.decompress(data, self.cap - self.total + 1)
                self.total += len(piece)
                if self.total > self.cap:
                    raise FetchError(self.url, f"gzip bomb: the body inflates past the {human_size(self.cap)} cap")
                out.append(piece)
                data = self._z.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(self.url, f"compressed body is corrupt ({exc})") from None
        return b"".join(out)


def _socket_timeout(resp: requests.Response, seconds: float) -> None:
    """Shorten the socket's read timeout to what is left of the download's time."""
    sock = getattr(getattr(resp.raw, "_connection", None), "sock", None)
    if sock is not None:
        sock.settimeout(max(0.05, seconds))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


def _short_reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Connection reset", "Name or service not known", "timed out",
                   "Read timed out", "Max retries exceeded", "RemoteDisconnected"):
        if marker in text:
            return marker
    return type(exc).__name__


def fetch_attachments(fetcher: PortalFetcher, html: str, page_url: str) -> list[FetchedDocument]:
    """Fetch the report files a page links or embeds. Nothing is dropped silently: a file
    that cannot be fetched gets status failed and the reason. The type is the bytes' (a
    download endpoint names none, or the wrong one), the names only telling DOC from WPS."""
    out = []
    for link in attachment_links(html, page_url):
        item = FetchedDocument(link.url, page_url, link.name, link.file_type or "unknown", status="failed")
        try:
            page = fetch_document(fetcher, link.url)
        except FetchError as exc:
            item.reason = exc.reason
            out.append(item)
            continue
        disposition = page.headers.get("Content-Disposition", "")
        item.name = disposition_name(disposition) or item.name
        kind = file_type_of(page.body, name=link.name, content_type=page.content_type, disposition=disposition,
                            declared=link.file_type)
        item.body, item.sha256 = page.body, page.sha256
        if kind is None:
            item.status = "unreadable"
            item.reason = f"not a document ({page.content_type or 'no content type'}, {human_size(len(page.body))})"
        else:
            item.file_type, item.status = kind, "fetched"
        out.append(item)
    return out


def fetch_page_scans(fetcher: PortalFetcher, urls: list[str], page_url: str, max_pages: int) -> FetchedDocument | None:
    """A report published as page images: the images, as one document of file type image
    (status fetched), or failed with the reason; None when no URL is an image."""
    if not urls:
        return None
    item = FetchedDocument(urls[0], page_url, f"page scans ({len(urls)} images)", "image", status="failed")
    if len(urls) > max_pages:
        item.status, item.reason = "unreadable", f"{len(urls)} page images, over the {max_pages}-page OCR limit"
        return item
    for url in urls:
        try:
            page = fetch_document(fetcher, url)
        except FetchError as exc:
            item.reason = f"{url}: {exc.reason}"
            return item
        if file_type_of(page.body) != "image":
            continue                           # not an image after all (an HTML error page): skipped
        item.pages.append(page.body)
    if not item.pages:
        return None
    item.status, item.sha256 = "fetched", hashlib.sha256(b"".join(item.pages)).hexdigest()
    return item


def fetch_document(fetcher: PortalFetcher, url: str) -> FetchedPage:
    """A document or page image: fetched once (never revalidated), under the document cap."""
    return fetcher.fetch_page(url, revalidate=False, max_bytes=fetcher.settings.max_document_bytes)


def _refused_or_unknown_host(exc: BaseException) -> bool:
    """A refused connection or a host name that does not resolve: no use trying the portal
    again in a few minutes, unlike a reset or a dropped connection. Read from the exception
    chain requests and urllib3 build, not from its message."""
    pending, seen = [exc], set()
    while pending:
        err = pending.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, (ConnectionRefusedError, socket.gaierror)):
            return True
        pending += [err.__cause__, err.__context__, getattr(err, "reason", None)]
        pending += [a for a in err.args if isinstance(a, BaseException)]
    return False
