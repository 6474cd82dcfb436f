"""`fazhi report`: an offline HTML page of charts over the analysis views, and one PNG per chart.

The page is self-contained: every chart is a PNG inside the page as a data: URI, with the
numbers behind it in a table; there are no scripts and nothing is fetched from the network.
Charts are drawn with matplotlib (Agg). Chinese labels need a CJK font: one known to
matplotlib, or any that fontconfig lists for :lang=zh (Debian: fonts-noto-cjk). Without one
the PNGs label divisions by their 6-digit codes and the page says so.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import io
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from fazhi.analysis.reading import connect
from fazhi.core.errors import UserError

STATUS_ORDER = ("on_time", "late", "date_unknown", "missing", "not_yet_due")
STATUS_LABEL = {"on_time": "on time 按时", "late": "late 逾期", "date_unknown": "no date 无日期",
                "missing": "missing 未见", "not_yet_due": "not yet due 未到期"}
STATUS_COLOR = {"on_time": "#2e7d32", "late": "#ef6c00", "date_unknown": "#9e9e9e", "missing": "#c62828",
                "not_yet_due": "#90caf9"}
_KNOWN_CJK = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
              "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK JP",
              "Noto Serif CJK SC", "AR PL UMing CN")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The family name of a font with Chinese glyphs that matplotlib can use, or None."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in _KNOWN_CJK:
        if name in names:
            return name
    files: list[str] = []
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
            files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
        except (OSError, subprocess.SubprocessError):
            files = []
    if not files:
        for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
            if Path(folder).is_dir():
                files += [str(p) for p in Path(folder).rglob("*") if p.suffix.lower() in (".ttc", ".otf", ".ttf")
                          and any(k in p.name for k in ("CJK", "Han", "WenQuanYi", "wqy", "SimHei", "uming"))]
    # sans before serif, regular before bold
    files.sort(key=lambda f: ("Serif" in f or "uming" in f, "Bold" in f or "Black" in f or "Light" in f, f))
    for path in files:
        try:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
        except Exception:   # an unreadable font file: try the next one
            continue
    return None


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = cjk_font()
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["font.sans-serif"] = ([font] if font else []) + ["DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


class Labeller:
    """Chinese names when a CJK font is there; otherwise division codes (and keys) that any font draws."""

    def __init__(self, has_cjk: bool):
        self.has_cjk = has_cjk

    def unit(self, name, code, department="") -> str:
        if self.has_cjk:
            return f"{name or code}{(department or '').lstrip('区县市')}"
        return f"{code or '?'}{' dept' if department else ''}"

    def text(self, chinese: str, fallback: str) -> str:
        return chinese if self.has_cjk and chinese else fallback


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return buf.getvalue()


def _empty(plt, message: str):
    fig, ax = plt.subplots(figsize=(7, 1.6))
    ax.axis("off")
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555")
    return fig


# ------------------------------------------------------------------------------- charts --
def chart_coverage(plt, lab: Labeller, rows):
    """rows: (province, city, status, n). Stacked bars, one per province and city."""
    if not rows:
        return _empty(plt, "no units in the warehouse for this year")
    groups: dict[tuple, dict] = {}
    for province, city, status, n in rows:
        groups.setdefault((province or "?", city or "?"), {})[status] = n
    keys = sorted(groups)
    labels = [lab.text(f"{p} {c}", f"#{i + 1}") for i, (p, c) in enumerate(keys)]
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(keys) + 1.6))
    left = [0] * len(keys)
    for status in STATUS_ORDER:
        vals = [groups[k].get(status, 0) for k in keys]
        if any(vals):
            ax.barh(labels, vals, left=left, color=STATUS_COLOR[status], label=STATUS_LABEL[status]
                    if lab.has_cjk else status)
            left = [a + b for a, b in zip(left, vals)]
    ax.invert_yaxis()
    ax.set_xlabel("units (district governments and departments)")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def chart_lateness(plt, lab: Labeller, rows):
    """rows: (admin_name, admin_code, department, report_year, days_after_deadline)."""
    if not rows:
        return _empty(plt, "no report with a publish date")
    fig, ax = plt.subplots(figsize=(8, 0.5 * len({r[3] for r in rows}) + 2.2))
    years = sorted({r[3] for r in rows})
    for i, year in enumerate(years):
        pts = [r for r in rows if r[3] == year]
        xs = [r[4] for r in pts]
        ys = [i + (j % 5 - 2) * 0.06 for j in range(len(pts))]
        ax.scatter(xs, ys, c=[STATUS_COLOR["late" if x >= 0 else "on_time"] for x in xs], s=28, zorder=3)
        if len(rows) <= 24:
            for x, y, r in zip(xs, ys, pts):
                ax.annotate(lab.unit(r[0], r[1], r[2]), (x, y), xytext=(4, 4), textcoords="offset points", fontsize=7)
    ax.axvline(0, color=STATUS_COLOR["late"], linestyle="--", linewidth=1)
    ax.text(0, len(years) - 0.5, " 1 April", color=STATUS_COLOR["late"], fontsize=8, va="bottom")
    ax.set_yticks(range(len(years)), [str(y) for y in years])
    ax.set_ylim(-0.7, len(years) - 0.3)
    ax.set_xlabel("days after the 1 April deadline (negative: before it)")
    ax.set_ylabel("report year")
    ax.grid(axis="x", alpha=0.3)
    return fig


def chart_distribution(plt, lab: Labeller, series: dict[str, list[tuple]], labels: dict[str, str]):
    """series: indicator -> [(value, unit, admin_name, admin_code, department)]; small multiples."""
    if not series:
        return _empty(plt, "no indicator values for this year")
    keys = list(series)
    fig, axes = plt.subplots(len(keys), 1, figsize=(8, 1.05 * len(keys) + 0.8), squeeze=False)
    for ax, key in zip(axes[:, 0], keys):
        pts = series[key]
        values = [p[0] for p in pts]
        if len(values) >= 5:
            ax.boxplot(values, vert=False, widths=0.5, showfliers=False, positions=[0])
        ax.scatter(values, [((i % 3) - 1) * 0.12 for i in range(len(values))], s=22, color="#1565c0", zorder=3)
        if len(values) <= 8:
            for v, p, i in zip(values, pts, range(len(values))):
                ax.annotate(lab.unit(p[2], p[3], p[4]), (v, ((i % 3) - 1) * 0.12), xytext=(3, 3),
                            textcoords="offset points", fontsize=7)
        unit = lab.text(pts[0][1] or "", "" if not pts[0][1] or not pts[0][1].isascii() else pts[0][1])
        ax.set_yticks([0], [f"{lab.text(labels.get(key, ''), key)} ({unit})" if unit else lab.text(labels.get(key, ''), key)])
        ax.set_ylim(-0.6, 0.6)
        ax.tick_params(axis="y", labelsize=8)
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", alpha=0.3)
        lo, hi = min(values), max(values)
        pad = (hi - lo) * 0.15 or max(abs(hi) * 0.2, 1)
        ax.set_xlim(lo - pad, hi + pad)
    fig.tight_layout()
    return fig


def chart_trend(plt, lab: Labeller, series: dict[str, list[tuple]], labels: dict[str, str], title: str):
    """series: indicator -> [(year, value, unit)] for one district."""
    if not series:
        return _empty(plt, "no indicator values for this district")
    keys = list(series)
    cols = 3 if len(keys) > 4 else max(1, len(keys))
    rows = (len(keys) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.1 * cols, 2.3 * rows + 0.5), squeeze=False)
    for ax in axes.flat[len(keys):]:
        ax.axis("off")
    for ax, key in zip(axes.flat, keys):
        pts = sorted(series[key])
        ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", color="#1565c0")
        for x, y, _ in pts:
            ax.annotate(f"{y:g}", (x, y), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=7)
        unit = lab.text(pts[-1][2] or "", "" if not pts[-1][2] or not pts[-1][2].isascii() else pts[-1][2])
        ax.set_title(f"{lab.text(labels.get(key, ''), key)}" + (f" ({unit})" if unit else ""), fontsize=8)
        years = sorted({p[0] for p in pts})
        ax.set_xticks(years, [str(y) for y in years], fontsize=7)
        if len(years) == 1:
            ax.set_xlim(years[0] - 1, years[0] + 1)
        ax.tick_params(axis="y", labelsize=7)
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------- page --
def _table(columns: list[str], rows: list[tuple], limit: int = 200) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in r) + "</tr>"
                   for r in rows[:limit])
    more = f"<p class=more>… and {len(rows) - limit} more rows</p>" if len(rows) > limit else ""
    return f"<details><summary>the numbers ({len(rows)} rows)</summary><table><tr>{head}</tr>{body}</table>{more}</details>"


_CSS = """body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
margin:2em auto;max-width:1000px;padding:0 1em;color:#222}h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
figure{margin:0}figure img{max-width:100%;height:auto;border:1px solid #eee}table{border-collapse:collapse;
font-size:.8em;margin:.5em 0}td,th{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.note{background:#fff8e1;padding:.5em 1em;border-left:4px solid #ffb300}p.meta{color:#666;font-size:.9em}"""


def build_report(db: str | Path, out_dir: str | Path, year: int | None = None, district: str | None = None) -> dict:
    """Write out_dir/index.html and out_dir/charts/*.png. Returns paths and notes."""
    con = connect(db)
    try:
        return _build(con, Path(db), Path(out_dir), year, district)
    finally:
        con.close()


def _build(con, db: Path, out: Path, year, district) -> dict:
    plt = _pyplot()
    font = cjk_font()
    lab = Labeller(font is not None)
    notes = []
    if font is None:
        notes.append("no CJK font found (fc-list :lang=zh is empty): chart labels use division codes and "
                     "indicator keys; install one, e.g. `apt-get install fonts-noto-cjk`")
    labels = dict(con.execute("SELECT indicator, label FROM indicator_catalog").fetchall())
    years = [r[0] for r in con.execute("SELECT DISTINCT report_year FROM unit_reports ORDER BY 1").fetchall()]
    if year is None:
        if not years:
            raise UserError(f"{db}: the warehouse holds no report with a known year yet (run `fazhi run` first)")
        # the year with most government reports (ties: the later): a fresh year has few yet
        year = con.execute("""SELECT report_year FROM unit_reports GROUP BY 1
                              ORDER BY count(*) FILTER (WHERE level = 'government') DESC, count(*) DESC, 1 DESC
                              LIMIT 1""").fetchone()[0]
    elif year not in [r[0] for r in con.execute("SELECT DISTINCT report_year FROM coverage").fetchall()]:
        known = f"{years[0]}–{years[-1]}" if years else "none"
        raise UserError(f"--year {year}: the warehouse has no coverage for that year (report years: {known})")

    # district for trends: given (name or code), else the one with most years, then most values
    if district:
        found = con.execute("""SELECT admin_code, admin_name, count(DISTINCT report_year) FROM indicator_panel
                               WHERE admin_name = $d OR admin_code = $d GROUP BY ALL ORDER BY 3 DESC""",
                            {"d": district}).fetchall()
        if not found:
            near = [r[0] for r in con.execute("SELECT DISTINCT admin_name FROM indicator_panel ORDER BY 1").fetchall()]
            raise UserError(f"--district {district!r}: no indicator values for it (districts with values: "
                            f"{', '.join(near[:12]) or 'none'})")
    else:
        found = con.execute("""SELECT admin_code, admin_name, count(DISTINCT report_year), count(*) FROM indicator_panel
                               GROUP BY ALL ORDER BY 3 DESC, 4 DESC, 1 LIMIT 1""").fetchall()
    trend_code, trend_name = (found[0][0], found[0][1]) if found else (None, None)

    cov_rows = con.execute("""SELECT province, city, status, count(*) FROM coverage WHERE report_year = $y
                              GROUP BY ALL ORDER BY ALL""", {"y": year}).fetchall()
    cov_table_cols = ["province", "city", "admin_name", "department", "status", "publish_date", "days_after_deadline", "url"]
    cov_table = con.execute(f"""SELECT {', '.join(cov_table_cols)} FROM coverage WHERE report_year = $y
                                ORDER BY province, city, admin_name, department""", {"y": year}).fetchall()
    late_rows = con.execute("""SELECT admin_name, admin_code, department, report_year, days_after_deadline FROM coverage
                               WHERE days_after_deadline IS NOT NULL ORDER BY report_year, days_after_deadline""").fetchall()
    dist_raw = con.execute("""
        WITH top AS (SELECT indicator FROM indicator_panel WHERE report_year = $y
                     GROUP BY indicator ORDER BY count(*) DESC, indicator LIMIT 8)
        SELECT indicator, value, unit, admin_name, admin_code, department FROM indicator_panel
        WHERE report_year = $y AND indicator IN (SELECT indicator FROM top)
        ORDER BY indicator, value""", {"y": year}).fetchall()
    dist: dict[str, list[tuple]] = {}
    for key, value, unit, name, code, dept in dist_raw:
        dist.setdefault(key, []).append((value, unit, name, code, dept))
    trend_raw = con.execute("""SELECT indicator, report_year, value, unit, department FROM indicator_panel
                               WHERE admin_code = $c ORDER BY indicator, report_year""",
                            {"c": trend_code}).fetchall() if trend_code else []
    trend: dict[str, list[tuple]] = {}
    multi = {k for k, *_ in trend_raw if sum(1 for r in trend_raw if r[0] == k) > 1}
    for key, ryear, value, unit, dept in trend_raw:
        if not multi or key in multi:          # with several years, show the indicators that have them
            trend.setdefault(key, []).append((ryear, value, unit))
    trend = dict(list(trend.items())[:12])

    title_trend = lab.text(f"{trend_name} ({trend_code})", str(trend_code)) if trend_code else "no district"
    charts = [
        ("coverage", f"Coverage for {year}: who published, by province and city",
         chart_coverage(plt, lab, cov_rows), _table(cov_table_cols, cov_table)),
        ("lateness", "How late reports came: days after the 1 April deadline, every year",
         chart_lateness(plt, lab, late_rows),
         _table(["admin_name", "admin_code", "department", "report_year", "days_after_deadline"], late_rows)),
        ("indicators", f"Key indicators across districts, {year} (results only)",
         chart_distribution(plt, lab, dist, labels),
         _table(["indicator", "value", "unit", "admin_name", "admin_code", "department"], dist_raw)),
        ("trend", f"Trends for {trend_name or 'no district'}" + (f" ({trend_code})" if trend_code else ""),
         chart_trend(plt, lab, trend, labels, title_trend),
         _table(["indicator", "report_year", "value", "unit", "department"], trend_raw)),
    ]
    png_dir = out / "charts"
    png_dir.mkdir(parents=True, exist_ok=True)
    sections, written = [], []
    for name, heading, fig, table in charts:
        data = _png(fig)
        plt.close(fig)
        path = png_dir / f"{name}.png"
        tmp = path.with_suffix(".png.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written.append(str(path))
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        sections.append(f'<section id="{name}"><h2>{html.escape(heading)}</h2>'
                        f'<figure><img class="chart" data-chart="{name}" alt="{html.escape(heading)}" src="{uri}">'
                        f"</figure>{table}</section>")
    note_html = "".join(f'<p class="note">{html.escape(n)}</p>' for n in notes)
    page = (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>法治政府建设年度报告 — fazhi report {year}</title><style>{_CSS}</style></head><body>"
            f"<h1>法治政府建设年度报告: coverage and indicators</h1>"
            f'<p class="meta">Warehouse {html.escape(str(db))}, report year {year}, made '
            f"{dt.datetime.now():%Y-%m-%d %H:%M}. Reports must be public before 1 April of the next year. "
            f"Indicator values are actual results (never next year's targets); each table lists the numbers "
            f"behind its chart, and the evidence sentences are in the indicator_panel view.</p>{note_html}"
            + "".join(sections) + "</body></html>")
    index = out / "index.html"
    tmp = out / "index.html.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(index)
    return {"html": str(index), "png_dir": str(png_dir), "charts": written, "notes": notes, "year": year,
            "district": trend_name, "font": font}
