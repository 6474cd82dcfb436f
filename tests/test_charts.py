"""`fazhi report`: the offline chart page, its PNGs, and every chart rendered in headless Chromium."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fazhi.core.errors import UserError
from fazhi.analysis import charts
from fazhi.analysis.charts import build_report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_analysis import build_multi_year, fazhi  # noqa: E402

CHARTS = ("coverage", "lateness", "indicators", "trend")
APT_INSTALL = "apt-get update && apt-get install -y chromium fonts-noto-cjk"


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory):
    return build_multi_year(tmp_path_factory.mktemp("charts") / "fazhi.duckdb")


@pytest.fixture(scope="module")
def page(warehouse_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return build_report(warehouse_path, out, district="江北区"), out


def test_page_is_self_contained(page):
    result, out = page
    html = (out / "index.html").read_text(encoding="utf-8")
    assert result["year"] == 2023 and result["district"] == "江北区"
    imgs = re.findall(r"<img [^>]*>", html)
    assert [re.search(r'data-chart="(\w+)"', i).group(1) for i in imgs] == list(CHARTS)
    assert all('src="data:image/png;base64,' in i for i in imgs)
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)       # nothing from the network
    assert not re.search(r"@import|url\(", html)
    for name in CHARTS:
        png = out / "charts" / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2000


def test_trend_and_coverage_numbers_in_page(page):
    _, out = page
    html = (out / "index.html").read_text(encoding="utf-8")
    # the tables behind the charts: 江北区's 出庭应诉率 over three years, and 北仑区 missing in 2023
    trend = html[html.index('id="trend"'):]
    assert all(f"<td>head_appearance_rate</td><td>{y}</td><td>{v}</td>" in trend
               for y, v in ((2021, "90.0"), (2022, "95.0"), (2023, "100.0")))
    coverage = html[html.index('id="coverage"'):html.index('id="lateness"')]
    assert "<td>北仑区</td><td></td><td>missing</td>" in coverage


def test_cjk_font_or_clear_fallback(page, monkeypatch, warehouse_path, tmp_path):
    result, _ = page
    font = charts.cjk_font()
    if font:
        assert result["font"] == font and not result["notes"]
    # without a CJK font: codes for labels, and the page says why
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    fallback = build_report(warehouse_path, tmp_path)
    assert fallback["notes"] and "no CJK font" in fallback["notes"][0]
    assert "fonts-noto-cjk" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_report_user_errors(warehouse_path, tmp_path):
    with pytest.raises(UserError, match=r"--district '不存在区': no indicator values for it"):
        build_report(warehouse_path, tmp_path, district="不存在区")
    with pytest.raises(UserError, match=r"--year 1999: the warehouse has no coverage for that year"):
        build_report(warehouse_path, tmp_path, year=1999)


def test_report_cli(warehouse_path, tmp_path):
    result = fazhi("report", "--db", str(warehouse_path), "--out", str(tmp_path / "r"), "--year", "2023",
                   "--district", "431202")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "index.html").exists() and "4 charts" in result.stdout
    bad = fazhi("report", "--db", str(warehouse_path), "--out", str(tmp_path / "r"), "--district", "nowhere")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------------------- chromium --
def chromium_binary() -> str:
    """Chromium as `make test` installs it (make test-deps, as root with apt); else skip, saying why."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return shutil.which(name)
    pytest.skip(f"chromium is not installed: `make test` installs it when run as root with apt ({APT_INSTALL})")


# Injected into a copy of the page (the page itself has no scripts): after load, record each
# chart image's state into the DOM, which --dump-dom then prints.
PROBE = """<script>
window.addEventListener('load', function () {
  var out = [];
  document.querySelectorAll('img.chart').forEach(function (img) {
    var box = img.getBoundingClientRect();
    out.push({chart: img.dataset.chart, complete: img.complete, natural_width: img.naturalWidth,
              natural_height: img.naturalHeight, width: box.width, height: box.height});
  });
  var pre = document.createElement('pre');
  pre.id = 'probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def test_every_chart_renders_in_headless_chromium(page, tmp_path):
    browser = chromium_binary()
    _, out = page
    probe_page = tmp_path / "probe.html"
    probe_page.write_text((out / "index.html").read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                          encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000"]
    done = subprocess.run([browser, *flags, "--dump-dom", probe_page.as_uri()], capture_output=True, text=True,
                          timeout=180)
    match = re.search(r'<pre id="probe">(.*?)</pre>', done.stdout, re.S)
    assert match, f"no probe output from chromium (exit {done.returncode}): {done.stderr[-800:]}"
    import html as html_mod

    images = json.loads(html_mod.unescape(match.group(1)))
    assert [i["chart"] for i in images] == list(CHARTS)
    for img in images:
        assert img["complete"] and img["natural_width"] > 100 and img["natural_height"] > 50, img
        assert img["width"] > 100 and img["height"] > 50, img
    # and a screenshot of the page as a user opens it (no probe script), not blank
    shot = tmp_path / "page.png"
    subprocess.run([browser, *flags, "--window-size=1200,3000", f"--screenshot={shot}", (out / "index.html").as_uri()],
                   capture_output=True, text=True, timeout=180)
    assert shot.exists() and shot.stat().st_size > 20000
