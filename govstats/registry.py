"""Every column and table of govstats, defined once.

Loaders coerce frames to these dtypes; Excel headers, chart axes and docs/columns.md take their
Chinese labels and descriptions from here. Beside the tables: the figure keys (MEASURES), the
check ids (CHECK_KINDS), the channels and the severities, so that every other list derives from one.
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
        C("source", "str", "来源", "text (read from the bulletin), analyst (entered in <file>.figures.yml, "
          "which overrides the text; sentence then quotes that line and the spans are null) or monitoring "
          "(computed by govstats assess from monitoring data)."),
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
#: The five table names in publishing order: every module that lists the tables uses this.
TABLE_NAMES: tuple[str, ...] = tuple(TABLES)


# ------------------------------------------------------------------------------ channels


@dataclass(frozen=True)
class Channel:
    """One channel an inspection covers: its key (prefix of its figure keys) and Chinese name."""

    key: str
    label_zh: str


#: The two channels of an inspection bulletin (政府网站, 政务新媒体), in display order.
CHANNELS: dict[str, Channel] = {c.key: c for c in (Channel("website", "政府网站"), Channel("newmedia", "政务新媒体"))}
#: {channel key: Chinese name}: the mapping checks, charts and dashboards print.
CHANNEL_LABELS_ZH: dict[str, str] = {k: c.label_zh for k, c in CHANNELS.items()}


# ------------------------------------------------------------------------------ measures


@dataclass(frozen=True)
class Measure:
    """One narrative figure key (the FIGURES.measure column): its channel, unit and Chinese label.

    unit is FIGURES.unit: "count" or "pct". breakdown: the figure comes as one row per printed
    item (FIGURES.breakdown), e.g. accounts per platform.
    """

    key: str
    channel: str
    unit: str
    label_zh: str
    breakdown: bool = False


_M = Measure

#: Every figure key the extractor may emit, in display order (dashboards, the rich display).
#: Adding a figure starts here; tests/unit/test_registry.py fails when the grammar emits a key
#: that has no entry.
MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        _M("website_total", "website", "count", "政府网站总数"),
        _M("website_checked", "website", "count", "检查政府网站数"),
        _M("website_unqualified", "website", "count", "不合格政府网站数"),
        _M("website_qualified", "website", "count", "合格政府网站数"),
        _M("website_with_problems", "website", "count", "存在问题的政府网站数"),
        _M("website_pass_rate", "website", "pct", "政府网站合格率"),
        _M("website_coverage_rate", "website", "pct", "政府网站检查覆盖率"),
        _M("newmedia_total", "newmedia", "count", "政务新媒体总数"),
        _M("newmedia_checked", "newmedia", "count", "检查政务新媒体数"),
        _M("newmedia_unqualified", "newmedia", "count", "不合格政务新媒体数"),
        _M("newmedia_qualified", "newmedia", "count", "合格政务新媒体数"),
        _M("newmedia_prominent_problems", "newmedia", "count", "存在突出问题的政务新媒体数"),
        _M("newmedia_pass_rate", "newmedia", "pct", "政务新媒体合格率"),
        _M("newmedia_coverage_rate", "newmedia", "pct", "政务新媒体检查覆盖率"),
        _M("newmedia_unrectified", "newmedia", "count", "未整改到位的政务新媒体数"),
        _M("annual_report_rate", "website", "pct", "年度报表发布率"),
        _M("newmedia_by_platform", "newmedia", "count", "各平台政务新媒体数", breakdown=True),
    )
}
#: {figure key: Chinese label}, in display order.
FIGURE_LABELS_ZH: dict[str, str] = {k: m.label_zh for k, m in MEASURES.items()}


def measure_keys(channel: str | None = None, unit: str | None = None, breakdown: bool = False) -> tuple[str, ...]:
    """Figure keys in display order, filtered by channel and unit; breakdown keys only when asked."""
    return tuple(
        k
        for k, m in MEASURES.items()
        if m.breakdown == breakdown and (channel is None or m.channel == channel) and (unit is None or m.unit == unit)
    )


# ------------------------------------------------------------------------------ checks


#: Severities of a check row, most serious first: the one order every list of checks sorts by.
SEVERITY_ORDER: tuple[str, ...] = ("error", "warning", "info")
SEVERITY_LABELS_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}


def severity_rank(severity: object) -> int:
    """Sort key of a severity: its place in SEVERITY_ORDER, unknown values last."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


@dataclass(frozen=True)
class CheckKind:
    """One check id (the CHECKS.check column): Chinese label, worst severity, what it tests.

    severity is the most serious severity a failed row of this check can have (a rate check
    may also fail as a warning, or become an info "could not verify" row).
    """

    id: str
    label_zh: str
    severity: str
    explanation: str


#: The parts of a channel's checked (or total) count that cannot exceed it, with their Chinese names.
_PARTS_ZH = {
    "unqualified": "不合格数",
    "qualified": "合格数",
    "with_problems": "存在问题数",
    "prominent_problems": "存在突出问题数",
    "unrectified": "未整改数",
}


def _check_kinds() -> dict[str, CheckKind]:
    """Every check id govstats.checks, govstats.assemble and govstats.parse.annex emit."""
    K = CheckKind
    out: list[CheckKind] = []
    for ch, c in CHANNELS.items():
        zh = c.label_zh
        for part, pzh in _PARTS_ZH.items():
            for whole, wzh in (("checked", "检查数"), ("total", "总数")):
                out.append(K(f"{ch}_{part}_le_{whole}", f"{zh}{pzh}不大于{wzh}", "error",
                             f"The stated {part.replace('_', ' ')} count is not above the {whole} count."))
        out += [
            K(f"{ch}_pass_rate", MEASURES[f"{ch}_pass_rate"].label_zh, "error",
              "The stated pass rate against qualified (or checked minus unqualified) over checked, "
              "at its printed precision, rounded half-up."),
            K(f"{ch}_coverage_rate", MEASURES[f"{ch}_coverage_rate"].label_zh, "error",
              "The stated coverage rate against checked over total, at its printed precision."),
            K(f"{ch}_pass_rate_range", f"{zh}合格率取值范围", "error",
              "A pass rate above 100 %, or a pass rate with nothing checked."),
            K(f"{ch}_coverage_rate_range", f"{zh}检查比例取值范围", "error", "A coverage rate above 100 %."),
            K(f"{ch}_pass_rate_none_unqualified", f"{zh}合格率与“未发现不合格”", "error",
              "The text says no unit was unqualified, so the pass rate must be 100 %."),
            K(f"{ch}_counts_sum", f"{zh}合格数与不合格数之和", "error",
              "Qualified plus unqualified equals the checked count (the total: a warning)."),
            K(f"{ch}_checked_le_total", f"{zh}检查数不大于总数", "error", "The checked count is not above the total."),
        ]
    out += [
        K("newmedia_by_platform_sum", "各平台账号数合计", "error",
          "Accounts per platform add up to the total or checked count."),
        K("figures_not_attributed", "未采用的数字（有两种读法）", "info",
          "Numbers the extractor left out because the text allows two readings."),
        K("named_in_annex_newmedia", "点名的政务新媒体见于附件", "warning",
          "Accounts the narrative names appear in the new-media annex."),
        K("named_in_annex_websites", "点名的政府网站见于附件", "warning",
          "Websites the narrative names appear in the website annex."),
        K("newmedia_unqualified_rows", "不合格政务新媒体数与附件行数", "warning",
          "The stated unqualified count against the annex rows marked unqualified."),
        K("website_with_problems_rows", "存在问题的政府网站数与附件行数", "warning",
          "The stated problem-website count against the website annex rows."),
        K("newmedia_unrectified_rows", "未整改政务新媒体数与附件行数", "warning",
          "The stated unrectified count against the annex rows marked not rectified."),
        # Notes on the annex tables (govstats.parse.annex, govstats.assemble): not reconciliations
        # but what the reader could not take as it was; their messages stay English for analysts.
        K("annex_reader_note", "附件读取说明", "info", "What the file reader noticed about an annex table."),
        K("annex_table_cut", "附件表格截断", "info", "An annex table cut off mid-row; the complete rows are kept."),
        K("annex_unknown_columns", "附件中未识别的列", "info", "Annex columns not in the schema, kept out of the tables."),
        K("websites_seq_unique", "政府网站附件序号重复", "warning", "Duplicated row numbers in the website annex."),
        K("new_media_seq_unique", "政务新媒体附件序号重复", "warning", "Duplicated row numbers in the new-media annex."),
        K("websites_region", "政府网站附件地区未识别", "info", "Website annex rows with no region code resolved."),
        K("new_media_region", "政务新媒体附件地区未识别", "info", "New-media annex rows with no region code resolved."),
        K("platform_vocabulary", "平台名称不在词表中", "warning", "Platform values not in the vocabulary, kept raw."),
        K("result_vocabulary", "检查结果不在词表中", "warning", "Inspection results not in the vocabulary, kept raw."),
        K("rectification_vocabulary", "整改情况不在词表中", "warning",
          "Rectification statuses not in the vocabulary, kept raw."),
        K("annex_announced_unread", "列出的附件未能读出", "warning",
          "The text announces an annex and prints its title, but no row of it could be read."),
        K("attachment_unreadable", "附件文件无法读取", "warning",
          "One attachment of a bulletin folder could not be read; the other files were kept."),
    ]
    return {k.id: k for k in out}


#: Every check id that can appear in the CHECKS table; tests/unit/test_registry.py fails when
#: checks.py, assemble.py or parse/annex.py emits an id that is not here.
CHECK_KINDS: dict[str, CheckKind] = _check_kinds()
#: {check id: Chinese label}: a check named after the figure it tests has that figure's label.
CHECK_LABELS_ZH: dict[str, str] = {k: c.label_zh for k, c in CHECK_KINDS.items()}


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
