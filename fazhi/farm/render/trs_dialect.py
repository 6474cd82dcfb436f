"""TRS WCM dialects (portal-platforms.md §2.18). markup["dialect"]:
- createpage   : index.shtml, index_1.shtml … paged by createPage(N, current, "index", "shtml");
- column_index : Chengdu's column-index-1.shtml, column-index-2.shtml …, the count in `var totalPage`;
- countvar     : index.html, index_1.html …, the count only in `var contenpage = N`.
markup["stub_pages"]: the pager counts that many pages more than exist; those deep pages are
300-400 byte stubs (200), as broken TRS deep pages are."""

from __future__ import annotations

from ..spec import PortalSpec
from . import bench
from . import platform as pf
from .common import page

STUB = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title></title></head><body><div class="list_box">'
        '<ul class="list"></ul></div><script type="text/javascript">var currentPage = {n};</script>'
        '<div class="footer"><p>主办单位：人民政府办公室</p><p>网站标识码：0000000000</p></div></body></html>\n')


def _page_path(spec: PortalSpec, n: int) -> str:
    d, col_dir = spec.markup["dialect"], spec.column_path.rsplit("/", 1)[0] + "/"
    if d == "column_index":
        return f"{col_dir}column-index-{n}.shtml"
    ext = "shtml" if d == "createpage" else "html"
    return col_dir + (f"index.{ext}" if n == 1 else f"index_{n - 1}.{ext}")


def list_paths(spec: PortalSpec) -> list[str]:
    return [_page_path(spec, n) for n in range(1, spec.n_pages + 1)]


def routes(spec: PortalSpec, sites: dict[str, str]):
    spec = pf.with_defaults(spec)
    m, base = spec.markup, sites[spec.id]
    shown_pages = spec.n_pages + m.get("stub_pages", 0)

    def list_page(n: int, path: str) -> str:
        d = m["dialect"]
        if d == "createpage":
            pager = f'<script type="text/javascript">createPage({shown_pages}, {n - 1}, "index", "shtml");</script>'
        elif d == "column_index":
            pager = (f'<script type="text/javascript">var totalPage = {shown_pages};\nvar currentPage = {n};\n'
                     'pageNav(totalPage, currentPage, "column-index-", "shtml");</script>')
        else:
            pager = (f'<script type="text/javascript">var contenpage = {shown_pages};\nvar currpage = {n - 1};\n'
                     'showPages(contenpage, currpage, "index", "html");</script>')
        return bench.numbered_list(spec, base, n, path, pager, bench.list_metas(spec), "crumbsNav")

    pages = pf.site_pages(spec, lambda: list_page(1, spec.column_path))
    pages.update({_page_path(spec, n): (lambda n=n: page(spec, list_page(n, _page_path(spec, n))))
                  for n in range(2, spec.n_pages + 1)})
    pages.update({_page_path(spec, n): (lambda n=n: pf.text_response(200, STUB.format(n=n)))
                  for n in range(spec.n_pages + 1, shown_pages + 1)})
    return pages, None
