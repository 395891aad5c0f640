"""The validation results as one offline govstats page, from the same GX run as the Data Docs.

GX Data Docs load Bootstrap, jQuery, Vega and Font Awesome from CDNs: offline they show
unstyled pages with empty tables. This page is built from the run's own results
(``ValidationReport.raw_results``: every expectation of every suite, its outcome, counts,
examples and the suite's notes) with the dashboards' CSS and no external resource.

    write_validation_page(report, checks, summary, "gx_docs/validation.html")
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from govstats.validate import ValidationReport

__all__ = ["validation_html", "write_validation_page"]

PAGE_NAME = "validation.html"


def _e(v: Any) -> str:
    return html.escape("" if v is None else str(v))


def _short(v: Any, n: int = 160) -> str:
    text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= n else text[: n - 1] + "…"


def _condition(kwargs: dict[str, Any]) -> str:
    cond = kwargs.get("row_condition")
    if not cond:
        return ""
    if isinstance(cond, dict) and "column" in cond:
        return f"{cond['column'].get('name')} {cond.get('operator')} {cond.get('parameter')}"
    return _short(cond, 80)


def _column(kwargs: dict[str, Any]) -> str:
    for key in ("column", "column_list", "column_A", "column_set"):
        if key in kwargs:
            v = kwargs[key]
            if key == "column_A":
                return f"{v} + {kwargs.get('column_B')}"
            return v if isinstance(v, str) else f"{len(v)} 列"
    return "（整表）"


def _rule(kwargs: dict[str, Any]) -> str:
    skip = {"batch_id", "column", "column_list", "column_A", "column_B", "row_condition", "condition_parser"}
    rest = {k: v for k, v in kwargs.items() if k not in skip and v is not None}
    return _short(rest) if rest else ""


def validation_html(report: ValidationReport, checks: pd.DataFrame | None, summary: str,
                    reconciliation: list[str] | None = None) -> str:
    """The whole page: verdict, one table of expectations per suite, the reconciliation findings."""
    from govstats import registry
    from govstats.report.html import style_html

    parts = ["<h1>数据校验报告</h1>",
             '<p class="gs-meta">Great Expectations 对 data/processed 各表的校验结果（与 Data Docs 同一次运行），'
             "以及通报数字之间的一致性核验。本页不加载任何外部资源。</p>",
             f'<p class="{"gs-ok" if report.success else "gs-bad"}">{_e(summary)}</p>']
    toc = []
    for table, res in report.raw_results.items():
        d = res.to_json_dict() if hasattr(res, "to_json_dict") else res
        label = registry.TABLES[table].label_zh if table in registry.TABLES else table
        stats = d.get("statistics", {})
        ok = bool(d.get("success"))
        toc.append(f'<a href="#t-{_e(table)}">{_e(label)}</a> {"✔" if ok else "✘"}')
        rows = []
        for r in sorted(d.get("results", []), key=lambda r: bool(r.get("success"))):
            cfg, out = r.get("expectation_config", {}), r.get("result", {}) or {}
            kw = cfg.get("kwargs", {})
            exc = (r.get("exception_info") or {}).get("exception_message")
            passed = bool(r.get("success"))
            examples = out.get("partial_unexpected_list") or []
            ids = sorted({str(x.get("bulletin_id")) for x in out.get("partial_unexpected_index_list") or []
                          if isinstance(x, dict) and x.get("bulletin_id")})
            count = out.get("unexpected_count")
            rows.append(
                f'<tr class="{"" if passed else "gs-failed"}"><td>{"✔ 通过" if passed else "✘ 未通过"}</td>'
                f"<td><code>{_e(cfg.get('type'))}</code></td><td>{_e(_column(kw))}</td><td>{_e(_condition(kw))}</td>"
                f"<td>{_e(_rule(kw))}</td>"
                f'<td class="num">{"" if count is None else int(count)}</td>'
                f"<td>{_e(_short(examples, 120)) if examples else ''}{_e(' ' + exc) if exc else ''}</td>"
                f"<td>{_e('、'.join(ids[:8]))}</td><td>{_e((cfg.get('meta') or {}).get('notes', ''))}</td></tr>")
        head = "".join(f'<th class="num">{h}</th>' if h == "异常数" else f"<th>{h}</th>"
                       for h in ("结果", "期望", "列", "条件", "规则", "异常数", "示例", "涉及通报", "说明"))
        parts.append(
            f'<h2 id="t-{_e(table)}">{_e(label)} <code>{_e(table)}</code></h2>'
            f'<p class="gs-meta">{report.row_counts.get(table, 0)} 行 · {stats.get("successful_expectations", 0)} / '
            f'{stats.get("evaluated_expectations", 0)} 项期望通过</p>'
            f'<table class="gs-table gs-sortable"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    parts.insert(3, '<p class="gs-links">' + " · ".join(toc) + "</p>")
    if reconciliation:
        parts.append("<h2>一致性核验未通过的项</h2><ul>"
                     + "".join(f"<li>{_e(line)}</li>" for line in reconciliation) + "</ul>")
    elif checks is not None:
        parts.append('<h2>一致性核验</h2><p class="gs-ok">✔ 通报中的数字全部核验一致。</p>')
    css = "<style>tr.gs-failed td { background: #fff1f0; }</style>"
    return ('<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>数据校验报告</title>{style_html()}{css}</head>\n<body style=\"margin:24px\">\n"
            + "\n".join(parts) + "\n</body></html>\n")


def write_validation_page(report: ValidationReport, checks: pd.DataFrame | None, summary: str,
                          target: str | Path, reconciliation: list[str] | None = None) -> Path:
    """Write :func:`validation_html` atomically to target."""
    from govstats.store import write_text

    return write_text(target, validation_html(report, checks, summary, reconciliation))
