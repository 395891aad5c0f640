"""Rich display for JupyterLab: compact HTML summaries of a Bulletin and of a Corpus.

Every string that comes from a bulletin goes through html.escape: bulletins are scraped
from the web and may carry markup. Styles are inline so nothing leaks into the notebook page.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from govstats.registry import _isna
from govstats.report.html import fmt_number
from govstats.report.labels import FIGURE_LABELS_ZH, SEVERITY_LABELS_ZH, quarter_label, severity_rank

if TYPE_CHECKING:
    import pandas as pd

    from govstats.bulletin import Bulletin
    from govstats.corpus import Corpus

__all__ = ["bulletin_html", "corpus_html", "quarter_label"]

_SEVERITY_COLORS = {"error": "#c62828", "warning": "#b26a00", "info": "#546e7a"}
MAX_ROWS = 30

_BOX = "font-family:sans-serif;font-size:13px;line-height:1.45;max-width:980px"
_TABLE = "border-collapse:collapse;margin:4px 0 10px 0;font-size:12.5px"
_CELL = "border:1px solid rgba(127,127,127,.35);padding:2px 6px;text-align:left;vertical-align:top"
_MUTED = "opacity:.7"


def bulletin_html(b: Bulletin) -> str:
    """One bulletin: region, quarter, title, headline figures, failed checks with sentences, row counts."""
    info = b.info
    head = (
        f"<div style='font-size:15px;font-weight:bold'>{_e(info.get('region'))} · {_e(quarter_label(info.get('period')))}"
        f" <span style='font-weight:normal;{_MUTED}'>({_e(info.get('region_code'))}, {_e(b.bulletin_id)})</span></div>"
    )
    sub = " · ".join(
        _e(v) for v in (info.get("title"), info.get("doc_number"), info.get("issuer"), info.get("issue_date")) if not _missing(v)
    )
    parts = [head, f"<div style='{_MUTED}'>{sub}</div>" if sub else ""]
    parts.append(_counts_line({"通报数据": len(b.figures), "问题网站": len(b.websites),
                               "问题新媒体": len(b.new_media), "一致性检查": len(b.checks)}))
    parts.append(_figures_table(b.figures))
    parts.append(_failed_checks_html(b.failed_checks(), with_region=False))
    return f"<div style='{_BOX}'>{''.join(parts)}</div>"


def corpus_html(c: Corpus) -> str:
    """A corpus: size, quarters, one row per bulletin with its row and error counts, then the errors."""
    qs = c.quarters
    span = "—" if not qs else (qs[0].label_zh if len(qs) == 1 else f"{qs[0].label_zh} 至 {qs[-1].label_zh}")
    head = (
        f"<div style='font-size:15px;font-weight:bold'>通报合集 Corpus: {len(c)} 份通报 · {len(c.regions)} 个地区 · {_e(span)}</div>"
    )
    parts = [head]
    if c.source:
        parts.append(f"<div style='{_MUTED}'>来源 source: {_e(c.source)}</div>")
    parts.append(_counts_line({"通报数据": len(c.figures), "问题网站": len(c.websites),
                               "问题新媒体": len(c.new_media), "一致性检查": len(c.checks)}))
    errs = c.errors()
    per = errs.groupby(["bulletin_id", "severity"]).size() if len(errs) else None
    rows = []
    meta = c.bulletins.assign(_p=c.bulletins["period"].fillna("~"), _r=c.bulletins["region"].fillna("~"))
    for r in meta.sort_values(["_p", "_r"]).to_dict("records")[:MAX_ROWS]:
        bid = r["bulletin_id"]
        n_err = int(per.get((bid, "error"), 0)) if per is not None else 0
        n_warn = int(per.get((bid, "warning"), 0)) if per is not None else 0
        rows.append([
            _e(r["region"]), _e(quarter_label(r["period"])), _e(bid), _e(r["website_rows"]), _e(r["new_media_rows"]),
            _badge("error", n_err) if n_err else "0", _badge("warning", n_warn) if n_warn else "0",
        ])
    parts.append(_table(["地区", "检查期", "通报编号", "网站行数", "新媒体行数", "错误", "警告"], rows))
    if len(c) > MAX_ROWS:
        parts.append(f"<div style='{_MUTED}'>… 另有 {len(c) - MAX_ROWS} 份通报 (and {len(c) - MAX_ROWS} more)</div>")
    parts.append(_failed_checks_html(errs, with_region=True))
    if c.skipped:
        items = "".join(f"<li>{_e(p)}: {_e(reason)}</li>" for p, reason in c.skipped[:MAX_ROWS])
        parts.append(f"<div><b>未能读取 skipped ({len(c.skipped)})</b><ul style='margin:2px 0'>{items}</ul></div>")
    return f"<div style='{_BOX}'>{''.join(parts)}</div>"


# -- pieces ---------------------------------------------------------------------------------


def _figures_table(figures: pd.DataFrame) -> str:
    plain = figures[figures["breakdown"].isna()] if len(figures) else figures
    if not len(plain):
        return f"<div style='{_MUTED}'>未提取到通报数据 (no narrative figures)</div>"
    order = {k: i for i, k in enumerate(FIGURE_LABELS_ZH)}
    recs = sorted(plain.to_dict("records"), key=lambda r: (order.get(r["measure"], 99), str(r["measure"])))
    rows = [
        [_e(FIGURE_LABELS_ZH.get(r["measure"], r["measure"])), f"<code>{_e(r['measure'])}</code>",
         _e(_fmt(r["value"], r["unit"])), _e(r["stated_text"])]
        for r in recs
    ]
    return "<div style='margin-top:6px'><b>主要数据 headline figures</b></div>" + _table(
        ["指标", "key", "数值", "原文"], rows
    )


def _failed_checks_html(failed: pd.DataFrame, with_region: bool) -> str:
    if not len(failed):
        return "<div style='margin-top:6px;color:#2e7d32'>✓ 一致性检查全部通过 (no failed checks)</div>"
    recs = sorted(failed.to_dict("records"), key=lambda r: severity_rank(r.get("severity")))
    rows = []
    for r in recs[:MAX_ROWS]:
        sev = str(r.get("severity"))
        where = [_e(r.get("region")), _e(quarter_label(r.get("quarter")))] if with_region else []
        sentence = "" if _missing(r.get("sentence")) else f"<div style='{_MUTED}'>「{_e(r['sentence'])}」</div>"
        rows.append([*where, _badge(sev), f"<code>{_e(r.get('check'))}</code>", _e(_fmt(r.get("stated"))),
                     _e(_fmt(r.get("computed"))), f"{_e(r.get('message'))}{sentence}"])
    heads = (["地区", "检查期"] if with_region else []) + ["严重程度", "检查项", "通报数值", "核算数值", "说明 / 原文句子"]
    more = len(recs) - MAX_ROWS
    tail = f"<div style='{_MUTED}'>… 另有 {more} 项 (and {more} more)</div>" if more > 0 else ""
    return f"<div style='margin-top:6px'><b>未通过的检查 failed checks ({len(recs)})</b></div>{_table(heads, rows)}{tail}"


def _counts_line(counts: dict[str, int]) -> str:
    return "<div style='margin:4px 0'>" + " · ".join(f"{_e(k)} <b>{v}</b>" for k, v in counts.items()) + "</div>"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    """Rows are already-escaped HTML fragments; headers are escaped here."""
    th = "".join(f"<th style='{_CELL}'>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='{_CELL}'>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table style='{_TABLE}'><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _badge(severity: str, n: int | None = None) -> str:
    color = _SEVERITY_COLORS.get(severity, "#546e7a")
    text = SEVERITY_LABELS_ZH.get(severity, severity) if n is None else str(n)
    return f"<span style='color:{color};font-weight:bold'>{_e(text)}</span>"


def _fmt(v: Any, unit: Any = None) -> str:
    return "—" if _missing(v) else fmt_number(float(v), "pct" if unit == "pct" else "count")


def _missing(v: Any) -> bool:
    return v is None or _isna(v) or v == ""


def _e(v: Any) -> str:
    """Escape anything for HTML; missing values become an em dash."""
    if _missing(v):
        return "—"
    if hasattr(v, "strftime"):
        v = v.strftime("%Y-%m-%d")
    return html.escape(str(v))
