"""Map printed rectification wording (整改情况) to a status.

Statuses: ``rectified | in_progress | not_rectified | not_reported | unknown``. The patterns live
in ``data/rectification.csv`` and are tried in file order: "no report" wording, then negative
wording (未整改到位 contains 整改到位), then partial/ongoing, then positive wording, then weak
signals (an order to rectify, a bare 未反馈). Doubled characters are collapsed before matching, so
the seed's typo 仍未未整改到位 reads as 仍未整改到位.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govstats.normalize.vocab import load_csv, match_key

__all__ = ["RECTIFICATION_STATUSES", "RECTIFICATION_LABELS_ZH", "normalize_rectification"]

RECTIFICATION_STATUSES: tuple[str, ...] = (
    "rectified",
    "in_progress",
    "not_rectified",
    "not_reported",
    "unknown",
)

RECTIFICATION_LABELS_ZH: dict[str, str] = {
    "rectified": "已整改",
    "in_progress": "整改中",
    "not_rectified": "未整改",
    "not_reported": "未反馈",
    "unknown": "未知",
}


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for row in load_csv("rectification.csv"):
        if row["status"] not in RECTIFICATION_STATUSES or row["status"] == "unknown":
            raise ValueError(f"rectification.csv: bad status {row['status']!r}")
        rules.append((re.compile(row["pattern"]), row["status"]))
    return tuple(rules)


@lru_cache(maxsize=4096)
def normalize_rectification(raw: str | None) -> str:
    """Return the rectification status of a 整改情况 cell or sentence; ``"unknown"`` if empty or unclear."""
    if raw is None:
        return "unknown"
    key = match_key(str(raw))
    if not key:
        return "unknown"
    for pattern, status in _rules():
        if pattern.search(key):
            return status
    return "unknown"
