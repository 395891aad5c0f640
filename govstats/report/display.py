"""Rich display for JupyterLab: compact HTML summaries of a Bulletin and of a Corpus.

The markup is in ``templates/display.html.j2``; every string that comes from a bulletin is
escaped there (bulletins are scraped from the web and may carry markup). Styles are inline so
nothing leaks into the notebook page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govstats.registry import _isna
from govstats.report.html import esc_or_dash, fmt_number, macro
from govstats.report.labels import FIGURE_LABELS_ZH, check_label, quarter_label, severity_rank

if TYPE_CHECKING:
    import pandas as pd
    from markupsafe import Markup

    from govstats.bulletin import Bulletin
    from govstats.corpus import Corpus

__all__ = ["bulletin_html", "corpus_html", "quarter_label"]

MAX_ROWS = 30
_T = "display.html.j2"


def _m(name: str, *args: Any) -> Markup:
    """One macro of display.html.j2, as markup that later macros do not escape again."""
    from markupsafe import Markup

    return Markup(macro(_T, name, *args))


def bulletin_html(b: Bulletin) -> str:
    """One bulletin: region, quarter, title, headline figures, failed checks with sentences, row counts."""
    from markupsafe import Markup

    info = b.info
    parts = [_m("bulletin_heading", info.get("region"), quarter_label(info.get("period")), info.get("region_code"),
                b.bulletin_id)]
    sub = " · ".join(
        esc_or_dash(v) for v in (info.get("title"), info.get("doc_number"), info.get("issuer"), info.get("issue_date"))
        if not _missing(v)
    )
    parts.append(_m("muted", Markup(sub)) if sub else Markup(""))
    parts.append(_m("counts", [("通报数据", len(b.figures)), ("问题网站", len(b.websites)),
                               ("问题新媒体", len(b.new_media)), ("一致性检查", len(b.checks))]))
    parts.append(_figures_table(b.figures))
    parts.append(_failed_checks_html(b.failed_checks(), with_region=False))
    return macro(_T, "box", parts)


def corpus_html(c: Corpus) -> str:
    """A corpus: size, quarters, one row per bulletin with its row and error counts, then the errors."""
    qs = c.quarters
    span = "—" if not qs else (qs[0].label_zh if len(qs) == 1 else f"{qs[0].label_zh} 至 {qs[-1].label_zh}")
    parts = [_m("heading", f"通报合集 Corpus: {len(c)} 份通报 · {len(c.regions)} 个地区 · {span}")]
    if c.source:
        parts.append(_m("muted", f"来源 source: {c.source}"))
    parts.append(_m("counts", [("通报数据", len(c.figures)), ("问题网站", len(c.websites)),
                               ("问题新媒体", len(c.new_media)), ("一致性检查", len(c.checks))]))
    errs = c.errors()
    per = errs.groupby(["bulletin_id", "severity"]).size() if len(errs) else None
    rows = []
    meta = c.bulletins.assign(_p=c.bulletins["period"].fillna("~"), _r=c.bulletins["region"].fillna("~"))
    for r in meta.sort_values(["_p", "_r"]).to_dict("records")[:MAX_ROWS]:
        bid = r["bulletin_id"]
        n_err = int(per.get((bid, "error"), 0)) if per is not None else 0
        n_warn = int(per.get((bid, "warning"), 0)) if per is not None else 0
        rows.append([_d(r["region"]), _d(quarter_label(r["period"])), _d(bid), _d(r["website_rows"]),
                     _d(r["new_media_rows"]), _m("badge", "error", n_err) if n_err else _d("0"),
                     _m("badge", "warning", n_warn) if n_warn else _d("0")])
    parts.append(_m("table", ["地区", "检查期", "通报编号", "网站行数", "新媒体行数", "错误", "警告"], rows))
    if len(c) > MAX_ROWS:
        parts.append(_m("muted", f"… 另有 {len(c) - MAX_ROWS} 份通报 (and {len(c) - MAX_ROWS} more)"))
    parts.append(_failed_checks_html(errs, with_region=True))
    if c.skipped:
        parts.append(_m("skipped", len(c.skipped), c.skipped[:MAX_ROWS]))
    return macro(_T, "box", parts)


# -- pieces ---------------------------------------------------------------------------------


def _figures_table(figures: pd.DataFrame) -> Markup:
    plain = figures[figures["breakdown"].isna()] if len(figures) else figures
    order = {k: i for i, k in enumerate(FIGURE_LABELS_ZH)}
    recs = sorted(plain.to_dict("records"), key=lambda r: (order.get(r["measure"], 99), str(r["measure"])))
    rows = [
        [_d(FIGURE_LABELS_ZH.get(r["measure"], r["measure"])), _m("code", r["measure"]),
         _d(_fmt(r["value"], r["unit"], r.get("precision"))), _d(r["stated_text"])]
        for r in recs
    ]
    return _m("figures", ["指标", "key", "数值", "原文"], rows)


def _failed_checks_html(failed: pd.DataFrame, with_region: bool) -> Markup:
    recs = sorted(failed.to_dict("records"), key=lambda r: severity_rank(r.get("severity")))
    rows = []
    for r in recs[:MAX_ROWS]:
        where = [_d(r.get("region")), _d(quarter_label(r.get("quarter")))] if with_region else []
        sentence = None if _missing(r.get("sentence")) else r["sentence"]
        prec = r.get("precision")  # the printed decimals: 94.3 against 94.0, not 94
        unit = "pct" if str(r.get("check", "")).endswith("_rate") else None
        rows.append([*where, _m("badge", str(r.get("severity"))), _d(check_label(r.get("check"))),
                     _d(_fmt(r.get("stated"), unit, prec)), _d(_fmt(r.get("computed"), unit, prec)),
                     _m("message", r.get("message"), sentence)])
    heads = (["地区", "检查期"] if with_region else []) + ["严重程度", "检查项", "通报数值", "核算数值", "说明 / 原文句子"]
    return _m("failed", len(recs), heads, rows, len(recs) - MAX_ROWS)


def _d(v: Any) -> Markup:
    """A table cell's text: escaped, missing values as —."""
    from markupsafe import Markup

    return Markup(esc_or_dash(v))


def _fmt(v: Any, unit: Any = None, precision: Any = None) -> str:
    p = None if _missing(precision) else int(precision)
    return "—" if _missing(v) else fmt_number(float(v), "pct" if unit == "pct" else "count", p)


def _missing(v: Any) -> bool:
    return v is None or _isna(v) or v == ""
