"""Every Chinese label the reports show, defined once.

Column headers come from the registry (``registry.TABLES[name].labels()``), problem categories
and platforms from the vocabulary CSVs, rectification statuses from
:mod:`govstats.normalize.rectification`, channel names from :mod:`govstats.checks`; what has no other home (figure keys, severities,
results, the summary columns) is defined here. Dashboards, the index page, the ledger and the
Jupyter displays all read these, so one thing never has two wordings.
"""

from __future__ import annotations

import functools
from typing import Any

from govstats import registry
from govstats.checks import CHANNEL_ZH, SEVERITY_ORDER, severity_rank
from govstats.errors import ParameterError
from govstats.quarter import Quarter

__all__ = [
    "CHANNEL_LABELS_ZH",
    "FIGURE_LABELS_ZH",
    "KIND_LABELS_ZH",
    "MEASURE_LABELS_ZH",
    "SEVERITY_LABELS_ZH",
    "SEVERITY_ORDER",
    "SUBTYPE_LABELS_ZH",
    "SUMMARY_LABELS_ZH",
    "YES_NO_ZH",
    "category_labels",
    "check_label",
    "category_vocab",
    "platform_vocab",
    "note_zh",
    "platform_label",
    "quarter_label",
    "rectification_label",
    "result_labels",
    "severity_rank",
]

#: Chinese labels of the narrative figure keys (DESIGN §4), in display order.
FIGURE_LABELS_ZH: dict[str, str] = {
    "website_total": "政府网站总数",
    "website_checked": "检查政府网站数",
    "website_unqualified": "不合格政府网站数",
    "website_qualified": "合格政府网站数",
    "website_with_problems": "存在问题的政府网站数",
    "website_pass_rate": "政府网站合格率",
    "website_coverage_rate": "政府网站检查覆盖率",
    "newmedia_total": "政务新媒体总数",
    "newmedia_checked": "检查政务新媒体数",
    "newmedia_unqualified": "不合格政务新媒体数",
    "newmedia_qualified": "合格政务新媒体数",
    "newmedia_prominent_problems": "存在突出问题的政务新媒体数",
    "newmedia_pass_rate": "政务新媒体合格率",
    "newmedia_unrectified": "未整改到位的政务新媒体数",
    "annual_report_rate": "年度报表发布率",
}


def _check_labels() -> dict[str, str]:
    """Chinese names of the checks that are not named after one figure (govstats.checks)."""
    parts = {
        "unqualified": "不合格数",
        "qualified": "合格数",
        "with_problems": "存在问题数",
        "prominent_problems": "存在突出问题数",
        "unrectified": "未整改数",
    }
    out: dict[str, str] = {}
    for ch, zh in CHANNEL_ZH.items():
        for part, pzh in parts.items():
            out[f"{ch}_{part}_le_checked"] = f"{zh}{pzh}不大于检查数"
            out[f"{ch}_{part}_le_total"] = f"{zh}{pzh}不大于总数"
        out[f"{ch}_pass_rate_range"] = f"{zh}合格率取值范围"
        out[f"{ch}_coverage_rate_range"] = f"{zh}检查比例取值范围"
        out[f"{ch}_coverage_rate"] = f"{zh}检查比例"
        out[f"{ch}_pass_rate_none_unqualified"] = f"{zh}合格率与“未发现不合格”"
        out[f"{ch}_counts_sum"] = f"{zh}合格数与不合格数之和"
        out[f"{ch}_checked_le_total"] = f"{zh}检查数不大于总数"
    out |= {
        "newmedia_by_platform_sum": "各平台账号数合计",
        "figures_not_attributed": "未采用的数字（有两种读法）",
        "named_in_annex_newmedia": "点名的政务新媒体见于附件",
        "named_in_annex_websites": "点名的政府网站见于附件",
        "newmedia_unqualified_rows": "不合格政务新媒体数与附件行数",
        "website_with_problems_rows": "存在问题的政府网站数与附件行数",
        "newmedia_unrectified_rows": "未整改政务新媒体数与附件行数",
        # notes of govstats.assemble and the readers about the annex (issue 18: every check id has a Chinese label)
        "annex_table_cut": "附件表格不完整（截断）",
        "annex_unknown_columns": "附件中有未识别的列",
        "annex_reader_note": "附件读取提示",
        "websites_seq_unique": "政府网站附件序号重复",
        "new_media_seq_unique": "政务新媒体附件序号重复",
        "websites_region": "政府网站附件中未识别所属地区的条目",
        "new_media_region": "政务新媒体附件中未识别所属地区的条目",
        "platform_vocabulary": "平台名称不在词表中（保留原文）",
        "result_vocabulary": "检查结果不在词表中（保留原文）",
        "rectification_vocabulary": "整改情况不在词表中（保留原文）",
    }
    return out


#: Labels of the checks tables: a check named after the figure it tests has that figure's label,
#: the others (impossible figures, sums, "could not verify") their own.
MEASURE_LABELS_ZH: dict[str, str] = {**_check_labels(), **FIGURE_LABELS_ZH}

SEVERITY_LABELS_ZH: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}

#: Severities most serious first (SEVERITY_ORDER) and severity_rank come from govstats.checks.
#: The two channels an inspection covers (政府网站, 政务新媒体): the reconciliation module's names.
CHANNEL_LABELS_ZH: dict[str, str] = CHANNEL_ZH
KIND_LABELS_ZH: dict[str, str] = {"veto": "单项否决", "deduction": "扣分项", "management": "管理类问题"}
SUBTYPE_LABELS_ZH: dict[str, str] = {"subscription": "订阅号", "service": "服务号"}
YES_NO_ZH: dict[bool, str] = {True: "是", False: "否"}

#: Chinese headers of :func:`govstats.report.summary.summary_frame` (index page, ledger summary sheet).
SUMMARY_LABELS_ZH: dict[str, str] = {
    "bulletin_id": registry.BULLETINS.column("bulletin_id").label_zh,
    "region": registry.BULLETINS.column("region").label_zh,
    "quarter": registry.BULLETINS.column("period").label_zh,
    "title": registry.BULLETINS.column("title").label_zh,
    "website_checked": "检查网站数",
    "website_unqualified": "不合格网站数",
    "website_with_problems": "存在问题网站数",
    "website_pass_rate": "网站合格率（通报）",
    "website_pass_rate_computed": "网站合格率（核算）",
    "newmedia_checked": "检查新媒体数",
    "newmedia_unqualified": "不合格新媒体数",
    "newmedia_pass_rate": "新媒体合格率（通报）",
    "newmedia_pass_rate_computed": "新媒体合格率（核算）",
    "newmedia_unrectified": "未整改新媒体数（通报）",
    "annex_unrectified": "未整改条目数（附件）",
    "website_rows": registry.BULLETINS.column("website_rows").label_zh,
    "new_media_rows": registry.BULLETINS.column("new_media_rows").label_zh,
    "failed_errors": "核验错误数",
    "failed_warnings": "核验警告数",
    "feedback_deadline": registry.BULLETINS.column("feedback_deadline").label_zh,
}


def check_label(check: object) -> str:
    """Chinese label of a check id (MEASURE_LABELS_ZH); an id without one is shown as 其他核验（id）."""
    if check is None or registry._isna(check):
        return "—"
    return MEASURE_LABELS_ZH.get(str(check), f"其他核验（{check}）")


def note_zh(check: object, message: object) -> str:
    """A check's note for a page: its Chinese label, plus the message when that is written in Chinese
    (govstats.checks writes Chinese; the annex notes of govstats.assemble are English, for logs)."""
    msg = "" if message is None or registry._isna(message) else str(message)
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in msg)
    return f"{check_label(check)}：{msg}" if cjk else check_label(check)


def quarter_label(period: object) -> str:
    """2025Q1 -> 2025年第一季度; other periods (2024M06, 2023) as printed; missing -> —."""
    if period is None or registry._isna(period):
        return "—"
    try:
        return Quarter(str(period)).label_zh
    except ParameterError:
        return str(period)


def result_labels() -> dict[str, str]:
    """{result id: label_zh} of inspection results (合格 / 不合格), from normalize.result, imported on use."""
    from govstats.normalize.result import RESULT_LABELS_ZH

    return RESULT_LABELS_ZH


def rectification_label(status: object) -> object:
    """Chinese label of a rectification status; other values (NA, unknown ids) unchanged."""
    from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH

    return RECTIFICATION_LABELS_ZH.get(status, status) if isinstance(status, str) else status


@functools.lru_cache(maxsize=1)
def _vocab() -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """({category id: (label_zh, kind)}, {platform id: label_zh}), read straight from the vocabulary CSVs.

    Same values as normalize's category_label_zh / category_kind / platform_label_zh (a test
    checks), without what those build on first use for *matching*: ~180 compiled category
    regexes and the OpenCC converter behind the platform synonyms, ~0.1 s of every dashboard
    kernel for a dozen labels. The CSVs are read here rather than with normalize.vocab.load_csv,
    whose import brings the text normalizer and its regexes (~20 ms).
    """
    import csv
    from importlib import resources

    def rows(name: str) -> list[dict[str, str]]:
        text = resources.files("govstats.normalize").joinpath("data", name).read_text(encoding="utf-8-sig")
        return [{k.strip(): (v or "").strip() for k, v in r.items() if k} for r in csv.DictReader(text.splitlines())]

    categories = {r["id"]: (r["label_zh"], r["kind"]) for r in rows("problem_categories.csv") if r.get("id")}
    platforms = {r["id"]: r["label_zh"] for r in rows("platforms.csv") if r.get("id") and not r["subtype"]}
    return categories, platforms


def category_vocab() -> dict[str, tuple[str, str]]:
    """{category id: (label_zh, kind)} of the State Council indicators."""
    return _vocab()[0]


def platform_vocab() -> dict[str, str]:
    """{platform id: label_zh}."""
    return _vocab()[1]


def category_labels(cats: object) -> str:
    """A row's category ids as their Chinese labels joined with '；' ('' when not a list)."""
    categories = _vocab()[0]
    if not isinstance(cats, (list, tuple)):
        return ""
    return "；".join(categories[c][0] if c in categories else str(c) for c in cats)


def platform_label(platform: Any, raw: Any = None) -> Any:
    """Chinese label of a platform id (the id itself if unknown); the printed text when there is no id."""
    if isinstance(platform, str):
        return _vocab()[1].get(platform, platform)
    return raw
