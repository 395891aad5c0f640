"""Every Chinese label the reports show, gathered for the pages.

The lists themselves live in :mod:`govstats.registry` (columns, figure keys, check ids,
channels, severities); problem categories and platforms in the vocabulary CSVs, rectification
statuses in :mod:`govstats.normalize.rectification`. What has no other home (indicator kinds,
WeChat subtypes, yes/no, the summary columns) is defined here. Dashboards, the index page, the
ledger and the Jupyter displays all read these, so one thing never has two wordings.
"""

from __future__ import annotations

import functools
from typing import Any

from govstats import registry
from govstats.errors import ParameterError
from govstats.quarter import Quarter
from govstats.registry import (
    CHANNEL_LABELS_ZH,
    CHECK_LABELS_ZH,
    FIGURE_LABELS_ZH,
    SEVERITY_LABELS_ZH,
    SEVERITY_ORDER,
    severity_rank,
)

__all__ = [
    "CHANNEL_LABELS_ZH",
    "CHECK_LABELS_ZH",
    "FIGURE_LABELS_ZH",
    "KIND_LABELS_ZH",
    "SEVERITY_LABELS_ZH",
    "SEVERITY_ORDER",
    "SUBTYPE_LABELS_ZH",
    "SUMMARY_LABELS_ZH",
    "YES_NO_ZH",
    "NOT_CHECKED_ZH",
    "ANALYST_MARK",
    "ANALYST_NOTE_ZH",
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

KIND_LABELS_ZH: dict[str, str] = {"veto": "单项否决", "deduction": "扣分项", "management": "管理类问题"}
SUBTYPE_LABELS_ZH: dict[str, str] = {"subscription": "订阅号", "service": "服务号"}
YES_NO_ZH: dict[bool, str] = {True: "是", False: "否"}
#: A check that could not be made (checks.ok null): neither 是 nor 否.
NOT_CHECKED_ZH = "无法核验"
#: Marker and footnote of a figure the analyst entered in <file>.figures.yml (figures.source analyst).
ANALYST_MARK = "※"
ANALYST_NOTE_ZH = "※ 分析人员核定的数字（见通报文件旁的 .figures.yml），非从通报原文读取。"

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
    """Chinese label of a check id (registry.CHECK_LABELS_ZH, else a figure key's label); an id without
    one is shown as 其他核验（id）."""
    if check is None or registry._isna(check):
        return "—"
    c = str(check)
    return CHECK_LABELS_ZH.get(c) or FIGURE_LABELS_ZH.get(c) or f"其他核验（{c}）"


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
