"""Blocked is an outcome (issue 13): portals that answer with an anti-bot challenge are recorded
`blocked` with the challenge after at most 3 requests, a cookie-only shell is solved once, every
portal's run is in portal_status, `fazhi query portal_health` lists what needs a look, and a
portal can be fetched through a proxy."""
from __future__ import annotations

import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

from fazhi.cli import main
from fazhi.core.archive import Archive
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.registry import parse_registry
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.pipeline.portal import RunContext, process_portal
from fazhi.pipeline.summary import summary_text
from flows.annual_reports import annual_reports
from tasks.fetch import FetchSettings, Politeness, challenge_in

SPECS = load_specs(Path(__file__).parent / "farm" / "blocked.toml", SEED_REPORTS_DIR)
BLOCKED = {"farm-rivers": "瑞数", "farm-jsl": "加速乐", "farm-waf": "网站云防护"}


@pytest.fixture(scope="module")
def blocked_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("blocked")
    with Farm(SPECS).start() as farm:
        registry = tmp / "portals.toml"
        registry.write_text(farm.registry_toml(), encoding="utf-8")
        summary = annual_reports(registry=str(registry), db=str(tmp / "w.duckdb"), archive=str(tmp / "a"),
                                 min_host_delay=0.0, portal_retries=0)
        requests = dict(farm.requests.by_portal)
    return summary, requests, tmp / "w.duckdb"


def test_a_challenge_marks_the_portal_blocked_after_at_most_3_requests(blocked_run):
    summary, requests, db = blocked_run
    for site in BLOCKED:
        assert 1 <= requests.get(site, 0) <= 3, (site, requests)   # counted at the server
    with duckdb.connect(str(db), read_only=True) as con:
        status = {r[0]: r[1:] for r in con.execute("SELECT portal_id, status, reason, reports FROM portal_status").fetchall()}
    for site, kind in BLOCKED.items():
        assert status[site][0] == "blocked" and kind in status[site][1], status[site]
    # the cookie shell is set once and the page asked again: its report is read
    assert status["farm-c3vk"] == ("ok", None, 1)
    assert requests["farm-c3vk"] <= 6
    text = summary_text(summary)
    assert "Portals by status: 3 blocked, 1 ok" in text
    assert text.index("BLOCKED: list page") < text.index("farm-c3vk")     # what needs a look comes first


def test_portal_health_lists_what_needs_a_look(blocked_run, capsys):
    _summary, _requests, db = blocked_run
    assert main(["query", "portal_health", "--db", str(db), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert {line.split(",")[0] for line in out.splitlines()[1:]} == set(BLOCKED)
    assert "加速乐 anti-bot challenge" in out


def test_an_ordinary_page_is_no_challenge():
    page = "<html><body><ul><li><a href='/a.html'>关于2023年度法治政府建设情况的报告</a></li></ul></body></html>"
    assert challenge_in(200, {}, page.encode()) == ""
    assert challenge_in(403, {}, b"<html>Forbidden</html>") == ""
    # a report that mentions a marker phrase is no WAF shell: only the 403 shell is
    assert challenge_in(200, {}, "依法拒绝执行违法指令".encode()) == ""
    assert challenge_in(403, {}, "拒绝执行".encode()) == "网站云防护"


class _ForwardProxy(ThreadingHTTPServer):
    """A plain HTTP forward proxy on loopback: GETs with an absolute URL, passed on and counted."""
    daemon_threads = True

    def __init__(self):
        self.seen: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                proxy.seen.append(self.path)
                request = urllib.request.Request(self.path, headers={k: v for k, v in self.headers.items()
                                                                     if k.lower() not in ("host", "proxy-connection")})
                opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
                try:
                    with opener.open(request, timeout=10) as resp:
                        status, headers, body = resp.status, resp.headers, resp.read()
                except urllib.error.HTTPError as exc:
                    status, headers, body = exc.code, exc.headers, exc.read()
                self.send_response(status)
                for key in ("Content-Type", "ETag", "Set-Cookie"):
                    if headers.get(key):
                        self.send_header(key, headers[key])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        super().__init__(("127.0.0.1", 0), Handler)


def test_a_portal_with_its_own_proxy_is_fetched_through_it(tmp_path):
    proxy = _ForwardProxy()
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        with Farm([s for s in SPECS if s.id == "farm-c3vk"]).start() as farm:
            registry = farm.registry_toml().replace(
                'id = "farm-c3vk"', f'id = "farm-c3vk"\nproxy = "http://127.0.0.1:{proxy.server_address[1]}"')
            (portal,) = parse_registry(registry)
            ctx = RunContext(archive=Archive(tmp_path / "a"), politeness=Politeness(0, 4),
                             settings=FetchSettings(min_host_delay=0.0, backoff_base=0.01), run_id="t")
            haul = process_portal(portal, ctx)
            direct = farm.requests.total
    finally:
        proxy.shutdown()
    assert [i.facts.metadata.report_year for i in haul.reports] == [2023]
    assert len(proxy.seen) == direct and all(u.startswith(farm.sites["farm-c3vk"]) for u in proxy.seen)
