"""Keyword in context over the report text."""
from __future__ import annotations

import re


from fazhi.analysis.reading import relation_exists
from fazhi.core.errors import UserError
from fazhi.core.text import fold_width, split_sentences, to_simplified

# ----------------------------------------------------------------------------- search --
SEARCH_COLUMNS = ["admin_name", "city", "province", "report_year", "title", "section", "line_no", "context",
                  "sentence", "report_id", "url", "copies"]


def _normalise_keyword(keyword: str) -> str:
    text = fold_width(keyword).strip()
    return to_simplified(text)[0] if text else text


def _sentence_around(paragraph: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The sentence(s) of a paragraph that hold the span [start, end)."""
    first = next((s for s, e in spans if s <= start < e), 0)
    last = next((e for s, e in spans if s < end <= e), len(paragraph))
    return paragraph[first:last].strip()


def _search_base(con) -> str:
    """The latest version of every report. On a warehouse, straight from report_versions, so the
    keyword filter runs in the scan and before any sort (the `reports` view ranks versions
    first, which moves every body); on a snapshot or export, the `reports` table."""
    if relation_exists(con, "report_versions"):
        return """(SELECT rv.report_id, rv.admin_code, rv.admin_name, rv.city, rv.province, rv.report_year,
                          rv.title, rv.url, rv.body_text
                   FROM report_versions rv
                   JOIN (SELECT report_id, max(version) AS version FROM report_versions GROUP BY 1) m
                     ON m.report_id = rv.report_id AND m.version = rv.version)"""
    return "reports"


def search(con, keyword: str, year: int | None = None, province: str | None = None,
           limit: int | None = None) -> tuple[list[str], list[tuple]]:
    """Keyword in context: one row per sentence that holds the keyword, with its report and section.

    DuckDB finds the reports (contains() in the scan) and their paragraphs that hold the word;
    Python cuts the sentence around each hit and names the section from report_outline.
    Copies of one report (a seed file and the crawled page) are one report (report_copies); two
    reports the loader could not tell apart give the same sentence: it is shown once, from the
    crawled one (an http URL), with `copies` counting every copy behind it."""
    word = _normalise_keyword(keyword)
    if not word:
        raise UserError("search: the keyword is empty")
    ascii_letters = bool(re.search(r"[A-Za-z]", word))
    match = (lambda col: f"{col} ILIKE '%' || $kw || '%'") if ascii_letters else (lambda col: f"contains({col}, $kw)")
    if relation_exists(con, "report_versions"):       # a warehouse: the latest versions' sections
        outline = ("(SELECT s.report_id, s.line_no, s.heading, s.top_heading FROM sections s "
                   "JOIN (SELECT report_id, max(version) AS version FROM report_versions GROUP BY 1) m "
                   "ON m.report_id = s.report_id AND m.version = s.version "
                   "WHERE s.report_id IN (SELECT report_id FROM found))")
    else:
        outline = "(SELECT * FROM report_outline WHERE report_id IN (SELECT report_id FROM found))"
    if relation_exists(con, "report_outline") or relation_exists(con, "sections"):
        section_cols = "o.heading, o.top_heading"
        section_join = f"ASOF LEFT JOIN {outline} o ON o.report_id = f.report_id AND f.line_no >= o.line_no"
    else:
        section_cols, section_join = "NULL, NULL", ""
    rows = con.execute(f"""
        WITH hits AS (
            SELECT report_id, admin_code, admin_name, city, province, report_year, title, url,
                   list_filter(string_split(body_text, chr(10)), x -> x <> '') AS paras
            FROM {_search_base(con)}
            WHERE {match('body_text')}
              AND ($year IS NULL OR report_year = $year)
              AND ($province IS NULL OR province = $province OR province LIKE $province || '%'
                   OR city = $province OR city LIKE $province || '%')
        ),
        lines AS (
            SELECT * EXCLUDE (paras), unnest(paras) AS para, generate_subscripts(paras, 1) - 1 AS line_no FROM hits
        ),
        found AS (SELECT * FROM lines WHERE {match('para')})
        SELECT f.report_id, f.admin_code, f.admin_name, f.city, f.province, f.report_year, f.title, f.url,
               f.line_no, f.para, {section_cols}
        FROM found f {section_join}
        ORDER BY f.province, f.city, f.admin_name, f.report_year, f.url NOT LIKE 'http%', f.report_id, f.line_no""",
        {"kw": word, "year": year, "province": province}).fetchall()
    if not rows:
        return SEARCH_COLUMNS, []
    pattern = re.compile(re.escape(word), re.IGNORECASE if ascii_letters else 0)
    seen: dict[tuple, list] = {}
    for rid, code, name, city, prov, ryear, title, url, line_no, para, inner, top in rows:
        spans = split_sentences(para) or [(0, len(para))]
        top = top or inner or ""
        section = top if not inner or inner == top else f"{top} › {inner}"
        for m in pattern.finditer(para):
            sentence = _sentence_around(para, m.start(), m.end(), spans)
            key = (code or name, ryear, sentence)
            if key in seen:
                seen[key][11].add(rid)
                continue
            at = sentence.find(m.group(0))
            lo, hi = max(0, at - 30), at + len(word) + 30
            context = (("…" if lo else "") + sentence[lo:at] + "【" + m.group(0) + "】" +
                       sentence[at + len(word):hi] + ("…" if hi < len(sentence) else ""))
            seen[key] = [name, city, prov, ryear, title, section, line_no, context, sentence, rid, url, {rid}]
        if limit and len(seen) >= limit:
            break
    copies = dict(con.execute("SELECT report_id, count(*) FROM report_copies GROUP BY 1").fetchall()
                  ) if relation_exists(con, "report_copies") else {}
    out = [tuple(v[:11]) + (sum(copies.get(rid, 1) for rid in v[11]),) for v in seen.values()]
    return SEARCH_COLUMNS, out[:limit] if limit else out


