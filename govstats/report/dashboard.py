"""Data preparation for the quarterly dashboard notebook (one region x one quarter).

The report notebook only calls this module and :mod:`govstats.report.charts`: every figure, table and
sentence it shows is computed here from the processed tables, so the notebook stays a list of
short calls and the same numbers feed the index page and the Excel ledger.

Display helpers return :class:`Html` objects (they have ``_repr_html_``), so they render in
JupyterLab and in nbconvert's HTML without importing IPython. Markup comes from the templates
of :mod:`govstats.report.html`, where every piece of bulletin text is escaped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import paths, registry, store
from govstats.checks import failed_mask
from govstats.quarter import Quarter
from govstats.report.html import (
    Html,
    figure_html,
    fmt_date,
    fmt_number,
    footer_html,
    frame_html,
    macro,
    note,
    style_html,
)
from govstats.report.labels import (
    ANALYST_MARK,
    ANALYST_NOTE_ZH,
    CHANNEL_LABELS_ZH,
    KIND_LABELS_ZH,
    SEVERITY_LABELS_ZH,
    category_labels,
    category_vocab,
    check_label,
    note_zh,
    platform_vocab,
    rectification_label,
    result_labels,
)
from govstats.report.summary import (
    UNRECTIFIED,
    analyst_figures,
    annex_cell,
    available,
    failed_measures,
    figure_index,
    recomputed_pass_rate,
    require_available,
    resolve_region,
    summary_frame,
    validate_params,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Dashboard", "Html", "assets", "available", "cached_tables", "load", "validate_params"]

_WEB, _NM = CHANNEL_LABELS_ZH["website"], CHANNEL_LABELS_ZH["newmedia"]
_FRAGMENTS = "dashboard.html.j2"


# ---------------------------------------------------------------- loading and parameters


def cached_tables(data_dir: str | Path | None) -> dict[str, pd.DataFrame]:
    """store.read_tables memoized per process on the published generation and its files' mtimes and sizes.

    A warm kernel (govstats.report.warm) renders many pages from the same files: reading and
    typing them once saves ~50 ms a page. The frames are shared: callers filter, never modify in place.
    """
    d = Path(data_dir if data_dir not in (None, "") else paths.processed_dir()).resolve()
    g = store.generation_dir(d)
    stamp = (str(g), tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(g.glob("*.parquet"))))
    return _cached_tables(str(d), stamp)


@functools.lru_cache(maxsize=2)
def _cached_tables(data_dir: str, stamp: tuple) -> dict[str, pd.DataFrame]:
    return store.read_tables(data_dir)


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
        metas = []
        for r in self.bulletins.itertuples(index=False):
            meta = [
                ("标题", r.title), ("发文单位", r.issuer), ("文号", r.doc_number),
                ("发文日期", fmt_date(r.issue_date)), ("通报编号", r.bulletin_id),
            ]
            metas.append([(k, v) for k, v in meta if not registry._isna(v) and v])
        return Html(macro(_FRAGMENTS, "title", self.region, self.quarter.label_zh, metas))

    # -- 核心指标
    def headline_frame(self) -> pd.DataFrame:
        """Key figures: rows 项目, columns 政府网站 / 政务新媒体 (display strings), one block per bulletin.

        Rates keep their printed decimals and the recomputed rate is shown at the same precision.
        ``df.attrs["flagged"]`` maps (row, column) of a stated figure that failed its check to its
        flagged markup (struck, badged, recomputed value beside it), which :meth:`headline` shows.
        """
        import pandas as pd
        from markupsafe import Markup

        rows: list[tuple[str, str, str]] = []
        flagged: dict[tuple[int, str], Markup] = {}
        fig = figure_index(self.figures)
        analyst = analyst_figures(self.figures)  # marked ※: entered in .figures.yml, not read from the text
        flags = failed_measures(self.checks)
        for r in self.bulletins.itertuples(index=False):
            bid = r.bulletin_id
            if len(self.bulletins) > 1:
                rows.append((f"【{bid}】", "", ""))

            def cell(m: str | None, bid: str = bid) -> tuple[str, Markup | None]:
                if m is None:
                    return "—", None
                value, prec = fig.get((bid, m), (None, None))
                unit = "pct" if m.endswith("_rate") else "count"
                shown = fmt_number(value, unit, prec)
                if (bid, m) in analyst:
                    shown += ANALYST_MARK
                sev, computed, check = flags.get((bid, m), (None, None, None))
                if sev is None or value is None:
                    return shown, None
                return shown, Markup(figure_html(shown, sev, None if computed is None else fmt_number(computed, unit, prec),
                                                 check_label(check)))

            def prec(kind: str, bid: str = bid) -> int | None:
                value, p = fig.get((bid, f"{kind}_pass_rate"), (None, None))
                return p if p is not None else (None if value is not None else 2)

            for label, w_key, n_key in (("检查数量", "website_checked", "newmedia_checked"),
                                        ("不合格数量", "website_unqualified", "newmedia_unqualified"),
                                        ("存在（突出）问题数量", "website_with_problems", "newmedia_prominent_problems"),
                                        ("合格率（通报）", "website_pass_rate", "newmedia_pass_rate")):
                (w, w_mark), (n, n_mark) = cell(w_key), cell(n_key)
                for col, mark in (("政府网站", w_mark), ("政务新媒体", n_mark)):
                    if mark is not None:
                        flagged[(len(rows), col)] = mark
                rows.append((label, w, n))
            w_rate = recomputed_pass_rate(self._tables, bid, "website", fig)
            n_rate = recomputed_pass_rate(self._tables, bid, "newmedia", fig)
            ws, nm = self.websites[self.websites["bulletin_id"] == bid], self.new_media[self.new_media["bulletin_id"] == bid]
            w_annex = annex_cell(len(ws), len(nm), fig.get((bid, "website_with_problems"), (None, None))[0])
            n_annex = annex_cell(len(nm), len(ws), fig.get((bid, "newmedia_unqualified"), (None, None))[0])
            # rows below: 核算 (+0), 检查覆盖率 (+1), 未整改数量 (+2)
            for offset, col, key in ((1, "政府网站", "website_coverage_rate"), (1, "政务新媒体", "newmedia_coverage_rate"),
                                     (2, "政务新媒体", "newmedia_unrectified")):
                mark = cell(key)[1]
                if mark is not None:
                    flagged[(len(rows) + offset, col)] = mark
            rows += [
                ("合格率（按数量核算）", fmt_number(w_rate, "pct", prec("website")),
                 fmt_number(n_rate, "pct", prec("newmedia"))),
                ("检查覆盖率", cell("website_coverage_rate")[0], cell("newmedia_coverage_rate")[0]),
                ("未整改数量（通报）", "—", cell("newmedia_unrectified")[0]),
                ("未整改条目（附件）", _unrect(ws) if len(ws) else w_annex, _unrect(nm) if len(nm) else n_annex),
                ("附件条目数", w_annex, n_annex),
                ("反馈截止日期", fmt_date(r.feedback_deadline) or "—", fmt_date(r.feedback_deadline) or "—"),
            ]
        df = pd.DataFrame(rows, columns=["项目", "政府网站", "政务新媒体"])
        df.attrs["flagged"] = flagged  # display strings stay plain text; headline() puts the markup in
        return df

    def cards(self) -> list[dict[str, Any]]:
        """The headline cards: value as printed, label, and for a figure that failed a check its flag,
        the check's Chinese label and the recomputed value (at the printed precision)."""
        fig = figure_index(self.figures)
        analyst = analyst_figures(self.figures)
        flags = failed_measures(self.checks)
        out = []
        for r in self.bulletins.itertuples(index=False):
            for label, m in (("检查政府网站", "website_checked"), ("检查政务新媒体", "newmedia_checked"),
                             ("政务新媒体合格率", "newmedia_pass_rate"), ("政府网站合格率", "website_pass_rate"),
                             ("未整改政务新媒体", "newmedia_unrectified")):
                x, prec = fig.get((r.bulletin_id, m), (None, None))
                if x is None:
                    continue
                unit = "pct" if m.endswith("_rate") else "count"
                sev, computed, check = flags.get((r.bulletin_id, m), (None, None, None))
                if sev is not None and computed is None and m.endswith("_pass_rate"):
                    computed = recomputed_pass_rate(self._tables, r.bulletin_id, m.split("_")[0], fig)
                mark = ANALYST_MARK if (r.bulletin_id, m) in analyst else ""
                out.append({"value": fmt_number(x, unit, prec) + mark, "label": label, "flag": sev,
                            "computed": None if computed is None else fmt_number(computed, unit, prec),
                            "check": None if check is None else check_label(check)})
        return out

    def headline(self) -> Html:
        """核心指标 as cards (checked, pass rate) plus the full table; a failed figure is flagged on its card,
        a figure the analyst entered (.figures.yml) is marked ※ with a footnote."""
        df = self.headline_frame()
        body = macro("figures.html.j2", "cards", self.cards())
        if not len(self.figures):
            body += note("本期通报未载明可提取的统计数字。").markup
        if analyst_figures(self.figures):
            body += note(ANALYST_NOTE_ZH).markup
        return Html(body + frame_html(df, sortable=False, markup=df.attrs.get("flagged")))

    # -- 数据核验
    def failed_checks(self) -> pd.DataFrame:
        """Checks that were made and failed (ok False); checks that could not be made are not in it."""
        c = self.checks
        return c[failed_mask(c)]

    def checks_section(self) -> Html:
        """Failed checks with their sentences, or a statement that the figures agree."""
        c = self.checks
        if not len(c):
            return note("本期通报没有可相互核对的数字，未进行一致性核验。")
        import pandas as pd

        failed = self.failed_checks()
        problems = failed[failed["severity"].isin(["error", "warning"])]
        # failed info notes, then the checks that could not be made (ok null: "无法核验", the reason)
        notes = pd.concat([failed[~failed["severity"].isin(["error", "warning"])], c[c["ok"].isna()]])
        from markupsafe import Markup

        n_ok = int(c["ok"].fillna(False).astype(bool).sum())
        table = ""
        if not problems.empty:
            show = problems.assign(severity=problems["severity"].map(lambda s: SEVERITY_LABELS_ZH.get(s, s)),
                                   check=problems["check"].map(check_label))
            table = frame_html(show[["check", "severity", "stated", "computed", "message", "sentence"]],
                               labels=registry.CHECKS.labels(), sortable=True)
        return Html(macro(_FRAGMENTS, "checks_summary", n_ok, len(problems), Markup(table),
                          [note_zh(c, m) for c, m in zip(notes["check"], notes["message"])]))

    # -- frames behind the charts
    def category_counts(self) -> pd.DataFrame:
        """Problem rows per category: category, label, kind (veto/deduction/management), table, count."""
        import pandas as pd

        categories = category_vocab()
        rows = []
        for table, df in ((_WEB, self.websites), (_NM, self.new_media)):
            for cats in df["problem_categories"]:
                for cid in cats or []:
                    label, kind = categories.get(cid, (cid, "management"))
                    rows.append({"category": cid, "label": label, "kind": KIND_LABELS_ZH.get(kind, kind), "table": table})
        if not rows:
            return pd.DataFrame(columns=["category", "label", "kind", "table", "count"])
        return pd.DataFrame(rows).value_counts().rename("count").reset_index()

    def region_counts(self) -> pd.DataFrame:
        """Problem rows per county/district (region name from the region code), by table."""
        import pandas as pd

        parts = []
        for table, df in ((_WEB, self.websites), (_NM, self.new_media)):
            if len(df):
                names = df["region_name"].fillna("未识别地区").astype(str)
                parts.append(pd.DataFrame({"region_name": names, "table": table}))
        if not parts:
            return pd.DataFrame(columns=["region_name", "table", "count"])
        return pd.concat(parts).value_counts().rename("count").reset_index()

    def platform_counts(self) -> pd.DataFrame:
        """Problem accounts per platform (Chinese label) and result."""
        import pandas as pd

        platforms = platform_vocab()
        nm = self.new_media
        if not len(nm):
            return pd.DataFrame(columns=["platform", "result", "count"])

        def lab(row: Any) -> str:
            if registry._isna(row.platform):
                return f"其他（{row.platform_raw}）" if not registry._isna(row.platform_raw) else "未识别"
            return platforms.get(row.platform, str(row.platform))

        df = pd.DataFrame({
            "platform": [lab(r) for r in nm.itertuples(index=False)],
            "result": [result_labels().get(x, "未注明") if not registry._isna(x) else "未注明" for x in nm["result"]],
        })
        return df.value_counts().rename("count").reset_index()

    def rectification_counts(self) -> pd.DataFrame:
        """Rows per rectification status (Chinese label), by table."""
        import pandas as pd

        parts = []
        for table, df in ((_WEB, self.websites), (_NM, self.new_media)):
            if len(df):
                st = df["rectification"].fillna("unknown").astype(str)
                parts.append(pd.DataFrame({"status": st.map(rectification_label), "table": table}))
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
        show["problem_categories"] = show["problem_categories"].map(category_labels)
        show["rectification"] = show["rectification"].map(rectification_label)
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
        for kind, df, col in ((_WEB, self.history_websites, "site_name"), (_NM, self.history_new_media, "account_name")):
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


def load(region: str, quarter: str, data_dir: str | Path | None = None,
         tables: dict[str, pd.DataFrame] | None = None) -> Dashboard:
    """Build the Dashboard of one region and quarter from the processed tables (data_dir None or "":
    the project's, from govstats.paths, whatever the working folder)."""
    if tables is None:
        tables = cached_tables(data_dir)
    av = available(tables["bulletins"])
    region = resolve_region(region, av)
    q = require_available(region, quarter, av)
    mine = av[av["region"] == region]
    ids = list(mine.loc[mine["quarter"] == str(q), "bulletin_id"])
    hist_ids = list(mine.loc[mine["quarter"].map(lambda s: Quarter(s) <= q), "bulletin_id"])

    def pick(df: pd.DataFrame, which: list[str]) -> pd.DataFrame:
        return df[df["bulletin_id"].isin(which)].reset_index(drop=True)

    names = registry.TABLE_NAMES
    hist = {k: pick(tables[k], hist_ids) for k in names}
    # this quarter's rows from the region's history, not from the whole (national) tables again
    cur = hist if ids == hist_ids else {k: pick(hist[k], ids) for k in names}
    summ = summary_frame(hist).sort_values(["quarter", "bulletin_id"]).reset_index(drop=True)
    return Dashboard(
        region=region,
        quarter=q,
        **cur,
        history=summ,
        history_websites=hist["websites"],
        history_new_media=hist["new_media"],
        manifest=store.read_manifest(data_dir),
        _tables=cur,
    )


def _unrect(df: pd.DataFrame) -> str:
    return str(int(df["rectification"].isin(UNRECTIFIED).sum())) if len(df) else "—"


def assets(embed_plotlyjs: bool = True, plotlyjs_src: str = "") -> Html:
    """Page assets, emitted once per page: CSS, table sorting and plotly.js (offline).

    plotlyjs_src, a relative path such as ``../plotly-6.0.1.min.js``, links the one shared copy
    beside the pages (the default of ``govstats build``: ~300 KB a page instead of 5 MB; the
    folder still works offline and when copied). Otherwise, with embed_plotlyjs=False, only an
    empty placeholder script is emitted, which :func:`govstats.report.render.export_html` fills
    with plotly.js (a self-contained page, ``--self-contained``) without shipping 4.8 MB through
    the kernel's message channel; embed_plotlyjs=True inlines it here (JupyterLab).
    """
    from govstats.report.charts import plotlyjs_html, plotlyjs_link

    js = plotlyjs_link(plotlyjs_src) if plotlyjs_src else plotlyjs_html(placeholder=not embed_plotlyjs)
    return Html(style_html() + "\n" + js)
