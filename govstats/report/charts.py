"""Plotly charts of the quarterly dashboard, offline by construction.

Each builder takes the DataFrame it draws (the dashboard notebook computes it in the cell
above with a :class:`govstats.report.dashboard.Dashboard` method, where an analyst can look at
and change it) and a page label for the title, and returns a :class:`Chart` (the plotly figure
plus offline HTML), or a one-line note when the frame is empty. Nothing here imports the
dashboard module.

Why not ``pio.renderers.default = "notebook"``: that renderer embeds plotly.js once, but it
also injects a MathJax CDN loader and require.js glue into every figure's output, which we
would then have to strip from the exported HTML. Instead :func:`plotlyjs_html` embeds
plotly.js exactly once (in the assets cell) and every chart renders with
``include_plotlyjs=False, include_mathjax=False`` - no URL is ever produced, in JupyterLab
or in nbconvert's HTML. Plotly is imported inside functions so ``import govstats`` stays light.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.quarter import Quarter
from govstats.report.html import Html, fmt_number, note
from govstats.report.labels import CHANNEL_LABELS_ZH, KIND_LABELS_ZH, result_labels

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    import plotly.graph_objects as go

__all__ = ["CHANNEL_COLORS", "KIND_COLORS", "PLOTLYJS_ID", "RESULT_COLORS", "SEVERITY_COLORS", "Chart", "by_category",
           "by_platform", "by_rectification", "by_region", "category_axis", "color", "count_axis", "layout", "plotlyjs_file_name", "plotlyjs_html", "plotlyjs_link", "quarter_span", "quarter_tick", "rate_dots", "rate_ticks", "trend",
           "write_plotlyjs"]

_FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
#: The one palette of every page and notebook (issue 18): a colour means one thing everywhere.
#: Channels are blue and purple (never green, which means 合格, nor red or amber, which mean
#: 不合格 / 错误 and 警告); stated vs recomputed is told by the marker (filled circle / open diamond).
CHANNEL_COLORS: dict[str, str] = {CHANNEL_LABELS_ZH["website"]: "#1f77b4", CHANNEL_LABELS_ZH["newmedia"]: "#7b4fb0"}
RESULT_COLORS: dict[str, str] = {"qualified": "#2ca02c", "unqualified": "#d62728"}
SEVERITY_COLORS: dict[str, str] = {"错误": "#d62728", "警告": "#d4a017"}
KIND_COLORS: dict[str, str] = {KIND_LABELS_ZH["veto"]: "#a50f15", KIND_LABELS_ZH["deduction"]: "#f08a65",
                               KIND_LABELS_ZH["management"]: "#6c757d"}
NO_DATA_COLOR = "#9e9e9e"
_COLORS = {**CHANNEL_COLORS, **SEVERITY_COLORS, **KIND_COLORS, "未注明": NO_DATA_COLOR}
#: Series order (= stacking order = legend order): channels, then the most serious first.
_ORDER = [*CHANNEL_COLORS, *KIND_COLORS, "不合格", "合格", *SEVERITY_COLORS, "未注明"]
_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}
#: id of the one script element that carries plotly.js (tests strip it before grepping for URLs).
PLOTLYJS_ID = "govstats-plotlyjs"


class Chart(Html):
    """A plotly figure (plain dict) that renders as a div + Plotly.newPlot using the page's plotly.js.

    Figures are plain dicts serialized with :mod:`json` here: building graph_objects with a
    named template imports every trace module (~0.7 s per kernel) and plotly.io's JSON path
    imports narwhals (~0.15 s), the largest costs of a dashboard run, for output plotly.js
    reads identically. :meth:`to_figure` gives a validated ``go.Figure`` for interactive use.
    """

    def __init__(self, figure: dict[str, Any]) -> None:
        self.figure = figure
        super().__init__("")

    def to_figure(self) -> go.Figure:
        import plotly.graph_objects as go

        return go.Figure(self.figure)

    def _repr_html_(self) -> str:
        height = int(self.figure.get("layout", {}).get("height", 380))
        args = ", ".join(_js_json(x) for x in (self.figure["data"], self.figure.get("layout", {}), _CONFIG))
        # id from the content, not random: a page renders to the same bytes in any kernel
        uid = f"gs-chart-{hashlib.sha1(args.encode()).hexdigest()[:12]}"
        return (f'<div id="{uid}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>\n'
                f'<script type="text/javascript">if (window.Plotly && document.getElementById("{uid}")) '
                f'{{ Plotly.newPlot("{uid}", {args}); }}</script>')

    def __str__(self) -> str:
        return self._repr_html_()


@functools.lru_cache(maxsize=1)
def _colors() -> dict[str, str]:
    """Colour per series label; result labels come from the vocabulary (imported on first chart)."""
    return {**_COLORS, **{result_labels()[k]: c for k, c in RESULT_COLORS.items()}}


def color(label: str) -> str:
    """The palette's colour of a series label (channel, result, severity, indicator kind); grey if none."""
    return _colors().get(label, "#8c8c8c")


def _series_key(label: object) -> tuple[int, str]:
    """Sort key of series: palette order (the order they stack and the legend lists them), then by name."""
    return (_ORDER.index(label) if label in _ORDER else len(_ORDER), str(label))


def _js_json(v: Any) -> str:
    """JSON safe inside a script element: '<' escaped, so no text can close the script."""
    return json.dumps(v, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def plotlyjs_html(placeholder: bool = False) -> str:
    """plotly.js inlined in one script element (about 4.8 MB), defining window.Plotly.

    placeholder=True gives the same element empty, for the exporter to fill in.
    """
    if placeholder:
        return f'<script type="text/javascript" id="{PLOTLYJS_ID}"></script>'
    return _plotlyjs_script()


def plotlyjs_file_name() -> str:
    """Name of the shared plotly.js beside the pages: versioned, so a newer plotly never meets an old file."""
    from importlib.metadata import version

    return f"plotly-{version('plotly')}.min.js"


def plotlyjs_link(src: str) -> str:
    """A script element loading the shared plotly.js by a relative path (offline; works from a copied folder)."""
    return f'<script type="text/javascript" src="{html.escape(src)}" id="{PLOTLYJS_ID}-link"></script>'


def write_plotlyjs(out_dir: str | Path) -> Path:
    """Write the shared plotly.js into out_dir once (atomically; kept when it is already there, same size)."""
    from pathlib import Path

    from govstats.store import atomic_path

    target = Path(out_dir) / plotlyjs_file_name()
    data = _plotlyjs_bytes()
    if target.is_file() and target.stat().st_size == len(data):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


@functools.lru_cache(maxsize=1)
def _plotlyjs_bytes() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@functools.lru_cache(maxsize=1)
def _plotlyjs_script() -> str:
    """Read once per process: get_plotlyjs() reads and decodes the 4.8 MB bundle (~30 ms) on every call."""
    from plotly.offline import get_plotlyjs

    return f'<script type="text/javascript" id="{PLOTLYJS_ID}">{get_plotlyjs()}</script>'


def _t(s: object) -> str:
    """Plotly renders a subset of HTML in labels: escape data text so it shows literally."""
    return html.escape(str(s))


def count_axis(max_value: float) -> dict[str, Any]:
    """Axis settings for counts: whole-number ticks from 0 (never 0.2, 0.4 ...), at most ~8 of them."""
    top = max(1.0, float(max_value or 0))
    step = 1
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000, 20000, 50000):
        step = s
        if top / s <= 8:
            break
    return {"tickmode": "linear", "tick0": 0, "dtick": step, "tickformat": "d", "rangemode": "tozero",
            "range": [0, top * 1.08], "gridcolor": "#e5e9f0", "zerolinecolor": "#c9d1d9", "automargin": True}


def category_axis(**extra: Any) -> dict[str, Any]:
    """A category axis without a title: the chart title names it (a rotated title would cover the labels)."""
    return {"type": "category", "automargin": True, **extra}


def quarter_span(quarters: list[str]) -> list[str]:
    """Every quarter from the earliest to the latest of quarters, in order (2021Q1 ... 2025Q1)."""
    qs = sorted(Quarter(q) for q in quarters)
    if not qs:
        return []
    out, q = [], qs[0]
    while q <= qs[-1]:
        out.append(str(q))
        q = Quarter(q.year + 1, 1) if q.q == 4 else Quarter(q.year, q.q + 1)
    return out


def quarter_tick(q: str) -> str:
    """Plotly label of a quarter on two lines, 2021年<br>第一季度: many quarters fit without rotation."""
    year, rest = Quarter(q).label_zh.split("年", 1)
    return f"{_t(year)}年<br>{_t(rest)}"


def layout(title: str, height: int = 380, legend_title: str | None = None) -> dict[str, Any]:
    """Common layout: title left, CJK font; a legend (shown even for one series) titled with what colours mean."""
    lay: dict[str, Any] = {
        "title": {"text": _t(title), "x": 0.01, "xanchor": "left"}, "height": height,
        "font": {"family": _FONT}, "plot_bgcolor": "white", "paper_bgcolor": "white",
        "margin": {"l": 20, "r": 20, "t": 60, "b": 40}, "hoverlabel": {"font": {"family": _FONT}},
        "showlegend": legend_title is not None,
    }
    if legend_title is not None:
        # traceorder normal: the legend lists series in trace order, which is the stacking order from the
        # axis out (plotly reverses it for stacked bars by default, the opposite of a horizontal legend)
        lay["legend"] = {"title": {"text": _t(legend_title)}, "orientation": "h", "x": 0, "xanchor": "left",
                         "y": 1.0, "yanchor": "bottom", "traceorder": "normal"}
        lay["margin"]["t"] = 100
        lay["title"]["y"] = 0.97
    return lay


def _bars(df: Any, cat: str, stack: str, title: str, legend_title: str, horizontal: bool = True,
          barmode: str = "stack") -> dict[str, Any]:
    """Bars of df's count per cat, one series per stack value (plain dicts: pandas groupbys cost ~15 ms a chart)."""
    counts: dict[tuple[Any, Any], int] = {}
    for c, k, n in zip(df[cat], df[stack], df["count"]):
        counts[(c, k)] = counts.get((c, k), 0) + int(n)
    totals: dict[Any, int] = {}
    for (c, _), n in counts.items():
        totals[c] = totals.get(c, 0) + n
    # ascending totals for horizontal bars (largest on top), ties by first appearance as before (stable sort)
    order = sorted(totals, key=lambda c: totals[c], reverse=not horizontal)
    labels = [_t(v) for v in order]
    data = []
    pos, val = ("y", "x") if horizontal else ("x", "y")
    for key in sorted({k for _, k in counts}, key=_series_key):
        data.append({
            "type": "bar", "name": _t(key), pos: labels, val: [counts.get((c, key), 0) for c in order],
            "orientation": "h" if horizontal else "v", "marker": {"color": color(key)},
            "hovertemplate": "%{" + pos + "}：%{" + val + "}<extra>" + _t(key) + "</extra>",
        })
    top = float(max(totals.values()) if barmode == "stack" else max(counts.values())) if counts else 0.0
    fig = {"data": data, "layout": layout(title, max(320, 140 + 28 * len(order)) if horizontal else 380, legend_title)}
    fig["layout"]["barmode"] = barmode
    fig["layout"]["xaxis" if horizontal else "yaxis"] = count_axis(top)
    fig["layout"]["yaxis" if horizontal else "xaxis"] = category_axis()
    return fig


def by_category(df: pd.DataFrame, label: str) -> Html:
    """问题分类: annex rows per State Council indicator (Dashboard.category_counts), veto vs deduction vs management."""
    if not len(df):
        return note("本期通报无附件问题清单，无法按国务院检查指标分类。")
    df = df.groupby(["label", "kind"], as_index=False)["count"].sum()
    return Chart(_bars(df, "label", "kind", f"{label} 问题分类：各检查指标的问题条目数", "指标类型"))


def by_region(df: pd.DataFrame, label: str) -> Html:
    """地区分布: problem rows per county/district (Dashboard.region_counts), websites and accounts stacked."""
    if not len(df):
        return note("本期通报无附件问题清单，无法统计地区分布。")
    return Chart(_bars(df, "region_name", "table", f"{label} 各县（市、区）问题条目数", "检查对象"))


def by_platform(df: pd.DataFrame, label: str) -> Html:
    """平台分布: problem accounts per platform (Dashboard.platform_counts), split by inspection result."""
    if not len(df):
        return note("本期通报无政务新媒体附件，无法统计平台分布。")
    return Chart(_bars(df, "platform", "result", f"{label} 附件所列政务新媒体：各平台账号数", "检查结果"))


def by_rectification(df: pd.DataFrame, label: str) -> Html:
    """整改情况: rows per rectification status (Dashboard.rectification_counts), websites and accounts side by side."""
    if not len(df):
        return note("本期通报无附件，未列出逐条整改情况。")
    return Chart(_bars(df, "status", "table", f"{label} 整改情况：各状态的条目数", "检查对象",
                       horizontal=False, barmode="group"))


def trend(h: pd.DataFrame, region: str) -> Html:
    """历史趋势: stated pass rates per quarter (Dashboard.trend_frame); quarters without a bulletin are gaps.

    A series with a single stated rate still shows its point (and one quarter alone is a chart
    of one point per channel), each labelled at its printed precision.
    """
    series = [("website", "website_pass_rate"), ("newmedia", "newmedia_pass_rate")]
    usable = [(CHANNEL_LABELS_ZH[k] + "合格率", c, color(CHANNEL_LABELS_ZH[k]), k) for k, c in series
              if h[c].notna().any()]
    if not usable:
        return note(f"{region}的通报均未载明合格率，无法绘制趋势。")
    span = quarter_span(list(h["quarter"]))
    x = [quarter_tick(q) for q in span]
    data = []
    for name, col, colour, kind in usable:
        rows = h.dropna(subset=[col]).groupby("quarter").first()
        prec_col = f"{kind}_pass_rate_precision"
        per = {q: (float(r[col]), r[prec_col] if prec_col in rows.columns else None) for q, r in rows.iterrows()}
        y = [per[q][0] if q in per else None for q in span]  # None: no bulletin, a gap in the line
        text = [fmt_number(per[q][0], "pct", None if registry._isna(per[q][1]) else int(per[q][1])) if q in per else ""
                for q in span]
        data.append({"type": "scatter", "name": name, "x": x, "y": y, "mode": "lines+markers+text",
                     "connectgaps": False, "line": {"color": colour}, "marker": {"color": colour, "size": 9},
                     "text": text, "textposition": "top center", "cliponaxis": False,
                     "hovertemplate": "%{x}：%{text}<extra>" + name + "</extra>"})
    missing = len(span) - h["quarter"].nunique()
    title = f"{region} 历年合格率（通报数值，%）" + ("：空缺为没有通报的季度" if missing else "")
    fig = {"data": data, "layout": layout(title, 400, "检查对象")}
    vals = [v for t in data for v in t["y"] if v is not None]
    fig["layout"]["xaxis"] = category_axis(categoryorder="array", categoryarray=x)
    fig["layout"]["yaxis"] = {"range": [max(0.0, min(vals) - 8), 104], "ticksuffix": "%", "gridcolor": "#e5e9f0",
                              "automargin": True}
    return Chart(fig)


def rate_ticks(low: float) -> list[float]:
    """Ticks of a rate axis from low up to 100 % and never beyond (the room right of 100 is for labels)."""
    import math

    span = max(100.0 - low, 0.5)
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 25) if span / s <= 8)
    first = math.ceil(low / step) * step
    return [round(first + i * step, 2) for i in range(int((100.0 - first) / step + 1e-9) + 1)]


def rate_dots(rows: list[dict[str, Any]], title: str, x_range: list[float]) -> Html:
    """Stated vs recomputed rates as a dot (dumbbell) chart: one row per region, the stated rate a
    filled circle, the recomputed one an open diamond in the same channel colour, a grey line
    between them when they differ, both labelled at the printed precision.

    rows: {"label", "channel", "stated", "computed", "stated_text", "computed_text"} (texts from
    fmt_number). Position, not bar length, carries the value, so an axis from x_range[0] (shared
    by the charts of one page) hides nothing: 93.50 and 93.75 are two labelled marks, not one bar.
    """
    if not rows:
        return note("没有可对照的合格率。")
    labels = [_t(r["label"]) for r in rows]
    channel = rows[0]["channel"]
    colour = color(channel)
    data: list[dict[str, Any]] = []
    for r, y in zip(rows, labels):  # connecting lines first, so the markers sit on top
        if r["stated"] is not None and r["computed"] is not None and r["stated"] != r["computed"]:
            data.append({"type": "scatter", "mode": "lines", "name": "差值", "x": [r["stated"], r["computed"]], "y": [y, y],
                         "line": {"color": "#8c8c8c", "width": 3}, "showlegend": False, "hoverinfo": "skip"})

    def side(r: dict[str, Any], which: str) -> str:
        other = r["computed" if which == "stated" else "stated"]
        if other is None or other == r[which]:
            return "middle right" if which == "stated" else "middle left"
        return "middle left" if r[which] < other else "middle right"

    for which, name, symbol, size in (("stated", "通报数值", "circle", 13), ("computed", "按数量核算", "diamond-open", 17)):
        pts = [(r, y) for r, y in zip(rows, labels) if r[which] is not None]
        if not pts:
            continue
        data.append({
            "type": "scatter", "mode": "markers+text", "name": name, "x": [r[which] for r, _ in pts],
            "y": [y for _, y in pts], "cliponaxis": False,
            "text": [("" if which == "computed" and r["stated"] == r["computed"] else f" {r[which + '_text']} ")
                     for r, _ in pts],
            "textposition": [side(r, which) for r, _ in pts],
            "textfont": {"color": colour if which == "stated" else "#333"},
            "marker": {"color": colour, "symbol": symbol, "size": size, "line": {"color": colour, "width": 2}},
            "hovertemplate": "%{y}：" + name + " %{x}%<extra></extra>"})
    lay = layout(title, max(220, 120 + 44 * len(rows)), "图例（实心圆：通报数值；空心菱形：按数量核算）")
    lay["xaxis"] = {"range": x_range, "gridcolor": "#e5e9f0", "zeroline": False, "automargin": True,
                    "tickmode": "array", "tickvals": rate_ticks(x_range[0]),
                    "ticktext": [f"{t:g}%" for t in rate_ticks(x_range[0])]}
    lay["yaxis"] = category_axis(autorange="reversed")
    lay["margin"]["l"] = 20
    return Chart({"data": data, "layout": lay})
