"""Data preparation for the quarterly dashboard notebook (one region x one quarter).

The report notebook only calls this module and :mod:`govstats.charts`: every figure, table and
sentence it shows is computed here from the processed tables, so the notebook stays a list of
short calls and the same numbers feed the index page and the Excel ledger.

Display helpers return :class:`Html` objects (they have ``_repr_html_``), so they render in
JupyterLab and in nbconvert's HTML without importing IPython. Every piece of bulletin text is
passed through :func:`html.escape` before it reaches markup.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import __version__, registry
from govstats.errors import ParameterError
from govstats.quarter import Quarter

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Dashboard",
    "Html",
    "MEASURE_LABELS_ZH",
    "assets",
    "available",
    "bulletin_quarter",
    "load",
    "load_tables",
    "summary_frame",
    "validate_params",
]

#: Chinese labels of the narrative figure keys (DESIGN §4), for headline tables and the ledger.
MEASURE_LABELS_ZH: dict[str, str] = {
    "website_total": "政府网站总数",
    "website_checked": "检查政府网站数",
    "website_unqualified": "不合格政府网站数",
    "website_qualified": "合格政府网站数",
    "website_with_problems": "存在问题的政府网站数",
    "website_pass_rate": "政府网站合格率",
    "website_coverage_rate": "政府网站检查覆盖率",
    "newmedia_total": "政务新媒体总数",
    "newmedia_checked": "检查政务新媒体数",
    "newmedia_unqualified": "不合格政务新媒体数",
    "newmedia_qualified": "合格政务新媒体数",
    "newmedia_prominent_problems": "存在突出问题的政务新媒体数",
    "newmedia_pass_rate": "政务新媒体合格率",
    "newmedia_unrectified": "未整改到位的政务新媒体数",
    "annual_report_rate": "年度报表发布率",
}

_PERIOD_Q = re.compile(r"^\d{4}Q[1-4]$")
_UNRECTIFIED = ("not_rectified", "in_progress", "not_reported")
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_KIND_ZH = {"veto": "单项否决", "deduction": "扣分项", "management": "管理类问题"}


class Html:
    """A fragment of trusted markup (built here, with all data escaped) that notebooks render."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"Html({len(self.markup)} chars)"


def esc(v: object) -> str:
    """Escaped display text of one value: NA -> empty, lists joined with '；'."""
    if isinstance(v, (list, tuple)):
        return html.escape("；".join(str(x) for x in v))
    if registry._isna(v):
        return ""
    return html.escape(str(v))


def note(text: str) -> Html:
    """One-line statement used instead of an empty chart or table."""
    return Html(f'<p class="gs-note">{html.escape(text)}</p>')


# ---------------------------------------------------------------- loading and parameters


def load_tables(data_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The processed tables with registry dtypes (govstats.store.read_tables; None or "": paths.processed_dir)."""
    from govstats import paths, store

    return store.read_tables(data_dir if data_dir not in (None, "") else paths.processed_dir())


def _read_manifest(data_dir: str | Path | None) -> dict:
    """manifest.json of the processed tables, {} if absent (govstats.store.read_manifest)."""
    from govstats import paths, store

    return store.read_manifest(data_dir if data_dir not in (None, "") else paths.processed_dir())


def bulletin_quarter(row: Any) -> str | None:
    """The 2025Q1 label of a bulletins row: its period when quarterly, else year + quarter."""
    period = row.get("period") if isinstance(row, dict) else getattr(row, "period", None)
    if isinstance(period, str) and _PERIOD_Q.match(period):
        return period
    year = row.get("year") if isinstance(row, dict) else getattr(row, "year", None)
    q = row.get("quarter") if isinstance(row, dict) else getattr(row, "quarter", None)
    if registry._isna(year) or registry._isna(q):
        return None
    return f"{int(year)}Q{int(q)}"


def available(bulletins: pd.DataFrame) -> pd.DataFrame:
    """(region, quarter, bulletin_id) of every bulletin that can have a dashboard.

    Bulletins with no region or no quarterly period are left out; :func:`unplaceable` lists them.
    """
    import pandas as pd

    rows = []
    for r in bulletins.itertuples(index=False):
        q = bulletin_quarter(r)
        if q is not None and not registry._isna(r.region):
            rows.append({"region": str(r.region), "quarter": q, "bulletin_id": r.bulletin_id})
    return pd.DataFrame(rows, columns=["region", "quarter", "bulletin_id"])


def unplaceable(bulletins: pd.DataFrame) -> list[tuple[str, str]]:
    """(bulletin_id, reason) of bulletins that cannot be placed in a (region, quarter)."""
    out = []
    for r in bulletins.itertuples(index=False):
        if registry._isna(r.region):
            out.append((r.bulletin_id, "no region recognized"))
        elif bulletin_quarter(r) is None:
            out.append((r.bulletin_id, f"period {r.period if not registry._isna(r.period) else '?'} is not a quarter"))
    return out


def validate_params(region: str, quarter: str, bulletins: pd.DataFrame) -> Quarter:
    """Check region and quarter against the data; ParameterError naming the valid choices."""
    return _validate(region, quarter, available(bulletins))


def _validate(region: str, quarter: str, av: pd.DataFrame) -> Quarter:
    regions = sorted(av["region"].unique())
    if region not in regions:
        raise ParameterError(f"unknown region {region!r}; regions with data: {'、'.join(regions) or '(none)'}")
    quarters = sorted(av.loc[av["region"] == region, "quarter"].unique())
    try:
        q = Quarter(quarter)
    except ParameterError as exc:
        raise ParameterError(f"{exc}; quarters with data for {region}: {', '.join(quarters)}") from None
    if str(q) not in quarters:
        raise ParameterError(f"no bulletin for {region} {q}; quarters with data for {region}: {', '.join(quarters)}")
    return q


# ---------------------------------------------------------------- summary (index, ledger, trend)


def _round_half_up(x: float, digits: int) -> float:
    return float(Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def figure_index(figures: pd.DataFrame) -> dict[tuple[str, str], tuple[float | None, int | None]]:
    """{(bulletin_id, measure): (value, precision)} of the plain (non-breakdown) figures, first wins.

    Built once per frame: filtering the long table per lookup costs ~10 ms each in pandas.
    """
    plain = figures[figures["breakdown"].isna()]
    out: dict[tuple[str, str], tuple[float | None, int | None]] = {}
    for bid, m, v, p in zip(plain["bulletin_id"], plain["measure"], plain["value"], plain["precision"]):
        out.setdefault((bid, m), (None if registry._isna(v) else float(v), None if registry._isna(p) else int(p)))
    return out


def recomputed_pass_rate(tables: dict[str, pd.DataFrame], bid: str, kind: str,
                         fig: dict[tuple[str, str], tuple[float | None, int | None]] | None = None) -> float | None:
    """Pass rate recomputed from the stated counts, at the printed precision (half-up).

    The checks table's own recomputation wins when present (it knows more breakdowns);
    otherwise (checked - unqualified) / checked, with qualified/checked as a fallback.
    """
    checks = tables["checks"]
    c = checks[(checks["bulletin_id"] == bid) & (checks["check"] == f"{kind}_pass_rate")]
    if len(c) and not registry._isna(c["computed"].iloc[0]):
        return float(c["computed"].iloc[0])
    fig = fig if fig is not None else figure_index(tables["figures"])

    def val(m: str) -> float | None:
        return fig.get((bid, m), (None, None))[0]

    checked, unq, qual = val(f"{kind}_checked"), val(f"{kind}_unqualified"), val(f"{kind}_qualified")
    if not checked:
        return None
    if unq is not None:
        rate = (checked - unq) / checked * 100
    elif qual is not None:
        rate = qual / checked * 100
    else:
        return None
    prec = fig.get((bid, f"{kind}_pass_rate"), (None, None))[1]
    return _round_half_up(rate, 2 if prec is None else prec)


def summary_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per bulletin: region, quarter, key figures stated vs recomputed, annex and check counts."""
    import pandas as pd

    b, w, n, ch = tables["bulletins"], tables["websites"], tables["new_media"], tables["checks"]
    fig = figure_index(tables["figures"])
    unrect = pd.concat([w[["bulletin_id", "rectification"]], n[["bulletin_id", "rectification"]]])
    unrect_n = unrect[unrect["rectification"].isin(_UNRECTIFIED)]["bulletin_id"].value_counts().to_dict()
    w_n, n_n = w["bulletin_id"].value_counts().to_dict(), n["bulletin_id"].value_counts().to_dict()
    failed = ch[~ch["ok"].fillna(False).astype(bool)]
    err_n = failed[failed["severity"].eq("error").fillna(False)]["bulletin_id"].value_counts().to_dict()
    warn_n = failed[failed["severity"].eq("warning").fillna(False)]["bulletin_id"].value_counts().to_dict()
    rows = []
    for r in b.itertuples(index=False):
        bid = r.bulletin_id

        def v(m: str, bid: str = bid) -> float | None:
            return fig.get((bid, m), (None, None))[0]

        rows.append(
            {
                "bulletin_id": bid,
                "region": None if registry._isna(r.region) else r.region,
                "quarter": bulletin_quarter(r),
                "title": None if registry._isna(r.title) else r.title,
                "website_checked": v("website_checked"),
                "website_unqualified": v("website_unqualified"),
                "website_with_problems": v("website_with_problems"),
                "website_pass_rate": v("website_pass_rate"),
                "website_pass_rate_computed": recomputed_pass_rate(tables, bid, "website", fig),
                "newmedia_checked": v("newmedia_checked"),
                "newmedia_unqualified": v("newmedia_unqualified"),
                "newmedia_pass_rate": v("newmedia_pass_rate"),
                "newmedia_pass_rate_computed": recomputed_pass_rate(tables, bid, "newmedia", fig),
                "newmedia_unrectified": v("newmedia_unrectified"),
                "annex_unrectified": int(unrect_n.get(bid, 0)),
                "website_rows": int(w_n.get(bid, 0)),
                "new_media_rows": int(n_n.get(bid, 0)),
                "failed_errors": int(err_n.get(bid, 0)),
                "failed_warnings": int(warn_n.get(bid, 0)),
                "feedback_deadline": r.feedback_deadline,
            }
        )
    cols = list(SUMMARY_LABELS_ZH)
    return pd.DataFrame(rows, columns=cols)


#: Chinese headers of :func:`summary_frame` (index page and ledger summary sheet).
SUMMARY_LABELS_ZH: dict[str, str] = {
    "bulletin_id": registry.BULLETINS.column("bulletin_id").label_zh,
    "region": registry.BULLETINS.column("region").label_zh,
    "quarter": registry.BULLETINS.column("period").label_zh,
    "title": registry.BULLETINS.column("title").label_zh,
    "website_checked": "检查网站数",
    "website_unqualified": "不合格网站数",
    "website_with_problems": "存在问题网站数",
    "website_pass_rate": "网站合格率（通报）",
    "website_pass_rate_computed": "网站合格率（核算）",
    "newmedia_checked": "检查新媒体数",
    "newmedia_unqualified": "不合格新媒体数",
    "newmedia_pass_rate": "新媒体合格率（通报）",
    "newmedia_pass_rate_computed": "新媒体合格率（核算）",
    "newmedia_unrectified": "未整改新媒体数（通报）",
    "annex_unrectified": "未整改条目数（附件）",
    "website_rows": registry.BULLETINS.column("website_rows").label_zh,
    "new_media_rows": registry.BULLETINS.column("new_media_rows").label_zh,
    "failed_errors": "核验错误数",
    "failed_warnings": "核验警告数",
    "feedback_deadline": registry.BULLETINS.column("feedback_deadline").label_zh,
}


# ---------------------------------------------------------------- the dashboard


@dataclass
class Dashboard:
    """Everything one (region, quarter) dashboard shows, as frames; display helpers return Html."""

    region: str
    quarter: Quarter
    bulletins: pd.DataFrame
    figures: pd.DataFrame
    websites: pd.DataFrame
    new_media: pd.DataFrame
    checks: pd.DataFrame
    history: pd.DataFrame  # summary_frame rows of this region, quarters up to this one
    history_websites: pd.DataFrame = field(repr=False, default=None)  # type: ignore[assignment]
    history_new_media: pd.DataFrame = field(repr=False, default=None)  # type: ignore[assignment]
    manifest: dict = field(default_factory=dict)
    _tables: dict = field(default_factory=dict, repr=False)

    # -- identity
    @property
    def label(self) -> str:
        return f"{self.region} {self.quarter.label_zh}"

    @property
    def has_annex(self) -> bool:
        return bool(len(self.websites) or len(self.new_media))

    def title(self) -> Html:
        """Page heading with the bulletin's title, issuer and dates."""
        parts = [f"<h1>{esc(self.region)}{esc(self.quarter.label_zh)}政府网站与政务新媒体检查情况</h1>"]
        for r in self.bulletins.itertuples(index=False):
            meta = [
                ("标题", r.title), ("发文单位", r.issuer), ("文号", r.doc_number),
                ("发文日期", _date(r.issue_date)), ("通报编号", r.bulletin_id),
            ]
            parts.append('<p class="gs-meta">' + " · ".join(f"{k}：{esc(v)}" for k, v in meta if not registry._isna(v) and v)
                         + "</p>")
        return Html("\n".join(parts))

    # -- 核心指标
    def headline_frame(self) -> pd.DataFrame:
        """Key figures: rows 项目, columns 政府网站 / 政务新媒体 (display strings), one block per bulletin."""
        import pandas as pd

        rows = []
        fig = figure_index(self.figures)
        for r in self.bulletins.itertuples(index=False):
            bid = r.bulletin_id

            def v(m: str, bid: str = bid) -> str:
                return _fmt(fig.get((bid, m), (None, None))[0], "pct" if m.endswith("_rate") else "count")

            w_rate = recomputed_pass_rate(self._tables, bid, "website", fig)
            n_rate = recomputed_pass_rate(self._tables, bid, "newmedia", fig)
            ws, nm = self.websites[self.websites["bulletin_id"] == bid], self.new_media[self.new_media["bulletin_id"] == bid]
            rows += [
                ("检查数量", v("website_checked"), v("newmedia_checked")),
                ("不合格数量", v("website_unqualified"), v("newmedia_unqualified")),
                ("存在（突出）问题数量", v("website_with_problems"), v("newmedia_prominent_problems")),
                ("合格率（通报）", v("website_pass_rate"), v("newmedia_pass_rate")),
                ("合格率（按数量核算）", _fmt(w_rate, "pct"), _fmt(n_rate, "pct")),
                ("检查覆盖率", v("website_coverage_rate"), "—"),
                ("未整改数量（通报）", "—", v("newmedia_unrectified")),
                ("未整改条目（附件）", _unrect(ws), _unrect(nm)),
                ("附件条目数", str(len(ws)) if self.has_annex else "—", str(len(nm)) if self.has_annex else "—"),
                ("反馈截止日期", _date(r.feedback_deadline) or "—", _date(r.feedback_deadline) or "—"),
            ]
            if len(self.bulletins) > 1:
                rows.insert(len(rows) - 10, (f"【{bid}】", "", ""))
        return pd.DataFrame(rows, columns=["项目", "政府网站", "政务新媒体"])

    def headline(self) -> Html:
        """核心指标 as cards (checked, pass rate) plus the full table."""
        df = self.headline_frame()
        cards = []
        fig = figure_index(self.figures)
        for r in self.bulletins.itertuples(index=False):
            for label, m in (("检查政府网站", "website_checked"), ("检查政务新媒体", "newmedia_checked"),
                             ("政务新媒体合格率", "newmedia_pass_rate"), ("政府网站合格率", "website_pass_rate"),
                             ("未整改政务新媒体", "newmedia_unrectified")):
                x = fig.get((r.bulletin_id, m), (None, None))[0]
                if x is not None:
                    unit = "%" if m.endswith("_rate") else ""
                    cards.append(f'<div class="gs-card"><div class="gs-card-v">{esc(_fmt(x, "pct" if unit else "count"))}</div>'
                                 f'<div class="gs-card-l">{esc(label)}</div></div>')
        body = f'<div class="gs-cards">{"".join(cards)}</div>' if cards else ""
        if not len(self.figures):
            body += note("本期通报未载明可提取的统计数字。").markup
        return Html(body + frame_html(df, sortable=False))

    # -- 数据核验
    def failed_checks(self) -> pd.DataFrame:
        c = self.checks
        return c[~c["ok"].fillna(False).astype(bool)]

    def checks_section(self) -> Html:
        """Failed checks with their sentences, or a statement that the figures agree."""
        c = self.checks
        if not len(c):
            return note("本期通报没有可相互核对的数字，未进行一致性核验。")
        failed = self.failed_checks()
        problems = failed[failed["severity"].isin(["error", "warning"])]
        notes = failed[~failed["severity"].isin(["error", "warning"])]
        n_ok = int(c["ok"].fillna(False).astype(bool).sum())
        parts = []
        if problems.empty:
            parts.append(f'<p class="gs-ok">✔ 全部 {n_ok} 项核验一致：通报中的各项数字与按数量核算的结果相符。</p>')
        else:
            parts.append(f'<p class="gs-bad">✘ {len(problems)} 项核验未通过（{n_ok} 项一致）：</p>')
            show = problems.assign(severity=problems["severity"].map(lambda s: _SEVERITY_ZH.get(s, s)),
                                   check=problems["check"].map(lambda c: MEASURE_LABELS_ZH.get(c, c)))
            parts.append(frame_html(show[["check", "severity", "stated", "computed", "message", "sentence"]],
                                    labels=registry.CHECKS.labels(), sortable=True))
        if len(notes):
            parts.append("<p>提示：</p><ul>" + "".join(f"<li>{esc(m)}</li>" for m in notes["message"]) + "</ul>")
        return Html("\n".join(parts))

    # -- frames behind the charts
    def category_counts(self) -> pd.DataFrame:
        """Problem rows per category: category, label, kind (veto/deduction/management), table, count."""
        import pandas as pd

        categories = _labels()[0]
        rows = []
        for table, df in (("政府网站", self.websites), ("政务新媒体", self.new_media)):
            for cats in df["problem_categories"]:
                for cid in cats or []:
                    label, kind = categories.get(cid, (cid, "management"))
                    rows.append({"category": cid, "label": label, "kind": _KIND_ZH.get(kind, kind), "table": table})
        if not rows:
            return pd.DataFrame(columns=["category", "label", "kind", "table", "count"])
        return pd.DataFrame(rows).value_counts().rename("count").reset_index()

    def region_counts(self) -> pd.DataFrame:
        """Problem rows per county/district (region name from the region code), by table."""
        import pandas as pd

        parts = []
        for table, df in (("政府网站", self.websites), ("政务新媒体", self.new_media)):
            if len(df):
                names = df["region_name"].fillna("未识别地区").astype(str)
                parts.append(pd.DataFrame({"region_name": names, "table": table}))
        if not parts:
            return pd.DataFrame(columns=["region_name", "table", "count"])
        return pd.concat(parts).value_counts().rename("count").reset_index()

    def platform_counts(self) -> pd.DataFrame:
        """Problem accounts per platform (Chinese label) and result."""
        import pandas as pd

        platforms = _labels()[1]
        nm = self.new_media
        if not len(nm):
            return pd.DataFrame(columns=["platform", "result", "count"])

        def lab(row: Any) -> str:
            if registry._isna(row.platform):
                return f"其他（{row.platform_raw}）" if not registry._isna(row.platform_raw) else "未识别"
            return platforms.get(row.platform, str(row.platform))

        res = {"qualified": "合格", "unqualified": "不合格"}
        df = pd.DataFrame({
            "platform": [lab(r) for r in nm.itertuples(index=False)],
            "result": [res.get(x, "未注明") if not registry._isna(x) else "未注明" for x in nm["result"]],
        })
        return df.value_counts().rename("count").reset_index()

    def rectification_counts(self) -> pd.DataFrame:
        """Rows per rectification status (Chinese label), by table."""
        import pandas as pd

        from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH

        parts = []
        for table, df in (("政府网站", self.websites), ("政务新媒体", self.new_media)):
            if len(df):
                st = df["rectification"].fillna("unknown").astype(str)
                parts.append(pd.DataFrame({"status": st.map(lambda s: RECTIFICATION_LABELS_ZH.get(s, s)), "table": table}))
        if not parts:
            return pd.DataFrame(columns=["status", "table", "count"])
        return pd.concat(parts).value_counts().rename("count").reset_index()

    def trend_frame(self) -> pd.DataFrame:
        """Pass rates and counts per quarter of this region (quarters up to this one)."""
        h = self.history.copy()
        h["quarter_zh"] = h["quarter"].map(lambda q: Quarter(q).label_zh)
        return h

    # -- 问题清单
    def findings(self, table: str) -> Html:
        """Full annex table with Chinese headers, sortable; a one-line note when there is none."""
        df = self.websites if table == "websites" else self.new_media
        t = registry.TABLES[table]
        if not len(df):
            return note(f"本期通报无{t.label_zh}附件（仅有正文）。")
        show = df.copy()
        show["problem_categories"] = show["problem_categories"].map(_category_labels)
        from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH

        show["rectification"] = show["rectification"].map(lambda s: RECTIFICATION_LABELS_ZH.get(s, s) if isinstance(s, str) else s)
        if table == "new_media":
            show["platform"] = show["platform_raw"]
            show["result"] = show["result_raw"].where(show["result_raw"].notna(), show["result"])
            cols = ["seq", "account_name", "operator", "platform_raw", "result_raw", "problem", "problem_categories",
                    "rectification", "rectification_raw", "region_name"]
        else:
            cols = ["seq", "site_name", "url", "site_code", "problem", "problem_categories", "rectification",
                    "rectification_raw", "region_name"]
        return Html(frame_html(show[cols], labels=t.labels(), sortable=True))

    # -- 历史趋势
    def repeat_units(self) -> pd.DataFrame:
        """Units (sites, accounts) of this region flagged in more than one quarter, with those quarters."""
        import pandas as pd

        rows = []
        qmap = dict(zip(self.history["bulletin_id"], self.history["quarter"]))
        for kind, df, col in (("政府网站", self.history_websites, "site_name"), ("政务新媒体", self.history_new_media, "account_name")):
            if df is None or not len(df):
                continue
            # plain dict of sets: a pandas groupby here cost ~30 ms of a kernel for a few rows
            quarters: dict[str, set[str]] = {}
            for name, bid in zip(df[col], df["bulletin_id"]):
                unit = "" if registry._isna(name) else "".join(str(name).split())
                if unit:
                    q = qmap.get(bid)
                    quarters.setdefault(unit, set()).update(() if registry._isna(q) else (q,))
            for unit in sorted(quarters):
                qs = sorted(quarters[unit])
                if len(qs) > 1:
                    rows.append({"类型": kind, "名称": unit, "被通报季度数": len(qs),
                                 "季度": "；".join(Quarter(q).label_zh for q in qs)})
        return pd.DataFrame(rows, columns=["类型", "名称", "被通报季度数", "季度"])

    def repeat_units_section(self) -> Html:
        df = self.repeat_units()
        if len(self.history) < 2:
            return note("本地区仅有本季度的通报，无法比对多次被通报的单位。")
        if not len(df):
            return note("没有单位在一个以上季度的附件中被通报（较早季度可能没有附件清单）。")
        return Html(frame_html(df, sortable=True))

    def footer(self) -> Html:
        return Html(footer_html(self.manifest))


def footer_html(manifest: dict) -> str:
    """Provenance footer: govstats version and the input-data hash from manifest.json."""
    h = manifest.get("input_hash") or "unknown"
    return (f'<footer class="gs-footer">govstats {esc(__version__)} · 输入数据哈希 (input hash) '
            f'<code>{esc(h)}</code> · 数据由通报原文自动提取，请以原文为准。</footer>')


def load(region: str, quarter: str, data_dir: str | Path | None = None,
         tables: dict[str, pd.DataFrame] | None = None) -> Dashboard:
    """Build the Dashboard of one region and quarter from the processed tables (data_dir None: the
    project's, from govstats.paths, whatever the working folder)."""
    if tables is None:
        tables = load_tables(data_dir)
    av = available(tables["bulletins"])
    q = _validate(region, quarter, av)
    mine = av[av["region"] == region]
    ids = list(mine.loc[mine["quarter"] == str(q), "bulletin_id"])
    hist_ids = list(mine.loc[mine["quarter"].map(lambda s: Quarter(s) <= q), "bulletin_id"])

    def pick(name: str, which: list[str]) -> pd.DataFrame:
        df = tables[name]
        return df[df["bulletin_id"].isin(which)].reset_index(drop=True)

    names = ("bulletins", "figures", "websites", "new_media", "checks")
    hist = {k: pick(k, hist_ids) for k in names}
    cur = hist if ids == hist_ids else {k: pick(k, ids) for k in names}
    summ = summary_frame(hist).sort_values(["quarter", "bulletin_id"]).reset_index(drop=True)
    return Dashboard(
        region=region,
        quarter=q,
        **cur,
        history=summ,
        history_websites=hist["websites"],
        history_new_media=hist["new_media"],
        manifest=_read_manifest(data_dir),
        _tables=cur,
    )


# ---------------------------------------------------------------- html helpers


def _fmt(x: float | None, unit: str) -> str:
    if x is None or registry._isna(x):
        return "—"
    if unit == "pct":
        return f"{x:g}%"
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def _date(v: object) -> str | None:
    if registry._isna(v):
        return None
    return v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)


def _unrect(df: pd.DataFrame) -> str:
    return str(int(df["rectification"].isin(_UNRECTIFIED).sum())) if len(df) else "—"


@functools.lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """({category id: (label_zh, kind)}, {platform id: label_zh}), read straight from the vocabulary CSVs.

    Same values as normalize's category_label_zh / category_kind / platform_label_zh (a test
    checks), without what those build on first use for *matching*: ~180 compiled category
    regexes and the OpenCC converter behind the platform synonyms, ~0.1 s of every dashboard
    kernel for a dozen labels. The CSVs are read here rather than with normalize.vocab.load_csv,
    whose import brings the text normalizer and its regexes (~20 ms).
    """
    import csv
    from importlib import resources

    def rows(name: str) -> list[dict[str, str]]:
        text = resources.files("govstats.normalize").joinpath("data", name).read_text(encoding="utf-8-sig")
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(text.splitlines())]

    categories = {r["id"]: (r["label_zh"], r["kind"]) for r in rows("problem_categories.csv") if r.get("id")}
    platforms = {r["id"]: r["label_zh"] for r in rows("platforms.csv") if r.get("id") and not r["subtype"]}
    return categories, platforms


def _category_labels(cats: object) -> str:
    categories = _labels()[0]
    return "；".join(categories[c][0] if c in categories else str(c) for c in cats) if isinstance(cats, (list, tuple)) else ""


def frame_html(df: pd.DataFrame, labels: dict[str, str] | None = None, sortable: bool = True) -> str:
    """A DataFrame as an escaped HTML table; sortable tables get a click-to-sort header."""
    labels = labels or {}
    cls = "gs-table gs-sortable" if sortable else "gs-table"
    head = "".join(f"<th>{esc(labels.get(c, c))}</th>" for c in df.columns)
    body = []
    for row in df.itertuples(index=False, name=None):
        cells = []
        for v in row:
            num = isinstance(v, (int, float)) and not isinstance(v, bool) and not registry._isna(v)
            text = _fmt(v, "count") if num else esc(v)
            cells.append(f'<td class="num">{text}</td>' if num else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


_CSS = """
body, .jp-Notebook { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.gs-cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 16px; }
.gs-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 16px; min-width: 130px; background: #f6f8fa; }
.gs-card-v { font-size: 1.6em; font-weight: 600; color: #1f4e79; }
.gs-card-l { color: #57606a; }
table.gs-table { border-collapse: collapse; margin: 8px 0; font-size: 0.92em; }
table.gs-table th, table.gs-table td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
table.gs-table th { background: #eef2f7; }
table.gs-table td.num { text-align: right; }
table.gs-sortable th { cursor: pointer; }
table.gs-sortable th[data-dir="asc"]::after { content: " ▲"; }
table.gs-sortable th[data-dir="desc"]::after { content: " ▼"; }
.gs-note { color: #57606a; font-style: italic; }
.gs-ok { color: #1a7f37; font-weight: 600; }
.gs-bad { color: #cf222e; font-weight: 600; }
.gs-meta { color: #57606a; }
.gs-footer { margin-top: 32px; padding-top: 8px; border-top: 1px solid #d0d7de; color: #57606a; font-size: 0.85em; }
"""

# Click a header to sort its table (numbers numerically, text with zh collation). No library.
_SORT_JS = """
document.addEventListener("click", function (ev) {
  var th = ev.target.closest ? ev.target.closest("table.gs-sortable th") : null;
  if (!th) return;
  var table = th.closest("table"), tbody = table.tBodies[0];
  var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
  var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
  Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("data-dir"); });
  th.setAttribute("data-dir", dir);
  var rows = Array.prototype.slice.call(tbody.rows);
  function key(r) { var t = r.cells[idx] ? r.cells[idx].textContent.trim() : ""; var n = parseFloat(t.replace(/[%,]/g, ""));
    return (t !== "" && /^-?[\\d.,]+%?$/.test(t) && !isNaN(n)) ? n : t; }
  rows.sort(function (a, b) { var x = key(a), y = key(b), c;
    if (typeof x === "number" && typeof y === "number") c = x - y; else c = String(x).localeCompare(String(y), "zh");
    return dir === "asc" ? c : -c; });
  rows.forEach(function (r) { tbody.appendChild(r); });
});
"""


def style_html() -> str:
    """CSS and the table-sort script (no external resources)."""
    return f"<style>{_CSS}</style>\n<script>{_SORT_JS}</script>"


def assets(embed_plotlyjs: bool = True) -> Html:
    """Page assets, emitted once per dashboard: CSS, table sorting and plotly.js itself (offline).

    With embed_plotlyjs=False only an empty placeholder script is emitted, which
    :func:`govstats.report.export_html` fills with plotly.js: the batch run then never ships
    4.8 MB through the kernel's message channel, nbformat validation and the template engine.
    """
    from govstats.charts import plotlyjs_html

    return Html(style_html() + "\n" + plotlyjs_html(placeholder=not embed_plotlyjs))
