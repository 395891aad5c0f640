"""The reader: sentences → scope → counts and rates (channel, role) → decoding, and the public API.

Narrative figures: the counts and rates a bulletin states, each with its provenance.

Bulletins from all over China phrase the same facts in many ways (domain-notes §6):
"共检查…政务新媒体293个，其中不合格政务新媒体6个…合格率为97.95%", "检查887个，检查率100%，其中：
合格887个", "全市48家政府网站47家合格", "发现不合格:33个", "对…39个政府网站和…238个政务新媒体进行了
全覆盖检查合格率分别为71.8%和84%". The extractor works on the normalized text (NFKC, simplified)
and maps every match back to the original characters.

How it reads a bulletin:
  * sentences (split on 。;!? blank lines and numbered headings) → comma clauses;
  * every count (number + 个/家/条) is tied to a channel (website / new media) by the channel
    noun next to it, else the nearest channel noun before it in the sentence, else the current
    section heading; its role (checked, total, unqualified, …) comes from the words around it;
  * every rate keyword (合格率, 检查覆盖率, 抽查比例, 完成率 …) followed by a number and % gives a rate.
Precision before recall: comparisons (低于70%), changes (提升4%), shares (占比), sub-group figures
(其中…, 市政府部门…合格率), previous-period rechecks and score bands never produce a figure. One value
per key: the first statement wins, and a second "checked" population for a channel (a county-level
recount, a thematic check) closes that channel, so later outcome figures are not mixed in.

Decisions (pinned by tests/unit/parse/figures/test_figures_probes.py and test_probes_scope_and_census.py):
监测/巡查/核查 are check verbs when they govern a counted set; 问题网站N个 is website_with_problems, 问题账号N个 maps to no key; 未发现不合格 yields no
unqualified count; approximate or bounded counts (约/近/超过/余) and rates (90%以上) yield nothing;
达标率, 按期答复率/办结率/转载率/原创率 are not read; figures for a previous period
(上季度…) or for both channels together are not attributed; 检查比例/抽查比例, and 占…总数的x% right
after the checked count (the sample's share of its population; since issue 17), is the coverage rate
of its channel (website_coverage_rate, newmedia_coverage_rate). Census wording (vocab.CENSUS_*) makes checked =
total unless the sentence describes a sample; 排查/不符合要求 are check/outcome words; "合格N个,占比x%"
is the pass rate. When a sub-population of the checked set is stated (其中正常运行的账号796个), the
checked figure carries `ambiguous` and the checks abstain rather than flag.

"""

from __future__ import annotations

from dataclasses import replace

from govstats.parse.figures.channel import _channel_of, _heading_channel, _single_channel, _zone_to_end
from govstats.parse.figures.counts import _counts
from govstats.parse.figures.cues import _HAS_COUNT, _HAS_FIGURE, _NOUN_RE, _PLATFORM_HINT
from govstats.parse.figures.decode import _State
from govstats.parse.figures.figure import EXTRA_KEYS, FIGURE_KEYS, Figure, FigureList
from govstats.parse.figures.platforms import _platforms
from govstats.parse.figures.rates import _CENSUS_HINT, _census, _rates
from govstats.parse.figures.scope import _SEPARATE_CHECK, relayed
from govstats.parse.figures.sentences import _HEADING_RE, _last, _mask, _Sentence, split_sentences
from govstats.textnorm import NormText


def extract_figures(nt: NormText) -> FigureList:
    """All narrative figures of a bulletin: one per key (first statement wins) plus breakdown items.

    The result is a list of Figure; its `abstained` attribute says which numbers were left out
    because they allow two readings (the checks report them as "could not verify").
    """
    st = _State(nt=nt)
    text = nt.text
    prev: str | None = None  # the previous sentence (normalized), unless a heading started a section
    plat_hint = False  # some sentence lists platform counts: worth the breakdown pass
    for s, e in split_sentences(text):
        raw = text[s:e]
        has_fig = _HAS_FIGURE.search(raw) is not None
        heading_like = _HEADING_RE.match(raw) is not None
        ends_semi = raw.rstrip().endswith(";")
        other_check = raw.lstrip().startswith(("此外", "另外"))
        if not (has_fig or heading_like or ends_semi or other_check):
            # prose without figures: only remembered as the previous sentence (masked when needed)
            if _CENSUS_HINT.search(raw) and st.figs:
                # "本次对全县正常运行的政府网站和政务新媒体进行了全面检查。": a census with no count
                _census(
                    st, _Sentence(start=s, text=raw, masked=_mask(raw), heading_channel=None), set(st.figs)
                )
            prev, st.carry = raw, None
            continue
        masked = _mask(raw)
        is_heading, hchan, body = _heading_channel(masked) if heading_like else (False, None, 0)
        if is_heading:
            st.section, prev = hchan, None
        if other_check and _SEPARATE_CHECK.match(masked):
            # "此外,各市州对辖区内政府网站进行了检查,共发现问题网站72家": another exercise
            st.closed.update(c for c in st.checked if c == _single_channel(masked))
        if has_fig:
            # a sentence naming no channel continues the previous one when that named exactly one
            no_noun = prev is not None and not _NOUN_RE.search(masked)
            inherited = st.prev_sentence
            st.prev_sentence = _single_channel(_mask(prev)) if no_noun and prev is not None else None
            if no_noun and st.prev_sentence is None and prev is not None and prev.rstrip().endswith(";"):
                # "…10月有12个不合格;12月…共有24个不合格": a ";" part naming no channel goes on with
                # the channel the statement before it inherited
                st.prev_sentence = inherited
            sent = _Sentence(start=s, text=raw, masked=masked, heading_channel=hchan, body_start=body)
            if relayed(masked):
                st.abstain(sent, "转述上级对更大范围（全国/全省）的检查结果，不是本通报的数字")
                prev = raw
                st.carry, st.zone_carry = None, False
                continue
            before = set(st.figs)
            _counts(st, sent)
            if "%" in raw:
                _rates(st, sent)
            _census(st, sent, before)
            plat_hint = plat_hint or bool(_HAS_COUNT.search(raw) and _PLATFORM_HINT.search(raw))
        prev = raw
        if ends_semi:
            last = _last(_NOUN_RE.finditer(masked))
            st.carry = _channel_of(last.group(0)) if last else st.carry
            st.zone_carry = has_fig and (st.zone_carry or _zone_to_end(masked))
        else:
            st.carry, st.zone_carry = None, False
    for s, e in split_sentences(text, semicolons=False) if plat_hint else ():
        if st.platform:
            break
        raw = text[s:e]
        if _HAS_COUNT.search(raw) and _PLATFORM_HINT.search(raw):
            _platforms(st, _Sentence(start=s, text=raw, masked=_mask(raw), heading_channel=None))
    for chan, tot in st.scope_census.items():
        chk = f"{chan}_checked"
        if chk not in st.figs and chan not in st.closed and chan not in st.checked:
            st.figs[chk] = replace(tot, measure=chk)  # the whole scope was checked, no count says otherwise
    for chan, why in st.ambiguous.items():
        key = f"{chan}_checked"
        if key in st.figs:
            st.figs[key] = replace(st.figs[key], ambiguous=why)
    order = {k: i for i, k in enumerate(FIGURE_KEYS + EXTRA_KEYS)}
    out = FigureList(sorted(st.figs.values(), key=lambda f: order.get(f.measure, 99)) + st.platform)
    out.abstained = st.abstained
    return out


def figures_dict(figs: list[Figure]) -> dict[str, float | int | dict[str, int]]:
    """Flat form for `govstats extract --json`: counts as int, rates as float, breakdowns as {label: count}."""
    out: dict[str, float | int | dict[str, int]] = {}
    for f in figs:
        if f.breakdown is not None:
            d = out.setdefault(f.measure, {})
            if isinstance(d, dict):
                d[f.breakdown] = int(f.value)
        elif f.measure not in out:
            out[f.measure] = int(f.value) if f.unit == "count" else float(f.value)
    return out
