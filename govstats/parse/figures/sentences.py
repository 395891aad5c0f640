"""Sentences and clauses: where one statement ends, and which names are masked before reading.

Sentences end at 。;!?, blank lines and numbered headings; quoted titles and system names are blanked
(same length) so that their channel words are not read as the sentence's channel.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_SENT_END = re.compile(
    r"[。;!?]|\n\s*\n|\n(?=\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、]\D))"
)


_HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d))"
)


_CLAUSE_SEP = ",;。!?"


_CLAUSE_SEP_RE = re.compile(r"[,;。!?]")


_PAREN_ASIDE = re.compile(r"\([^()]{0,80}\)")


#: First characters after a line break that may start a blank line or a numbered heading (_SENT_END).
_LINE_HEAD = frozenset(" \t\r\n\u3000(0123456789一二三四五六七八九十")


_SENT_CAND = re.compile(r"[。;!?\n]")  # every _SENT_END match starts with one of these


_HEAD_SPLIT = re.compile(r"[:。\n]")


# Mask the inside of quotes, titles and document-number brackets (length-preserving), so that
# 《政府网站与政务新媒体检查指标》 or “全国政务新媒体信息报送系统” never read as a channel or a verb.
_MASK_RE = re.compile(r"《[^》\n]{1,60}》|“[^”\n]{5,40}”|〔[^〕\n]{1,12}〕")


# The name of a filing or monitoring system (全国政府网站与政务新媒体信息报送系统, 政府网站和政务新媒体
# 管理平台) names no channel: the count after it is about the noun before the system's name.
_SYSTEM_NAME_RE = re.compile(
    r"(?:政府)?(?:网站|新媒体)(?:\s*[和与及、]\s*(?:政府系统)?(?:政务)?新媒体)?"
    r"(?:信息)?(?:管理|监管|报送|监测|检查|普查|备案)(?:系统|平台)"
)


def _mask(s: str) -> str:
    """Quoted titles and names blanked (same length); 帐号 read as 账号 (both spellings are in use)."""
    if "帐" in s:
        s = s.replace("帐", "账")
    if "系统" in s or "平台" in s:
        s = _SYSTEM_NAME_RE.sub(lambda m: "□" * len(m.group(0)), s)
    if "《" not in s and "“" not in s and "〔" not in s:
        return s
    return _MASK_RE.sub(lambda m: m.group(0)[0] + "□" * (len(m.group(0)) - 2) + m.group(0)[-1], s)


def _last(it: Iterator[re.Match[str]]) -> re.Match[str] | None:
    """The last match of a finditer, or None."""
    out = None
    for out in it:  # noqa: B007
        pass
    return out


@dataclass
class _Sentence:
    start: int  # offset in normalized text
    text: str  # normalized
    masked: str
    heading_channel: str | None  # channel set by a heading at the start of this sentence, if any
    body_start: int = 0  # where the text after a heading line ("一、政府网站检查情况\n") starts


def split_sentences(text: str, semicolons: bool = True) -> list[tuple[int, int]]:
    """(start, end) of sentences in normalized text: 。;!? blank lines and numbered headings end one."""
    out: list[tuple[int, int]] = []
    pos = 0
    for c in _SENT_CAND.finditer(text):  # a cheap scan for candidates, the full rule only at line breaks
        i, ch = c.start(), c.group(0)
        if i < pos or (ch == ";" and not semicolons):
            continue
        if ch != "\n":
            if i + 1 > pos:
                out.append((pos, i + 1))
            pos = i + 1
            continue
        if text[i + 1 : i + 2] not in _LINE_HEAD:
            continue  # a line break ends a sentence only before a blank line or a numbered heading
        m = _SENT_END.match(text, i)
        if m is None:
            continue
        if i > pos:
            out.append((pos, i))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [piece for s, e in out if text[s:e].strip() for piece in _bounded(text, s, e)]


#: Longest sentence the rules read as one. Real sentences stay well below it; a longer run without
#: 。;!? (a list of rate lines, a flattened table) is cut at line breaks, then commas, then hard, so
#: the work per sentence is bounded and extraction stays linear in the text.
MAX_SENTENCE = 400


def _bounded(text: str, s: int, e: int) -> list[tuple[int, int]]:
    if e - s <= MAX_SENTENCE:
        return [(s, e)]
    out = []
    while e - s > MAX_SENTENCE:
        cut = -1
        for sep in ("\n", ",", "、", " "):
            cut = text.rfind(sep, s + 1, s + MAX_SENTENCE)
            if cut > s:
                break
        cut = cut + 1 if cut > s else s + MAX_SENTENCE
        if text[s:cut].strip():
            out.append((s, cut))
        s = cut
    if text[s:e].strip():
        out.append((s, e))
    return out


@lru_cache(maxsize=64)
def _clause_seps(masked: str) -> tuple[int, ...]:
    """Positions of the clause separators of a sentence (cached: every count and rate asks)."""
    return tuple(m.start() for m in _CLAUSE_SEP_RE.finditer(masked))


def _clause_bounds(masked: str, i: int) -> tuple[int, int]:
    """(start, end) of the comma clause around position i (a separator at i ends the clause)."""
    seps = _clause_seps(masked)
    k = bisect_left(seps, i)
    return (seps[k - 1] + 1 if k else 0), (seps[k] if k < len(seps) else len(masked))


def _post_window(masked: str, i: int) -> str:
    """Text after position i up to the clause end, skipping bracketed asides (包括…) on the way."""
    rest = masked[i : i + 160]
    if "(" in rest:
        rest = _PAREN_ASIDE.sub("", rest)
    ends = [j for j in (rest.find(c) for c in _CLAUSE_SEP) if j >= 0]
    return rest[: min(ends)] if ends else rest
