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

from govstats.quarter import Quarter
from govstats.report.html import Html, fmt_number, note
from govstats.report.labels import CHANNEL_LABELS_ZH, KIND_LABELS_ZH, result_labels

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

__all__ = ["Chart", "by_category", "by_platform", "by_rectification", "by_region", "category_axis", "count_axis",
           "layout", "plotlyjs_html", "quarter_span", "quarter_tick", "trend"]

_FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
_COLORS = {CHANNEL_LABELS_ZH["website"]: "#1f77b4", CHANNEL_LABELS_ZH["newmedia"]: "#ff7f0e",
           KIND_LABELS_ZH["veto"]: "#d62728", KIND_LABELS_ZH["deduction"]: "#ff9f1c",
           KIND_LABELS_ZH["management"]: "#6c757d", "未注明": "#9e9e9e"}
_RESULT_COLORS = {"qualified": "#2ca02c", "unqualified": "#d62728"}
_CONFIG = {"displaylogo": False, "responsive": True}
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
    return {**_COLORS, **{result_labels()[k]: c for k, c in _RESULT_COLORS.items()}}


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
        lay["legend"] = {"title": {"text": _t(legend_title)}, "orientation": "h", "x": 0, "xanchor": "left",
                         "y": 1.0, "yanchor": "bottom"}
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
    for key in sorted({k for _, k in counts}, key=str):
        data.append({
            "type": "bar", "name": _t(key), pos: labels, val: [counts.get((c, key), 0) for c in order],
            "orientation": "h" if horizontal else "v", "marker": {"color": _colors().get(key, "#8c8c8c")},
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
    """历史趋势: stated pass rates per quarter (Dashboard.trend_frame); quarters without a bulletin are gaps."""
    series = [("政府网站合格率", "website_pass_rate", "#1f77b4"), ("政务新媒体合格率", "newmedia_pass_rate", "#2ca02c")]
    usable = [(n, c, color) for n, c, color in series if h[c].notna().sum() >= 2]
    if len(h) < 2:
        return note(f"{region}仅有本季度的通报数据，暂无历史趋势。")
    if not usable:
        return note(f"{region}较早季度的通报未载明合格率，无法绘制趋势。")
    span = quarter_span(list(h["quarter"]))
    x = [quarter_tick(q) for q in span]
    data = []
    for name, col, color in usable:
        per = h.dropna(subset=[col]).groupby("quarter")[col].first().to_dict()
        y = [None if q not in per else float(per[q]) for q in span]  # None: no bulletin, a gap in the line
        data.append({"type": "scatter", "name": name, "x": x, "y": y, "mode": "lines+markers+text",
                     "connectgaps": False, "line": {"color": color}, "marker": {"color": color, "size": 8},
                     "text": ["" if v is None else fmt_number(v, "pct") for v in y], "textposition": "top center",
                     "hovertemplate": "%{x}：%{y}%<extra>" + name + "</extra>"})
    missing = len(span) - h["quarter"].nunique()
    title = f"{region} 历年合格率（通报数值，%）" + ("：空缺为没有通报的季度" if missing else "")
    fig = {"data": data, "layout": layout(title, 400, "检查对象")}
    vals = [v for t in data for v in t["y"] if v is not None]
    fig["layout"]["xaxis"] = category_axis(categoryorder="array", categoryarray=x)
    fig["layout"]["yaxis"] = {"range": [max(0.0, min(vals) - 8), 104], "ticksuffix": "%", "gridcolor": "#e5e9f0",
                              "automargin": True}
    return Chart(fig)
