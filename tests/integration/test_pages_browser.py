"""Every kind of page in a real headless Chromium, offline: charts draw and read cleanly.

For the dashboard, the quarter overview and the region trend: every chart div holds a drawn
plot; count axes show whole numbers only; every chart with more than one series has a legend
title; no axis title overlaps the tick labels and tick labels do not overlap each other; table
cells align text left and numbers right; the page text has no parameter names. A screenshot of
each page is written next to the page (the README's overview image is made the same way).

Skipped only when chromium is missing AND the CI variable is unset (as tests/test_browser.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.browser import probe, run_chromium

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"

pytestmark = pytest.mark.slow

# Runs in the page after plotly has drawn; writes one JSON line into #gs-probe.
PROBE = r"""<div id="gs-probe"></div><script>setTimeout(function () {
function box(e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
function hit(a, b) { return a[0] < b[2] - 1 && b[0] < a[2] - 1 && a[1] < b[3] - 1 && b[1] < a[3] - 1; }
var plots = [], divs = document.querySelectorAll(".plotly-graph-div");
divs.forEach(function (gd) {
  var p = {svgs: gd.querySelectorAll(".main-svg").length, traces: (gd.data || []).length,
           legendTitle: !!gd.querySelector(".legendtitletext"), showLegend: !!(gd.layout && gd.layout.showlegend !== false),
           intTicks: [], overlaps: []};
  ["x", "y"].forEach(function (a) {
    var ax = gd.layout && gd.layout[a + "axis"];
    var ticks = Array.prototype.slice.call(gd.querySelectorAll("." + a + "tick text"));
    if (ax && ax.tickformat === "d") p.intTicks = p.intTicks.concat(ticks.map(function (t) { return t.textContent; }));
    var title = gd.querySelector("." + a + "title");
    ticks.forEach(function (t, i) {
      if (title && hit(box(title), box(t))) p.overlaps.push(a + "title/" + t.textContent);
      ticks.slice(i + 1).forEach(function (u) { if (hit(box(t), box(u))) p.overlaps.push(t.textContent + "/" + u.textContent); });
    });
  });
  plots.push(p);
});
var cells = {numRight: 0, numOther: 0, textLeft: 0, textOther: []};
document.querySelectorAll("table.gs-table td, table.gs-table th").forEach(function (c) {
  var al = getComputedStyle(c).textAlign, t = c.textContent.trim();
  if (c.classList.contains("num")) { if (al === "right") cells.numRight++; else cells.numOther++; }
  else if (/[\u4e00-\u9fff]/.test(t)) { if (al === "left" || al === "start") cells.textLeft++; else cells.textOther.push(t); }
});
document.getElementById("gs-probe").textContent = "PROBE" + JSON.stringify({plotly: typeof window.Plotly, plots: plots,
  cells: cells, text: document.body.innerText});
}, 2500);</script>"""




@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    from govstats.ingest import ingest
    from govstats.report.pages import Page, render_pages

    d = tmp_path_factory.mktemp("pages")
    ingest(RAW, d / "processed", workers=1)
    todo = {"dashboard": Page("dashboard", "咸阳市", "2025Q1"), "overview": Page("overview", None, "2025Q1"),
            "trend": Page("trend", "咸阳市", None), "wuzhong": Page("dashboard", "吴忠市", "2025Q1"),
            "yangling": Page("dashboard", "杨陵区", "2025Q1")}  # every 2025Q1 dashboard: the overview links them all
    res = render_pages(list(todo.values()), d / "processed", d / "reports", workers=1)
    assert [r.error for r in res] == [None] * len(res)
    return {k: d / "reports" / p.relpath for k, p in todo.items()}


@pytest.mark.parametrize("kind,min_plots", [("overview", 4), ("trend", 2), ("dashboard", 4)])
def test_page_draws_offline_and_reads_cleanly(chromium, pages, tmp_path, kind, min_plots):
    page = pages[kind]
    r = probe(chromium, page, PROBE)
    assert r["plotly"] == "object"
    plots = r["plots"]
    assert len(plots) >= min_plots
    assert all(p["svgs"] >= 3 for p in plots), f"{sum(p['svgs'] < 3 for p in plots)} chart(s) did not draw"
    for p in plots:
        assert all(re.fullmatch(r"\d+", t) for t in p["intTicks"]), p["intTicks"]  # no 0.2, 0.4 on counts
        assert not p["overlaps"], p["overlaps"]
        if p["traces"] > 1 and p["showLegend"]:
            assert p["legendTitle"], "a legend without a title saying what the colours mean"
    assert any(p["intTicks"] for p in plots)  # the count axes were found and checked
    cells = r["cells"]
    assert cells["numRight"] > 0 and cells["numOther"] == 0
    assert cells["textLeft"] > 0 and cells["textOther"] == [], cells["textOther"][:5]
    for name in ("region", "quarter", "data_dir", "embed_plotlyjs", "plotlyjs_src"):
        assert name not in r["text"], f"parameter name {name} on the analyst's page"
    shot = page.with_suffix(".png")
    run_chromium(chromium, page, f"--screenshot={shot}")
    assert shot.stat().st_size > 20_000  # a drawn page, not a blank one


def test_overview_links_resolve(pages):
    page = pages["overview"].read_text(encoding="utf-8")
    for href in re.findall(r'href="(\.\./[^"]+\.html)"', page):
        assert (pages["overview"].parent / href).resolve().exists(), href
