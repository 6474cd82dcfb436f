"""Guangdong gkmlpt: /gkmlpt/index (under a site prefix for bureaus and districts) embeds
window._CONFIG = { SID, TREE }; /gkmlpt/api/all/{catId}?page=N&sid=SID answers JSON articles[]
a page (page 0 is page 1 again; past the last page, 404); article pages are a script shell whose
text is in window._CONFIG.DETAIL. markup: prefix, sid, cat (the column's catId), tree (names),
counts (False: no total / post_count in the answer, so only the 404 ends a walk)."""

from __future__ import annotations

import json
import zlib

from ..spec import ItemSpec, PortalSpec
from . import platform_pages as pp
from .common import e, page
from .farm import attachment_response, notice_paragraphs


def _prefix(spec: PortalSpec) -> str:
    return spec.markup.get("prefix", "")


def list_paths(spec: PortalSpec) -> list[str]:
    api = f"{_prefix(spec)}/gkmlpt/api/all/{spec.markup['cat']}"
    return [spec.column_path] + [f"{api}?page={n}&sid={spec.markup['sid']}"
                                 for n in range(1, pp.n_pages(spec, spec.per_page) + 1)]


def _tree(spec: PortalSpec) -> list[dict]:
    m = spec.markup
    others = [{"id": m["cat"] - 7 - k, "name": name, "parent": 0, "children": []}
              for k, name in enumerate(m.get("tree", ("机构职能", "政策文件", "规划信息")))]
    column = {"id": m["cat"], "name": spec.column_name, "parent": m["cat"] - 1, "children": []}
    return others + [{"id": m["cat"] - 1, "name": "法定主动公开内容", "parent": 0, "children": [column]}]


def _article_json(spec: PortalSpec, base: str, item: ItemSpec) -> dict:
    post = int(item.path.rsplit("_", 1)[-1].split(".")[0])
    return {"id": post, "title": item.title, "document_number": "", "publisher": item.source or spec.name,
            "identifier": item.index_no or f"{spec.admin_code}/{item.date[:4]}-{post % 100000:05d}",
            "url": base + item.path, "post_url": base + item.path, "attachment": _attachments(base, item),
            "date": pp.epoch(item.published), "created_at": item.published[:16] + ":00"}


def _attachments(base: str, item: ItemSpec) -> list[dict]:
    """attachment[] of an article whose report is a file: the page itself only says 详见附件."""
    if not item.attachment:
        return []
    rep = item.report
    return [{"id": zlib.crc32(item.attachment.encode()) % 10 ** 6, "name": rep.attachment_name,
             "type": rep.attachment_name.rsplit(".", 1)[-1], "mime": rep.attachment_content_type,
             "url": base + item.attachment}]


def _content(item: ItemSpec) -> str:
    if item.attachment:      # the cover note; the file is only in attachment[]
        return "".join(f"<p>{e(t)}</p>" for t in notice_paragraphs(item.report))
    return pp.paragraphs(item)


def routes(spec: PortalSpec, sites: dict[str, str]):
    m, base, prefix = spec.markup, sites[spec.id], _prefix(spec)
    config = "window._CONFIG = {{\n  SID: '{sid}',\n  ROOT: '{prefix}/gkmlpt',\n  TREE: {tree}{detail}\n}};"

    def index() -> str:
        script = config.format(sid=m["sid"], prefix=prefix, tree=json.dumps(_tree(spec), ensure_ascii=False), detail="")
        body = (f'<div id="app" class="gkmlpt"><div class="loading">加载中…</div></div>\n<script>\n{script}\n</script>\n'
                f'<script src="{prefix}/gkmlpt/static/js/app.js"></script>')
        return pp.shell(spec, f"{spec.name}政府信息公开目录", body)

    def article(item: ItemSpec) -> str:
        detail = {**_article_json(spec, base, item), "content": _content(item)}
        script = config.format(sid=m["sid"], prefix=prefix, tree="[]",
                               detail=",\n  DETAIL: " + json.dumps(detail, ensure_ascii=False))
        body = (f'<div id="app" class="gkmlpt"><div class="loading">{e(item.title)}</div></div>\n'
                f'<script>\n{script}\n</script>\n<script src="{prefix}/gkmlpt/static/js/app.js"></script>')
        return pp.shell(spec, f"{item.title}_{spec.name}", body)

    api = f"{prefix}/gkmlpt/api/all/"

    def answer(path: str, params: dict[str, str], call=None):
        if not path.startswith(api):
            return None
        cat, page_no = path[len(api):], pp.int_param(params, "page", 1)
        if params.get("sid") != str(m["sid"]) or cat not in (str(m["cat"]), "0"):
            return pp.as_json({"classify": {"id": cat, "post_count": 0}, "total": 0, "articles": []})
        page_no = max(page_no, 1)                       # page 0 is page 1 again
        if page_no > 1 and page_no > pp.n_pages(spec, spec.per_page):
            return pp.refused(404, "您访问的页面不存在")
        rows = [_article_json(spec, base, i) for i in pp.window(spec, page_no, spec.per_page)]
        if not m.get("counts", True):
            return pp.as_json({"classify": {"id": int(cat), "name": spec.column_name}, "articles": rows})
        return pp.as_json({"classify": {"id": int(cat), "name": spec.column_name, "post_count": len(spec.listed)},
                           "total": len(spec.listed), "articles": rows})

    pages = pp.home_routes(spec)
    pages[spec.column_path.split("#", 1)[0]] = lambda: page(spec, index())
    pages.update(pp.article_routes(spec, article))
    pages.update({i.attachment: (lambda i=i: attachment_response(spec, i)) for i in spec.items if i.attachment})
    return pages, answer
