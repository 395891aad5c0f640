"""Decoding per channel with abstention: the reader's state, at most one value per key.

The first statement of a key wins; a whole-area figure replaces an own-level one stated first; a
second, different checked count closes the channel (later outcomes are not mixed in); numbers with
two readings are recorded in `abstained` with the reason, so the checks say "could not verify".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govstats.parse.figures.figure import _ZH, Figure
from govstats.parse.figures.role import _OUTCOMES, _ROLE_KEY
from govstats.parse.figures.scope import _LEVEL_SCOPE, _WHOLE_SCOPE, _place_subject, sub_period, whole_period
from govstats.parse.figures.sentences import _last, _Sentence
from govstats.textnorm import NormText


@dataclass
class _State:
    nt: NormText
    figs: dict[str, Figure] = field(default_factory=dict)
    platform: list[Figure] = field(default_factory=list)
    checked: dict[str, float] = field(default_factory=dict)
    closed: set[str] = field(default_factory=set)
    section: str | None = None
    carry: str | None = None  # channel of the last noun of the previous clause group when it ended with ";"
    prev_sentence: str | None = None  # the single channel of the previous sentence, for one that names none
    # positions (in the current sentence) of sub-group items inside breakdown zones
    subgroups: list[int] = field(default_factory=list)
    # channel -> why its checked count is ambiguous as a rate's denominator
    ambiguous: dict[str, str] = field(default_factory=dict)
    # channel -> values of the sub-group items listed since its checked count (其中市级2个,县级6个…)
    parts: dict[str, list[int]] = field(default_factory=dict)
    # numbers not attributed because two readings are possible: (reason, original sentence)
    abstained: list[tuple[str, str]] = field(default_factory=list)
    # channel -> (named area, sentence) when its checked count's clause starts with a named area (甲市检查…)
    checked_place: dict[str, tuple[str, str]] = field(default_factory=dict)
    # channel -> its total stated under "检查范围为全X": the checked count if no other is stated
    scope_census: dict[str, Figure] = field(default_factory=dict)
    # the previous sentence ended with ";" inside a breakdown zone (其中市直…51个;县区…17个): this one
    # continues the breakdown
    zone_carry: bool = False
    # keys first stated for the own level only (市本级/省本级): a later whole-area figure replaces them
    part_scope: set[str] = field(default_factory=set)
    # keys first stated for one month of the period (10月有12个不合格): a later quarter's figure replaces them
    part_period: set[str] = field(default_factory=set)

    def abstain(self, sent: _Sentence, reason: str) -> None:
        ss, se = self.nt.span(sent.start, sent.start + len(sent.text))
        note = (reason, self.nt.original[ss:se].strip())
        if note not in self.abstained and len(self.abstained) < 20:
            self.abstained.append(note)

    @staticmethod
    def _scope(s: int, sent: _Sentence) -> tuple[re.Match[str] | None, re.Match[str] | None]:
        prefix = sent.masked[: max(0, s - sent.start)]
        return _last(_LEVEL_SCOPE.finditer(prefix)), _last(_WHOLE_SCOPE.finditer(prefix))

    def replaces(self, measure: str, s: int, sent: _Sentence) -> bool:
        """True when a figure at s is the whole area's (or whole period's) and the stated one was the
        own level's (or one month's) only."""
        if measure in self.part_period and whole_period(sent, s - sent.start):
            return True
        if measure not in self.part_scope:
            return False
        level, whole = self._scope(s, sent)
        return whole is not None and not (level and level.start() > whole.start())

    def add(
        self, measure: str, value: float, unit: str, prec: int | None, s: int, e: int, sent: _Sentence
    ) -> None:
        if measure in self.figs:
            # 市本级…45个;全市…312个: the whole area's figure replaces the own-level one stated first
            if not self.replaces(measure, s, sent):
                return
            self.part_scope.discard(measure)
            self.part_period.discard(measure)
        elif "月" in sent.masked and sub_period(sent, s - sent.start):
            self.part_period.add(measure)  # "10月有12个不合格": a later quarter's figure replaces it
        elif "本级" in sent.masked or "直" in sent.masked:
            level, whole = self._scope(s, sent)
            if level and not (whole and whole.start() > level.start()):
                self.part_scope.add(measure)
        os_, oe = self.nt.span(s, e)
        ss, se = self.nt.span(sent.start, sent.start + len(sent.text))
        self.figs[measure] = Figure(
            measure=measure,
            value=float(value),
            unit=unit,
            precision=prec,
            stated_text=self.nt.original[os_:oe],
            sentence=self.nt.original[ss:se].strip(),
            span_start=os_,
            span_end=oe,
        )


def _assign(
    st: _State, sent: _Sentence, roles: tuple[str, ...], chan: str, value: int, s: int, e: int
) -> None:
    """Record a count under its roles; a second, different checked count closes the channel."""
    for role in roles:
        if role in _OUTCOMES and chan in st.closed:
            continue
        if role == "checked":
            key = _ROLE_KEY[(role, chan)]
            if st.replaces(key, sent.start + s, sent):
                # the own level's checked count (市本级) gives way to the whole area's (全市):
                # outcomes and rates stated for the own level go with it
                for k in [k for k in st.part_scope if k.startswith(chan)]:
                    st.figs.pop(k, None)
                st.part_scope = {k for k in st.part_scope if not k.startswith(chan)}
                st.closed.discard(chan)
                st.checked[chan] = value
                st.add(key, value, "count", None, sent.start + s, sent.start + e, sent)
                continue
            parts = st.parts.get(chan, [])
            if chan in st.checked and parts and sum(parts) + value == st.checked[chan]:
                return  # the last part of a breakdown that adds up to the checked count
            place = _place_subject(sent, s)
            if chan in st.checked and st.checked[chan] != value:
                first = st.checked_place.get(chan)
                if first is not None and place is not None and first[0] != place and chan not in st.closed:
                    # "甲市检查…56个,合格率…;乙市检查…43个": parallel named areas, neither is the whole
                    for k in [k for k, f in st.figs.items() if k.startswith(chan) and f.sentence == first[1]]:
                        del st.figs[k]
                    st.abstain(sent, f"{_ZH[chan]}的检查数按地区分列（{first[0]}、{place}），不是全域数字")
                if chan not in st.closed:
                    st.abstain(
                        sent,
                        f"{_ZH[chan]}出现第二个检查数 {value}（此前为 {int(st.checked[chan])}），其后的结果数不予采用",
                    )
                st.closed.add(chan)
                continue
            st.checked[chan] = value
            if place is not None:
                ss, se = st.nt.span(sent.start, sent.start + len(sent.text))
                st.checked_place[chan] = (place, st.nt.original[ss:se].strip())
        key = _ROLE_KEY.get((role, chan))
        if key:
            st.add(key, value, "count", None, sent.start + s, sent.start + e, sent)
