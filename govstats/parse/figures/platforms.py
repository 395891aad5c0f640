"""The per-platform breakdown of new-media accounts (微信公众号N个、微博N个…)."""

from __future__ import annotations

import re

from govstats.parse.figures.cues import _OTHER_PLATFORM, _PLATFORM
from govstats.parse.figures.decode import _State
from govstats.parse.figures.figure import Figure
from govstats.parse.figures.scope import is_recheck
from govstats.parse.figures.sentences import _Sentence
from govstats.textnorm import NormText

_PLAT_LABEL = rf"(?:{_PLATFORM}(?:账号)?|{_OTHER_PLATFORM})"


_COORD_PLATFORM_BEFORE = re.compile(rf"{_PLATFORM}\s*[、和与及]\s*$")


_OUTCOME_AFTER = re.compile(r"\s*(?:不)?合格(?!率)")


_UNQ_BEFORE = re.compile(r"不合格\s*:?\s*$")


_OTHER_RE = re.compile(_OTHER_PLATFORM)


_DEFECT_INTRO = re.compile(r"不合格|问题|未更新|未整改|整改|注销|关停|不达标|不符合")


_BREAKDOWN_INTRO = re.compile(
    r"\d\s*[个家][^。;\d]{0,12}?(?:\(|其中|包括|包含|含|分别)|(?:新媒体|账号)\s*(?:中|里)\s*,|平台(?:看|分|分布)"
)


_PLAT_ITEM_RE = re.compile(
    rf"(?P<l1>{_PLAT_LABEL})\s*(?:共|共计|有)?\s*(?P<n1>\d{{1,6}})\s*(?:个|家|条)|"
    rf"(?<![\d.])(?P<n2>\d{{1,6}})\s*(?:个|家|条)\s*(?P<l2>{_PLAT_LABEL})"
)


_TRAILING_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,8}[)）]")


def _printed_label(nt: NormText, s: int, e: int) -> str:
    """A platform label as printed, with a pinyin gloss right after it (微信公眾號(hào)) kept."""
    os_, oe = nt.span(s, e)
    m = _TRAILING_GLOSS.match(nt.original, oe)
    return nt.original[os_ : m.end() if m else oe]


#: An aligned per-platform list: "微信公众号、微博、抖音分别为50个、20个、10个" (labels, then 分别, then counts)
_PLAT_FENBIE_RE = re.compile(
    rf"(?P<labs>{_PLAT_LABEL}(?:\s*[、和与及]\s*{_PLAT_LABEL}){{1,9}})\s*(?:账号)?\s*(?:的数量|数量|数)?\s*"
    rf"分别(?:为|是|有|开设|开通)?\s*:?\s*"
    rf"(?P<nums>\d{{1,6}}\s*[个家](?:\s*[、和与及,]\s*\d{{1,6}}\s*[个家]){{1,9}})(?!\s*[\d%])"
)


_PLAT_LABEL_RE = re.compile(_PLAT_LABEL)


_FENBIE_NUM_RE = re.compile(r"(\d{1,6})\s*[个家]")


def _fenbie_items(masked: str) -> list[tuple[str, int, int, int, int, int]]:
    """Items of an aligned platform list (labels, 分别, counts) when labels and counts pair one to one."""
    m = _PLAT_FENBIE_RE.search(masked)
    if m is None:
        return []
    labs = list(_PLAT_LABEL_RE.finditer(masked, m.start("labs"), m.end("labs")))
    nums = list(_FENBIE_NUM_RE.finditer(masked, m.start("nums"), m.end("nums")))
    if len(labs) != len(nums):
        return []  # two readings of which count belongs to which platform
    return [
        (lab.group(0), int(num.group(1)), lab.start(), lab.end(), num.start(), num.end())
        for lab, num in zip(labs, nums, strict=True)
    ]


# "其中:微信公众号5个" right after the accounts' count
_SINGLE_INTRO = re.compile(r"\d\s*[个家]\s*[,:]?\s*(?:其中|包括|包含)\s*[,:]?\s*$")


# "…、1个云社聘" / "…、云社聘1个": a further item with a platform name not in the vocabulary
_MORE_ITEM = re.compile(
    r"\s*[、,]\s*(?:(?P<n1>\d{1,6})\s*个\s*(?P<l1>[\u4e00-\u9fffA-Za-z]{2,8}?)"
    r"|(?P<l2>[\u4e00-\u9fffA-Za-z]{2,8}?)\s*(?P<n2>\d{1,6})\s*个)(?=\s*(?:[、,;。)]|$))"
)


_NOT_PLATFORM = re.compile(r"部门|单位|乡镇|镇|街道|县|区|市|局|委|办|网站|栏目|问题|不合格|合格|注销|关停")


def _stated_accounts(st: _State) -> set[float]:
    return {st.figs[k].value for k in ("newmedia_total", "newmedia_checked") if k in st.figs}


def _single_breakdown(st: _State, masked: str, item: tuple[str, int, int, int, int, int]) -> bool:
    """One platform item introduced by 其中/包括 right after the accounts' count, equal to it."""
    first = min(item[2], item[4])
    return bool(_SINGLE_INTRO.search(masked, max(0, first - 16), first)) and item[1] in _stated_accounts(st)


def _unknown_platform_items(
    st: _State, masked: str, items: list[tuple[str, int, int, int, int, int]]
) -> list[tuple[str, int, int, int, int, int]]:
    """Items after the listed platforms whose names the vocabulary lacks, kept only when they make
    the list add up to the stated accounts (and the list would not add up without them)."""
    stated = _stated_accounts(st)
    total = sum(i[1] for i in items)
    if not stated or total in stated:
        return []
    pos, more = max(max(i[3], i[5]) for i in items), []
    count_first = items[-1][4] < items[-1][2]
    while (m := _MORE_ITEM.match(masked, pos)) is not None:
        lab, num = ("l1", "n1") if m.group("l1") else ("l2", "n2")
        if (lab == "l1") != count_first or _NOT_PLATFORM.search(m.group(lab)):
            break
        more.append((m.group(lab), int(m.group(num)), *m.span(lab), *m.span(num)))
        pos = m.end()
    return more if more and total + sum(i[1] for i in more) in stated else []


def _platforms(st: _State, sent: _Sentence) -> None:
    if st.platform:
        return
    masked = sent.masked
    if is_recheck(masked):
        return
    items: list[tuple[str, int, int, int, int, int]] = []  # label, value, label span, count span
    for m in _PLAT_ITEM_RE.finditer(masked):
        lab = "l1" if m.group("l1") else "l2"
        num = "n1" if lab == "l1" else "n2"
        ls, le = m.span(lab)
        before = masked[max(0, ls - 12) : ls]
        if _COORD_PLATFORM_BEFORE.search(before):
            continue  # "政务微博、政务微信32个": one count for a coordinated group, not an item
        after = masked[m.end() : m.end() + 4]
        if _OUTCOME_AFTER.match(after) or _UNQ_BEFORE.search(before):
            continue
        items.append((masked[ls:le], int(m.group(num)), ls, le, m.start(num), m.end()))
    single_ok = False
    if len(items) < 2:
        single = items
        items = _fenbie_items(masked)
        if not items and len(single) == 1 and _single_breakdown(st, masked, single[0]):
            items, single_ok = single, True  # "现有政务新媒体5个,其中:微信公众号5个": one platform holds all
    if items:
        items += _unknown_platform_items(st, masked, items)
    labels = [i[0] for i in items]
    real = [lb for lb in labels if not _OTHER_RE.fullmatch(lb)]
    if (len(items) < 2 and not single_ok) or not real or len(set(labels)) != len(labels):
        return
    first = min(i[2] for i in items)
    if _DEFECT_INTRO.search(masked, max(0, first - 24), first):
        # "不合格的政务新媒体中,微信公众号5个,抖音号2个": a breakdown of a subset, not of the accounts
        st.abstain(sent, "平台账号列表列的是不合格或有问题的账号，不作为平台分布")
        return
    total = sum(i[1] for i in items)
    stated = {st.figs[k].value for k in ("newmedia_total", "newmedia_checked") if k in st.figs}
    if total not in stated and not _BREAKDOWN_INTRO.search(masked, 0, min(i[2] for i in items)):
        # a list that neither adds up to the stated accounts nor is introduced as their breakdown
        # (其中/包括/含/分别) may count something else (accounts with a problem, a sub-group): abstain
        st.abstain(sent, f"平台账号数合计 {total} 与账号总数不符，且未以“其中/包括”引出，不作为平台分布")
        return
    ss, se = st.nt.span(sent.start, sent.start + len(sent.text))
    sentence = st.nt.original[ss:se].strip()
    for _label, value, ls, le, cs, ce in items:
        # label and count side by side: both are the printed figure; in an aligned 分别 list, the count
        a, b = (min(ls, cs), max(le, ce)) if max(cs - le, ls - ce) < 12 else (cs, ce)
        os_, oe = st.nt.span(sent.start + a, sent.start + b)
        st.platform.append(
            Figure(
                measure="newmedia_by_platform",
                value=float(value),
                unit="count",
                precision=None,
                stated_text=st.nt.original[os_:oe],
                sentence=sentence,
                span_start=os_,
                span_end=oe,
                breakdown=_printed_label(st.nt, sent.start + ls, sent.start + le),
            )
        )
