"""Furniture of the mirror's county portals (variant "county"), shared by its Hanweb and Hunan
pages: header, footer, breadcrumb, site metas, body blocks and the report's paragraphs."""

from __future__ import annotations

import re

from ..spec import ItemSpec, PortalSpec
from .common import INDENT, a, e
from .common import blocks_html as common_blocks_html

FINGERPRINT = "<!--Produced By 大汉网络 大汉版通发布系统 -->"
_PINYIN = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_RUBY_RE = re.compile(rf"([\u3400-\u9fff])\(([{_PINYIN}]+)\)")
_HEAD_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
SPAN_STYLE = 'style="font-family: 仿宋_GB2312; font-size: 16pt;"'


def meta_charset(spec: PortalSpec) -> str:
    return f'<meta charset="{spec.meta_charset}">'


def _inline(report, text: str) -> str:
    out = e(text)
    return _RUBY_RE.sub(r"<ruby>\1<rp>(</rp><rt>\2</rt><rp>)</rp></ruby>", out) if report.ruby_pinyin else out


def _span_runs(text: str) -> str:
    """A paragraph as Word-style <span> runs, cut at clause ends once 18 characters long."""
    runs, cur = [], ""
    parts = re.split(r"(?<=[，,；。、])", text)
    for i, part in enumerate(parts):
        cur += part
        if len(cur) >= 18 or i == len(parts) - 1:
            runs.append(cur)
            cur = ""
    return "".join(f"<span {SPAN_STYLE}>{e(r)}</span>" for r in runs if r)


def report_paragraph(report, text: str) -> str:
    if report.span_runs:
        return f'<p style="text-indent: 2em; line-height: 1.75em;">{_span_runs(text)}</p>'
    if report.bold_headings and _HEAD_RE.match(text):
        if len(text) <= 40 and "。" not in text[:-1]:
            return f"<p>{INDENT}<strong>{_inline(report, text)}</strong></p>"
        cut = text.find("。")
        if 0 < cut < 60:
            return (f"<p>{INDENT}<strong>{_inline(report, text[:cut + 1])}</strong>"
                    f"{_inline(report, text[cut + 1:])}</p>")
    return f"<p>{INDENT}{_inline(report, text)}</p>"


def blocks_html(spec: PortalSpec, blocks) -> str:
    indent, pstyle = ("", ' style="text-indent: 2em;"') if spec.family == "hunan" else (INDENT, "")
    return common_blocks_html(blocks, indent, pstyle, ' border="0"',
                              'border="1" cellspacing="0" cellpadding="4" width="100%"')


def article_body(spec: PortalSpec, item: ItemSpec) -> str:
    if item.report is not None:
        return "\n".join(report_paragraph(item.report, p) for p in item.report.body)
    return blocks_html(spec, item.body)


def report_of(spec: PortalSpec):
    return spec.report_item.report


def source(spec: PortalSpec, item: ItemSpec) -> str:
    rep = report_of(spec)
    return (rep.content_source or rep.publisher_full) if item.report is not None else rep.publisher_full


def footer(spec: PortalSpec) -> str:
    tech = "大汉网络" if spec.family == "hanweb" else "湖南省政府门户网站集约化平台"
    return f"""<div class="footer">
  <p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">隐私声明</a></p>
  <p>主办单位：{e(spec.host_org)}　　版权所有：{e(spec.name)}</p>
  <p>网站标识码：{spec.site_code}　　<a href="https://beian.miit.gov.cn/" target="_blank">{e(spec.icp)}</a>　　{e(spec.psb)}</p>
  <p>技术支持：{tech}　　建议使用1920×1080分辨率</p>
</div>"""


def header(spec: PortalSpec) -> str:
    return f"""<div class="top">
  <div class="top-bar"><span>欢迎访问{e(spec.name)}门户网站</span>
    <a href="javascript:;" id="wza">无障碍浏览</a> <a href="javascript:;" id="zzms">长者模式</a></div>
  <div class="logo"><a href="/"><img src="/images/logo.png" alt="{a(spec.name)}"></a></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li><li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li><li><a href="/">走进{e(spec.county)}</a></li></ul>
</div>"""


def crumbs(spec: PortalSpec) -> str:
    parts = ['<a href="/">首页</a>'] + [f'<a href="javascript:;">{e(x)}</a>' for x in spec.breadcrumb]
    parts.append(f'<a href="{spec.column_path}">{e(spec.column_name)}</a>')
    return " &gt; ".join(parts)


def site_metas(spec: PortalSpec) -> str:
    return (f'<meta name="SiteName" content="{a(spec.name)}">\n'
            f'<meta name="SiteDomain" content="{spec.domain}">\n'
            f'<meta name="SiteIDCode" content="{spec.site_code}">\n'
            f'<meta name="ColumnName" content="{a(spec.column_name)}">')


def home(spec: PortalSpec) -> str:
    latest = "".join(f'<li><a href="{a(i.path)}">{e(i.title)}</a><span>{i.date}</span></li>'
                     for i in spec.page_items(1)[:6])
    fingerprint = FINGERPRINT if spec.family == "hanweb" else ""
    return f"""<!DOCTYPE html>
<html>
<head>
{meta_charset(spec)}
{fingerprint}
<title>{e(spec.name)}</title>
<meta name="SiteName" content="{a(spec.name)}">
</head>
<body>
{header(spec)}
<div class="main">
  <div class="col-box"><h2><a href="{spec.column_path}">{e(spec.column_name)}</a></h2><ul>{latest}</ul>
  <a class="more" href="{spec.column_path}">更多&gt;&gt;</a></div>
</div>
{footer(spec)}
</body>
</html>
"""


def home_paths(spec: PortalSpec) -> tuple[str, ...]:
    """The mirror answers its home page at / and under its site directory (Hunan: /hechengqu/)."""
    site_dir = spec.markup.get("site_dir", "")
    return ("/", "/index.html", f"{site_dir}/", f"{site_dir}/index.shtml")
