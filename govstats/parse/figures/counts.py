"""Counts of a sentence: each number with a measure word, given a channel and roles, then decoded."""

from __future__ import annotations

import re

from govstats.parse.figures.channel import _channel_of, _context_channel, _in_zone, _zones
from govstats.parse.figures.cues import (
    _AFTER_CHECK_CLAUSE,
    _APPROX,
    _ASIDE_AT_END,
    _BARE_HEAD,
    _BARE_NUM_RE,
    _CHECK_VERB_RE,
    _COORD_AFTER_NB,
    _COORD_BEFORE_NB,
    _COORD_CHAR,
    _COORD_ITEMS,
    _COUNT_RE,
    _COUNT_TOKEN_NUM,
    _END_OF_CLAUSE,
    _FOUND,
    _GAP_BLOCK,
    _GLUED_NUM_RE,
    _JUDGED_UNQ,
    _NOUN_AFTER,
    _NOUN_BEFORE,
    _NOUN_RE,
    _NOUNLESS_OK,
    _OBJECT_PREV,
    _OUTCOME_COUNT,
    _OUTCOME_WORD,
    _PAIRED_RE,
    _PAREN_SAMPLE_AHEAD,
    _PASS_RATE_WORD,
    _PLATFORM_RE,
    _RUNNING,
    _SCOPE_PREV,
    _SCORE_RE,
    _SHARE_NEXT,
    _TAIL,
    _TOTAL_ONLY,
    _TYPED_NEXT,
    _TYPED_PREV_NA,
    _TYPED_PREV_NB,
    _VERDICT_CLAUSE,
)
from govstats.parse.figures.decode import _assign, _State
from govstats.parse.figures.figure import _ZH
from govstats.parse.figures.role import _OUTCOMES, _POST_VETO, _count_role, _population
from govstats.parse.figures.scope import (
    _PREV_BEFORE,
    _WHOLE_SCOPE,
    PROBLEM_BAND,
    is_recheck,
)
from govstats.parse.figures.sentences import _clause_bounds, _last, _post_window, _Sentence
from govstats.textnorm import cn_to_int


def _paired_counts(st: _State, sent: _Sentence, recheck: bool) -> set[int]:
    """Counts aligned with a channel list (政务新媒体分别为20个、100个); returns their positions."""
    masked, done = sent.masked, set()
    for m in _PAIRED_RE.finditer(masked):
        nouns = [n.group(0) for n in _NOUN_RE.finditer(m.group("nouns"))]
        chans = [_channel_of(n) for n in nouns]
        nums = list(_COUNT_TOKEN_NUM.finditer(masked, m.start("nums"), m.end()))
        if (
            any(_PLATFORM_RE.fullmatch(n) for n in nouns)
            or len(set(chans)) != len(chans)
            or len(chans) != len(nums)
        ):
            continue  # a platform list is a breakdown; a repeated channel or a length mismatch is unclear
        done.update(n.start(1) for n in nums)
        cs = max(_clause_bounds(masked, m.start())[0], sent.body_start)
        pre = masked[max(cs, m.start() - _TAIL) : m.start()]
        roles = _count_role(pre, "", "", True, None)
        if not roles and _BARE_HEAD.match(pre):
            roles = ("total",)
        if roles and not recheck and not _APPROX.search(pre[-4:]):
            for chan, n in zip(chans, nums):
                _assign(st, sent, roles, chan, int(n.group(1)), n.start(1), n.end())
    return done


def _counts(st: _State, sent: _Sentence) -> None:
    masked = sent.masked
    zones = _zones(masked)
    if st.zone_carry and not _CHECK_VERB_RE.search(masked) and not _WHOLE_SCOPE.search(masked):
        zones = ((0, len(masked), None), *zones)  # the breakdown of the previous ";" part goes on
    recheck = is_recheck(masked)
    subgroup_zone: set[int] = set()  # zone starts where a sub-group item appeared
    prev_role: tuple[int, str] | None = None  # (clause start, role) of the last count with a role
    matches = [(m.start("num"), m.end("num"), m.end(), m.group("num")) for m in _COUNT_RE.finditer(masked)]
    matches += [
        (m.start("num"), m.end("num"), m.end(), m.group("num")) for m in _BARE_NUM_RE.finditer(masked)
    ]
    for m in _GLUED_NUM_RE.finditer(masked):
        g = "num" if m.group("num") else "num2"
        matches.append((m.start(g), m.end(g), m.end(), m.group(g)))
    paired = _paired_counts(st, sent, recheck) if "分别" in masked else set()
    matches = sorted(x for x in matches if x[0] not in paired)
    if recheck and matches:
        st.abstain(sent, "复查前期发现的问题，其中的数字不是本期的检查数字")
    judged = _JUDGED_UNQ.search(masked.rstrip("。;!? "))
    finding: tuple[int, str, int, int] | None = None  # the last count found without a role
    channel_counts = 0
    st.subgroups = []
    for ns, _ne, mend, num in matches:
        value = int(num) if num.isdigit() else cn_to_int(num)
        if value is None:
            continue
        cs, ce = _clause_bounds(masked, ns)
        # end-anchored cues only need the tail; a longer clause keeps its start out of reach
        cs = max(cs, sent.body_start)
        pre, post = masked[max(cs, ns - _TAIL) : ns], _post_window(masked, mend)
        long_clause = ns - cs > _TAIL
        if _SCORE_RE.search(pre[-8:]) or _SCORE_RE.match(post) or _APPROX.search(pre[-4:]):
            continue
        if _PREV_BEFORE.search(pre):
            st.abstain(
                sent, f"{masked[ns:mend]} 属于上一期（{_PREV_BEFORE.search(pre).group(0)}），不是本期的数字"
            )
            continue
        if PROBLEM_BAND.search(pre):
            st.abstain(sent, f"{masked[ns:mend]} 是按问题数分档的一项，不是总数、检查数或不合格数")
            continue
        if pre.endswith(")"):
            pre = _ASIDE_AT_END.sub("", pre)  # "政府网站(含门户网站)47家": the aside is not the count's
        nb = _NOUN_BEFORE.search(pre)
        na = _NOUN_AFTER.match(post)
        if na and _GAP_BLOCK.search(post, 0, na.start("noun")):
            na = None  # "15个部门开设了政务新媒体": the count has its own noun (部门)
        if not (nb or na) and (not num.isdigit() or not _NOUNLESS_OK.match(post)):
            continue
        noun = na.group("noun") if na else (nb.group("noun") if nb else None)
        if noun is not None and _PLATFORM_RE.fullmatch(noun) and not _COORD_CHAR.search(noun):
            # a single platform item (微信公众号218个) belongs to the breakdown, not to the channel totals
            if not _OUTCOME_WORD.search(pre[-6:] + post[:12]):
                continue
            rate = _PASS_RATE_WORD.search(masked, mend)
            if rate and not _NOUN_RE.search(masked, mend, rate.start()):
                # "其中微信公众号合格40个,合格率100%": one platform's line with its own rate
                st.abstain(
                    sent, f"{masked[ns:mend]} 是单一平台的结果数（后接该平台的合格率），不是全部政务新媒体的"
                )
                continue
        if noun is not None and len({_channel_of(n.group(0)) for n in _NOUN_RE.finditer(noun)}) > 1:
            # "政府网站和政务新媒体156个": one count for both channels
            st.abstain(sent, f"{masked[ns:mend]} 同时指政府网站和政务新媒体，不归属任何一方")
            continue
        chan = _channel_of(noun) if noun else _context_channel(st, masked, ns)
        if chan is None:
            continue
        if noun is None:
            subj = _last(_NOUN_RE.finditer(masked, cs, ns))
            if (
                subj is not None
                and _PLATFORM_RE.fullmatch(subj.group(0))
                and ")" not in masked[subj.end() : ns]
            ):
                # "其中微信公众号合格40个": the clause's subject is one platform, the count is its own
                st.abstain(
                    sent, f"{masked[ns:mend]} 是单一平台（{subj.group(0)}）的数字，不是全部政务新媒体的"
                )
                continue
        channel_counts += 1
        post_after_noun = post[na.end() :] if na else post
        if not _COORD_CHAR.search(post):
            post_eff = post_after_noun  # nothing coordinated after the count
        else:
            post_eff = _COORD_ITEMS.sub("", post_after_noun) if na else _COORD_AFTER_NB.sub("", post)
        if nb and not na:
            head = pre[: nb.start()]
            while _COORD_BEFORE_NB.search(head):
                head = head[: _COORD_BEFORE_NB.search(head).start()]
            pre = head + pre[nb.start() :]
            nb = _NOUN_BEFORE.search(pre)
        roles = _count_role(pre, post, post_eff, noun is not None, prev_role[1] if prev_role else None)
        if roles == ("unqualified",) and _SHARE_NEXT.match(masked, ce) and _POST_VETO.match(post_eff):
            # the vetoed units as one line of a distribution with shares: the readers' "other"
            st.abstain(sent, f"{masked[ns:mend]} 是按得分/结果分布列出的一项（附占比），不作为不合格数")
            continue
        if "checked" in roles and _PAREN_SAMPLE_AHEAD.match(masked, mend):
            # "对…1203个政务新媒体按不少于10%的比例(131个)进行抽查": the bracketed count is the sample
            roles = ("total",)
        if roles in ((), ("problems",)) and noun is not None and _VERDICT_CLAUSE.match(masked, ce):
            # "发现3家网站存在单项否决问题,判定为不合格,…": the next clause is the count's verdict
            roles = ("unqualified",)
        if not roles and noun is not None and prev_role and prev_role[0] != cs and prev_role[1] == "checked":
            # "共检查政府网站56个,政务新媒体50个": a bare second item inherits the check
            if (
                not long_clause
                and _BARE_HEAD.match(pre[: nb.start()] if nb else pre)
                and _END_OF_CLAUSE.match(post_eff)
            ):
                roles = ("checked",)
        if not roles and noun is None and _TOTAL_ONLY.match(pre) and _SCOPE_PREV.search(masked, 0, cs):
            roles = ("total",)  # "检查范围为全市…政务新媒体,共314个"
        if not roles and noun is None and _TOTAL_ONLY.match(pre) and _OBJECT_PREV.search(masked, 0, cs):
            roles = ("checked",)  # "抽查对象为…政务新媒体账号,共计471个": the checked set
        if roles in ((), ("total",)) and noun is not None and _AFTER_CHECK_CLAUSE.search(masked, 0, cs):
            if not _population(pre):
                roles = ("checked",)  # "经抽查,本系统政务新媒体12个,全部合格" / "经检查,全市42个网站中"
        if (
            not roles
            and noun is not None
            and nb
            and not long_clause
            and _BARE_HEAD.match(pre[: nb.start()])
            and _END_OF_CLAUSE.match(post_eff)
        ):
            # a bare "政务新媒体47个" is the population, unless outcome counts follow it in the
            # sentence ("…47个,合格45个"): then it may be the checked set too, so abstain
            if _OUTCOME_COUNT.match(masked, ce):
                st.abstain(sent, f"{masked[ns:mend]} 后紧跟合格/不合格数，可能是总数也可能是检查数")
            else:
                roles = ("total",)
        zone = _in_zone(zones, ns, chan)
        if zone is not None:
            sub_item = noun is not None and not roles
            if sub_item or (set(roles) - _OUTCOMES):
                if roles == ("total",) and _RUNNING.search(pre) and chan in st.checked:
                    # "共排查账号1067个,其中正常运行的账号796个": which one a rate is over is unclear
                    st.ambiguous.setdefault(chan, f"检查数之外还给出了其中的运行数（{masked[ns:mend]}）")
                subgroup_zone.add(zone[0])
                st.subgroups.append(ns)
                if chan in st.checked:
                    st.parts.setdefault(chan, []).append(value)
                continue
            if zone[0] in subgroup_zone:
                continue
        if roles and not (set(roles) & _OUTCOMES) and _typed_list(pre, post, na, chan):
            st.abstain(
                sent, f"{masked[ns:mend]} 是{_ZH[chan]}按类型分列的一项，列表未给出合计，不作为总数或检查数"
            )
            continue
        if not roles:
            if noun is not None and _FOUND.search(pre):
                finding = (value, chan, ns, mend)  # "发现3个账号…": judged at the end, maybe
            continue
        finding = None
        prev_role = (cs, roles[0])
        if not recheck:
            _assign(st, sent, roles, chan, value, ns, mend)
    if judged and finding is not None and channel_counts > 1 and not recheck:
        # "对…34个账号进行了监测,发现3个账号超过2周未更新,判定为不合格": the finding is judged
        value, chan, ns, mend = finding
        if chan not in st.closed:
            st.add(f"{chan}_unqualified", value, "count", None, sent.start + ns, sent.start + mend, sent)
    if judged and channel_counts == 1 and not recheck:
        # "…等38个政务新媒体存在“…”等问题,确定为“不合格”": one count, judged unqualified at the end
        for ns, _ne, mend, num in matches:
            cs, ce = _clause_bounds(masked, ns)
            na = _NOUN_AFTER.match(masked[mend:ce])
            if na and num.isdigit():
                chan = _channel_of(na.group("noun"))
                if chan not in st.closed:
                    st.add(
                        f"{chan}_unqualified",
                        int(num),
                        "count",
                        None,
                        sent.start + ns,
                        sent.start + mend,
                        sent,
                    )
                break


def _typed_list(pre: str, post: str, na: re.Match[str] | None, chan: str) -> bool:
    """True when the count is one item of a list of the same channel's typed sub-sets (no whole stated)."""
    nxt = _TYPED_NEXT.match(post[na.end() :] if na else post)
    if nxt is not None and _channel_of(nxt.group("n1") or nxt.group("n2")) == chan:
        return True
    prev = (_TYPED_PREV_NA if na else _TYPED_PREV_NB).search(pre)
    return prev is not None and _channel_of(prev.group("n")) == chan
