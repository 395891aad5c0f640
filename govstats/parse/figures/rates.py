"""Rates of a sentence (合格率, 检查比例, 占比 of the qualified) and census wording (checked = total)."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import chain

from govstats.parse.figures.channel import (
    _COORD_CHANNELS,
    _channel_of,
    _channels_in_order,
    _context_channel,
    _in_zone,
    _platform_subject,
    _zone_has_subgroup,
    _zones,
)
from govstats.parse.figures.cues import (
    _ANNUAL_RE,
    _CHECK_VERB,
    _HAS_COUNT,
    _NOUN_RE,
    _NOUNS,
    _NP_CUT,
    _NUM,
    _PART_RATE,
    _PLATFORM_RE,
    _QUAL_SHARE,
    _RATE_AFTER_CHANGE_RE,
    _RATE_BY_RE,
    _RATE_MORE_RE,
    _RATE_RE,
    _SAMPLING,
    _SUBGROUP,
    _SUBGROUP_STRIP,
)
from govstats.parse.figures.decode import _State
from govstats.parse.figures.figure import NM, WEB
from govstats.parse.figures.scope import (
    _CURRENT,
    _PERIOD_TOPIC,
    _PREV_BEFORE,
    is_recheck,
)
from govstats.parse.figures.sentences import _clause_bounds, _last, _Sentence
from govstats.parse.figures.vocab import (
    CENSUS_RE,
    CENSUS_SCOPE_RE,
    SCOPE_OF_CHECK_RE,
)


def _rate_np_is_subgroup(np_text: str) -> bool:
    rest = _SUBGROUP_STRIP.sub("", np_text)
    return bool(_SUBGROUP.search(rest)) or bool(_HAS_COUNT.search(np_text))


def _rates(st: _State, sent: _Sentence) -> None:
    masked = sent.masked
    zones = _zones(masked)
    recheck = is_recheck(masked)
    if recheck:
        if _RATE_RE.search(masked):
            st.abstain(sent, "复查前期问题的比率，不是本期的合格率或检查比例")
        return
    for m in chain(_RATE_RE.finditer(masked), _RATE_AFTER_CHANGE_RE.finditer(masked)):
        kw = m.group("kw")
        if masked[max(0, m.start() - 2) : m.start()].endswith(("不", "平均")):
            continue
        cs, _ce = _clause_bounds(masked, m.start())
        np_text = masked[cs : m.start()]
        cut = _last(_NP_CUT.finditer(np_text))
        if cut:
            np_text = np_text[cut.end() :]
        if kw in ("完成率", "发布率", "回填率"):
            if _ANNUAL_RE.search(sent.text):
                _add_rate(st, sent, "annual_report_rate", m.start("num"), m.end())
            continue
        kind = "pass" if kw.endswith("合格率") else "coverage"
        if kind == "coverage" and _PART_CHECKED.search(masked, 0, cs):
            continue  # "对…等栏目进行抽查,检查率100%": the share of columns checked, not of sites
        nouns = list(_NOUN_RE.finditer(np_text))
        if nouns and _PLATFORM_RE.fullmatch(nouns[-1].group(0)):
            continue  # a platform's own rate (微信公众号合格率74.6%)
        if not nouns and _platform_subject(masked, m.start()):
            continue  # "政务微博合格12家,合格率100%": the platform named before is the rate's subject
        if _rate_np_is_subgroup(np_text) or _PREV_BEFORE.search(np_text) or _PART_RATE.search(np_text):
            continue
        prev_period = _last(_PREV_BEFORE.finditer(masked, 0, m.start()))
        if (
            prev_period
            and not _CURRENT.search(masked, prev_period.end(), m.start())
            and _PERIOD_TOPIC.search(masked, prev_period.end(), _clause_bounds(masked, prev_period.end())[1])
        ):
            # "上季度检查…203个,合格率95.07%" (not "上期通报的问题均已整改,合格率100%")
            st.abstain(
                sent,
                f"{masked[m.start('num') : m.end()]} 属于上一期（{prev_period.group(0)}），不是本期的比率",
            )
            continue
        values = [(m.start("num"), m.end())]
        if m.groupdict().get("sep"):
            pos = m.end()
            while True:
                mm = _RATE_MORE_RE.match(masked, pos)
                if not mm:
                    break
                values.append((mm.start("num"), mm.end()))
                pos = mm.end()
        if len(values) > 1:
            chans = _channels_in_order(masked[: m.start()])
            if len(chans) != len(values):
                continue
            pairs = list(zip(chans, values))
        else:
            both = kind == "coverage" and not nouns and len(_channels_in_order(masked[: m.start()])) == 2
            if both and float(masked[m.start("num") : m.end()].rstrip("% ")) == 100:
                # "对…政府网站27个和政务新媒体89个进行全面检测,检查比例为100%": every unit of both objects
                for chan in (WEB, NM):
                    if chan not in st.closed:
                        _add_rate(st, sent, f"{chan}_coverage_rate", m.start("num"), m.end())
                continue
            if both:
                st.abstain(
                    sent, f"检查比例 {masked[m.start('num') : m.end()]} 接在两类对象之后，不归属任何一方"
                )
                continue
            if _COORD_CHANNELS.search(np_text):
                # "政府网站和政务新媒体总体合格率为98%": one rate for both channels
                st.abstain(
                    sent,
                    f"合格率 {masked[m.start('num') : m.end()]} 同时指政府网站和政务新媒体，不归属任何一方",
                )
                continue
            chan = (
                _channel_of(nouns[-1].group(0))
                if nouns
                else _context_channel(st, masked, m.start(), forward=True)
            )
            if chan is None:
                continue
            pairs = [(chan, values[0])]
        for chan, (s, e) in pairs:
            zone = _in_zone(zones, m.start(), chan)
            if zone is not None and _zone_has_subgroup(st, masked, zone, m.start()):
                continue
            if chan in st.closed:
                continue
            key = f"{chan}_pass_rate" if kind == "pass" else f"{chan}_coverage_rate"
            _add_rate(st, sent, key, s, e)
    if "占比" in masked:
        _qualified_share(st, sent)
    if "总数" in masked:
        _sample_share(st, sent)
    for m in _RATE_BY_RE.finditer(masked):
        chan = _context_channel(st, masked, m.start(), forward=True)
        if chan is not None:
            _add_rate(
                st,
                sent,
                f"{chan}_coverage_rate",
                m.start("num"),
                m.end("num") + masked[m.end("num") :].find("%") + 1,
            )


#: the clause before a coverage rate checked parts of sites (栏目/专栏…), not sites or accounts
_PART_CHECKED = re.compile(r"(?:栏目|专栏|专题|页面)\s*(?:进行|开展)了?\s*(?:检查|抽查|监测|巡查)\s*,\s*$")
#: "占(全市)政务新媒体总数的30.2%": a share of the channel's population (not of the sample: 占抽查总数的;
#: not of the nation's: 占全国…总数的 relays the national exercise, a higher level's scope)
_SAMPLE_SHARE = re.compile(
    r"占\s*(?P<pop>(?!全国)(?:全[省市县区州旗盟])?[^,;。!?\d抽检]{0,16}?)总数的?\s*(?:为)?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%"
)
_CHECKED_CLAUSE = re.compile(rf"{_CHECK_VERB}[^,;。!?]*?\d{{1,7}}\s*[个家][^,;。!?\d]*$")


def _sample_share(st: _State, sent: _Sentence) -> None:
    """The sample's share of its population, in the clause right after the checked count: coverage.

    "本次共抽查全市政府网站120个,占网站总数的35.2%" states how much of the population was checked
    (the zhejiang-2018q3 readers record it as the coverage rate; issue 17, construction C).
    """
    masked = sent.masked
    for m in _SAMPLE_SHARE.finditer(masked):
        cs = _clause_bounds(masked, m.start())[0]
        if cs == 0 or not _CHECKED_CLAUSE.search(masked, _clause_bounds(masked, cs - 1)[0], cs - 1):
            continue
        nouns = list(_NOUN_RE.finditer(m.group("pop")))
        chan = _channel_of(nouns[-1].group(0)) if nouns else _context_channel(st, masked, m.start())
        if chan is not None and chan not in st.closed and f"{chan}_checked" in st.figs:
            _add_rate(st, sent, f"{chan}_coverage_rate", m.start("num"), m.end())


def _qualified_share(st: _State, sent: _Sentence) -> None:
    for m in _QUAL_SHARE.finditer(sent.masked):
        chan = _context_channel(st, sent.masked, m.start())
        if chan is not None and chan not in st.closed and f"{chan}_qualified" in st.figs:
            _add_rate(st, sent, f"{chan}_pass_rate", m.start("num"), m.end())


def _census(st: _State, sent: _Sentence, before: set[str]) -> None:
    """Census wording in a sentence that stated a channel's total (or checked) count: checked = total.

    Not when the sentence describes a sample (抽查比例50%, 不低于10%) or the channel is closed.
    """
    masked = sent.masked
    if _SAMPLING.search(masked):
        return
    if not CENSUS_RE.search(masked):
        if SCOPE_OF_CHECK_RE.search(masked):
            for chan in (WEB, NM):
                tot = f"{chan}_total"
                if tot in st.figs and tot not in before:
                    st.scope_census.setdefault(chan, st.figs[tot])
        return
    scope = bool(CENSUS_SCOPE_RE.search(masked))
    objects = _census_objects(masked)
    for chan in (WEB, NM):
        tot, chk = f"{chan}_total", f"{chan}_checked"
        if chan in st.closed:
            continue
        if tot in st.figs and tot not in before and chk not in st.figs:
            st.figs[chk] = replace(st.figs[tot], measure=chk)
            st.checked[chan] = st.figs[tot].value
        elif scope and chk in st.figs and chk not in before and tot not in st.figs:
            st.figs[tot] = replace(st.figs[chk], measure=tot)
        elif chan in objects and tot in before and chk not in st.figs:
            # "…政府网站共41个。本次对全市正常运行的政府网站进行了全面检查": the census names the
            # channel but no count; like 检查范围为全X, the stated total is the checked count only
            # when no checked count is stated anywhere
            st.scope_census.setdefault(chan, st.figs[tot])


_CENSUS_OBJECT = re.compile(rf"对[^,;。!?\d]{{0,30}}?(?P<nouns>{_NOUNS})[^,;。!?\d]{{0,16}}?(?:进行|开展)")


_CENSUS_HINT = re.compile(r"全面|普查|全覆盖|全部")


def _census_objects(masked: str) -> set[str]:
    """Channels named (without a count) as the object of a census: 对…运行的政府网站和政务新媒体进行了全面检查."""
    m = _last(
        CENSUS_RE.finditer(masked)
    )  # the object precedes the last census word (按100%比例…进行全覆盖检查)
    if m is None:
        return set()
    ob = _last(_CENSUS_OBJECT.finditer(masked, 0, m.start()))
    if ob is None:
        return set()
    return {_channel_of(n.group(0)) for n in _NOUN_RE.finditer(ob.group("nouns"))}


def _add_rate(st: _State, sent: _Sentence, key: str, s: int, e: int) -> None:
    txt = sent.text[s:e]
    num = _NUM.match(txt)
    if not num:
        return
    prec = len(num.group(0).split(".")[1]) if "." in num.group(0) else 0
    st.add(key, float(num.group(0)), "pct", prec, sent.start + s, sent.start + e, sent)
