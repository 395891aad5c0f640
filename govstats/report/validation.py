"""The validation results as one offline govstats page, from the same GX run as the Data Docs.

GX Data Docs load Bootstrap, jQuery, Vega and Font Awesome from CDNs: offline they show
unstyled pages with empty tables, so the pages never point users at them. This page is built
from the run's own results (``ValidationReport.raw_results``: every expectation of every suite,
its outcome, counts, examples and the suite's notes) with the dashboards' CSS and no external
resource, from the template ``validation.html.j2``: the failed consistency checks first, in
Chinese, then the GX detail folded (issue 18).

    write_validation_page(report, checks, summary, "gx_docs/validation.html")
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from govstats.validate import ValidationReport

__all__ = ["validation_html", "write_validation_page"]

PAGE_NAME = "validation.html"


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
    """The whole page, from its template: the verdict and the failed consistency checks first, in
    Chinese (every check id by its label), then the notes, then each table's GX expectations folded.

    reconciliation (validate's readable lines) is kept for the signature; the findings are built
    from ``checks`` itself, so each gets its Chinese label and its own cells.
    """
    from markupsafe import Markup

    from govstats import registry
    from govstats.registry import severity_rank
    from govstats.report.html import fmt_number, render_template, style_html
    from govstats.report.labels import check_label, note_zh

    findings, notes, n_bulletins = [], [], 0
    if checks is not None and len(checks):
        failed = checks[~checks["ok"].fillna(False).astype(bool)]
        bad = failed[failed["severity"].isin(("error", "warning"))]
        n_bulletins = int(bad["bulletin_id"].nunique())
        for r in sorted(bad.itertuples(index=False), key=lambda r: (severity_rank(r.severity), str(r.bulletin_id))):
            prec = None if registry._isna(r.precision) else int(r.precision)
            unit = "pct" if str(r.check).endswith("_rate") else "count"
            findings.append({"severity": r.severity, "bulletin_id": r.bulletin_id, "check": check_label(r.check),
                             "stated": fmt_number(r.stated, unit, prec), "computed": fmt_number(r.computed, unit, prec),
                             "message": "" if registry._isna(r.message) else r.message,
                             "sentence": "" if registry._isna(r.sentence) else r.sentence})
        info = failed[~failed["severity"].isin(("error", "warning"))]
        notes = [{"bulletin_id": b, "text": note_zh(c, m)} for b, c, m in zip(info["bulletin_id"], info["check"],
                                                                              info["message"])]
    schema = [f for f in report.failures if not (f.table == "checks" and f.column == "ok" and f.condition)]
    tables = []
    for table, res in report.raw_results.items():
        d = res.to_json_dict() if hasattr(res, "to_json_dict") else res
        stats = d.get("statistics", {})
        rows = []
        for r in sorted(d.get("results", []), key=lambda r: bool(r.get("success"))):
            cfg, out = r.get("expectation_config", {}), r.get("result", {}) or {}
            kw = cfg.get("kwargs", {})
            exc = (r.get("exception_info") or {}).get("exception_message")
            examples = out.get("partial_unexpected_list") or []
            ids = sorted({str(x.get("bulletin_id")) for x in out.get("partial_unexpected_index_list") or []
                          if isinstance(x, dict) and x.get("bulletin_id")})
            count = out.get("unexpected_count")
            rows.append({"passed": bool(r.get("success")), "type": cfg.get("type"), "column": _column(kw),
                         "condition": _condition(kw), "rule": _rule(kw), "count": "" if count is None else int(count),
                         "examples": (_short(examples, 120) if examples else "") + (" " + exc if exc else ""),
                         "ids": "、".join(ids[:8]), "notes": (cfg.get("meta") or {}).get("notes", "")})
        tables.append({"name": table, "label": registry.TABLES[table].label_zh if table in registry.TABLES else table,
                       "ok": table not in {f.table for f in schema},  # a failed consistency check is a finding
                       "gx_ok": bool(d.get("success")),
                       "rows": report.row_counts.get(table, 0),
                       "passed": stats.get("successful_expectations", 0),
                       "evaluated": stats.get("evaluated_expectations", 0), "rows_": rows})
    return render_template(
        "validation.html.j2", style=Markup(style_html()), summary=summary, schema_failures=len(schema),
        n_tables=len(report.row_counts), n_rows=sum(report.row_counts.values()), findings=findings, notes=notes,
        n_bulletins=n_bulletins, n_errors=sum(f["severity"] == "error" for f in findings),
        n_warnings=sum(f["severity"] == "warning" for f in findings), has_checks=checks is not None, tables=tables)


def write_validation_page(report: ValidationReport, checks: pd.DataFrame | None, summary: str,
                          target: str | Path, reconciliation: list[str] | None = None) -> Path:
    """Write :func:`validation_html` atomically to target."""
    from govstats.store import write_text

    return write_text(target, validation_html(report, checks, summary, reconciliation))
