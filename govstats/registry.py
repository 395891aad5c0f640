"""Every column and table of govstats, defined once.

Loaders coerce frames to these dtypes; Excel headers, chart axes and the README's
column reference take their Chinese labels and descriptions from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# Logical dtypes and the pandas dtype each maps to.
#   "list" columns hold Python lists of strings (Parquet list<string>; CSV joins with ";").
PANDAS_DTYPES = {
    "str": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
    "list": "object",
}


@dataclass(frozen=True)
class Column:
    """One column: ASCII name, logical dtype, Chinese display label, short description."""

    name: str
    dtype: str
    label_zh: str
    description: str


@dataclass(frozen=True)
class Table:
    """One canonical table: its columns (in order) and primary key."""

    name: str
    label_zh: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")

    def labels(self) -> dict[str, str]:
        return {c.name: c.label_zh for c in self.columns}


C = Column

_BULLETIN_ID = C("bulletin_id", "str", "通报编号", "Stable id of the bulletin: its file stem (or folder name), unique under data/raw.")

BULLETINS = Table(
    "bulletins",
    "通报",
    "One row per bulletin: its metadata.",
    (
        _BULLETIN_ID,
        C("source_file", "str", "源文件", "Path of the raw file, relative to the data root when known."),
        C("source_sha256", "str", "源文件SHA256", "SHA-256 of the raw file's bytes."),
        C("title", "str", "标题", "Title of the bulletin as printed (null when the text has none)."),
        C("doc_number", "str", "文号", "Document number such as 咸政办函〔2025〕12号, when printed."),
        C("issuer", "str", "发文单位", "Issuing office, usually from the signature block."),
        C("region", "str", "地区", "Name of the region the bulletin covers (咸阳市)."),
        C("region_code", "str", "地区代码", "6-digit GB/T 2260 code of that region (610400)."),
        C("year", "int", "年度", "Year of the inspection period."),
        C("quarter", "int", "季度", "Quarter of the inspection period (1-4); null for monthly or ad-hoc checks."),
        C("period", "str", "检查期", "Inspection period label: 2025Q1, 2024M06 or the year alone."),
        C("issue_date", "date", "发文日期", "Date the bulletin was issued (signature date, else page date)."),
        C("feedback_deadline", "date", "反馈截止日期", "Deadline the bulletin sets for written rectification feedback."),
        C("is_traditional", "bool", "繁体", "The text was in traditional characters (converted for parsing)."),
        C("website_rows", "int", "网站附件行数", "Rows in the website annex table."),
        C("new_media_rows", "int", "新媒体附件行数", "Rows in the new-media annex table."),
    ),
    ("bulletin_id",),
)

FIGURES = Table(
    "figures",
    "通报数据",
    "Narrative figures in long form: one row per stated figure, with its provenance.",
    (
        _BULLETIN_ID,
        C("measure", "str", "指标", "Figure key (website_checked, newmedia_pass_rate, newmedia_by_platform, ...)."),
        C("breakdown", "str", "分项", "Label of the breakdown item as printed (微信公众号), null for plain figures."),
        C("value", "float", "数值", "The number: counts as whole numbers, rates in percent (97.95)."),
        C("unit", "str", "单位", "count or pct."),
        C("precision", "int", "小数位数", "Decimals printed for a rate (97.95 -> 2); null for counts."),
        C("stated_text", "str", "原文数值", "The figure exactly as printed (97.95%, 293个)."),
        C("sentence", "str", "原文句子", "The sentence the figure came from (original characters)."),
        C("span_start", "int", "起始位置", "Character offset of stated_text in the bulletin text."),
        C("span_end", "int", "结束位置", "End offset (exclusive) of stated_text in the bulletin text."),
        C("source", "str", "来源", "text (read from the bulletin) or analyst (entered in <file>.figures.yml, "
          "which overrides the text; sentence then quotes that line and the spans are null)."),
    ),
    ("bulletin_id", "measure", "breakdown"),
)

WEBSITES = Table(
    "websites",
    "政府网站检查结果",
    "Website annex: one row per problem website.",
    (
        _BULLETIN_ID,
        C("seq", "int", "序号", "Row number as printed in the annex."),
        C("site_name", "str", "网站名称", "Website name (stray spaces removed)."),
        C("url", "str", "网址", "Website address; null when the annex gives none."),
        C("site_code", "str", "网站标识码", "Government website id: 10 digits, or bm + 8 digits."),
        C("problem", "str", "存在问题", "Problem text as printed."),
        C("problem_categories", "list", "问题类别", "State Council 2019 indicator ids found in the problem text."),
        C("rectification", "str", "整改情况", "rectified, in_progress, not_rectified, not_reported or unknown."),
        C("rectification_raw", "str", "整改情况原文", "Rectification status as printed."),
        C("region_code", "str", "地区代码", "GB/T 2260 code of the government level running the site."),
        C("region_name", "str", "所属地区", "Name of that region."),
    ),
    ("bulletin_id", "seq"),
)

NEW_MEDIA = Table(
    "new_media",
    "政务新媒体检查结果",
    "New-media annex: one row per problem account.",
    (
        _BULLETIN_ID,
        C("seq", "int", "序号", "Row number as printed in the annex."),
        C("account_name", "str", "账号名称", "Account name."),
        C("operator", "str", "开设主体", "Body that runs the account."),
        C("platform", "str", "平台", "Platform id (wechat_oa, douyin, toutiao, ...); null when unmapped."),
        C("platform_subtype", "str", "平台子类", "subscription or service for WeChat official accounts."),
        C("platform_raw", "str", "账号类型", "Platform as printed."),
        C("result", "str", "检查结果", "qualified or unqualified; null when not printed."),
        C("result_raw", "str", "检查结果原文", "Result as printed."),
        C("problem", "str", "存在问题", "Problem text as printed."),
        C("problem_categories", "list", "问题类别", "State Council 2019 indicator ids found in the problem text."),
        C("rectification", "str", "整改情况", "rectified, in_progress, not_rectified, not_reported or unknown."),
        C("rectification_raw", "str", "整改情况原文", "Rectification status as printed."),
        C("region_code", "str", "地区代码", "GB/T 2260 code resolved from the operator or account name."),
        C("region_name", "str", "所属地区", "Name of that region."),
    ),
    ("bulletin_id", "seq"),
)

CHECKS = Table(
    "checks",
    "一致性检查",
    "Reconciliation: one row per bulletin x check, stated against recomputed.",
    (
        _BULLETIN_ID,
        C("check", "str", "检查项", "Name of the check, after the figure it tests (newmedia_pass_rate, ...)."),
        C("ok", "bool", "是否通过", "True when the stated figure agrees with the recomputed one."),
        C("severity", "str", "严重程度", "error, warning or info (a failed check's weight)."),
        C("stated", "float", "通报数值", "The figure as stated."),
        C("computed", "float", "核算数值", "The figure recomputed from other stated figures or the annex."),
        C("precision", "int", "小数位数", "Printed decimals used for the comparison (rates)."),
        C("message", "str", "说明", "One readable line: what was compared and what differs."),
        C("sentence", "str", "原文句子", "The sentence of the stated figure."),
    ),
    ("bulletin_id", "check"),
)

TABLES: dict[str, Table] = {t.name: t for t in (BULLETINS, FIGURES, WEBSITES, NEW_MEDIA, CHECKS)}


def empty_frame(table: Table | str) -> pd.DataFrame:
    """An empty DataFrame with the table's columns and dtypes."""
    import pandas as pd

    t = TABLES[table] if isinstance(table, str) else table
    return pd.DataFrame({c.name: pd.Series([], dtype=PANDAS_DTYPES[c.dtype]) for c in t.columns})


def coerce(df: pd.DataFrame, table: Table | str) -> pd.DataFrame:
    """Return df with exactly the table's columns, in order, cast to the registry dtypes.

    Missing columns are added as nulls; extra columns are an error (a schema drift).
    Columns that already have their registry dtype are kept as they are (no per-cell work),
    so re-coercing concatenated, already-typed frames is cheap.
    """
    import pandas as pd

    t = TABLES[table] if isinstance(table, str) else table
    extra = [c for c in df.columns if c not in t.names]
    if extra:
        raise ValueError(f"table {t.name}: unexpected columns {extra}")
    n = len(df)
    out = {}
    for c in t.columns:
        if c.name not in df.columns:
            out[c.name] = _array([None] * n, c.dtype)
            continue
        s = df[c.name]
        if c.dtype != "list" and str(s.dtype) == PANDAS_DTYPES[c.dtype]:
            out[c.name] = s.array
        else:
            out[c.name] = _array(s.tolist(), c.dtype)
    return pd.DataFrame(out)


def _array(values: list[object], dtype: str) -> object:
    """One column's values (Python objects) as the pandas array of a logical dtype."""
    import numpy as np
    import pandas as pd

    if dtype == "list":
        arr = np.empty(len(values), dtype=object)
        for i, v in enumerate(values):
            arr[i] = _as_list(v)
        return arr
    if dtype == "date":
        return pd.to_datetime(pd.Series(values, dtype=object), errors="coerce").astype("datetime64[ns]").array
    vals = [None if _isna(v) else v for v in values]
    if dtype == "str":
        return pd.array([v if v is None or type(v) is str else str(v) for v in vals], dtype="string")
    if dtype == "bool":
        return pd.array([None if v is None else bool(v) for v in vals], dtype="boolean")
    if any(isinstance(v, str) for v in vals):  # "12" -> 12, as pd.to_numeric(errors="raise") would
        vals = list(pd.to_numeric(pd.Series(vals, dtype=object), errors="raise").astype(object))
        vals = [None if _isna(v) else v for v in vals]
    return pd.array(vals, dtype=PANDAS_DTYPES[dtype])


def _isna(v: object) -> bool:
    """True for None, NaN, NaT and pd.NA; False for everything else (lists included)."""
    if v is None:
        return True
    tv = type(v)
    if tv is str or tv is int or tv is bool or tv is list:
        return False
    if tv is float:
        return v != v
    if isinstance(v, (list, tuple, dict)):
        return False
    import pandas as pd

    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_list(v: object) -> list[str]:
    if v is None:
        return []
    if isinstance(v, str):
        return [p for p in v.split(";") if p]
    try:
        return [str(x) for x in v]  # list, tuple, numpy array from Parquet
    except TypeError:
        return []
