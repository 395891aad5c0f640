"""The results workbook: an empty template to fill in, and a strict reader of the filled one.

The template has one sheet per table of checked units (websites, accounts), each row a unit
with its verdict, problem and rectification; a 基本信息 sheet for the totals the coverage rates
need; and a hidden 词表 sheet holding the vocabularies (platform, result, rectification status
from govstats/normalize/data/) that the data-validation drop-downs point at. Headers are the
registry's Chinese labels. The reader refuses every row whose cells break the vocabulary and
names its sheet and row, so nothing is drafted from a half-valid workbook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from govstats.draft.model import DraftInput
from govstats.errors import BulletinError, GovstatsError
from govstats.quarter import Quarter
from govstats.registry import TABLES

SHEET_INFO, SHEET_WEB, SHEET_NM, SHEET_VOCAB = "基本信息", "政府网站", "政务新媒体", "词表"
FIRST_DATA_ROW = 2
MAX_ROWS = 2000  # rows given drop-downs in the template


def _columns() -> dict[str, list[tuple[str, str]]]:
    """(canonical column, Chinese header) of each unit sheet, headers from the registry labels."""
    web, nm = TABLES["websites"].labels(), TABLES["new_media"].labels()
    return {
        SHEET_WEB: [(c, web[c]) for c in ("site_name", "url", "site_code")] + [("result", nm["result"])]
        + [(c, web[c]) for c in ("problem", "rectification")],
        SHEET_NM: [(c, nm[c]) for c in ("account_name", "operator", "platform", "result", "problem", "rectification")],
    }


#: 基本信息 rows: (key, label, note)
INFO_ROWS = (
    ("website_total", "政府网站总数", "纳入监管的政府网站总数（留空则不写检查覆盖率）"),
    ("newmedia_total", "政务新媒体总数", "纳入监管的政务新媒体总数（留空则不写检查覆盖率）"),
    ("issuer", "发文单位", "留空则为“<地区>人民政府办公室”"),
    ("feedback_deadline", "反馈截止日期", "YYYY-MM-DD，可留空"),
)


def vocabularies() -> dict[str, list[str]]:
    """Drop-down values: platform labels (with WeChat subtypes), results, rectification statuses."""
    from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH
    from govstats.normalize.result import RESULT_LABELS_ZH
    from govstats.normalize.vocab import load_csv

    platforms = list(dict.fromkeys(r["label_zh"] for r in load_csv("platforms.csv")))
    return {
        "platform": platforms,
        "result": list(RESULT_LABELS_ZH.values()),
        "rectification": [v for k, v in RECTIFICATION_LABELS_ZH.items() if k != "unknown"],
    }


def write_template(target: str | Path) -> Path:
    """Write the empty results workbook (atomically) and return its path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from govstats.store import atomic_path

    wb = Workbook()
    info = wb.active
    info.title = SHEET_INFO
    info.append(["项目", "内容", "说明"])
    for _, label, note in INFO_ROWS:
        info.append([label, None, note])
    for col, width in (("A", 18), ("B", 28), ("C", 48)):
        info.column_dimensions[col].width = width

    vocab = vocabularies()
    vs = wb.create_sheet(SHEET_VOCAB)
    ranges = {}
    for j, (name, values) in enumerate(vocab.items(), 1):
        letter = get_column_letter(j)
        vs.cell(1, j, name)
        for i, v in enumerate(values, 2):
            vs.cell(i, j, v)
        ranges[name] = f"{SHEET_VOCAB}!${letter}$2:${letter}${len(values) + 1}"
    vs.sheet_state = "hidden"

    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for sheet, cols in _columns().items():
        ws = wb.create_sheet(sheet, index=len(wb.sheetnames) - 1)
        ws.append([label for _, label in cols])
        for j, (col, label) in enumerate(cols, 1):
            cell = ws.cell(1, j)
            cell.font, cell.fill = bold, fill
            ws.column_dimensions[get_column_letter(j)].width = max(12, 3 * len(label)) if col != "problem" else 40
            if col in ranges:
                dv = DataValidation(type="list", formula1=ranges[col], allow_blank=col == "rectification",
                                    showErrorMessage=True, errorTitle="不在词表中", error=f"请从下拉列表选择{label}")
                dv.add(f"{get_column_letter(j)}{FIRST_DATA_ROW}:{get_column_letter(j)}{MAX_ROWS + 1}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return Path(target)


@dataclass
class RowError:
    """One refused row: where it is and what is wrong (one stderr line each)."""

    sheet: str
    row: int
    reason: str

    def __str__(self) -> str:
        return f"sheet {self.sheet} row {self.row}: {self.reason}"


class WorkbookError(GovstatsError):
    """A filled results workbook that cannot be drafted from: every bad row is listed."""

    def __init__(self, path: str | Path, errors: list[RowError]) -> None:
        self.path, self.errors = str(path), errors
        super().__init__(f"{path}: {len(errors)} row(s) break the vocabulary or the figures; nothing written")

    def lines(self) -> list[str]:
        return [f"{self.path}: {e}" for e in self.errors]


#: Units one sheet may list: a province checks a few thousand accounts (河南省 2022 Q4: 3,851).
MAX_UNIT_ROWS = 10_000
MAX_COUNT = 10_000_000  # a total beyond this is not a count of websites or accounts


def read_results(path: str | Path, region: str, quarter: Quarter | str) -> DraftInput:
    """DraftInput from a filled results workbook; WorkbookError lists the rows that break the vocabulary
    or the draft's own arithmetic (a total below the units checked, a negative or non-numeric total).

    The file goes through the bulletin readers' limits (readers.base.read_bytes: size; readers.limits:
    zip inflation and the cell budget) and its sheets are streamed cell by cell as the xlsx reader
    does, so a hostile or huge workbook is refused in seconds with one line naming file, sheet and row.
    """
    import io
    import zipfile

    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    from govstats.normalize.platform import normalize_platform
    from govstats.normalize.rectification import normalize_rectification
    from govstats.normalize.result import normalize_result
    from govstats.readers.base import read_bytes
    from govstats.readers.limits import MAX_CELLS, open_zip

    assert DEFUSEDXML, "defusedxml must be installed so workbook XML is parsed safely"
    path = Path(path)
    try:
        data = read_bytes(path)
        open_zip(path, data, "xlsx workbook").close()
    except BulletinError as exc:
        raise GovstatsError(str(exc)) from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, TypeError) as exc:
        raise GovstatsError(f"{path}: not a readable xlsx workbook ({type(exc).__name__})") from None
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise GovstatsError(f"{path}: not a readable xlsx workbook ({type(exc).__name__})") from None
    try:
        cols = _columns()
        missing = [s for s in (SHEET_WEB, SHEET_NM) if s not in wb.sheetnames]
        if missing:
            raise GovstatsError(f"{path}: sheet(s) {', '.join(missing)} missing; write a template with "
                                "`govstats draft --template FILE`")
        from govstats.normalize.region import find_in_text

        q = Quarter(str(quarter))
        found = find_in_text(region)  # the region's level chooses the 主送 line and the 全市/全省 scope
        d = DraftInput(region=region, quarter=q, region_code=found.code if found and found.name == region else None)
        errors: list[RowError] = []
        vocab = vocabularies()
        budget = [MAX_CELLS]
        for sheet, canon in ((SHEET_WEB, cols[SHEET_WEB]), (SHEET_NM, cols[SHEET_NM])):
            rows = _stream_rows(path, wb, wb[sheet], len(canon), budget)
            first = next(rows, None)
            header = [_cell(v) for v in first[1]] if first and first[0] == 1 else []
            want = [label for _, label in canon]
            if header[: len(want)] != want:
                raise GovstatsError(f"{path}: sheet {sheet} row 1: header {header[:len(want)]} is not {want}")
            units = []
            label = dict(canon)
            name_col = "site_name" if sheet == SHEET_WEB else "account_name"
            for i, values in rows:
                cells = {c: _cell(v) for (c, _), v in zip(canon, values)}
                if not any(cells.values()):
                    continue
                if len(units) >= MAX_UNIT_ROWS:
                    raise GovstatsError(f"{path}: sheet {sheet} row {i}: more than {MAX_UNIT_ROWS:,} units; "
                                        "not the results of one quarter")
                row: dict[str, Any] = {"seq": None, **cells}
                bad = []
                if not cells.get(name_col):
                    bad.append(f"{label[name_col]} is empty")
                result = normalize_result(cells.get("result"))
                if result is None:
                    bad.append(f"{label['result']} {cells.get('result')!r} is not one of {'/'.join(vocab['result'])}")
                row["result"] = result
                rect_raw = cells.get("rectification")
                row["rectification"] = normalize_rectification(rect_raw) if rect_raw else None
                if rect_raw and row["rectification"] == "unknown":
                    bad.append(f"{label['rectification']} {rect_raw!r} is not one of "
                               f"{'/'.join(vocab['rectification'])}")
                if sheet == SHEET_NM:
                    pid, sub = normalize_platform(cells.get("platform"))
                    if pid is None:
                        bad.append(f"{label['platform']} {cells.get('platform')!r} is not a platform of the vocabulary")
                    row["platform"], row["platform_subtype"] = pid, sub
                if bad:
                    errors.append(RowError(sheet, i, "; ".join(bad)))
                units.append(row)
            _add_units(d, sheet, units)
        info = _info(path, wb, budget)
    except GovstatsError:
        raise
    except Exception as exc:  # a corrupt sheet part: one line, no traceback
        raise GovstatsError(f"{path}: corrupt xlsx worksheet ({type(exc).__name__})") from None
    finally:
        wb.close()
    if errors:
        raise WorkbookError(path, errors)
    for key in ("website_total", "newmedia_total"):
        if key in info:
            row_no, v = info[key]
            n = _count(v)
            if n is None:
                errors.append(RowError(SHEET_INFO, row_no, f"{_INFO_LABEL[key]} {v!r} is not a whole number "
                                       f"from 0 to {MAX_COUNT:,}"))
                continue
            d.counts[key] = n
            ch = key.split("_")[0]
            checked = d.counts.get(f"{ch}_checked")
            if checked is not None and checked > n:  # coverage above 100 %: the total or the sheet is wrong
                sheet = SHEET_WEB if ch == "website" else SHEET_NM
                errors.append(RowError(SHEET_INFO, row_no, f"{_INFO_LABEL[key]} {n} is less than the {checked} units "
                                       f"listed on sheet {sheet}"))
    if errors:
        raise WorkbookError(path, errors)
    d.issuer = info["issuer"][1] if "issuer" in info else None
    if "feedback_deadline" in info:
        row_no, deadline = info["feedback_deadline"]
        try:
            d.feedback_deadline = dt.date.fromisoformat(str(deadline)[:10])
        except ValueError:
            raise WorkbookError(path, [RowError(SHEET_INFO, row_no, f"反馈截止日期 {deadline!r} is not YYYY-MM-DD")]) \
                from None
    d.rows_override()
    return d


_INFO_LABEL = {key: label for key, label, _ in INFO_ROWS}


def _count(v: object) -> int | None:
    """A whole number 0..MAX_COUNT from a cell (42, 42.0, "42"), else None ("inf", -5, 3.5, "约40")."""
    from decimal import Decimal, InvalidOperation

    try:
        x = Decimal(str(v).strip())
    except InvalidOperation:
        return None
    if not x.is_finite() or x != x.to_integral_value() or not 0 <= x <= MAX_COUNT:
        return None
    return int(x)


def _stream_rows(path: Path, wb, ws, width: int, budget: list[int]):
    """(row number, values of the first `width` columns) of each row present in the sheet, streamed.

    Only the cells present are read (openpyxl's WorkSheetParser, as readers.xlsx does): the sheet's
    declared dimensions are ignored, so a cell at XFD1048576 costs one cell, not a padded grid. Every
    cell counts against the file's budget (readers.limits.MAX_CELLS).
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    from govstats.readers.limits import MAX_CELLS

    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for row_no, row in parser.parse():
            budget[0] -= len(row)
            if budget[0] < 0:
                raise GovstatsError(f"{path}: sheet {ws.title} row {row_no}: the workbook holds more than "
                                    f"{MAX_CELLS:,} cells; not the results of one quarter")
            values: list[object] = [None] * width
            for c in row:
                if 1 <= c["column"] <= width:
                    values[c["column"] - 1] = c["value"]
            yield row_no, values


def _add_units(d: DraftInput, sheet: str, units: list[dict[str, Any]]) -> None:
    """Counts from every checked unit; the annex keeps the units with a problem or a fail verdict."""
    ch = "website" if sheet == SHEET_WEB else "newmedia"
    if not units:  # an empty sheet is no data: its section is left out, not filled with zeros
        return
    d.counts[f"{ch}_checked"] = len(units)
    d.counts[f"{ch}_unqualified"] = sum(u["result"] == "unqualified" for u in units)
    annex = [u for u in units if u["result"] == "unqualified" or u.get("problem")]
    for k, u in enumerate(annex, 1):
        u["seq"] = k
    if ch == "website":
        d.websites = [{c: u.get(c) for c in ("seq", "site_name", "url", "site_code", "problem", "rectification")}
                      for u in annex]
        d.counts["website_with_problems"] = len(annex)
    else:
        d.new_media = annex


def _info(path: Path, wb, budget: list[int]) -> dict[str, tuple[int, str]]:
    """基本信息 {key: (row number, value)}; dates as YYYY-MM-DD."""
    if SHEET_INFO not in wb.sheetnames:
        return {}
    labels = {label: key for key, label, _ in INFO_ROWS}
    out = {}
    for row_no, values in _stream_rows(path, wb, wb[SHEET_INFO], 2, budget):
        if row_no >= 2 and _cell(values[0]) in labels and values[1] is not None:
            v = values[1]
            value = v.date().isoformat() if isinstance(v, dt.datetime) else _cell(v)
            if value is not None:
                out[labels[_cell(values[0])]] = (row_no, value)
    return out


def _cell(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = " ".join(str(v).split())
    return s or None
