"""Lists rendered by script (tests/farm/shells.toml): the column page is a shell whose script
mints a token, assembles the JSON list call and writes the list. Read through Debian's
headless Chromium (`make test` installs it as root), every request answered by the portal's
fetcher; without a browser the portal says `needs_browser`."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fazhi.core.archive import Archive
from fazhi.core.paths import SEED_REPORTS_DIR
from fazhi.core.registry import parse_registry
from fazhi.farm.render.shell import api_path
from fazhi.farm.running import Farm
from fazhi.farm.spec import load_specs
from fazhi.farm.truth import portal_truth
from fazhi.pipeline.portal import RunContext, process_portal
from tasks.discover import BrowserSettings, discover_portal
from tasks.fetch import FetchSettings, Politeness, PortalFetcher

SHELLS = load_specs(Path(__file__).parent / "farm" / "shells.toml", SEED_REPORTS_DIR)
TRUTH = portal_truth(next(s for s in SHELLS if s.id == "farm-shell"))
FAST = FetchSettings(min_host_delay=0.0, backoff_base=0.01)
APT_INSTALL = "apt-get update && apt-get install -y chromium"


def chromium() -> BrowserSettings:
    """Chromium as `make test` installs it; else skip, saying why."""
    settings = BrowserSettings()
    if settings.executable() is None:
        pytest.skip(f"chromium is not installed: `make test` installs it when run as root with apt ({APT_INSTALL})")
    return settings


@pytest.fixture()
def farm():
    with Farm(SHELLS).start() as running:
        yield running


def _portal(farm):
    (portal,) = parse_registry(farm.registry_toml())
    return portal


def _fetcher(portal, tmp_path):
    return PortalFetcher(portal.id, portal.hosts, Archive(tmp_path / "archive"), Politeness(0, 4), FAST)


def test_the_shell_shows_no_item_links_to_a_static_reader_and_its_list_call_needs_the_token(farm, tmp_path):
    portal = _portal(farm)
    fetcher = _fetcher(portal, tmp_path)
    shell = fetcher.fetch_page(farm.start_url("farm-shell")).text
    assert api_path(SHELLS[0]) not in shell and "/common/search" not in shell and len(shell.encode()) < 6000
    import requests

    bare = requests.get(farm.url("farm-shell", f"{api_path(SHELLS[0])}?_isJson=true&page=1"), timeout=5)
    assert bare.status_code == 403


def test_a_list_built_by_script_is_read_through_chromium_and_its_call_replayed(farm, tmp_path):
    browser = chromium()
    portal = _portal(farm)
    found = discover_portal(portal, _fetcher(portal, tmp_path), browser=browser)
    assert not found.failures and not found.needs_browser and found.rendered_pages == 1
    by_path = {c.url.split(farm.sites["farm-shell"], 1)[1]: c for c in found.candidates}
    # every item of the three pages: page 1 from the rendered page, pages 2 and 3 by replaying its call
    assert set(by_path) == {i.path for i in TRUTH.items}
    assert {p for p, c in by_path.items() if c.kind == "report"} == {r.path for r in TRUTH.reports}
    assert all(c.date is not None for c in found.candidates)
    # the list call went through the fetcher, the shell page was fetched once (the browser got
    # it from the fetcher), and nothing else: no image, no style sheet, no other host
    calls = [r.path for r in farm.requests if r.path.startswith(api_path(SHELLS[0]))]
    assert [c.rsplit("page=", 1)[1] for c in calls] == ["1", "2", "3", "4"]
    assert farm.requests.count(site="farm-shell", path=TRUTH.column_path) == 1
    assert farm.requests.count(site="farm-shell-counter") == 0
    assert farm.requests.count(prefix="/static/") == 0
    assert found.list_pages == 1 + 3      # the column page, then pages 2, 3 and the empty page 4


def test_the_pipeline_loads_the_reports_of_a_rendered_list(farm, tmp_path):
    browser = chromium()
    portal = _portal(farm)
    ctx = RunContext(archive=Archive(tmp_path / "archive"), politeness=Politeness(0, 4), settings=FAST,
                     run_id="r1", browser=browser)
    haul = process_portal(portal, ctx)
    out = haul.outcome
    assert out.rendered_pages == 1 and not out.needs_browser and not out.failed
    assert sorted(i.url.split(farm.sites["farm-shell"], 1)[1] for i in haul.reports) == sorted(
        r.path for r in TRUTH.reports)


def test_without_a_browser_the_portal_needs_one(farm, tmp_path):
    missing = tmp_path / "no" / "chromium"
    portal = _portal(farm)
    ctx = RunContext(archive=Archive(tmp_path / "archive"), politeness=Politeness(0, 4), settings=FAST,
                     run_id="r1", browser=BrowserSettings(path=str(missing)))
    out = process_portal(portal, ctx).outcome
    assert out.needs_browser and out.rendered_pages == 0 and out.candidates == 0 and not out.failed
    (line,) = [e for e in out.errors if "browser" in e]
    assert str(missing) in line and "apt-get install chromium" in line and TRUTH.column_path in line
    assert farm.requests.count(prefix=api_path(SHELLS[0])) == 0


def test_a_list_with_item_links_never_starts_the_browser(tmp_path):
    """The browser is the last resort: a static list is read as before, even with the
    browser pointed at something that would fail loudly if started."""
    from farm import FARM_TRUTH, start_test_farm

    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("#!/bin/sh\nexit 3\n")
    not_a_browser.chmod(0o755)
    with start_test_farm() as test_farm:
        (portal,) = [p for p in parse_registry(test_farm.registry_toml()) if p.id == "farm-generic"]
        found = discover_portal(portal, _fetcher(portal, tmp_path), browser=BrowserSettings(path=str(not_a_browser)))
    assert found.rendered_pages == 0 and not found.failures
    assert len(found.candidates) == FARM_TRUTH["farm-generic"].total


def test_a_browser_that_does_not_start_is_a_column_failure_not_a_crash(farm, tmp_path):
    not_a_browser = tmp_path / "chromium"
    not_a_browser.write_text("#!/bin/sh\nexit 3\n")
    not_a_browser.chmod(0o755)
    portal = _portal(farm)
    found = discover_portal(portal, _fetcher(portal, tmp_path), browser=BrowserSettings(path=str(not_a_browser)))
    (failure,) = found.failures
    assert "browser exited at start (code 3)" in failure.reason and not found.needs_browser


def test_the_browser_is_found_on_path_or_by_fazhi_browser(monkeypatch, tmp_path):
    monkeypatch.setenv("FAZHI_BROWSER", str(tmp_path / "nothing"))
    assert BrowserSettings().executable() is None and "FAZHI_BROWSER" in BrowserSettings().missing()
    monkeypatch.delenv("FAZHI_BROWSER")
    assert BrowserSettings().executable() == next(
        (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
         if shutil.which(n)), None)


def test_list_answers_are_read_from_json_jsonp_and_html_fragments():
    import datetime as dt

    from fazhi.core.records import FetchedPage
    from tasks.discover.browser import Exchange, _page_parameter, _with_page, items_from_response

    def answer(text: str, ctype: str) -> FetchedPage:
        body = text.encode("utf-8")
        return FetchedPage("http://x/api/list", "http://x/api/list", 200, {}, body, "0" * 64,
                           dt.datetime(2025, 1, 1), True, ctype)

    jsonp = '\ufeff\n\nresult({"num": 1, "data": [{"title": "关于2023年度法治政府建设情况的报告", ' \
            '"puburl": "/art/1.html", "pubdate": "2024-03-01"}]});'
    (item,) = items_from_response(answer(jsonp, "application/javascript"))
    assert (item.url, item.date) == ("http://x/art/1.html", dt.date(2024, 3, 1))
    epoch = '{"custom": {"data": [{"realtitle": "法治政府建设年度报告", "infourl": "/c/2.html", ' \
            '"publishTime": 1711929600000}]}}'
    (item,) = items_from_response(answer(epoch, "application/json"))
    assert (item.url, item.date) == ("http://x/c/2.html", dt.date(2024, 4, 1))
    fragment = '<li class="xxgk-li"><a href="/c/3.html">某区2024年法治政府建设情况报告</a><span>2025-02-01</span></li>'
    (item,) = items_from_response(answer(fragment, "text/html"))
    assert item.url == "http://x/c/3.html"
    # the page number of a list call: in its query, its form body or its JSON body
    form = Exchange("http://x/info_open/search", "POST", "XHR", {}, "pageIndex=1&pageSize=20&siteId=184", None)
    assert _page_parameter(form) == ("form", "pageIndex", 1)
    assert _with_page(form, "form", "pageIndex", 2)[1] == "pageIndex=2&pageSize=20&siteId=184"
    body = Exchange("http://x/getgovinfolist", "POST", "XHR", {}, '{"categorynum": "003006", "pageIndex": 0}', None)
    assert _page_parameter(body) == ("json", "pageIndex", 0)
    assert '"pageIndex": 1' in _with_page(body, "json", "pageIndex", 1)[1]
