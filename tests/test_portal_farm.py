"""The generated portal farm (bench.portal_farm, served by fazhi.farm): it serves every CMS shape, its truth is
consistent, and discovery reaches the targets on portals the other tests never saw.

The last test is a real test of the crawler: when it fails, its message lists the missed
reports and the look-alikes taken for reports, by title and shape.
"""
from __future__ import annotations

import re
from collections import Counter

import pytest
import requests

from bench.evaluate import format_outcome, judge_portal, score
from bench.platform_shapes import WEIGHTS as PLATFORM_FAMILIES
from bench.portal_farm import FAMILIES, JSON_PLATFORMS, PortalFarm
from fazhi.core.archive import Archive
from fazhi.pipeline.portal import RunContext
from fazhi.farm.mirror import TRUTH as MIRROR_TRUTH
from fazhi.core.records import CANDIDATE_KINDS
from tasks.fetch import FetchSettings, Politeness
from fazhi.core.encoding import decode_body
from tasks.discover.platforms import detect

SEED, N = 1, len(FAMILIES)      # one portal of each family
PLATFORM_SIGNS = {"label": r"/site/label/8888|siteId = '", "hanweb_xxgk": r"/module/xxgk/search\.jsp",
                  "truecms": r"/TrueCMS/messageController/getMessage\.do", "hebei_columns": r"/templates/[0-9a-f-]+/blocks/",
                  "was5": r"/was5/web/search\?channelid=", "jcms": r"proxyUrl: '|pageNum=",
                  "trs_dialect": r"createPage\(|totalPage = |contenpage = "}


@pytest.fixture(scope="module")
def farm():
    with PortalFarm(N, seed=SEED, shapes=FAMILIES).start() as running:
        yield running


def _get(url, **kw):
    resp = requests.request(kw.pop("method", "GET"), url, timeout=10, **kw)
    return resp, decode_body(resp.content, resp.headers.get("Content-Type", ""))[0]


def test_generation_is_deterministic_and_varied():
    a, b = PortalFarm(30, seed=SEED), PortalFarm(30, seed=SEED)
    assert [(p.family, [i.title for i in p.items]) for p in a.portals] == \
           [(p.family, [i.title for i in p.items]) for p in b.portals]
    assert [i.title for i in PortalFarm(30, seed=SEED + 1).portals[0].items] != [i.title for i in a.portals[0].items]
    assert {p.n_pages for p in a.portals} >= {1, 2, 3}
    assert set(Counter(p.family for p in PortalFarm(300, seed=SEED).portals)) == set(FAMILIES)


def test_serves_each_shape(farm):
    seen = set()
    for p in farm.portals:
        base, start = farm.bases[p.id], farm.start_url(p.id)
        resp, text = _get(start)
        assert resp.status_code == 200, (p.id, start)
        if p.family == "hanweb":
            assert "大汉版通发布系统" in text and "<script type=\"text/xml\">" in text
            assert re.search(rf"totalRecord:'?{len(p.items)}", text)
            method, proxy, _ = p.markup["proxy"]
            params = {"columnid": p.column_id}
            if method == "POST":
                resp, xml = _get(base + proxy + f"?startrecord=1&endrecord={p.per_page}&perpage={p.per_page}",
                                 method="POST", data=params)
            else:
                resp, xml = _get(base + proxy, params={"page": 1, "perpage": p.per_page, **params})
            assert resp.status_code == 200 and f"<totalrecord>{len(p.items)}</totalrecord>" in xml
            assert xml.count("<record>") == min(p.per_page, len(p.items))
        elif p.family == "trs":
            assert f'createPageHTML({p.n_pages}, 0, "index"' in text
            if p.n_pages > 1:
                assert _get(re.sub(r"index\.(s?html)$", r"index_1.\1", start))[0].status_code == 200
        elif p.family == "hunan":
            assert start.endswith("/list.shtml") and f"createPageHTML('paging', {p.n_pages}, 1" in text
            if p.n_pages > 1:
                assert _get(start.replace("list.shtml", "list_2.shtml"))[0].status_code == 200
        elif p.family in PLATFORM_FAMILIES:      # the shell names its platform's list call or pager
            assert re.search(PLATFORM_SIGNS[p.family], text), (p.id, p.family)
        elif p.family in JSON_PLATFORMS:    # a shell whose list comes from the platform's API
            assert detect(text, start) == p.family
        else:
            assert "createPageHTML" not in text and "text/xml" not in text
            if p.n_pages > 1:
                nxt = re.search(r'<a href="([^"]+)">' + re.escape(p.markup["next_text"].replace(">", "&gt;")), text)
                assert nxt and _get(base + nxt.group(1).replace("&amp;", "&"))[0].status_code == 200
        item = p.items[0]
        resp, page = _get(base + item.path)
        assert resp.status_code == 200 and item.title in page
        if p.encoding == "gbk":
            assert resp.content.decode("gbk") and b"charset=\"gb2312\"" in resp.content
        seen.add(p.family)
    assert seen == set(FAMILIES)
    assert _get(farm.bases[farm.portals[0].id] + "/no/such/page.html")[0].status_code == 404
    assert farm.requests.total > 0


def test_truth_is_consistent(farm):
    mirror_titles = {i.title for t in MIRROR_TRUTH.values() for i in t.items}
    for p in farm.portals:
        truth = farm.truth[p.id]
        items = list(truth.items.values())
        assert len(items) == len(p.items) and truth.start_url == farm.start_url(p.id)
        assert all(i.kind in CANDIDATE_KINDS for i in items)
        assert [i.date for i in items] == sorted((i.date for i in items), reverse=True)
        assert {i.page for i in items} == set(range(1, truth.n_pages + 1))
        reports = truth.reports()
        assert reports and all(r.report_year and str(r.report_year) in r.title for r in reports)
        assert all(r.date[:4] == str(r.report_year + 1) for r in reports)
        assert truth.lookalikes(), p.id
        assert not mirror_titles & {i.title for i in items}
        for r in reports[:2]:
            resp, page = _get(r.url)
            assert resp.status_code == 200
            for part in ("一、", "二、存在的不足", "三、党政主要负责人履行推进法治建设第一责任人职责", "四、", "五、其他需要报告的情况"):
                assert part in page, (r.url, part)


def test_discovery_reaches_the_targets(farm, tmp_path):
    """≥ 95% of the reports found, < 5% of the look-alikes taken for reports."""
    ctx = RunContext(archive=Archive(tmp_path / "archive"), politeness=Politeness(0.0, 8),
                     settings=FetchSettings(min_host_delay=0.0, retries=0), run_id="test")
    runs = {portal.id: judge_portal(portal, ctx) for portal in farm.portals_registry()}
    assert not [r.failed for r in runs.values() if r.failed]
    out = score(farm, runs)
    report = format_outcome(out, f"portal farm n={N} seed={SEED}")
    assert out.total.recall >= 0.95 and out.total.lookalike_rate < 0.05, report
