"""Role: what a count is (total, checked, qualified, unqualified, with problems, unrectified),
from the cue classes around it; shared by both channels, and one count may hold several roles
(a census: the checked set is the total).
"""

from __future__ import annotations

import re

from govstats.parse.figures.cues import _CHECK_VERB, _END_OF_CLAUSE, _NOUN_RE, _NOUNS
from govstats.parse.figures.figure import NM, WEB
from govstats.parse.figures.vocab import (
    CHANGE_WORDS,
    CHECK_VERBS,
    DEFECT_RE,
    POPULATION_WORDS,
    UNQUALIFIED_WORDS,
    alt,
)

_CHANGE_RE = re.compile(rf"(?:{alt(CHANGE_WORDS)})\s*$")


# Role cues (applied to masked clause windows: `pre` ends at the number, `post` starts after the measure word).
_UNQ_WORD = rf"(?:{alt(UNQUALIFIED_WORDS)})"


_PRE_UNQ = re.compile(
    rf"{_UNQ_WORD}(?:\([^()\d]{{1,12}}\))?(?:的)?(?:{_NOUNS})?\s*(?:数量|数)?\s*(?:共计|共|为|有|达)?\s*:?\s*\(?\s*$"
)


_POST_UNQ = re.compile(
    rf"^\s*\)?\s*(?:{_NOUNS})?\s*(?:均|被|已|仍|经检查|检查|抽查|检测)?\s*(?:判定|确定|认定|评定|评为)?\s*为?\s*[“\"]?不合格(?!率)"
    # "5个政务新媒体更新不及时不合格": a short reason between the noun and the verdict
    rf"|^\s*(?:{_NOUNS})?[^,;。!?\d、]{{2,10}}?(?<!合格)不合格(?!率|的|[\u4e00-\u9fff]{{0,2}}(?:网站|新媒体|账号))"
    # "1家网站因首页栏目长期未更新被判定为不合格": a longer reason before an explicit verdict
    rf"|^\s*(?:{_NOUNS})?[^,;。!?\d、]{{2,20}}?(?:判定|确定|认定|评定|评为)为?\s*[“\"]?不合格(?!率)"
)


# "2个网站存在栏目长期不更新问题被单项否决": a veto is the unqualified verdict
_POST_VETO = re.compile(
    rf"^\s*(?:{_NOUNS})?(?:[^,;。!?\d、]|\d(?!\d*\s*[个家]))" r"{0,30}?被(?:单项|一票)否决"
)


_PRE_Q = re.compile(rf"(?<!不)合格(?:的)?(?:{_NOUNS})?\s*(?:数量|数)?\s*(?:共计|共|为|有|达)?\s*:?\s*$")


_POST_Q = re.compile(rf"^\s*(?:{_NOUNS})?\s*(?:均|全部)?合格(?!率)")


# 存在问题的网站N个 / 问题网站N个 (问题账号 maps to no key: not 突出问题, not 不合格).
_PRE_PROB = re.compile(
    rf"(?:存在(?P<kind>突出|严重)?问题(?:的)?(?:{_NOUNS})?|(?<![无未没])问题(?:{_NOUNS}))\s*(?:为|有|共)?\s*$"
)


_POST_PROB = re.compile(
    rf"^\s*(?:{_NOUNS})?[^,;。\d]{{0,6}}?(?:存在|出现|被[^,;。\d]{{0,4}}出)(?P<kind>突出|严重)?[^,;。\d]{{0,8}}?问题"
)


_POST_UNR = re.compile(rf"^\s*(?:{_NOUNS})?[^,;。\d]{{0,16}}?(?:未整改到位|未完成整改|未整改|整改不到位)")


_PRE_UNR = re.compile(rf"(?:未整改到位|未完成整改|未整改)(?:的)?(?:{_NOUNS})\s*(?:共|有|为)?\s*$")


_PRE_CHECK = re.compile(
    _CHECK_VERB + r"(?!范围|发现|结果|情况|中|出|比例|率|指标|工作)(?:了|到的)?"
    r"(?:[^,;。!?\d]{0,30}?\d{1,5}\s*[个家](?:单位|部门|乡镇|镇街|街道|县区|县\(市、区\)|县市区)"
    r"(?:开设|开办|运营|主办)?的)?"
    r"[^,;。!?\d]{0,40}$"
)


_POST_CHECK = re.compile(
    rf"^\s*(?:{_NOUNS})?[^,;。!?\d]{{0,40}}?(?:(?:进行|开展)(?:了)?[^,;。!?\d]{{0,10}}?|全覆盖|全面)"
    rf"(?P<verb>{alt(CHECK_VERBS)}|监测)"
)


# "对全市运行的42家政府网站及…32个镇街和6个部门共38个频道进行全覆盖检查": after 对 + count, the
# object may list other counted things before the verb — but not a part of this count
# (对…1061个政务新媒体中的173个进行了抽查: the verb governs the 173).
_DUI_BEFORE = re.compile(r"对[^,;。!?\d]{0,30}$")


_POST_CHECK_DUI = re.compile(
    rf"^\s*(?:{_NOUNS})?(?:(?!中的|其中|之中)[^,;。!?]){{0,80}}?(?<![\d个家])(?:进行|开展)(?:了)?[^,;。!?\d]{{0,30}}?"
    rf"(?P<verb>{alt(CHECK_VERBS)}|监测)"
)


_POST_CHECK_FULL = re.compile(r"全覆盖|全面|全部|普查")


_POPULATION = re.compile(rf"(?<!新)(?:{alt(POPULATION_WORDS)})[^,;。!?\d]{{0,30}}$")


_PRE_EXIST = re.compile(r"(?:共有|共计|现有|目前有|共|有)\s*$")


_POST_RUNNING = re.compile(
    rf"^\s*(?:{_NOUNS})?\s*(?:均)?(?:在网|在线)?(?:正常)?运行(?!良好|情况|状态|管理|维护)"
)


_PRE_ALL = re.compile(r"全[市省县区州旗盟]\s*$")


_POST_ALL = re.compile(rf"^\s*(?:{_NOUNS})\s*(?:均|全部|都|中|里|\d{{1,6}}\s*[个家](?:不)?合格)")


_HAS_XIANYOU = re.compile(r"现有")


_PAREN_THEN_VERB = re.compile(r"^\s*\)\s*(?:进行了?)?\s*(?:检查|抽查|抽检)(?!发现|结果|情况|组)")


_SUM_BEFORE = re.compile(r"(?:共计|共有|合计|总计)\s*$")


_SCOPE = re.compile(r"检查范围(?:为|是)?[^,;。!?\d]{0,30}$")


def _count_role(pre: str, post: str, post_eff: str, has_noun: bool, prev_role: str | None) -> tuple[str, ...]:
    """Roles of one count from the words around it (priority order: outcomes before populations)."""
    if _CHANGE_RE.search(pre):
        return ()
    if _PRE_UNQ.search(pre) or _POST_UNQ.match(post_eff):
        return ("unqualified",)
    if _POST_VETO.match(post_eff):
        return ("unqualified",)
    if _PRE_Q.search(pre) or _POST_Q.match(post_eff):
        return ("qualified",)
    m = _PRE_PROB.search(pre) or _POST_PROB.match(post_eff)
    if m:
        return ("prominent",) if m.group("kind") else ("problems",)
    if _PRE_UNR.search(pre) or _POST_UNR.match(post_eff):
        return ("unrectified",)
    if _PRE_CHECK.search(pre) or _PAREN_THEN_VERB.match(post):
        return ("checked",)
    m = _POST_CHECK.match(post_eff) or (_DUI_BEFORE.search(pre) and _POST_CHECK_DUI.match(post_eff))
    if m:
        full = _POST_CHECK_FULL.search(post_eff[: m.end()])
        if full or _population(pre):
            if not full and m.group("verb") in ("抽查", "抽检"):
                # "对…运行的3316个政务新媒体进行抽查": the population sampled from, not the sample
                return ("total",)
            return ("checked", "total")
        return ("checked",)
    if not has_noun:
        if (
            _population(pre)
            and _SUM_BEFORE.search(pre)
            and _NOUN_RE.search(pre)
            and not _UNIT_SUM.search(pre)
        ):
            return ("total",)  # "政务新媒体在…系统备案并运行共计68个": the channel is the clause's subject
        return ()
    if _population(pre) or _SCOPE.search(pre):
        return ("total",)
    if _PRE_EXIST.search(pre) and (_END_OF_CLAUSE.match(post_eff) or _POST_RUNNING.match(post_eff)):
        return ("total",)
    if _POST_RUNNING.match(post_eff):
        return ("total",)
    if _PRE_ALL.search(pre) and _POST_ALL.match(post):
        return ("total",)
    if _HAS_XIANYOU.search(pre):
        return ("total",)
    return ()


#: "开设栏目的单位共计46个": the counted subject is a unit word, not a website or an account
_UNIT_SUM = re.compile(r"(?:部门|单位|乡镇|街道|镇街|县区|科室|机构|学校|企业)\s*(?:共计|共有|合计|总计)\s*$")


def _population(pre: str) -> bool:
    """A population word (运行/备案/纳入…) governs the count, and no defect word follows it."""
    m = _POPULATION.search(pre)
    return m is not None and not DEFECT_RE.search(pre, m.start())


_ROLE_KEY = {
    ("unqualified", WEB): "website_unqualified",
    ("unqualified", NM): "newmedia_unqualified",
    ("qualified", WEB): "website_qualified",
    ("qualified", NM): "newmedia_qualified",
    ("problems", WEB): "website_with_problems",
    ("prominent", WEB): "website_with_problems",
    ("prominent", NM): "newmedia_prominent_problems",
    ("unrectified", NM): "newmedia_unrectified",
    ("checked", WEB): "website_checked",
    ("checked", NM): "newmedia_checked",
    ("total", WEB): "website_total",
    ("total", NM): "newmedia_total",
}


_OUTCOMES = {"unqualified", "qualified", "problems", "prominent", "unrectified"}
