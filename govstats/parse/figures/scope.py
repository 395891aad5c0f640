"""Scope: whether a sentence speaks of this bulletin's period and whole jurisdiction.

Figures of a previous period (上季度/去年/上期…), of a recheck of earlier findings (复查/回头看), or of
the own level only (市本级/市直部门) are never this bulletin's whole-area figures; the reader skips or
replaces them, and never lets them ground an error.
"""

from __future__ import annotations

import re

from govstats.parse.figures.cues import _CHECK_VERB
from govstats.parse.figures.sentences import _clause_bounds, _Sentence
from govstats.parse.figures.vocab import (
    CURRENT_PERIOD_WORDS,
    PREVIOUS_PERIOD_WORDS,
    alt,
)

_PREV_PERIOD_RE = re.compile(r"季度|上次|上期|前期|去年|上月|同期")


_RECHECK_RE = re.compile(r"复核|复查|回头看")


def is_recheck(masked: str) -> bool:
    """True when a sentence reports a recheck of an earlier period's findings (对上季度…进行复查):
    none of its counts or rates is this bulletin's (counts, rates and platform lists all ask)."""
    return bool(_RECHECK_RE.search(masked) and _PREV_PERIOD_RE.search(masked))


# A figure after a previous period named at the head of the sentence belongs to that period
# unless the current one is named again in between (上季度检查…203个,合格率95.07%).
_CURRENT = re.compile(alt(CURRENT_PERIOD_WORDS))


_PERIOD_TOPIC = re.compile(rf"{_CHECK_VERB}|\d|合格率")


# A previous period named before a figure (上季度通报的不合格…5个, 上季度合格率为85%); not 较上季度
# (a comparison, handled as a change) nor 截至上月底 (a date).
_PREV_BEFORE = re.compile(rf"(?<![较比与至止同])(?:{alt(PREVIOUS_PERIOD_WORDS)})")


# A sentence that adds another check exercise (此外/另外 + a check verb) after the main one.
_SEPARATE_CHECK = re.compile(rf"^\s*(?:此外|另外)[^。;]{{0,60}}?{_CHECK_VERB}")


_LEVEL_SCOPE = re.compile(r"[省市县区州旗盟]本级|[省市县区州]直(?:部门|单位|各部门|各单位)")


_WHOLE_SCOPE = re.compile(r"全[省市县区州旗盟]|全[省市县区]范围")


_PLACE_SUBJECT = re.compile(
    r"^\s*(?:\d+\.|[一二三四五六七八九十]+、)?\s*(?P<place>(?![全本我各该])[\u4e00-\u9fff]{1,8}?[市县区州旗盟])"
    r"(?!本级)(?:共|本季度|本月)?\s*(?:检查|抽查|监测|巡查)"
)


def _place_subject(sent: _Sentence, s: int) -> str | None:
    """The named area a count's clause starts with (甲市检查政务新媒体56个), if any."""
    cs = _clause_bounds(sent.masked, s)[0]
    m = _PLACE_SUBJECT.match(sent.masked, cs, s)
    return m.group("place") if m else None


#: A clause led by a month without its year (10月有12个不合格) states one month of a longer period;
#: "2024年10月" is a date, not a sub-period.
_MONTH_HEAD = re.compile(
    r"\s*(?:\d+\.|[一二三四五六七八九十]+、)?\s*(?<![年\d])\d{1,2}\s*月份?(?![底末初中])"
)
#: A clause naming the whole period a bulletin reports on (第四季度检查发现…, 全年…)
_WHOLE_PERIOD = re.compile(r"第?[一二三四1-4]\s*季度|本季度|全年|本年度")


def sub_period(sent: _Sentence, s: int) -> bool:
    """True when the clause of the number at s (offset in the sentence) starts with a bare month."""
    cs = _clause_bounds(sent.masked, s)[0]
    return _MONTH_HEAD.match(sent.masked, cs, s) is not None


def whole_period(sent: _Sentence, s: int) -> bool:
    """True when the clause of the number at s, or the clause before it, names the whole quarter or
    year (12月进行了第四季度全面检查,共有24个不合格)."""
    cs = _clause_bounds(sent.masked, s)[0]
    ps = _clause_bounds(sent.masked, cs - 1)[0] if cs else cs
    return _WHOLE_PERIOD.search(sent.masked, ps, s) is not None


#: A sentence relaying another issuer's results (据国务院办公厅…抽查通报, 根据省政府办公厅通报) about a
#: wider area (全国/全省) than a city's or county's bulletin reports on. Not 按照…要求 (a requirement,
#: not results) and not 全区 (a district's own area as often as an autonomous region).
_RELAY_HEAD = re.compile(
    r"^\s*(?:\d+\.|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))?\s*(?:据|根据)"
    r"[^,;。!?]{0,40}?(?:通报|抽查结果|检查结果)"
)
_WIDER_AREA = re.compile(r"全国|全省")
_OWN_AREA = re.compile(r"我[省市县区州旗盟]|本[省市县区州旗盟]")


def relayed(masked: str) -> bool:
    """True when the sentence relays a higher level's figures for a wider area: none is this
    bulletin's (a city's bulletin quoting the province's pass rate must not check its own counts
    against it)."""
    return bool(_RELAY_HEAD.match(masked) and _WIDER_AREA.search(masked) and not _OWN_AREA.search(masked))


#: "存在1项问题的账号共40个": one band of a distribution by number of problems, not a population
PROBLEM_BAND = re.compile(r"存在\s*(?:\d+|[一二三四五两多])\s*(?:项|个|类)(?:及以上|以上)?\s*问题")
