"""Lists rendered by script: a column page with no item links on no known platform (a shell
that builds its list URL at run time, portal-platforms.md §2.2) is rendered once in a
headless Chromium driven over the DevTools protocol, and its items are read from the
rendered links and from the JSON or HTML the page fetched; the list call found that way is
then replayed for the next pages without the browser.

The browser itself opens no connection (`--host-resolver-rules` resolves nothing): every
request the page makes is paused and answered by the portal's fetcher, so robots.txt, the
portal's hosts, per-host delays, the archive and the fetch log apply as to any list page.
Requests to other hosts and for images, styles and fonts are refused. One page renders at
a time on a machine (a file lock), within BROWSER_PAGE_SECONDS.
"""
from __future__ import annotations

import base64
import datetime as dt
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from fazhi.core import rules
from fazhi.core.errors import FetchError, NeedsBrowser
from fazhi.core.records import FetchedPage, PageFetcher
from tasks.discover.listing import Column, ListItem, item_date, item_title, items_from_html

BROWSER_ENV = "FAZHI_BROWSER"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install Debian's chromium (apt-get install chromium; `make test-deps` as root) or set FAZHI_BROWSER"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--disable-extensions", "--mute-audio",
         # nothing resolves: the browser cannot reach any host by itself, the fetcher answers for it
         "--host-resolver-rules=MAP * ~NOTFOUND")
_LOCK_FILE = Path(tempfile.gettempdir()) / f"fazhi-browser-{os.getuid()}.lock"   # one per user


@dataclass(frozen=True)
class BrowserSettings:
    """Which browser renders script-built lists. path "": $FAZHI_BROWSER, else the first of
    BROWSER_NAMES on PATH; a path that is no executable file means no browser."""
    path: str = ""
    page_seconds: float = rules.BROWSER_PAGE_SECONDS

    def executable(self) -> str | None:
        given = self.path or os.environ.get(BROWSER_ENV, "")
        if given:
            return given if os.path.isfile(given) and os.access(given, os.X_OK) else None
        return next((shutil.which(n) for n in BROWSER_NAMES if shutil.which(n)), None)

    def missing(self) -> str:
        given = self.path or os.environ.get(BROWSER_ENV, "")
        where = f"no browser at {given}" if given else f"no browser on PATH ({', '.join(BROWSER_NAMES)})"
        return f"{where}; {INSTALL_HINT}"


@dataclass
class Exchange:
    """A request the page made and the fetcher answered."""
    url: str
    method: str
    resource_type: str
    headers: dict[str, str]
    post_data: str | None
    page: FetchedPage


@dataclass
class Rendered:
    url: str
    html: str                                       # the DOM after the page's scripts ran
    exchanges: list[Exchange] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------- reading --
def read_rendered(column: Column, settings: BrowserSettings) -> list[ListItem]:
    """The column's items as a browser shows them, then the next pages of the list call the
    page made (replayed through the column, so its bounds hold). NeedsBrowser without one."""
    rendered = render(column.fetcher, column.first, settings)
    items = items_from_html(rendered.html, rendered.url)
    list_call = None
    for exchange in rendered.exchanges:
        if exchange.resource_type not in ("XHR", "Fetch", "Document") or exchange.page is column.first:
            continue
        found = items_from_response(exchange.page)
        if found and list_call is None:
            list_call = exchange
        items.extend(found)
    items = _unique(items)
    if list_call is not None:
        items = _unique(items + replay(column, list_call, items))
    return items


def items_from_response(page: FetchedPage) -> list[ListItem]:
    """Items of a list call's answer: JSON (or JSONP) records with a title and a link, or
    links in an HTML fragment."""
    text = page.text.lstrip("\ufeff").strip()
    data = _json_in(text)
    if data is not None:
        return json_items(data, page.final_url)
    return items_from_html(text, page.final_url) if "<a" in text else []


def _json_in(text: str):
    match = re.fullmatch(r"[\w$.]+\((.*)\)\s*;?", text, re.S)    # JSONP: callback({...});
    body = match.group(1) if match else text
    if body[:1] not in ("{", "["):
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def json_items(data, base_url: str) -> list[ListItem]:
    """Every record (a dict at any depth) with a title key holding Chinese text and a link key."""
    items, pending = [], [data]
    while pending:
        node = pending.pop(0)
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        title = next((node[k] for k in rules.JSON_TITLE_KEYS if isinstance(node.get(k), str)), "")
        link = next((node[k] for k in rules.JSON_URL_KEYS if isinstance(node.get(k), str) and node[k].strip()), "")
        if link and len(re.findall(r"[\u4e00-\u9fff]", title)) >= 4:
            items.append(ListItem(url=urljoin(base_url, link.strip()), title=item_title(title),
                                  date=_record_date(node)))
        pending.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return items


def _record_date(record: dict):
    for key in rules.JSON_DATE_KEYS:
        value = record.get(key)
        if isinstance(value, (int, float)) and value > 10**11:          # epoch milliseconds
            return time_to_date(value / 1000)
        if isinstance(value, str) and item_date(value):
            return item_date(value)
    return None


def time_to_date(seconds: float) -> dt.date:
    """An epoch time as a date in China (UTC+8)."""
    return dt.datetime.fromtimestamp(seconds, dt.timezone(dt.timedelta(hours=8))).date()


def replay(column: Column, call: Exchange, seen: list[ListItem]) -> list[ListItem]:
    """The list call's next pages: its page parameter (query, form or JSON body) counted up
    while pages bring new items, within the column's bounds."""
    found = _page_parameter(call)
    if found is None:
        return []
    where, name, number = found
    known, items, batch = {i.url for i in seen}, [], seen
    headers = {k: v for k, v in call.headers.items() if k.lower() == "content-type"}
    xhr = any(k.lower() == "x-requested-with" for k in call.headers)
    for k in range(number + 1, number + rules.MAX_LIST_PAGES + 1):
        if not column.can_page() or column.nothing_new(batch[-20:]):
            break
        url, body = _with_page(call, where, name, k)
        page = column.page(url, method=call.method, data=body, headers=headers, xhr=xhr)
        if page is None:
            break
        batch = [i for i in items_from_response(page) if i.url not in known]
        if not batch:
            break
        known.update(i.url for i in batch)
        items.extend(batch)
    return items


def _page_parameter(call: Exchange) -> tuple[str, str, int] | None:
    """(query | form | json, parameter name, its value) of the call's page number."""
    query = dict(parse_qsl(urlsplit(call.url).query, keep_blank_values=True))
    body = call.post_data or ""
    candidates = [("query", query)]
    if body.lstrip().startswith("{"):
        try:
            candidates.append(("json", json.loads(body)))
        except ValueError:
            pass
    elif "=" in body:
        candidates.append(("form", dict(parse_qsl(body, keep_blank_values=True))))
    for where, params in candidates:
        for name in rules.PAGE_PARAMS:
            value = params.get(name) if isinstance(params, dict) else None
            if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
                return where, name, int(value)
    return None


def _with_page(call: Exchange, where: str, name: str, k: int) -> tuple[str, str | None]:
    parts = urlsplit(call.url)
    if where == "query":
        query = [(n, str(k) if n == name else v) for n, v in parse_qsl(parts.query, keep_blank_values=True)]
        return urlunsplit(parts._replace(query=urlencode(query))), call.post_data
    if where == "json":
        body = json.loads(call.post_data)
        body[name] = k if isinstance(body[name], int) else str(k)
        return call.url, json.dumps(body, ensure_ascii=False)
    form = [(n, str(k) if n == name else v) for n, v in parse_qsl(call.post_data, keep_blank_values=True)]
    return call.url, urlencode(form)


def _unique(items: list[ListItem]) -> list[ListItem]:
    seen, out = set(), []
    for item in items:
        if item.url not in seen:
            seen.add(item.url)
            out.append(item)
    return out


# -------------------------------------------------------------------------------- rendering --
def render(fetcher: PageFetcher, first: FetchedPage, settings: BrowserSettings) -> Rendered:
    """The page `first` as a browser shows it after its scripts ran, every request it made
    answered by `fetcher`. NeedsBrowser when there is no browser; FetchError when it fails."""
    executable = settings.executable()
    if executable is None:
        raise NeedsBrowser(first.url, f"no item links: the list is built by script; {settings.missing()}")
    with _one_page_at_a_time(), tempfile.TemporaryDirectory(prefix="fazhi-browser-",
                                                            ignore_cleanup_errors=True) as profile:
        deadline = time.monotonic() + settings.page_seconds
        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            session = _Session.open(_page_socket(process, Path(profile), first.url, deadline), first.url)
            try:
                return _Page(session, fetcher, first, deadline, settings.page_seconds).render()
            finally:
                session.close()
        except (OSError, WebSocketException) as exc:      # the browser died or hung up mid-page
            raise FetchError(first.url, f"the browser failed ({type(exc).__name__}: {exc})") from None
        finally:
            _stop(process)


@contextmanager
def _one_page_at_a_time():
    with open(_LOCK_FILE, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def _page_socket(process: subprocess.Popen, profile: Path, url: str, deadline: float) -> str:
    """The DevTools WebSocket of the browser's page, once the browser says where it listens."""
    port_file = profile / "DevToolsActivePort"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise FetchError(url, f"the browser exited at start (code {process.returncode})")
        lines = port_file.read_text().split() if port_file.exists() else []
        if lines:
            with urllib.request.urlopen(f"http://127.0.0.1:{lines[0]}/json/list", timeout=5) as resp:
                targets = json.load(resp)
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.05)
    raise FetchError(url, "the browser did not start in time")


class _Session:
    """One DevTools connection: commands and their replies, events in arrival order."""

    def __init__(self, socket, url: str):
        self.socket, self.url, self.next_id, self.events = socket, url, 0, []

    @classmethod
    def open(cls, address: str, url: str) -> "_Session":
        return cls(connect(address, max_size=None, open_timeout=10), url)

    def close(self) -> None:
        self.socket.close()

    def send(self, method: str, **params) -> int:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        return self.next_id

    def call(self, method: str, deadline: float, **params) -> dict:
        wanted = self.send(method, **params)
        while True:
            message = self._receive(max(0.1, deadline - time.monotonic()))
            if message is None:
                raise FetchError(self.url, f"the browser did not answer {method} in time")
            if message.get("id") == wanted:
                if "error" in message:
                    raise FetchError(self.url, f"browser {method}: {message['error'].get('message')}")
                return message.get("result", {})
            if "method" in message:
                self.events.append(message)

    def event(self, timeout: float) -> dict | None:
        if self.events:
            return self.events.pop(0)
        while True:
            message = self._receive(timeout)
            if message is None or "method" in message:
                return message

    def _receive(self, timeout: float) -> dict | None:
        try:
            return json.loads(self.socket.recv(timeout=timeout))
        except TimeoutError:
            return None


class _Page:
    """One render: navigate, answer each paused request through the fetcher, wait for the
    load event and a quiet moment, read the DOM."""

    def __init__(self, session: _Session, fetcher: PageFetcher, first: FetchedPage, deadline: float, seconds: float):
        self.session, self.fetcher, self.first, self.deadline, self.seconds = session, fetcher, first, deadline, seconds
        self.result = Rendered(url=first.url, html="")
        self.sent = 0

    def render(self) -> Rendered:
        s = self.session
        s.call("Fetch.enable", self.deadline, patterns=[{"urlPattern": "*", "requestStage": "Request"}])
        s.call("Page.enable", self.deadline)
        s.send("Page.navigate", url=self.first.url)
        loaded, last = False, time.monotonic()
        while time.monotonic() < self.deadline:
            if loaded and time.monotonic() - last >= rules.BROWSER_QUIET_SECONDS:
                break
            event = s.event(0.2)
            if event is None:
                continue
            if event["method"] == "Fetch.requestPaused":
                self._answer(event["params"])
                last = time.monotonic()
            elif event["method"] == "Page.loadEventFired":
                loaded, last = True, time.monotonic()
        if not loaded:
            raise FetchError(self.first.url, f"the browser did not load the page within {self.seconds:g} s")
        # the DOM is read even when the deadline cut the quiet wait short
        value = s.call("Runtime.evaluate", time.monotonic() + 10, expression="document.documentElement.outerHTML",
                       returnByValue=True)
        self.result.html = value.get("result", {}).get("value") or ""
        return self.result

    def _answer(self, paused: dict) -> None:
        request, kind, request_id = paused["request"], paused.get("resourceType", ""), paused["requestId"]
        url = request["url"].split("#", 1)[0]
        if kind == "Document" and url == self.first.url and not self.result.exchanges:
            self._fulfil(request_id, self.first)
            self.result.exchanges.append(Exchange(url, "GET", kind, {}, None, self.first))
            return
        why = self._refusal(url, kind)
        if why:
            self.result.refused.append(f"{url}: {why}")
            self.session.send("Fetch.failRequest", requestId=request_id, errorReason="BlockedByClient")
            return
        headers = {k: v for k, v in request.get("headers", {}).items()
                   if k.lower() in ("referer", "x-requested-with", "content-type", "accept")}
        self.sent += 1
        try:
            page = self.fetcher.fetch_page(url, method=request.get("method", "GET"), data=request.get("postData"),
                                           headers=headers)
        except FetchError as exc:
            self.result.refused.append(f"{url}: {exc.reason}")
            self.session.send("Fetch.failRequest", requestId=request_id, errorReason="Failed")
            return
        self._fulfil(request_id, page)
        self.result.exchanges.append(Exchange(url, request.get("method", "GET"), kind, headers,
                                              request.get("postData"), page))

    def _refusal(self, url: str, kind: str) -> str:
        if not url.startswith(("http://", "https://")) or not self.fetcher.allowed_host(url):
            return "not one of the portal's hosts"
        if kind not in rules.BROWSER_RESOURCE_TYPES:
            return f"{kind or 'other'} not loaded"
        if self.sent >= rules.BROWSER_MAX_REQUESTS:
            return f"more than {rules.BROWSER_MAX_REQUESTS} requests for one page"
        return ""

    def _fulfil(self, request_id: str, page: FetchedPage) -> None:
        headers = [{"name": "Content-Type", "value": page.content_type or "text/html"}]
        self.session.send("Fetch.fulfillRequest", requestId=request_id, responseCode=200, responseHeaders=headers,
                          body=base64.b64encode(page.body).decode("ascii"))
