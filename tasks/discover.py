"""Discovery: list pages of a portal -> every candidate link, classified.

Adapters by CMS family (chosen by the registry's `cms`, or detected with `auto`):
hanweb (text/xml recordset + dataproxy paging), trs (index_N.html, createPageHTML),
hunan (list.shtml, list_N.shtml) and generic (links and pagination links of any list).
Paging stops at items older than the years asked for, or at a bound.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import urlencode, urljoin, urlsplit

from bs4 import BeautifulSoup

from fazhi.core import rules
from fazhi.core.numbers import parse_date
from fazhi.core.text import fold_width, to_simplified
from fazhi.core.titles import department_in_title, year_in_title
from fazhi.core.errors import FetchError
from fazhi.core.records import Candidate, PageFetcher


@dataclass
class ListItem:
    url: str
    title: str
    date: dt.date | None


# ------------------------------------------------------------------------ classification --
class TitleVerdict(NamedTuple):
    kind: str
    reason: str
    report_year: int | None
    needs_body_check: bool = False   # on the subject but names no kind: the body decides


def classify_title(title: str) -> TitleVerdict:
    """What a link title says the page is."""
    text = fold_width(title).strip()
    year = year_in_title(text)
    if rules.BLANKED_YEAR_RE.search(text):
        return TitleVerdict("other", "years blanked (20xx年): an essay-site copy, not a report", None)
    for kind, pattern in rules.KIND_RULES:
        match = pattern.search(text)
        if match:
            return TitleVerdict(kind, f"title matches {kind} pattern «{match.group(0)}»", year)
    subject = rules.SUBJECT_RE.search(text)
    if subject:
        return TitleVerdict("other", f"title mentions {subject.group(0)} but names no report", year, True)
    return TitleVerdict("other", "title is not about 法治政府建设 reports", year)


def classify_body(text: str) -> tuple[bool, str]:
    """Is a fetched page a yearly report? For titles that do not say so on their own."""
    if rules.BLANKED_YEAR_RE.search(text[:2000]):
        return False, "body blanks its years (20xx年): an essay-site copy"
    mentions = len(rules.REPORT_BODY_HINTS.findall(text))
    has_parts = sum(bool(p.search(text)) for p in rules.REPORT_BODY_PARTS)
    if mentions >= rules.REPORT_BODY_MIN_MENTIONS and has_parts >= rules.REPORT_BODY_MIN_PARTS \
            and len(text) > rules.REPORT_BODY_MIN_CHARS:
        return True, f"body reads as a report ({mentions} mentions, {has_parts} of the five parts)"
    return False, f"body does not read as a report ({mentions} mentions, {has_parts} parts)"


# ---------------------------------------------------------------------------- adapters --
_DATE_TEXT = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}")


def _items_from_html(html: str, base_url: str) -> list[ListItem]:
    """Links with a title in list markup (li, tr, dd) and the date beside them."""
    soup = BeautifulSoup(html, "lxml")
    items, seen = [], set()
    for a in soup.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith(("javascript:", "#", "mailto:")):
            continue
        # a traditional-script portal's titles are matched and kept in simplified script
        title = to_simplified((a.get("title") or a.get_text(" ", strip=True)).strip())[0]
        if len(re.findall(r"[\u4e00-\u9fff]", title)) < 6:
            continue
        container = a.find_parent(["li", "tr", "dd", "p"]) or a.parent
        date_match = _DATE_TEXT.search(container.get_text(" ", strip=True)) if container else None
        url = urljoin(base_url, href)
        if url in seen or _is_navigation(url, base_url):
            continue
        seen.add(url)
        items.append(ListItem(url=url, title=title, date=parse_date(date_match.group(0)) if date_match else None))
    return items


def _is_navigation(url: str, base_url: str) -> bool:
    """Links back to the column or to other list pages (breadcrumbs, pagination): not items.
    A breadcrumb's text can read like a report title (<a href="./">法治政府建设年度报告</a>)."""
    parts = urlsplit(url)
    return url.split("#")[0] == base_url.split("#")[0] or bool(rules.LIST_PAGE_RE.search(parts.path)) and not parts.query


def detect_cms(html: str, url: str) -> str:
    for family, signs in rules.CMS_FINGERPRINTS:
        for html_sign, url_sign in signs:
            if (html_sign is None or re.search(html_sign, html)) and (url_sign is None or re.search(url_sign, url)):
                return family
    return "generic"


class _Pager:
    """Yields list pages one by one and stops at the bound or at items older than wanted."""

    def __init__(self, fetcher: PageFetcher, oldest_wanted: dt.date | None, max_pages: int):
        self.fetcher, self.oldest_wanted, self.max_pages = fetcher, oldest_wanted, max_pages

    def too_old(self, items: list[ListItem]) -> bool:
        dated = [i.date for i in items if i.date]
        return bool(self.oldest_wanted and dated and max(dated) < self.oldest_wanted)


def _hanweb(fetcher, start_url, first_html, pager) -> tuple[list[ListItem], int]:
    items = []
    block = re.search(r"<script[^>]+type=[\"']text/xml[\"'][^>]*>(.*?)</script>", first_html, re.S)
    if block:
        items.extend(_records(block.group(1), start_url))
    total = _int_in(r"totalRecord\s*:\s*['\"]?(\d+)", first_html)
    per_page = _int_in(r"perPage\s*:\s*['\"]?(\d+)", first_html) or max(len(items), 15)
    proxy = re.search(r"['\"]([^'\"]*dataproxy\.jsp)(\?[^'\"]*)?['\"]", first_html)
    pages = 1
    if not (total and proxy) or len(items) >= total or pager.too_old(items):
        return items, pages
    proxy_url = urljoin(start_url, proxy.group(1))
    params = _js_object_params(first_html)
    method = "GET" if re.search(r"ajaxType\s*:\s*['\"]get", first_html, re.I) or "/web/jpage/" in proxy.group(1) else "POST"
    # Ask for the first record not yet seen: the embedded recordset may already hold several
    # pages (jcms embeds up to 3), and a proxy answer may overlap what we have.
    seen = {item.url for item in items}
    while len(seen) < total and pages < pager.max_pages:
        if method == "GET":
            page = len(seen) // per_page + 1
            url = proxy_url + "?" + urlencode({"page": page, "perpage": per_page, **params})
            resp = fetcher.fetch_page(url)
        else:
            start = len(seen) + 1
            url = proxy_url + "?" + urlencode({"startrecord": start, "endrecord": start + 3 * per_page - 1,
                                               "perpage": per_page})
            resp = fetcher.fetch_page(url, method="POST", data=params)
        pages += 1
        batch = [item for item in _records(resp.text, start_url) if item.url not in seen]
        if not batch:
            break
        items.extend(batch)
        seen.update(item.url for item in batch)
        if pager.too_old(batch):
            break
    return items, pages


def _records(xml_text: str, base_url: str) -> list[ListItem]:
    records = re.findall(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", xml_text, re.S)
    return _items_from_html("".join(f"<ul>{r}</ul>" for r in records), base_url)


def _js_object_params(html: str) -> dict[str, str]:
    block = re.search(r"\{([^{}]*columnid\s*:[^{}]*)\}", html)
    if not block:
        return {}
    return {k: v for k, v in re.findall(r"(\w+)\s*:\s*['\"]?([^,'\"}]*)['\"]?", block.group(1))}


def _int_in(pattern: str, text: str) -> int | None:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else None


def _numbered_pages(fetcher, start_url, first_html, pager, page_url) -> tuple[list[ListItem], int]:
    """TRS and Hunan: page k (from 2) at page_url(k); the count from createPageHTML."""
    items = _items_from_html(first_html, start_url)
    count = (_int_in(r"createPageHTML\(\s*['\"]paging['\"]\s*,\s*(\d+)", first_html)
             or _int_in(r"createPageHTML\(\s*(\d+)", first_html) or 1)
    pages = 1
    for k in range(2, min(count, pager.max_pages) + 1):
        if pager.too_old(items[-20:]):
            break
        page = fetcher.fetch_page(page_url(k))
        batch = _items_from_html(page.text, page.url)
        pages += 1
        items.extend(batch)
    return items, pages


def _trs_page_url(start_url: str):
    base = re.sub(r"index(_\d+)?\.(s?html?)$", "", start_url)
    ext = re.search(r"\.(s?html?)$", start_url)
    ext = ext.group(1) if ext else "html"
    return lambda k: f"{base}index_{k - 1}.{ext}"


def _hunan_page_url(start_url: str):
    base = re.sub(r"list(_\d+)?\.shtml$", "", start_url)
    return lambda k: f"{base}list_{k}.shtml"


def _generic(fetcher, start_url, first_html, pager) -> tuple[list[ListItem], int]:
    """Links of an ordinary list, then its 下一页 links, within the bound."""
    items = _items_from_html(first_html, start_url)
    html, url, pages, seen = first_html, start_url, 1, {start_url}
    while pages < pager.max_pages and not pager.too_old(items[-20:]):
        soup = BeautifulSoup(html, "lxml")
        nxt = next((urljoin(url, a["href"]) for a in soup.find_all("a", href=True)
                    if rules.NEXT_PAGE_RE.search(a.get_text(strip=True)) and not a["href"].startswith("javascript")), None)
        if not nxt or nxt in seen or not fetcher.allowed_host(nxt):
            break
        seen.add(nxt)
        page = fetcher.fetch_page(nxt)
        html, url, pages = page.text, page.url, pages + 1
        items.extend(_items_from_html(html, url))
    return items, pages


def list_items(fetcher: PageFetcher, start_url: str, cms: str, oldest_wanted: dt.date | None,
               max_pages: int = rules.MAX_LIST_PAGES) -> tuple[list[ListItem], str, int]:
    """Every item of one column: (items, the CMS used, list pages fetched)."""
    first = fetcher.fetch_page(start_url)
    html = first.text
    if cms == "auto":
        cms = detect_cms(html, start_url)
    pager = _Pager(fetcher, oldest_wanted, max_pages)
    if cms == "hanweb":
        items, pages = _hanweb(fetcher, start_url, html, pager)
    elif cms == "trs":
        items, pages = _numbered_pages(fetcher, start_url, html, pager, _trs_page_url(start_url))
    elif cms == "hunan":
        items, pages = _numbered_pages(fetcher, start_url, html, pager, _hunan_page_url(start_url))
    else:
        items, pages = _generic(fetcher, start_url, html, pager)
    return items, cms, pages


def discover_portal(portal, fetcher: PageFetcher, years: set[int] | None = None,
                    max_pages: int = rules.MAX_LIST_PAGES) -> tuple[list[Candidate], list[FetchError], int]:
    """All candidates of a portal's columns: (candidates, columns that failed, list pages
    fetched). A column that fails is reported; the others go on."""
    # a report on year Y is published from January of Y+1 on: older list items cannot be one
    oldest_wanted = dt.date(min(years) + 1, 1, 1) if years else None
    candidates: dict[str, Candidate] = {}
    failures: list[FetchError] = []
    pages = 0
    for start_url in portal.start_urls:
        try:
            items, _cms, n = list_items(fetcher, start_url, portal.cms, oldest_wanted, max_pages)
        except FetchError as exc:
            failures.append(exc)
            continue
        pages += n
        for item in items:
            if item.url in candidates:
                continue
            if not fetcher.allowed_host(item.url):
                verdict = TitleVerdict("other", f"link to another host ({urlsplit(item.url).netloc}): not followed", None)
            else:
                verdict = classify_title(item.title)
            department = department_in_title(item.title) or portal.department
            candidates[item.url] = Candidate(
                url=item.url, portal_id=portal.id, title=item.title, date=item.date, kind=verdict.kind,
                reason=verdict.reason, report_year=verdict.report_year, source_url=start_url,
                needs_body_check=verdict.needs_body_check,
                level="department" if department or portal.level == "department" else "government",
                department=department)
    return list(candidates.values()), failures, pages


def wanted(candidate: Candidate, years: set[int] | None) -> bool:
    """Should this candidate's page be fetched as a possible report?"""
    if candidate.kind == "report":
        return not years or candidate.report_year is None or candidate.report_year in years
    return candidate.needs_body_check
