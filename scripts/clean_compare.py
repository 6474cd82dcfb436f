"""clean_html of two revisions, page by page: every field of every CleanedPage compared, and
the CPU each spends, on every HTML page that can be made locally.

    .venv/bin/python scripts/clean_compare.py                    # HEAD's tasks/clean.py vs the work tree's
    .venv/bin/python scripts/clean_compare.py --against main     # another revision as the reference
    .venv/bin/python scripts/clean_compare.py --farm 0 --random 6000 --random-seed 2 --show 5

Its first use: the move of tasks/clean.py from BeautifulSoup to lxml's tree (--against
fed7a4d, the last revision on BeautifulSoup) cleans every page to the same CleanedPage.

The pages (deduplicated by content):
- every text/html page of every portal spec: the offline mirror (fazhi/farm/data/mirror.toml),
  the test farms (tests/farm/*.toml) and the generated benchmark farm (bench.portal_farm,
  --farm portals per seed, --seeds seeds), rendered by fazhi.farm.render without serving
  them and decoded as the crawler decodes (fazhi.core.encoding.decode_body);
- the hand-written pages of the cleaning references (seeds/references/html/);
- random pages (--random; random_pages below);
- TRAPS below: small pages of the constructs where two HTML libraries are known to part
  (comments, script and ruby text, whitespace-only strings, <pre>, <br>, nested tables,
  entities, an XML declaration, broken markup, no <body>, empty input).

The reference is the given revision's tasks/clean.py (git show REV:tasks/clean.py), loaded
as a module beside the work tree's; both use the work tree's rules. A difference prints the
page and the first field that differs; the exit status is 1 when any page differs.
CPU is time.process_time() around each call, the two implementations alternating page by
page so that machine load falls on both alike; the figures are split by how the reference
cleaned the page (content selectors, or the trafilatura fallback, whose cost is trafilatura's).
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.portal_farm import generate  # noqa: E402
from fazhi.core.encoding import decode_body  # noqa: E402
from fazhi.core.paths import REFERENCES_DIR, SEED_REPORTS_DIR  # noqa: E402
from fazhi.farm import render  # noqa: E402
from fazhi.farm.mirror import SPECS as MIRROR_SPECS  # noqa: E402
from fazhi.farm.spec import PortalSpec, load_specs  # noqa: E402

TEST_FARMS = ROOT / "tests" / "farm"
# Paths of files, not pages: rendering them (PDF, OFD, scans) costs seconds and gives no HTML.
FILE_SUFFIXES = (".pdf", ".doc", ".docx", ".ofd", ".wps", ".jpg", ".jpeg", ".png", ".gif", ".zip", ".xls", ".xlsx")

TRAPS = {
    "comment in a paragraph": "<html><body><div id='zoom'><p>法治<!-- 注释 -->政府</p><p>第二段</p></div></body></html>",
    "comment in a table cell": ("<html><body><table><tr><td>索引号：<!-- x --></td><td>1/2024-1</td></tr><tr><td>发布机构：</td>"
                                "<td>司法局<!--y--></td></tr><tr><td>成文日期：</td><td>2024-03-01</td></tr></table>"
                                "<div id='zoom'><p>正文</p></div></body></html>"),
    "script and style in a meta table": ("<html><head><style>td{}</style></head><body><table><tr><td>索引号：</td><td>1<script>var a='发布日期：x';</script></td>"
                                         "</tr><tr><td>发布机构：<style>.a{}</style></td><td>局</td></tr><tr><td>成文日期：</td><td>2024</td></tr></table>"
                                         "<div class='TRS_Editor'><p>一、正文<script>document.write('x')</script>段落</p></div></body></html>"),
    "whitespace-only strings": ("<html>\n <head>\n  <title>\n  标题 - 站点\n  </title>\n </head>\n <body>\n  <div id='zoom'>\n"
                                "   <p>\n    甲\n   </p>\n   \t \n   <p>乙<span>丙</span>  \t <span>丁</span></p>\n  </div>\n </body>\n</html>\n"),
    "pre and textarea": "<html><body><div id='zoom'><pre>\n  一\n\n  二  </pre><p>三</p><textarea>  \n </textarea><p>四</p></div></body></html>",
    "br": "<html><body><div id='zoom'>第一行<br>第二行<br/><br />第三行<p>段<br>落</p></div></body></html>",
    "nested tables": ("<html><body><div id='zoom'><table><tr><td><table><tr><td>内一</td><td>内二</td></tr></table></td>"
                      "<td>外<br>二</td></tr><tr><th>头</th><td></td></tr></table></div></body></html>"),
    "entities": ("<html><head><title>A &amp; B &lt;报告&gt; &#x6CD5;&#27835;</title></head><body><div id='zoom'><p>&nbsp;&emsp;"
                 "法&#27835;&amp;政府&copy;&unknown;&#0;</p></div></body></html>"),
    "xml declaration": ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
                        "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"
                        "<head><title>XHTML 页</title></head><body><div id=\"zoom\"><p>正文</p></div></body></html>"),
    "broken markup": ("<html><body><div id='zoom'><p>一<b>二<i>三</b>四</i><p>五<table><tr><td>六<div>七</td></tr>"
                      "</div></table><li>八<li>九</div><div class='content'>十</body></html></div>尾"),
    "ruby and template": ("<html><body><div id='zoom'><p><ruby>法<rt>fǎ</rt></ruby>治<template><p>模板</p></template></p>"
                          "</div></body></html>"),
    "ruby in embedded detail": ("<html><body><script>window._CONFIG = { DETAIL: {\"title\": \"题\", \"content\": "
                                "\"<p><ruby>法<rt>fa</rt></ruby>治<script>x()</script><rp>(</rp></p><p>二<template>t</template></p>\"}};"
                                "</script></body></html>"),
    "no body": "<html><head><title>只有标题</title><meta name='ArticleTitle' content='文章标题'></head></html>",
    "doctype and no body": "<!DOCTYPE html><html><head><title>只有标题 | 站点</title></head></html>",
    "empty": "",
    "text only": "法治政府建设年度报告",
    "bom": "\ufeff<html><body><div id='zoom'><p>正文 BOM</p></div></body></html>",
    "class lists": ("<html><body><div class='  TRS_Editor\tx '><p>一</p><img class=' a  b ' src='1.png' accesskey='k  l'>"
                    "<img data-src='2.png' class=''><a href=''>空</a><a>无</a><a href='x.pdf' rel='a b'> 附 <b>件</b> </a></div></body></html>"),
    "chrome with tails": ("<html><body><div id='zoom'><p>一<script>s</script>二<span class='share'>分享</span>三</p>"
                          "<p><a href='/a'>链<script>x</script>接</a>尾</p></div></body></html>"),
    "title single child": "<html><head><title><!--c--></title></head><body><p>短</p></body></html>",
    "title element child": "<html><head><title><b>粗标题</b></title></head><body><p>短</p></body></html>",
    "pi": "<?php echo 1 ?><html><body><div id='zoom'><?xml-stylesheet href='a'?><p>正文</p></div></body></html>",
    "hanweb markers": ("<html><body><div class='x'><!--ZJEG_RSS.content.begin--><meta name=\"ContentStart\">"
                       "<table><tr><td>索引号：</td><td>1</td><td>发布机构：</td><td>局</td><td>成文日期：</td><td>2024</td></tr></table>"
                       "<p>正文<script>x</script>一</p><div class='share'>分享</div><!--ZJEG_RSS.content.end--></div></body></html>"),
    "frameset": "<html><frameset><frame src='a.html'></frameset><noframes><body><p>无框</p></body></noframes></html>",
    "after html": "<html><body><div id='zoom'><p>一</p></div></body></html><p>之后</p><!-- c -->尾",
    "nul and controls": "<html><body><div id='zoom'><p>一\x00二\x0b三\x0c四\r\n五\r六</p></div></body></html>",
    "doctype inside the page": ("<!DOCTYPE html><html><body><div id='zoom'><p>甲</p><!DOCTYPE html>\n<html><body>"
                                "<p>乙<!DOCTYPE>丙</p></body></html></div></body></html>"),
    "valueless img attributes": "<html><body><div id='zoom'><p>图</p><img src='a.png' ismap><img src='b.png' ismap='ismap' alt></div></body></html>",
    "declared charset, fallback": ("<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
                                   "<title>某县2023年度法治政府建设情况报告</title></head><body><div class='main'><h3>发布日期："
                                   "2024-03-29 来源：县司法局</h3>" + "<p>" + "本年度共办理行政复议案件一百三十六件，依法行政水平不断提升。" * 5
                                   + "</p>" * 3 + "</div></body></html>"),
    "comments before the root, fallback": ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- 模板 -->\n<!DOCTYPE html>\n<html><body><div>"
                                           + "<p>" + "法治政府建设工作取得新进展，行政执法更加规范。" * 6 + "</p>" * 3 + "</div></body></html>"),
    "svg title": "<html><body><svg><title>图标题</title></svg><h1>真正的标题在这里</h1><div id='zoom'><p>文</p></div></body></html>",
}


# Random pages: markup drawn from the pieces pages are made of, opened and closed at random
# (unclosed, misnested, stray end tags, content after </html>), to reach what the farms do not.
_TAGS = ("p", "div", "span", "b", "a", "table", "tbody", "tr", "td", "th", "br", "pre", "textarea", "script", "style",
         "ruby", "rt", "rp", "template", "h1", "h2", "li", "ul", "img", "meta", "title", "head", "body", "html", "nav",
         "form", "select", "noscript", "iframe", "font", "center", "section", "footer", "dl", "dd", "o:p", "svg")
_ATTRIBUTES = ('class="TRS_Editor"', 'class="content"', 'class="view"', 'class=" footer x"', 'class="share"',
               'class="title"', 'class="article-title"', 'class="a  b"', 'class=""', 'id="zoom"', 'id="content"',
               'href="/a.html"', 'href=""', 'href', 'src="1.png"', 'data-src="2.png"', 'name="ArticleTitle"',
               'content="题 目"', 'name="PubDate"', 'content="2024-03-01"', "nowrap", 'accesskey=" k  l "', "title='x'")
_TEXTS = ("法治政府建设", "索引号：", "2951467/2024-58207", "发布日期：2024-03-28", "来源：区司法局", "发布机构：",
          "成文日期：", " | ", "一、总体情况", "（一）", "2023年", "\n", "  \t", "\r\n", "\u3000", "\xa0", "&nbsp;", "&amp;",
          "&#20013;", "&lt;", "&bogus;", "<!-- x -->", "<!---->", "<!--ZJEG_RSS.content.begin-->",
          "<!--ZJEG_RSS.content.end-->", "</html>", "<?pi x?>", "<![CDATA[c]]>", "<!DOCTYPE html>", "當前位置：首頁",
          "发(fā)布", "分享到：", "打印本页", "x < y", "a & b", "\x00", "Ｆｕｌｌ", "本年度共办理行政复议案件一百三十六件" * 4)


def _random_markup(rng: random.Random, pieces: int) -> str:
    parts = []
    for _ in range(pieces):
        roll = rng.random()
        if roll < 0.35:
            tag = rng.choice(_TAGS)
            attributes = " ".join(rng.sample(_ATTRIBUTES, rng.randint(0, 3)))
            parts.append(f"<{tag} {attributes}>" if attributes else f"<{tag}>")
        elif roll < 0.55:
            parts.append(f"</{rng.choice(_TAGS)}>")
        else:
            parts.append(rng.choice(_TEXTS))
    return "".join(parts)


def random_pages(n: int, seed: int = 1) -> list[tuple[str, str]]:
    """n pages of random markup; one in ten also carries an article as data (gkmlpt's DETAIL)."""
    rng = random.Random(seed)
    pages = []
    for i in range(n):
        head = rng.choice(("", "", "<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>', "\ufeff"))
        body = _random_markup(rng, rng.randint(1, 120))
        if rng.random() < 0.1:
            detail = {"title": "题", "publisher": "局", "content": _random_markup(rng, rng.randint(1, 60))}
            body += f"<script>window._CONFIG = {{ DETAIL: {json.dumps(detail, ensure_ascii=False)} }};</script>"
        pages.append((f"random:{seed}:{i}", head + body))
    return pages


def _spec_pages(specs: list[PortalSpec], label: str) -> list[tuple[str, str]]:
    sites = {spec.id: f"http://127.0.0.1:{9000 + i}" for i, spec in enumerate(specs)}
    out = []
    for spec in specs:
        pages, _dynamic = render.routes(spec, sites)
        for path, page in pages.items():
            if path.lower().split("?", 1)[0].endswith(FILE_SUFFIXES):
                continue
            resp = page()
            if "html" in resp.content_type:
                out.append((f"{label}:{spec.id}{path}", decode_body(resp.body, resp.content_type)[0]))
    return out


def gather(farm_portals: int, farm_seeds: int, random_count: int = 0, random_seed: int = 1) -> list[tuple[str, str]]:
    """(name, html) of every page, deduplicated by content."""
    pages = [(f"trap:{name}", html) for name, html in TRAPS.items()] + random_pages(random_count, random_seed)
    pages += [(f"reference:{p.name}", decode_body(p.read_bytes())[0]) for p in sorted((REFERENCES_DIR / "html").glob("*.htm*"))]
    pages += _spec_pages(MIRROR_SPECS, "mirror")
    for toml in sorted(TEST_FARMS.glob("*.toml")):
        pages += _spec_pages(load_specs(toml, SEED_REPORTS_DIR), f"tests/farm/{toml.stem}")
    for seed in range(1, farm_seeds + 1):
        pages += _spec_pages(generate(farm_portals, seed), f"farm{seed}")
    seen, unique = set(), []
    for name, html in pages:
        digest = hashlib.sha1(html.encode("utf-8", "surrogatepass")).digest()
        if digest not in seen:
            seen.add(digest)
            unique.append((name, html))
    return unique


def load_revision(rev: str):
    """tasks/clean.py as it is at git revision rev, as a module of its own."""
    source = subprocess.run(["git", "-C", str(ROOT), "show", f"{rev}:tasks/clean.py"], check=True,
                            capture_output=True, text=True).stdout
    spec = importlib.util.spec_from_loader(f"clean_at_{rev}", loader=None)
    module = importlib.util.module_from_spec(spec)
    exec(compile(source, f"{rev}:tasks/clean.py", "exec"), module.__dict__)
    return module


def first_difference(a, b) -> str | None:
    for field in dataclasses.fields(a):
        x, y = getattr(a, field.name), getattr(b, field.name)
        if x != y:
            if field.name == "body_text":
                xs, ys = x.split("\n"), y.split("\n")
                i = next((i for i, (p, q) in enumerate(zip(xs, ys)) if p != q), min(len(xs), len(ys)))
                x, y = xs[i:i + 2], ys[i:i + 2]
                return f"body_text line {i}: {x!r} != {y!r}"
            return f"{field.name}: {x!r} != {y!r}"
    return None


def _cpu_ms(fn, html: str) -> tuple[object, float]:
    t0 = time.process_time()
    try:
        result = fn(html, "")
    except Exception as exc:  # a crash is a result to compare, not the end of the run
        result = f"{type(exc).__name__}: {exc}"
    return result, (time.process_time() - t0) * 1000


def _describe(ms: list[float]) -> str:
    q = sorted(ms)
    return (f"median {statistics.median(q):.2f} ms, mean {statistics.mean(q):.2f} ms, "
            f"p95 {q[int(0.95 * (len(q) - 1))]:.2f} ms, total {sum(q) / 1000:.2f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="HEAD", help="git revision whose tasks/clean.py is the reference (HEAD)")
    parser.add_argument("--farm", type=int, default=600, help="generated portals per seed (600)")
    parser.add_argument("--seeds", type=int, default=1, help="seeds of the generated farm, 1 to N (1)")
    parser.add_argument("--random", type=int, default=2000, help="random pages (2000)")
    parser.add_argument("--random-seed", type=int, default=1, help="seed of the random pages (1)")
    parser.add_argument("--show", type=int, default=20, help="differences printed (20)")
    args = parser.parse_args(argv)

    from tasks.clean import clean_html as current
    try:   # a revision on BeautifulSoup warns of every page that opens with <?xml …?>
        from bs4 import XMLParsedAsHTMLWarning
        warnings.filterwarnings("ignore", category=XMLParsedAsHTMLWarning)
    except ImportError:
        pass
    reference = load_revision(args.against).clean_html
    t0 = time.perf_counter()
    pages = gather(args.farm, args.seeds, args.random, args.random_seed)
    print(f"{len(pages)} distinct pages gathered in {time.perf_counter() - t0:.0f} s", flush=True)
    differ, ref_ms, cur_ms, methods = 0, [], [], {}
    for name, html in pages:
        expected, ms = _cpu_ms(reference, html)
        ref_ms.append(ms)
        got, ms = _cpu_ms(current, html)
        cur_ms.append(ms)
        methods.setdefault(getattr(expected, "method", "error").split(":")[0], []).append(len(ref_ms) - 1)
        if type(expected) is not type(got) or expected != got:
            differ += 1
            if differ <= args.show:
                why = first_difference(expected, got) if not isinstance(expected, str) else f"{expected!r} != {got!r}"
                print(f"DIFFERS {name}: {why}")
    print(f"pages compared: {len(pages)} ({', '.join(f'{k} {len(v)}' for k, v in sorted(methods.items()))}); "
          f"differing: {differ}")
    fallback = set(methods.get("trafilatura", ()))
    for label, chosen in (("all pages", range(len(pages))),
                          ("pages cleaned by selectors", [i for i in range(len(pages)) if i not in fallback]),
                          ("pages cleaned by the trafilatura fallback", sorted(fallback))):
        if chosen:
            print(f"CPU of clean_html per page, {label} ({len(chosen)}):")
            print(f"  {args.against}: {_describe([ref_ms[i] for i in chosen])}")
            print(f"  work tree: {_describe([cur_ms[i] for i in chosen])}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
