"""Classify a problem description (存在问题) into the State Council 2019 inspection indicators.

One row often lists several problems ("监测时间点前2周内无更新、未提供有效互动功能"), so this is
multi-label keyword matching, not one label per row. The categories and their regex patterns
live in ``data/problem_categories.csv``; each category belongs to a channel (web, nm or both)
and only the categories of the row's channel are tried, which settles the ambiguous wording:
更新不及时 / 未按时更新 / 无更新 is ``column_not_updated`` for a website and ``nm_not_updated``
for an account.

Rules, in order:

1. The text is normalized (``match_key``: simplified, no spaces, doubled characters collapsed).
2. Negated clauses are dropped whole: 未发现…问题 (nothing found) and 避免/杜绝/防止/严禁… (a
   requirement, not a finding).
3. Every top-level alternative of every category pattern is searched separately. A match that
   lies strictly inside a longer match of another category is discarded, so the more specific
   wording wins: 严重表述错误 is ``serious_error`` only (not also ``typo_sensitive``), 首页长期未更新
   is ``homepage_not_updated`` only, 部分链接无法正常访问 is ``broken_links`` only.
4. Categories are returned in order of their first surviving match; ``other`` when the text is
   non-empty but nothing matched; ``[]`` for empty text or an explicit "no problem" (无, 无问题).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from govstats.normalize.vocab import load_csv, match_key, split_alternatives

__all__ = [
    "CATEGORY_IDS",
    "CATEGORIES",
    "CHANNELS",
    "KINDS",
    "Category",
    "category_channel",
    "category_kind",
    "category_label_zh",
    "classify_problem",
    "is_veto",
]

#: The indicator ids (data/problem_categories.csv names each) plus ``other``; the CSV must define exactly these.
CATEGORY_IDS: tuple[str, ...] = (
    "serious_error",
    "site_unreachable",
    "homepage_not_updated",
    "column_not_updated",
    "blank_columns",
    "web_interaction_poor",
    "service_not_practical",
    "policy_interpretation",
    "disclosure_platform",
    "site_identity",
    "broken_links",
    "privacy_leak",
    "typo_sensitive",
    "nm_not_updated",
    "nm_no_interaction",
    "nm_no_original",
    "nm_irrelevant_content",
    "nm_function_broken",
    "nm_registration",
    "nm_certification",
    "nm_zombie",
    "nm_duplicate",
    "nm_repost_missing",
    "other",
)
KINDS: tuple[str, ...] = ("veto", "deduction", "management")
CHANNELS: tuple[str, ...] = ("web", "nm")

# A clause ends at these characters (after NFKC, full-width ，；！？ are ASCII).
_CLAUSE_END = re.compile(r"[,;。!?]")
_NEGATED = re.compile(
    r"(?:未发现|没有发现|未出现|没有出现).*(?:问题|情形|情况|错误|事故|隐患|不合格|现象)|避免|杜绝|防止|严禁"
)
_NO_PROBLEM = re.compile(r"(?:无|没有|暂无|未发现|无问题|没有问题|未发现问题|正常|运行正常)[。.]?")
_ONLY_PUNCT = re.compile(r"[\W_]*")


@dataclass(frozen=True)
class Category:
    """One problem category: id, Chinese label, kind (veto|deduction|management), channel, patterns."""

    id: str
    label_zh: str
    kind: str
    channel: str  # web | nm | both
    patterns: tuple[re.Pattern[str], ...]  # one compiled regex per top-level alternative
    note: str = ""
    # all the alternatives in one regex: no match of it anywhere means no match of any pattern, so a
    # text is scanned once per category instead of once per pattern (most categories never match)
    any_of: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def applies_to(self, channel: str) -> bool:
        """True when rows of ``channel`` (web or nm) can carry this category."""
        return self.channel in ("both", channel)


@lru_cache(maxsize=1)
def _load() -> dict[str, Category]:
    cats: dict[str, Category] = {}
    for row in load_csv("problem_categories.csv"):
        cid = row["id"]
        if cid not in CATEGORY_IDS or cid in cats:
            raise ValueError(f"problem_categories.csv: unknown or repeated id {cid!r}")
        if row["kind"] not in KINDS:
            raise ValueError(f"problem_categories.csv: {cid}: bad kind {row['kind']!r}")
        if row["channel"] not in (*CHANNELS, "both"):
            raise ValueError(f"problem_categories.csv: {cid}: bad channel {row['channel']!r}")
        if not row["label_zh"]:
            raise ValueError(f"problem_categories.csv: {cid}: empty label")
        try:
            pats = tuple(re.compile(p, re.IGNORECASE) for p in split_alternatives(row["patterns"]))
            any_of = re.compile("|".join(f"(?:{p.pattern})" for p in pats), re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"problem_categories.csv: {cid}: bad regex: {exc}") from None
        cats[cid] = Category(cid, row["label_zh"], row["kind"], row["channel"], pats, row.get("note", ""), any_of)
    missing = [c for c in CATEGORY_IDS if c not in cats]
    if missing:
        raise ValueError(f"problem_categories.csv: missing categories {missing}")
    return {cid: cats[cid] for cid in CATEGORY_IDS}


class _Categories(Mapping[str, Category]):
    """Read-only mapping id -> Category, loaded from the CSV on first use (import does no I/O)."""

    def __getitem__(self, cid: str) -> Category:
        return _load()[cid]

    def __iter__(self) -> Iterator[str]:
        return iter(_load())

    def __len__(self) -> int:
        return len(_load())

    def __repr__(self) -> str:
        return f"CATEGORIES({list(self)})"


#: Category metadata by id, in taxonomy order.
CATEGORIES: Mapping[str, Category] = _Categories()


def category_label_zh(cid: str) -> str:
    """Chinese display label of a category id; KeyError if unknown."""
    return CATEGORIES[cid].label_zh


def category_kind(cid: str) -> str:
    """``veto``, ``deduction`` or ``management`` (the indicator family: the ``kind`` column of data/problem_categories.csv)."""
    return CATEGORIES[cid].kind


def category_channel(cid: str) -> str:
    """``web``, ``nm`` or ``both``: which rows can carry the category."""
    return CATEGORIES[cid].channel


def is_veto(cid: str) -> bool:
    """True when the category is a single-veto indicator (单项否决) of the 2019 checklist.

    Some veto indicators only fail a row above a threshold (≥5 stale or blank columns, 2 weeks
    without updates); the category's ``note`` says which. A finding in a veto category therefore
    does not by itself prove the row was judged 不合格.
    """
    return CATEGORIES[cid].kind == "veto"


def classify_problem(text: str | None, channel: str) -> list[str]:
    """Return the category ids of a problem description, in order of first occurrence.

    ``channel`` is ``"web"`` for a website row and ``"nm"`` for a new-media account row
    (ValueError otherwise). Empty text gives ``[]``; text that matches nothing gives ``["other"]``.
    """
    return list(_classify(text, channel))


@lru_cache(maxsize=8192)
def _classify(text: str | None, channel: str) -> tuple[str, ...]:
    if channel not in CHANNELS:
        raise ValueError(f"channel must be 'web' or 'nm', not {channel!r}")
    if text is None:
        return ()
    key = match_key(str(text))
    if _ONLY_PUNCT.fullmatch(key) or _NO_PROBLEM.fullmatch(key):
        return ()
    body = ",".join(c for c in _CLAUSE_END.split(key) if not _NEGATED.search(c))
    if _ONLY_PUNCT.fullmatch(body):  # only negated clauses: nothing was found
        return ()
    spans: list[tuple[int, int, str]] = []
    for cat in _load().values():
        if not cat.applies_to(channel) or (cat.any_of is not None and not cat.any_of.search(body)):
            continue
        for pat in cat.patterns:
            spans.extend((m.start(), m.end(), cat.id) for m in pat.finditer(body) if m.end() > m.start())
    spans.sort()
    starts = [s for s, _, _ in spans]
    longest = max((e - s for s, e, _ in spans), default=0)
    first: dict[str, int] = {}
    for start, end, cid in spans:
        if cid in first:  # spans are sorted: a kept earlier match already fixed the position
            continue
        # only spans starting at most `longest` before this one can contain it
        lo, hi = bisect_left(starts, start - longest), bisect_right(starts, start)
        hidden = any(c != cid and end <= e and (e - s) > (end - start) for s, e, c in spans[lo:hi])
        if not hidden:
            first[cid] = start
    if not first:
        return ("other",)
    order = {cid: i for i, cid in enumerate(CATEGORY_IDS)}
    return tuple(sorted(first, key=lambda c: (first[c], order[c])))
