"""The 整改台账 (rectification ledger): one xlsx workbook per quarter for people who live in Excel.

Layout (documented in the README of the reports folder by `govstats build`):

- ``reports/ledger/<quarter>.xlsx`` holds every region's bulletins of that quarter;
  ``--region`` writes ``reports/ledger/<quarter>-<region>.xlsx`` with that region only.
- Sheets: 整改台账 (one row per problem site or account, the form an office keeps: 责任单位, 问题,
  整改时限 from the bulletin's feedback deadline, 整改措施 to fill in, 整改状态 with a drop-down of
  the rectification statuses), 汇总 (one row per bulletin: region, figures stated vs recomputed
  at the printed precision, unrectified counts, annex rows or 无附件, feedback deadline), 政府网站
  and 政务新媒体 (one row per annex row), 一致性检查 (checks, by their Chinese labels).
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

from govstats import __version__, paths, registry
from govstats.errors import ParameterError
from govstats.quarter import Quarter
from govstats.report.labels import (
    NOT_CHECKED_ZH,
    SEVERITY_LABELS_ZH,
    SUBTYPE_LABELS_ZH,
    SUMMARY_LABELS_ZH,
    YES_NO_ZH,
    category_labels,
    check_label,
    platform_label,
    rectification_label,
    result_labels,
)
from govstats.store import atomic_path, clean_text, read_manifest, read_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SHEETS", "display_width", "ledger_frames", "write_ledger", "write_ledger_for"]

#: Sheet name per frame, in workbook order.
SHEETS = {"register": "整改台账", "summary": "汇总", "websites": "政府网站", "new_media": "政务新媒体",
          "checks": "一致性检查"}
#: Columns of the 整改台账 sheet the office fills in (left empty, wide, with room below the rows).
FILL_IN = ("整改措施", "完成时间", "备注")
STATUS_COLUMN = "整改状态"
_FILL_ROWS = 200  # the status drop-down also covers this many rows below the data, for rows the office adds
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

    from govstats.report.summary import EXTRA_COLUMNS

    full = summary_frame(sub)
    summ = full.drop(columns=["title", *EXTRA_COLUMNS])
    # 无附件 where no annex was read, not 0 rows (issue 18); a count stays a number
    summ["website_rows"] = [int(v) if v.isdigit() else v for v in full["website_annex"]]
    summ["new_media_rows"] = [int(v) if v.isdigit() else v for v in full["new_media_annex"]]
    summ = summ.rename(columns=SUMMARY_LABELS_ZH)
    # rates keep the decimals the bulletin printed (93.50 stays 93.50), recomputed ones the same
    formats = {}
    for kind, short in (("website", "网站"), ("newmedia", "新媒体")):
        fmts = [None if registry._isna(p) else ("0" if int(p) == 0 else "0." + "0" * int(p))
                for p in full[f"{kind}_pass_rate_precision"]]
        formats[f"{short}合格率（通报）"] = formats[f"{short}合格率（核算）"] = fmts
    summ.attrs["number_formats"] = formats

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
    # ok null: the check could not be made (checks.Check), shown as such rather than as an empty cell
    checks["ok"] = checks["ok"].map(lambda v: YES_NO_ZH[v] if isinstance(v, bool) else NOT_CHECKED_ZH)
    checks["check_id"] = checks["check"]
    checks["check"] = checks["check"].map(check_label)
    deadline = dict(zip(sub["bulletins"]["bulletin_id"], sub["bulletins"]["feedback_deadline"]))
    return {
        "register": _register(sub, region_of, deadline),
        "summary": summ,
        "websites": annex("websites"),
        "new_media": annex("new_media"),
        "checks": checks.rename(columns={**_labels_for("checks"), "check_id": "检查项代码"}),
    }


def _register(sub: dict[str, pd.DataFrame], region_of: dict[str, str], deadline: dict[str, Any]) -> pd.DataFrame:
    """整改台账: one row per problem website or account, in the columns a rectification ledger has.

    责任单位 is the unit named in the annex (the account's 开设主体, else the account; the site
    itself for a website), 整改时限 the bulletin's feedback deadline, 整改状态 starts from the status
    the bulletin printed (the sheet's drop-down lists the statuses); 整改措施, 完成时间 and 备注 are
    left for the office to fill in.
    """
    import pandas as pd

    rows = []
    for kind, df, name_col in (("政府网站", sub["websites"], "site_name"), ("政务新媒体", sub["new_media"], "account_name")):
        for r in df.itertuples(index=False):
            operator = getattr(r, "operator", None)
            unit = operator if operator is not None and not registry._isna(operator) else getattr(r, name_col)
            rows.append({"通报地区": region_of.get(r.bulletin_id), "通报编号": r.bulletin_id, "对象类型": kind,
                         "名称": getattr(r, name_col), "责任单位": unit, "问题": r.problem,
                         "问题类别": category_labels(r.problem_categories), "整改时限": deadline.get(r.bulletin_id),
                         "通报所列整改情况": r.rectification_raw if not registry._isna(r.rectification_raw) else None,
                         "整改措施": None, STATUS_COLUMN: rectification_label(r.rectification)
                         if not registry._isna(r.rectification) else None, "完成时间": None, "备注": None})
    cols = ["通报地区", "通报编号", "对象类型", "名称", "责任单位", "问题", "问题类别", "整改时限", "通报所列整改情况",
            "整改措施", STATUS_COLUMN, "完成时间", "备注"]
    df = pd.DataFrame(rows, columns=cols)
    df.insert(0, "序号", range(1, len(df) + 1))
    return df


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
    number_formats = df.attrs.get("number_formats", {})
    fmts = [number_formats.get(c) for c in df.columns]
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
            elif isinstance(v, (int, float)) and fmts[c - 1] is not None and fmts[c - 1][r - 2]:
                cell.number_format = fmts[c - 1][r - 2]  # the printed decimals: 93.50 shows as 93.50
            widths[c - 1] = max(widths[c - 1], display_width(v) if not isinstance(v, dt.date) else 10)
    if STATUS_COLUMN in df.columns:
        _fill_in(ws, df, widths)
    for i, w in enumerate(widths, start=1):
        width = min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2))
        ws.column_dimensions[get_column_letter(i)].width = width
        if w > _WRAP_FROM:
            for cell in ws[get_column_letter(i)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def _fill_in(ws: Any, df: pd.DataFrame, widths: list[int]) -> None:
    """The 整改台账's columns for the office: 整改状态 as a drop-down of the rectification statuses
    (normalize.rectification's labels), 整改措施 / 完成时间 / 备注 wide and pale yellow, as forms are."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH

    last = len(df) + 1 + _FILL_ROWS
    col = get_column_letter(list(df.columns).index(STATUS_COLUMN) + 1)
    choices = ",".join(v for k, v in RECTIFICATION_LABELS_ZH.items() if k != "unknown")
    dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showDropDown=False,
                        errorTitle="整改状态", error=f"请从下拉列表中选择：{choices}", showErrorMessage=True)
    dv.add(f"{col}2:{col}{last}")
    ws.add_data_validation(dv)
    pale = PatternFill("solid", fgColor="FFF9E5")
    for name in (*FILL_IN, STATUS_COLUMN):
        i = list(df.columns).index(name) + 1
        letter = get_column_letter(i)
        widths[i - 1] = max(widths[i - 1], 30 if name == "整改措施" else 12)
        for r in range(2, len(df) + 2):
            ws[f"{letter}{r}"].fill = pale


def write_ledger(frames: dict[str, pd.DataFrame], target: str | Path, footer: str = "") -> Path:
    """Write the ledger frames (from :func:`ledger_frames`) to target atomically."""
    from openpyxl import Workbook

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

    data_dir = data_dir if data_dir is not None else paths.processed_dir()
    out_dir = out_dir if out_dir is not None else paths.ledger_dir()
    tables = tables if tables is not None else read_tables(data_dir)
    q = str(Quarter(quarter))
    if region is not None:  # the exact name for the file name too (--region 咸阳 -> 2025Q1-咸阳市.xlsx)
        from govstats.report.summary import available, resolve_region

        region = resolve_region(region, available(tables["bulletins"]))
    frames = ledger_frames(tables, q, region)
    name = paths.safe_component(f"{q}-{region}.xlsx" if region else f"{q}.xlsx")
    footer = f"govstats {__version__}; input hash {read_manifest(data_dir).get('input_hash', 'unknown')}"
    target = Path(out_dir) / name
    paths.ensure_under(target, out_dir)
    return write_ledger(frames, target, footer)
