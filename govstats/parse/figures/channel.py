"""Channel: which set a figure speaks of (websites, new media, both, none), from the channel noun
next to it, the nearest one before it, the section heading or the previous sentence; and the
breakdown zones (其中/包括…) whose items are sub-groups of a channel, not the channel.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from govstats.parse.figures.cues import (
    _CHECK_VERB,
    _COUNT_TOKEN,
    _HAS_COUNT,
    _NOUN_RE,
    _OUTCOME_WORD,
    _PLATFORM_RE,
    _RATE_RE,
    _SUBCHECK,
    _SUBGROUP,
    _SUBGROUP_STRIP,
    _ZONE_WORD,
)
from govstats.parse.figures.decode import _State
from govstats.parse.figures.figure import NM, WEB
from govstats.parse.figures.sentences import _HEAD_SPLIT, _HEADING_RE, _clause_bounds, _last
from govstats.parse.figures.vocab import (
    BREAKDOWN_WORDS,
    alt,
)

# 其中的 is "of them" (抽查了其中的300个), not a breakdown.
_ZONE_RE = re.compile(rf"其中(?!的)|{alt(tuple(w for w in BREAKDOWN_WORDS if w != '其中'))}")


_COORD_CHANNELS = re.compile(
    r"网站\s*(?:和|与|及|、)\s*(?:政府系统)?(?:政务)?新媒体|新媒体\s*(?:和|与|及|、)\s*(?:政府)?网站"
)


def _channel_of(noun: str) -> str:
    return WEB if "网站" in noun else NM


def _heading_channel(masked: str) -> tuple[bool, str | None, int]:
    """(is_heading, channel, body start) for a sentence that starts with a numbered heading.

    The body starts after the heading line when the heading ends with a line break or a colon
    ("一、政府网站检查情况\n全市共有…"), so its words are not read as part of the first clause.
    """
    if not _HEADING_RE.match(masked):
        return False, None, 0
    cut = _HEAD_SPLIT.search(masked, 0, 41)
    head = masked[: cut.start()] if cut else masked[:41]
    if len(head) > 40:
        return False, None, 0
    body = len(head) + 1 if masked[len(head) : len(head) + 1] in ("\n", ":") else 0
    return True, _single_channel(head), body


def _single_channel(masked: str) -> str | None:
    """The channel of the nouns in a text when they all name the same one, else None."""
    chans = {_channel_of(m.group(0)) for m in _NOUN_RE.finditer(masked)}
    return chans.pop() if len(chans) == 1 else None


_OF_THEM = re.compile(rf"{_CHECK_VERB}了?$")


@lru_cache(maxsize=64)
def _zones(masked: str) -> tuple[tuple[int, int, str | None], ...]:
    """Breakdown zones (其中/包括/含 …) with the channel they break down.

    A bracketed zone ends at its closing bracket. Otherwise the zone runs over the clauses that
    list counted items and ends at the first clause without a count, except that a rate clause
    right after a counted sub-check (其中,省政府部门网站抽查31家,合格率为100%) still belongs to it.
    """
    out = []
    for m in _ZONE_RE.finditer(masked):
        if _OF_THEM.search(masked, max(0, m.start() - 6), m.start()):
            continue  # "抽查了其中10个": the sample drawn from the set just named, not a breakdown
        in_paren = m.group(0).startswith("(") or masked.rfind("(", 0, m.start()) > masked.rfind(
            ")", 0, m.start()
        )
        if in_paren:
            j = masked.find(")", m.end())
            end = j if j >= 0 else len(masked)
        else:
            end = len(masked)
            pos, prev = m.end(), masked[m.end() : _clause_bounds(masked, m.end())[1]]
            # "其中不合格账号5个(…),合格率…": the zone splits the checked set by outcome, so a rate
            # after it is the whole's, not a sub-group's
            outcome_split = _OUTCOME_SPLIT.match(masked, m.end()) is not None
            head = _last(_ITEM_COUNT.finditer(masked, max(0, m.start() - 40), m.start()))
            while pos < len(masked):
                ce = _clause_bounds(masked, pos)[1]
                clause = masked[pos:ce]
                if pos > m.end() and not _HAS_COUNT.search(clause):
                    if _RATE_RE.search(clause) and _SUBCHECK.search(prev) and not outcome_split:
                        end = ce
                    else:
                        end = pos
                    break
                prev, pos = clause, ce + 1
                if head is not None and _parts_close(masked, m.end(), ce, int(head.group(1))):
                    # the parts listed so far add up to the count the zone breaks down: what
                    # follows (不合格3家, 合格率…) is about the whole again
                    end = ce
                    break
        before = list(_NOUN_RE.finditer(masked, max(0, m.start() - 12), m.start()))
        chan = _channel_of(before[-1].group(0)) if before else None
        out.append((m.start(), end, chan))
    return tuple(out)


_OUTCOME_SPLIT = re.compile(r"\s*:?,?\s*(?:有\s*\d{1,7}\s*[个家])?\s*(?:不合格|合格|存在|未整改)")


_ITEM_COUNT = re.compile(r"(?<![\d.])(\d{1,7})\s*[个家]")


def _parts_close(masked: str, s: int, e: int, head: int) -> bool:
    """True when the item counts between s and e (two or more, none an outcome) add up to head."""
    part = masked[s:e]
    if _OUTCOME_WORD.search(part):
        return False
    nums = [int(x.group(1)) for x in _ITEM_COUNT.finditer(part)]
    return len(nums) >= 2 and sum(nums) == head


def _in_zone(
    zones: tuple[tuple[int, int, str | None], ...], i: int, chan: str
) -> tuple[int, int, str | None] | None:
    for z in zones:
        if z[0] <= i < z[1] and (z[2] is None or z[2] == chan):
            return z
    return None


@lru_cache(maxsize=64)
def _nouns(masked: str) -> tuple[tuple[re.Match[str], ...], tuple[int, ...]]:
    """Channel nouns of a sentence and their end positions (cached: every count and rate asks)."""
    ms = tuple(_NOUN_RE.finditer(masked))
    return ms, tuple(m.end() for m in ms)


_PLATFORM_LINE = re.compile(r"\s*(?:账号)?\s*(?:不)?合格\s*\d{1,7}\s*[个家]\s*,\s*(?:总体|综合)?$")


def _platform_subject(masked: str, i: int) -> bool:
    """True when the rate at i closes one platform's line (微信公众号合格40个,合格率100%): the rate is
    that platform's, not the channel's."""
    nouns = _nouns(masked)
    k = bisect_right(nouns[1], i)
    if not k:
        return False
    last = nouns[0][k - 1]
    return (
        bool(_PLATFORM_RE.fullmatch(last.group(0)))
        and _PLATFORM_LINE.match(masked, last.end(), i) is not None
    )


def _context_channel(st: _State, masked: str, i: int, forward: bool = False) -> str | None:
    """Nearest channel noun before i in the sentence, else the section's channel, else (forward) the next one."""
    nouns = _nouns(masked)
    k = bisect_right(nouns[1], i)
    if k:
        last = nouns[0][k - 1]
        # "政府网站和政务新媒体…合格率" names both channels: ambiguous.
        for c in _COORD_CHANNELS.finditer(
            masked, max(0, last.start() - 12), min(len(masked), last.end() + 12)
        ):
            if c.start() <= last.start() < c.end() or c.start() < last.end() <= c.end():
                return None
        return _channel_of(last.group(0))
    if st.carry:
        return st.carry
    if st.section:
        return st.section
    if st.prev_sentence:
        return st.prev_sentence
    if forward:
        m = _NOUN_RE.search(masked, i)
        if m:
            return _channel_of(m.group(0))
    return None


def _zone_to_end(masked: str) -> bool:
    """True when a breakdown zone that is not in brackets runs to the end of the sentence."""
    end = len(masked.rstrip().rstrip(";"))
    return any(z[1] >= end and not masked[z[0]] == "(" for z in _zones(masked))


def _zone_has_subgroup(st: _State, masked: str, zone: tuple[int, int, str | None], i: int) -> bool:
    """True when the zone lists a sub-group (a named unit, a platform, a counted item) before position i."""
    if any(zone[0] <= j < i for j in st.subgroups):
        return True
    body = masked[zone[0] : i]
    body = _ZONE_WORD.sub("", body)
    first = _COUNT_TOKEN.sub("", body.split(",")[0])
    return bool(_SUBGROUP.search(_SUBGROUP_STRIP.sub("", first)))


def _channels_in_order(text: str) -> list[str]:
    out: list[str] = []
    for m in _NOUN_RE.finditer(text):
        c = _channel_of(m.group(0))
        if _PLATFORM_RE.fullmatch(m.group(0)):
            return []  # platform list: those are per-platform rates
        if c not in out:
            out.append(c)
    return out
