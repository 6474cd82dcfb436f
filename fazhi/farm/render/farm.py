"""Furniture of the test portals (variant "farm"), shared by their TRS and generic pages:
header, footer, the 信息公开 table, report and notice bodies, links to other hosts."""

from __future__ import annotations

from urllib.parse import quote

from .. import documents
from ..attachments import build_doc, build_docx, build_pdf
from ..http import Response
from ..spec import ItemSpec, PortalSpec
from .common import HEADING_MARKS, INDENT, a, blocks_html, e, page


def meta_charset(spec: PortalSpec) -> str:
    if spec.family == "trs":  # old TRS templates: the http-equiv form
        return f'<meta http-equiv="Content-Type" content="text/html; charset={spec.meta_charset}">'
    return f'<meta charset="{spec.meta_charset}">'


def notice_paragraphs(report) -> tuple[str, ...]:
    """The short notice a page shows when the report itself is an attachment."""
    return (f"根据《法治政府建设与责任落实督察工作规定》要求，现将《{report.title}》予以公开。", "全文详见附件。")


def _right(text: str) -> str:
    return f'<p style="text-align: right;">{e(text)}</p>'


def article_body(spec: PortalSpec, item: ItemSpec) -> str:
    rep = item.report
    if rep is not None and rep.source == "page":
        return "\n".join(f"<p>{INDENT}<strong>{e(t)}</strong></p>" if t[:2] in HEADING_MARKS[:5]
                         else _right(t) if t in rep.signature else f"<p>{INDENT}{e(t)}</p>" for t in rep.body)
    if rep is not None and rep.source == "page_images":
        return "\n".join(f'<p style="text-align: center;"><img src="{a(src)}" width="800" border="0" alt=""></p>'
                         for src in scan_paths(item))
    if rep is not None:
        paras = "\n".join(f"<p>{INDENT}{e(t)}</p>" for t in notice_paragraphs(rep))
        return f"{paras}\n{_document_link(item)}\n" + "\n".join(_right(t) for t in rep.signature)
    return blocks_html(item.body)


def _document_link(item: ItemSpec) -> str:
    """The cover note's pointer to the file, in the shape the report asks for (portal-platforms.md §3.5)."""
    rep, href = item.report, a(item.attachment)
    if rep.link == "pdfjs":
        viewer = "/static/pdfjs/web/viewer.html?file=" + quote(item.attachment, safe="")
        return f'<p><iframe src="{a(viewer)}" width="100%" height="900" frameborder="0"></iframe></p>'
    if rep.link == "onclick":
        return (f'<p>{INDENT}附件：<a href="javascript:void(0);" onclick="window.open(\'{href}\')">'
                f"{e(rep.attachment_name)}</a></p>")
    # a download endpoint's link names no type: the name without its extension (the header has it)
    name = rep.attachment_name.rsplit(".", 1)[0] if rep.link == "endpoint" else rep.attachment_name
    return f'<p>{INDENT}附件：<a href="{href}" target="_blank">{e(name)}</a></p>'


def scan_paths(item: ItemSpec) -> list[str]:
    """Where a page-images report's scans are served: the attachment path plus _1.png, _2.png …"""
    rep = item.report
    return [f"{item.attachment}_{n}.png" for n in range(1, len(documents.page_images(rep.title, rep.body)) + 1)]


def footer(spec: PortalSpec) -> str:
    return f"""<div class="footer">
  <p><a href="/">网站地图</a> | <a href="/">联系我们</a> | <a href="/">网站声明</a></p>
  <p>主办单位：{e(spec.name)}办公室　　版权所有：{e(spec.name)}</p>
  <p>网站标识码：{spec.site_code}　　<a href="https://beian.miit.gov.cn/">{e(spec.icp)}</a></p>
</div>"""


def header(spec: PortalSpec) -> str:
    return f"""<div class="header">
  <div class="topbar"><span>欢迎访问{e(spec.name)}门户网站</span> <a href="javascript:;">无障碍浏览</a> <a href="javascript:;">长者模式</a></div>
  <ul class="nav"><li><a href="/">首页</a></li><li><a href="/">政务公开</a></li><li><a href="/">政务服务</a></li><li><a href="/">互动交流</a></li></ul>
</div>"""


def list_href(spec: PortalSpec, item: ItemSpec, sites: dict[str, str]) -> str:
    """Foreign items link to their own host; TRS lists link relative to the column."""
    if item.host:
        return sites[item.host] + item.path
    column_dir = spec.markup["column_dir"]
    if spec.family == "trs" and item.path.startswith(column_dir):
        return "./" + item.path[len(column_dir):]
    return item.path


def xxgk_table(item: ItemSpec) -> str:
    rows = (("索引号", item.index_no), ("发布机构", item.source),
            ("主题分类", "综合政务" if item.report else "其他"), ("成文日期", item.date),
            ("发布日期", item.date), ("公开方式", "主动公开"))
    cells = "".join(f"<tr><th>{label}：</th><td>{e(value)}</td></tr>" for label, value in rows)
    return f'<table class="xxgk-table" width="100%">{cells}</table>'


def home(spec: PortalSpec) -> str:
    col = f'<a href="{spec.column_path}">{e(spec.column_name)}</a>' if spec.markup.get("layout") != "elsewhere" else ""
    return (f"<!DOCTYPE html><html><head>{meta_charset(spec)}<title>{e(spec.name)}</title></head>"
            f"<body>{header(spec)}<div class=\"main\">{col}</div>{footer(spec)}</body></html>\n")


def item_pages(spec: PortalSpec, sites: dict[str, str], article) -> dict:
    """Every item on this host: its article, a 302 to another host, or its attachment."""
    pages = {}
    for item in spec.items:
        if item.host:
            continue
        if item.role == "redirect":
            pages[item.path] = lambda i=item: _redirect(sites[spec.markup["redirect_host"]] + i.redirect_to)
        elif item.role == "gzip_bomb":
            pages[item.path] = lambda: Response(200, "text/html; charset=utf-8", documents.gzip_bomb(),
                                                (("Content-Encoding", "gzip"),))
        else:
            pages[item.path] = lambda i=item: page(spec, article(i))
        if item.report is not None and item.report.source == "page_images":
            for n, path in enumerate(scan_paths(item)):
                pages[path] = lambda i=item, n=n: Response(200, "image/png", documents.page_images(
                    i.report.title, i.report.body)[n])
        elif item.attachment:
            pages[item.attachment] = lambda i=item: attachment_response(spec, i)
    return pages


def _redirect(location: str) -> Response:
    body = f'<html><body>302 Found: <a href="{location}">{location}</a></body></html>'.encode()
    return Response(302, "text/html", body, (("Location", location),))


def attachment_response(spec: PortalSpec, item: ItemSpec) -> Response:
    rep = item.report
    if rep.source == "pdf":
        data = build_pdf(rep.title, rep.body, author=rep.publisher)
    elif rep.source == "docx":
        data = build_docx(rep.title, rep.body, author=rep.publisher)
    elif rep.source == "doc":
        data = build_doc(f"{spec.id}/{item.attachment}")
    else:
        data = documents.document_bytes(rep.source, rep.title, rep.body)
    trickle = documents.TRICKLE_SECONDS if rep.source == "trickle" else 0.0
    if rep.attachment_content_type != "application/octet-stream":
        return Response(200, rep.attachment_content_type, data, trickle=trickle)
    # a download gateway: a generic type, the file's name in the header
    stem = item.attachment.rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    disposition = f"attachment; filename=\"{stem}\"; filename*=UTF-8''{quote(rep.attachment_name)}"
    return Response(200, rep.attachment_content_type, data, (("Content-Disposition", disposition),), trickle=trickle)
