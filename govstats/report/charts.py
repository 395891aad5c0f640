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
import html
import json
import uuid
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.report.html import Html, fmt_number, note
from govstats.report.labels import CHANNEL_LABELS_ZH, KIND_LABELS_ZH

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

__all__ = ["Chart", "by_category", "by_platform", "by_rectification", "by_region", "plotlyjs_html", "trend"]

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
        uid = f"gs-chart-{uuid.uuid4().hex[:12]}"
        height = int(self.figure.get("layout", {}).get("height", 380))
        args = ", ".join(_js_json(x) for x in (self.figure["data"], self.figure.get("layout", {}), _CONFIG))
        return (f'<div id="{uid}" class="plotly-graph-div" style="height:{height}px; width:100%;"></div>\n'
                f'<script type="text/javascript">if (window.Plotly && document.getElementById("{uid}")) '
                f'{{ Plotly.newPlot("{uid}", {args}); }}</script>')

    def __str__(self) -> str:
        return self._repr_html_()


@functools.lru_cache(maxsize=1)
def _colors() -> dict[str, str]:
    """Colour per series label; result labels come from the vocabulary (imported on first chart)."""
    from govstats.report.labels import result_labels

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


def _axis(title: str) -> dict[str, Any]:
    return {"title": {"text": _t(title)}, "gridcolor": "#e5e9f0", "zerolinecolor": "#c9d1d9", "automargin": True}


def _figure(data: list[dict[str, Any]], title: str, x: str, y: str, height: int = 380,
            barmode: str = "stack") -> dict[str, Any]:
    return {
        "data": data,
        "layout": {
            "title": {"text": _t(title), "x": 0.02}, "xaxis": _axis(x), "yaxis": _axis(y), "height": height,
            "font": {"family": _FONT}, "plot_bgcolor": "white", "paper_bgcolor": "white",
            "legend": {"orientation": "h", "y": -0.2}, "margin": {"l": 60, "r": 20, "t": 60, "b": 60},
            "barmode": barmode, "hoverlabel": {"font": {"family": _FONT}},
        },
    }


def _bars(df: Any, cat: str, stack: str, title: str, x: str, y: str, horizontal: bool = True,
          barmode: str = "stack") -> dict[str, Any]:
    order = df.groupby(cat)["count"].sum().sort_values(ascending=horizontal).index.tolist()
    labels = [_t(v) for v in order]
    data = []
    for key in sorted(df[stack].unique(), key=str):
        part = df[df[stack] == key].set_index(cat)["count"].reindex(order).fillna(0).astype(int).tolist()
        pos, val = ("y", "x") if horizontal else ("x", "y")
        data.append({
            "type": "bar", "name": _t(key), pos: labels, val: part, "orientation": "h" if horizontal else "v",
            "marker": {"color": _colors().get(key, "#8c8c8c")},
            "hovertemplate": "%{" + pos + "}：%{" + val + "}<extra>" + _t(key) + "</extra>",
        })
    height = max(320, 80 + 28 * len(order)) if horizontal else 380
    return _figure(data, title, x, y, height=height, barmode=barmode)


def by_category(df: pd.DataFrame, label: str) -> Html:
    """问题分类: annex rows per State Council indicator (Dashboard.category_counts), veto vs deduction vs management."""
    if not len(df):
        return note("本期通报无附件问题清单，无法按国务院检查指标分类。")
    df = df.groupby(["label", "kind"], as_index=False)["count"].sum()
    return Chart(_bars(df, "label", "kind", f"{label} 问题分类（国务院检查指标）", "问题数量",
                       registry.WEBSITES.column("problem_categories").label_zh))


def by_region(df: pd.DataFrame, label: str) -> Html:
    """地区分布: problem rows per county/district (Dashboard.region_counts), websites and accounts stacked."""
    if not len(df):
        return note("本期通报无附件问题清单，无法统计地区分布。")
    return Chart(_bars(df, "region_name", "table", f"{label} 问题地区分布", "问题条目数",
                       registry.WEBSITES.column("region_name").label_zh))


def by_platform(df: pd.DataFrame, label: str) -> Html:
    """平台分布: problem accounts per platform (Dashboard.platform_counts), split by inspection result."""
    if not len(df):
        return note("本期通报无政务新媒体附件，无法统计平台分布。")
    return Chart(_bars(df, "platform", "result", f"{label} 问题政务新媒体平台分布", "账号数",
                       registry.NEW_MEDIA.column("platform").label_zh))


def by_rectification(df: pd.DataFrame, label: str) -> Html:
    """整改情况: rows per rectification status (Dashboard.rectification_counts), websites and accounts side by side."""
    if not len(df):
        return note("本期通报无附件，未列出逐条整改情况。")
    return Chart(_bars(df, "status", "table", f"{label} 整改情况", registry.WEBSITES.column("rectification").label_zh,
                       "条目数", horizontal=False, barmode="group"))


def trend(h: pd.DataFrame, region: str) -> Html:
    """历史趋势: stated pass rates per quarter (Dashboard.trend_frame; needs two quarters with a rate)."""
    series = [("政府网站合格率", "website_pass_rate"), ("政务新媒体合格率", "newmedia_pass_rate")]
    usable = [(n, c) for n, c in series if h[c].notna().sum() >= 2]
    if len(h) < 2:
        return note(f"{region}仅有本季度的通报数据，暂无历史趋势。")
    if not usable:
        return note(f"{region}较早季度的通报未载明合格率，无法绘制趋势。")
    data = []
    for name, col in usable:
        s = h[h[col].notna()]
        data.append({"type": "scatter", "name": name, "x": [_t(q) for q in s["quarter_zh"]],
                     "y": [float(v) for v in s[col]], "mode": "lines+markers+text",
                     "text": [fmt_number(float(v), "pct") for v in s[col]], "textposition": "top center"})
    fig = _figure(data, f"{region} 历年合格率", registry.BULLETINS.column("period").label_zh, "合格率（%）")
    fig["layout"]["yaxis"]["ticksuffix"] = "%"
    return Chart(fig)
