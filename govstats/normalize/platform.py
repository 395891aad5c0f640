"""Map a printed platform label (账号类型: 微信订阅号, 抖音短视频, 今日头条号 …) to a platform id.

The synonyms live in ``data/platforms.csv``. Matching is leftmost-longest over the normalized
cell, so 微信视频号 is ``wechat_channels`` and 微信小程序 is ``mini_program`` even though both
contain 微信. A cell naming two different platforms (政务微博、政务微信) is ambiguous and returns
``(None, None)`` like unknown text: the caller keeps ``platform_raw`` and flags the row.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govstats.normalize.vocab import load_csv, match_key

__all__ = ["PLATFORM_IDS", "PLATFORM_SUBTYPES", "normalize_platform", "platform_label_zh", "split_platform"]

#: The platform ids (NEW_MEDIA.platform in govstats.registry), in display order. The CSV must use exactly these.
PLATFORM_IDS: tuple[str, ...] = (
    "wechat_oa",
    "wechat_channels",
    "weibo",
    "douyin",
    "toutiao",
    "kuaishou",
    "baijiahao",
    "qie",
    "dayu",
    "tieba",
    "bilibili",
    "xiaohongshu",
    "mini_program",
    "mobile_app",
    "video_other",
    "other",
)

#: Subtypes kept for WeChat official accounts (订阅号 / 服务号).
PLATFORM_SUBTYPES: tuple[str, ...] = ("subscription", "service")


@lru_cache(maxsize=1)
def _vocab() -> tuple[re.Pattern[str], dict[str, tuple[str, str | None]], dict[str, str]]:
    """Compile the synonym table once: (matcher, synonym key -> (id, subtype), id -> label)."""
    synonyms: dict[str, tuple[str, str | None]] = {}
    labels: dict[str, str] = {}
    for row in load_csv("platforms.csv"):
        pid, subtype = row["id"], row["subtype"] or None
        if pid not in PLATFORM_IDS:
            raise ValueError(f"platforms.csv: unknown platform id {pid!r}")
        if subtype is not None and subtype not in PLATFORM_SUBTYPES:
            raise ValueError(f"platforms.csv: unknown subtype {subtype!r}")
        if subtype is None:
            labels[pid] = row["label_zh"]
        for syn in row["synonyms"].split("|"):
            key = match_key(syn)
            if key in synonyms and synonyms[key] != (pid, subtype):
                raise ValueError(f"platforms.csv: synonym {syn!r} mapped twice")
            synonyms[key] = (pid, subtype)
    missing = set(PLATFORM_IDS) - set(labels)
    if missing:
        raise ValueError(f"platforms.csv: no label row for {sorted(missing)}")
    alts = []
    for key in sorted(synonyms, key=len, reverse=True):  # longest first = leftmost-longest
        esc = re.escape(key)
        alts.append(f"(?<![a-z]){esc}(?![a-z])" if key.isascii() else esc)
    return re.compile("|".join(alts)), synonyms, labels


@lru_cache(maxsize=4096)
def normalize_platform(raw: str | None) -> tuple[str | None, str | None]:
    """Return ``(platform_id, subtype)`` for a printed platform label, ``(None, None)`` if unknown.

    ``subtype`` is ``"subscription"`` (订阅号) or ``"service"`` (服务号) for WeChat official
    accounts and ``None`` otherwise. Traditional characters, full-width forms, inner spaces and
    decorations (官方抖音账号, 微信公众号(订阅号)) are tolerated; text naming no platform or two
    different platforms gives ``(None, None)``.
    """
    if raw is None:
        return None, None
    key = match_key(str(raw))
    if not key:
        return None, None
    matcher, synonyms, _ = _vocab()
    hits = [synonyms[m.group(0)] for m in matcher.finditer(key)]
    ids = {pid for pid, _ in hits}
    if len(ids) != 1:
        return None, None
    pid = ids.pop()
    subtypes = {st for _, st in hits if st is not None}
    return pid, (subtypes.pop() if len(subtypes) == 1 else None)


def platform_label_zh(pid: str) -> str:
    """Chinese display label of a platform id (wechat_oa -> 微信公众号); KeyError if unknown."""
    labels = _vocab()[2]
    if pid not in labels:
        raise KeyError(f"unknown platform id {pid!r}")
    return labels[pid]


# A platform written inside the account name: 某某警方（新浪微博）, “某某”抖音号. Here rather than in
# parse.annex because the readers (readers.shapes) split names too, and normalize sits below both.
_NAME_PLATFORM = re.compile(r"^(?P<name>.+?)\s*[（(](?P<p>[^（()）]{1,12})[)）]$")
_QUOTED_PLATFORM = re.compile(r"^[“\"](?P<name>[^”\"]+)[”\"]\s*(?P<p>\S{1,12})$")


def split_platform(name: str) -> tuple[str, str | None]:
    """(account name, platform as printed) when the name carries a known platform, else (name, None)."""
    for pat in (_NAME_PLATFORM, _QUOTED_PLATFORM):
        m = pat.match(name)
        if m and normalize_platform(m.group("p"))[0] is not None:
            return m.group("name").strip(), m.group("p")
    return name, None
