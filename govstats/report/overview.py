"""Pages across bulletins: one quarter over every region, one region over all its quarters.

    ov = load_quarter("2025Q1", "data/processed")    # the quarter_overview notebook
    tr = load_region("咸阳市", "data/processed")      # the region_trend notebook

Like :mod:`govstats.report.dashboard`, every number comes from the processed tables through
``summary_frame`` (the same figures the index and the ledger show), every display helper
returns escaped :class:`~govstats.report.html.Html`, and the notebooks are lists of calls.

Chart conventions (shared with the dashboard charts): count axes have integer ticks from 0;
every legend has a title saying what the colours mean; category axes carry no (rotated)
title, the chart title says what they are; a time axis lists every quarter between the first
and the last, and a quarter without a bulletin is a gap (None), never a straight line.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.errors import ParameterError
from govstats.quarter import Quarter
from govstats.report.charts import (
    SEVERITY_COLORS,
    Chart,
    category_axis,
    color,
    count_axis,
    layout,
    quarter_span,
    quarter_tick,
    rate_dots,
)
from govstats.report.html import Html, fmt_number, footer_html, frame_html, macro, note
from govstats.report.labels import category_vocab, check_label

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QuarterOverview", "RegionTrend", "load_quarter", "load_region", "validate_quarter", "validate_region"]

_OV = "overview.html.j2"
_WEB, _NM = registry.CHANNEL_LABELS_ZH["website"], registry.CHANNEL_LABELS_ZH["newmedia"]  # the palette keys


# ---------------------------------------------------------------- chart building blocks


def _t(s: object) -> str:
    return html.escape(str(s))


def _chart(data: list[dict[str, Any]], layout: dict[str, Any]) -> Html:
    return Chart({"data": data, "layout": layout})


def _num(v: Any) -> float | None:
    return None if v is None or registry._isna(v) else float(v)


def _rel(target: str, page_dir: str) -> str:
    return os.path.relpath(target, page_dir).replace(os.sep, "/")


def _rate(v: Any, precision: Any = None) -> str:
    """A rate at its printed precision (summary_frame's *_precision columns): 93.50 stays 93.50%."""

    return fmt_number(_num(v), "pct", None if precision is None or registry._isna(precision) else int(precision))


def _rate_cells(r: Any, kind: str) -> list[dict[str, Any]]:
    """The stated and the recomputed rate of a summary_frame row as table cells; a stated rate that
    failed its check carries the flag and the recomputed value (never shown alone: issue 18)."""
    prec = getattr(r, f"{kind}_pass_rate_precision")
    stated, computed = _rate(getattr(r, f"{kind}_pass_rate"), prec), _rate(getattr(r, f"{kind}_pass_rate_computed"), prec)
    flag = getattr(r, f"{kind}_pass_rate_flag")
    flag = None if flag is None or registry._isna(flag) else str(flag)
    return [{"text": stated, "flag": flag, "computed": computed if flag and computed != "—" else None,
             "check": check_label(f"{kind}_pass_rate")}, {"text": computed}]



def _annex(v: Any) -> dict[str, Any]:
    """Annex rows as shown (summary.annex_cell): a count, or 无附件 / 未列出 in grey."""
    text = str(v)
    return {"text": text, "nodata": not text.isdigit()}


def _table(headers: list[tuple[str, bool]], rows: list[list[Any]], sortable: bool = True) -> Html:
    """A table from the overview template; headers (label, numeric): numeric columns right-aligned.
    Cells are dicts (text, href, flag, computed, check, nodata) or plain values; all escaped there."""
    cells = [[c if isinstance(c, dict) else {"text": "" if c is None or registry._isna(c) else str(c)} for c in r]
             for r in rows]
    return Html(macro(_OV, "table", headers, cells, sortable))


# ---------------------------------------------------------------- parameters


def validate_quarter(quarter: str, bulletins: pd.DataFrame) -> Quarter:
    """The quarter, if some bulletin covers it; ParameterError naming the quarters with data."""
    from govstats.report.summary import available

    av = available(bulletins)
    quarters = sorted(set(av["quarter"]), key=Quarter)
    try:
        q = Quarter(quarter)
    except ParameterError as exc:
        raise ParameterError(f"{exc}; quarters with data: {', '.join(quarters) or '(none)'}") from None
    if str(q) not in quarters:
        raise ParameterError(f"no bulletin for {q}; quarters with data: {', '.join(quarters) or '(none)'}")
    return q


def validate_region(region: str, bulletins: pd.DataFrame) -> str:
    """The region's exact name, if some bulletin covers it (a unique short name will do: 咸阳);
    ParameterError with the nearest name and the regions with data otherwise."""
    from govstats.report.summary import available, resolve_region

    return resolve_region(region, available(bulletins))


# ---------------------------------------------------------------- shared pieces


def _summary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    from govstats.report.summary import summary_frame

    s = summary_frame(tables)
    return s[s["region"].notna() & s["quarter"].notna()].reset_index(drop=True)


def _repeat_units(tables: dict[str, pd.DataFrame], region: str, quarter: str) -> pd.DataFrame:
    """Units of region flagged in more than one quarter up to quarter (Dashboard.repeat_units)."""
    from govstats.report.dashboard import load

    return load(region, quarter, tables=tables).repeat_units()


def _footer(manifest: dict) -> Html:
    return Html(footer_html(manifest))


# ---------------------------------------------------------------- one quarter, every region


@dataclass
class QuarterOverview:
    """A quarter across every region with a bulletin: rates, checks, categories, repeat units, links."""

    quarter: Quarter
    summary: pd.DataFrame  # summary_frame rows of this quarter, one per bulletin
    categories: pd.DataFrame  # region, label, kind, count (annex rows per problem category)
    repeats: pd.DataFrame  # units of this quarter named in an earlier quarter of the same region
    page_dir: str = "overview"  # where the page lives under reports/, for relative links
    manifest: dict = field(default_factory=dict)

    def title(self) -> Html:
        return Html(macro(_OV, "quarter_title", self.quarter.label_zh, self.summary["region"].nunique(),
                          len(self.summary)))

    def regions_table(self) -> Html:
        """One row per bulletin: region (link to its dashboard), stated and recomputed rates, checks, annex rows."""
        rows = []
        for r in self.summary.sort_values(["region", "bulletin_id"]).itertuples(index=False):
            href = _rel(f"{r.region}/{self.quarter}.html", self.page_dir)
            rows.append([
                {"text": r.region, "href": href}, *_rate_cells(r, "website"), *_rate_cells(r, "newmedia"),
                r.failed_errors, r.failed_warnings, _annex(r.website_annex), _annex(r.new_media_annex),
            ])
        return _table([("地区（点击打开看板）", False), ("政府网站合格率（通报）", True), ("政府网站合格率（核算）", True),
                       ("政务新媒体合格率（通报）", True), ("政务新媒体合格率（核算）", True), ("核验错误", True),
                       ("核验警告", True), ("问题网站条目", True), ("问题新媒体条目", True)], rows)

    def pass_rates(self, kind: str) -> Html:
        """Stated vs recomputed pass rate per region as a dot (dumbbell) chart with value labels.

        Both channels' charts share one axis (from just below the lowest rate of the quarter to
        100 %), so the two read alike; no bar is drawn on it (a bar on a cut axis exaggerates).
        """
        name = {"website": _WEB, "newmedia": _NM}[kind]
        s = self.summary[self.summary[f"{kind}_pass_rate"].notna() | self.summary[f"{kind}_pass_rate_computed"].notna()]
        if not len(s):
            return note(f"本季度的通报均未载明{name}合格率，也无法按数量核算。")
        rows = []
        for r in s.sort_values(["region", "bulletin_id"]).itertuples(index=False):
            prec = getattr(r, f"{kind}_pass_rate_precision")
            stated, computed = _num(getattr(r, f"{kind}_pass_rate")), _num(getattr(r, f"{kind}_pass_rate_computed"))
            label = r.region if (s["region"] == r.region).sum() == 1 else f"{r.region}（{r.bulletin_id}）"
            rows.append({"label": label, "channel": name, "stated": stated, "computed": computed,
                         "stated_text": _rate(stated, prec), "computed_text": _rate(computed, prec)})
        return rate_dots(rows, f"{name}合格率：通报数值与按数量核算值（%）", self._rate_range())

    def _rate_range(self) -> list[float]:
        """The x range both pass-rate charts share: a little below the quarter's lowest rate, up to 100 %."""
        cols = [f"{k}_pass_rate{c}" for k in ("website", "newmedia") for c in ("", "_computed")]
        vals = [float(v) for c in cols for v in self.summary[c] if _num(v) is not None]
        low = min(vals + [100.0])
        low = max(0.0, low - max(2.0, (100 - low) * 0.25))
        return [low, 100 + (100 - low) * 0.12]  # room right of 100 % for the labels; ticks stop at 100

    def checks_chart(self) -> Html:
        """Failed checks per region: errors and warnings stacked, integer axis."""
        s = self.summary.groupby("region", as_index=False)[["failed_errors", "failed_warnings"]].sum()
        s = s.sort_values(["failed_errors", "failed_warnings", "region"], ascending=[True, True, False])
        if not int(s["failed_errors"].sum() + s["failed_warnings"].sum()):
            return Html(macro(_OV, "ok", "本季度各地通报的数字全部核验一致。"))
        regions = [_t(r) for r in s["region"]]
        data = [{"type": "bar", "orientation": "h", "name": name, "y": regions, "x": [int(v) for v in s[col]],
                 "marker": {"color": SEVERITY_COLORS[name]}, "hovertemplate": "%{y}：%{x} 项<extra>" + name + "</extra>"}
                for name, col in (("错误", "failed_errors"), ("警告", "failed_warnings"))]
        lay = layout("各地区未通过的核验项数（错误：任何舍入都得不到通报数值；警告：仅截断可得）",
                      max(300, 110 + 30 * len(regions)), "核验结果")
        lay["barmode"] = "stack"
        lay["xaxis"] = count_axis(float((s["failed_errors"] + s["failed_warnings"]).max()))
        lay["yaxis"] = category_axis()
        return _chart(data, lay)

    def categories_chart(self) -> Html:
        """Annex problem rows per category and region (heatmap with the counts written in)."""
        c = self.categories
        if not len(c):
            return note("本季度没有通报附有问题清单，无法按检查指标跨地区比较。")
        piv = c.pivot_table(index="label", columns="region", values="count", aggfunc="sum", fill_value=0)
        piv = piv.loc[piv.sum(axis=1).sort_values().index]
        z = [[int(v) for v in row] for row in piv.to_numpy()]
        data = [{"type": "heatmap", "x": [_t(r) for r in piv.columns], "y": [_t(lab) for lab in piv.index], "z": z,
                 "text": [[str(v) if v else "" for v in row] for row in z], "texttemplate": "%{text}",
                 # teal: a count scale in no colour of the palette (blue is 政府网站, purple 政务新媒体)
                 "colorscale": [[0, "#f2f7f6"], [1, "#01665e"]], "zmin": 0, "xgap": 2, "ygap": 2,
                 "colorbar": {"title": {"text": "问题条目数"}, "tickformat": "d", "dtick": count_axis(max(map(max, z)))["dtick"]},
                 "hovertemplate": "%{x} · %{y}：%{z} 条<extra></extra>"}]
        lay = layout("问题类别 × 地区（附件问题条目数，按国务院检查指标归类）", max(320, 120 + 26 * len(piv)), None)
        lay["xaxis"] = category_axis(side="top")
        lay["yaxis"] = category_axis()
        lay["margin"]["t"] = 110
        return _chart(data, lay)

    def repeats_table(self) -> Html:
        if not len(self.repeats):
            return note("本季度附件中的单位，均未在同一地区较早季度的附件中出现（较早季度可能没有附件清单）。")
        return Html(frame_html(self.repeats, sortable=True))

    def footer(self) -> Html:
        return _footer(self.manifest)


def load_quarter(quarter: str, data_dir: str | Path | None = None,
                 tables: dict[str, pd.DataFrame] | None = None, page_dir: str = "overview") -> QuarterOverview:
    """The overview of one quarter from the processed tables (data_dir None or "": the project's)."""
    import pandas as pd

    from govstats.report.dashboard import cached_tables
    from govstats.store import read_manifest

    manifest = read_manifest(data_dir) if tables is None or data_dir else {}
    tables = tables if tables is not None else cached_tables(data_dir)
    q = validate_quarter(quarter, tables["bulletins"])
    s = _summary(tables)
    mine = s[s["quarter"] == str(q)].reset_index(drop=True)
    region_of = dict(zip(mine["bulletin_id"], mine["region"]))
    cats = category_vocab()
    rows = []
    for name in ("websites", "new_media"):
        df = tables[name]
        df = df[df["bulletin_id"].isin(region_of)]
        for bid, lst in zip(df["bulletin_id"], df["problem_categories"]):
            for cid in ([] if lst is None or isinstance(lst, str) or not hasattr(lst, "__iter__") else lst):
                label, kind = cats.get(cid, (cid, "management"))
                rows.append({"region": region_of[bid], "label": label, "kind": kind})
    categories = (pd.DataFrame(rows).value_counts().rename("count").reset_index() if rows
                  else pd.DataFrame(columns=["region", "label", "kind", "count"]))
    reps = []
    for region in sorted(set(mine["region"])):
        r = _repeat_units(tables, region, str(q))
        if len(r):
            r = r[r["季度"].str.contains(q.label_zh, regex=False)]
            reps.append(r.assign(地区=region))
    cols = ["地区", "类型", "名称", "被通报季度数", "季度"]
    repeats = pd.concat(reps)[cols].reset_index(drop=True) if reps else pd.DataFrame(columns=cols)
    return QuarterOverview(q, mine, categories, repeats, page_dir=page_dir,
                           manifest=manifest)


# ---------------------------------------------------------------- one region, every quarter


@dataclass
class RegionTrend:
    """A region across all its quarters; quarters without a bulletin are gaps."""

    region: str
    summary: pd.DataFrame  # summary_frame rows of this region
    span: list[str]  # every quarter from the first to the last with a bulletin
    repeats: pd.DataFrame
    manifest: dict = field(default_factory=dict)

    def _by_quarter(self, col: str) -> list[float | None]:
        """One value per quarter of the span; None where no bulletin (or no figure): a gap."""
        per = self.summary.dropna(subset=[col]).groupby("quarter")[col].first().to_dict()
        return [_num(per.get(q)) for q in self.span]

    @property
    def _ticks(self) -> list[str]:
        """Axis labels on two lines (2021年 / 第一季度): 17+ quarters fit without rotated, overlapping text."""
        return [quarter_tick(q) for q in self.span]

    def title(self) -> Html:
        have = sorted(set(self.summary["quarter"]), key=Quarter)
        missing = len(self.span) - len(have)
        return Html(macro(_OV, "region_title", self.region, Quarter(have[0]).label_zh, Quarter(have[-1]).label_zh,
                          len(self.span), missing, len(have)))

    def pass_rates(self) -> Html:
        """Stated (solid) and recomputed (dotted) pass rates per quarter, gaps where no bulletin."""
        x = self._ticks
        data = []
        for name, kind in ((_WEB, "website"), (_NM, "newmedia")):
            colour = color(name)
            # the open diamond is larger than the filled circle: where the two agree both stay visible
            for suffix, col, dash, sym, size in (("通报", f"{kind}_pass_rate", "solid", "circle", 9),
                                                 ("核算", f"{kind}_pass_rate_computed", "dot", "diamond-open", 15)):
                y = self._by_quarter(col)
                if all(v is None for v in y):
                    continue
                data.append({"type": "scatter", "mode": "lines+markers", "name": f"{name}合格率（{suffix}）",
                             "x": x, "y": y, "connectgaps": False, "line": {"color": colour, "dash": dash},
                             "marker": {"symbol": sym, "size": size, "color": colour, "line": {"color": colour, "width": 2}},
                             "hovertemplate": "%{x}：%{y}%<extra>" + f"{name}（{suffix}）" + "</extra>"})
        if not data:
            return note(f"{self.region}各季度的通报均未载明合格率。")
        vals = [v for d in data for v in d["y"] if v is not None]
        lay = layout(f"{self.region}各季度合格率（%）：实线为通报数值，虚线为按数量核算值，空缺为无通报的季度",
                      400, "图例（颜色：检查对象；线型：通报 / 核算）")
        lay["xaxis"] = category_axis(categoryorder="array", categoryarray=x)
        lay["yaxis"] = {"range": [max(0.0, min(vals) - 10), 104], "ticksuffix": "%", "gridcolor": "#e5e9f0",
                        "automargin": True}
        return _chart(data, lay)

    def checks_chart(self) -> Html:
        """Failed checks per quarter (errors, warnings stacked); integer axis; empty quarters stay empty."""
        x = self._ticks
        err, warn = self._by_quarter("failed_errors"), self._by_quarter("failed_warnings")
        if not sum(v or 0 for v in err + warn):
            return Html(macro(_OV, "ok", "本地区各季度通报的数字全部核验一致。"))
        data = [{"type": "bar", "name": name, "x": x, "y": [None if v is None else int(v) for v in ys],
                 "marker": {"color": SEVERITY_COLORS[name]}, "hovertemplate": "%{x}：%{y} 项<extra>" + name + "</extra>"}
                for name, ys in (("错误", err), ("警告", warn))]
        lay = layout("各季度未通过的核验项数", 340, "核验结果")
        lay["barmode"] = "stack"
        lay["xaxis"] = category_axis(categoryorder="array", categoryarray=x)
        lay["yaxis"] = count_axis(max((a or 0) + (b or 0) for a, b in zip(err, warn)))
        return _chart(data, lay)

    def annex_chart(self) -> Html:
        """Annex problem rows per quarter (websites, accounts); quarters without a bulletin are empty."""
        x = self._ticks
        w, n = self._by_quarter("website_rows"), self._by_quarter("new_media_rows")
        if not sum(v or 0 for v in w + n):
            return note(f"{self.region}各季度的通报均无附件问题清单。")
        data = [{"type": "bar", "name": name, "x": x, "y": [None if v is None else int(v) for v in ys],
                 "marker": {"color": color(name)}, "hovertemplate": "%{x}：%{y} 条<extra>" + name + "</extra>"}
                for name, ys in ((_WEB, w), (_NM, n))]
        lay = layout("各季度附件问题条目数", 340, "检查对象")
        lay["barmode"] = "group"
        lay["xaxis"] = category_axis(categoryorder="array", categoryarray=x)
        lay["yaxis"] = count_axis(max(max(v or 0 for v in w), max(v or 0 for v in n)))
        return _chart(data, lay)

    def quarters_table(self) -> Html:
        """Every quarter of the span: link to its dashboard, rates, checks; '无通报' where none."""
        by_q = {q: g for q, g in self.summary.groupby("quarter")}
        rows = []
        for q in reversed(self.span):
            label = Quarter(q).label_zh
            if q not in by_q:
                rows.append([label, {"text": "无通报", "nodata": True}, "—", "—", "—", "—", "—", "—"])
                continue
            for r in by_q[q].itertuples(index=False):
                rows.append([{"text": label, "href": f"{q}.html"}, r.bulletin_id, *_rate_cells(r, "website"),
                             *_rate_cells(r, "newmedia"), r.failed_errors, r.failed_warnings])
        return _table([("季度（点击打开看板）", False), ("通报编号", False), ("政府网站合格率（通报）", True),
                       ("政府网站合格率（核算）", True), ("政务新媒体合格率（通报）", True),
                       ("政务新媒体合格率（核算）", True), ("核验错误", True), ("核验警告", True)], rows, sortable=False)

    def repeats_table(self) -> Html:
        if not len(self.repeats):
            return note("没有单位在一个以上季度的附件中被通报（较早季度可能没有附件清单）。")
        return Html(frame_html(self.repeats, sortable=True))

    def footer(self) -> Html:
        return _footer(self.manifest)


def load_region(region: str, data_dir: str | Path | None = None,
                tables: dict[str, pd.DataFrame] | None = None) -> RegionTrend:
    """The trend page of one region from the processed tables (data_dir None or "": the project's)."""
    from govstats.report.dashboard import cached_tables
    from govstats.store import read_manifest

    manifest = read_manifest(data_dir) if tables is None or data_dir else {}
    tables = tables if tables is not None else cached_tables(data_dir)
    region = validate_region(region, tables["bulletins"])
    s = _summary(tables)
    mine = s[s["region"] == region].sort_values(["quarter", "bulletin_id"]).reset_index(drop=True)
    span = quarter_span(list(mine["quarter"]))
    repeats = _repeat_units(tables, region, span[-1])
    return RegionTrend(region, mine, span, repeats, manifest=manifest)
