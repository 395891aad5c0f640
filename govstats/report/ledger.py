"""The 整改台账 (rectification ledger): one xlsx workbook per quarter for people who live in Excel.

Layout (documented in the README of the reports folder by `govstats build`):

- ``reports/ledger/<quarter>.xlsx`` holds every region's bulletins of that quarter;
  ``--region`` writes ``reports/ledger/<quarter>-<region>.xlsx`` with that region only.
- Sheets: 汇总 (one row per bulletin: region, figures stated vs recomputed, unrectified counts,
  feedback deadline), 政府网站 and 政务新媒体 (one row per annex row), 一致性检查 (checks).
- Headers are the registry's Chinese labels; the header row is frozen and filtered; column
  widths count CJK characters as 2; list cells are joined with "；"; normalized vocabularies
  are shown by their Chinese labels next to the printed text.
- Text is never a formula: every string cell is written with ``data_type = "s"`` and the
  quote prefix, so a problem text such as ``=HYPERLINK(...)`` stays inert text in Excel.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.errors import ParameterError
from govstats.store import clean_text

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SHEETS", "display_width", "ledger_frames", "write_ledger", "write_ledger_for"]

#: Sheet name per frame, in workbook order.
SHEETS = {"summary": "汇总", "websites": "政府网站", "new_media": "政务新媒体", "checks": "一致性检查"}
_MAX_WIDTH, _MIN_WIDTH = 60, 6
_WRAP_FROM = 40  # columns wider than this wrap instead of growing


def display_width(v: object) -> int:
    """Width of a value in Excel character units: East Asian wide/full-width characters count 2."""
    s = "" if v is None else str(v)
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in s)


def _labels_for(table: str) -> dict[str, str]:
    return registry.TABLES[table].labels()


def ledger_frames(tables: dict[str, pd.DataFrame], quarter: str, region: str | None = None) -> dict[str, pd.DataFrame]:
    """The ledger's sheets as frames with Chinese headers, for the bulletins of one quarter (and region)."""
    from govstats.quarter import Quarter
    from govstats.report.labels import (
        SEVERITY_LABELS_ZH,
        SUBTYPE_LABELS_ZH,
        SUMMARY_LABELS_ZH,
        YES_NO_ZH,
        category_labels,
        platform_label,
        rectification_label,
        result_labels,
    )
    from govstats.report.summary import available, resolve_region, summary_frame

    q = str(Quarter(quarter))
    av = available(tables["bulletins"])
    sel = av[av["quarter"] == q]
    if region is not None:
        region = resolve_region(region, av)
        sel = sel[sel["region"] == region]
    if sel.empty:
        choices = sorted(set(av.loc[av["region"] == region, "quarter"] if region else av["quarter"]))
        where = f" for {region}" if region else ""
        raise ParameterError(f"no bulletin{where} in {q}; quarters with data{where}: {', '.join(choices)}")
    ids = list(sel["bulletin_id"])
    region_of = dict(zip(sel["bulletin_id"], sel["region"]))
    sub = {k: v[v["bulletin_id"].isin(ids)].reset_index(drop=True) for k, v in tables.items() if k != "manifest"}

    summ = summary_frame(sub).drop(columns=["title"]).rename(columns=SUMMARY_LABELS_ZH)

    def annex(name: str) -> pd.DataFrame:
        df = sub[name].copy()
        df["problem_categories"] = df["problem_categories"].map(category_labels)
        df["rectification"] = df["rectification"].map(rectification_label)
        if name == "new_media":
            df["platform"] = [platform_label(p, r) for p, r in zip(df["platform"], df["platform_raw"])]
            df["platform_subtype"] = df["platform_subtype"].map(SUBTYPE_LABELS_ZH)
            df["result"] = df["result"].map(result_labels())
        df.insert(1, "region", df["bulletin_id"].map(region_of))
        return df.rename(columns={"region": "通报地区", **_labels_for(name)})

    checks = sub["checks"].copy()
    checks["severity"] = checks["severity"].map(SEVERITY_LABELS_ZH)
    checks["ok"] = checks["ok"].map(lambda v: YES_NO_ZH[v] if isinstance(v, bool) else None)
    return {
        "summary": summ,
        "websites": annex("websites"),
        "new_media": annex("new_media"),
        "checks": checks.rename(columns=_labels_for("checks")),
    }


def _cell_value(v: Any) -> Any:
    """Python value for openpyxl: NA -> None, lists joined with '；', numpy/pandas scalars unwrapped."""
    if isinstance(v, (list, tuple)):
        return "；".join(str(x) for x in v)
    if hasattr(v, "tolist") and not isinstance(v, str):  # numpy array from Parquet
        v = v.tolist()
        if isinstance(v, list):
            return "；".join(str(x) for x in v)
    if registry._isna(v):
        return None
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime().date()
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _write_sheet(ws: Any, df: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
    widths = [display_width(c) for c in df.columns]
    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center")
    for r, row in enumerate(df.itertuples(index=False, name=None), start=2):
        for c, v in enumerate(row, start=1):
            v = clean_text(_cell_value(v))  # xlsx refuses control characters: one would sink the workbook
            cell = ws.cell(row=r, column=c)
            cell.value = v
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if v[:1] in ("=", "+", "-", "@"):
                    cell.quotePrefix = True  # Excel keeps it text even after the cell is edited
            elif isinstance(v, dt.date):
                cell.number_format = "yyyy-mm-dd"
            widths[c - 1] = max(widths[c - 1], display_width(v) if not isinstance(v, dt.date) else 10)
    for i, w in enumerate(widths, start=1):
        width = min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
        if w > _WRAP_FROM:
            for cell in ws[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_ledger(frames: dict[str, pd.DataFrame], target: str | Path, footer: str = "") -> Path:
    """Write the ledger frames (from :func:`ledger_frames`) to target atomically."""
    from openpyxl import Workbook

    from govstats.store import atomic_path

    wb = Workbook()
    wb.remove(wb.active)
    for key, name in SHEETS.items():
        _write_sheet(wb.create_sheet(name), frames[key])
    if footer:
        wb.properties.description = footer
        wb.properties.creator = "govstats"
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return Path(target)


def write_ledger_for(quarter: str, region: str | None = None, data_dir: str | Path | None = None,
                     out_dir: str | Path | None = None, tables: dict[str, pd.DataFrame] | None = None) -> Path:
    """`govstats ledger`: reports/ledger/<quarter>.xlsx (or <quarter>-<region>.xlsx with a region)."""
    from govstats import __version__, paths
    from govstats.quarter import Quarter
    from govstats.store import read_manifest, read_tables

    data_dir = data_dir if data_dir is not None else paths.processed_dir()
    out_dir = out_dir if out_dir is not None else paths.ledger_dir()
    tables = tables if tables is not None else read_tables(data_dir)
    q = str(Quarter(quarter))
    if region is not None:  # the exact name for the file name too (--region 咸阳 -> 2025Q1-咸阳市.xlsx)
        from govstats.report.summary import available, resolve_region

        region = resolve_region(region, available(tables["bulletins"]))
    frames = ledger_frames(tables, q, region)
    name = f"{q}-{region}.xlsx" if region else f"{q}.xlsx"
    footer = f"govstats {__version__}; input hash {read_manifest(data_dir).get('input_hash', 'unknown')}"
    return write_ledger(frames, Path(out_dir) / name, footer)
