"""Narrative figures: the counts and rates a bulletin states, each with its provenance.

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

Decisions (pinned by tests/unit/parse/figures/test_figures_probes.py): 监测/巡查/核查 are check verbs when they govern a
counted set; 问题网站N个 is website_with_problems, 问题账号N个 maps to no key; 未发现不合格 yields no
unqualified count; approximate or bounded counts (约/近/超过/余) and rates (90%以上) yield nothing;
达标率, 占…总数的x%, 按期答复率/办结率/转载率/原创率 are not read; figures for a previous period
(上季度…) or for both channels together are not attributed; 检查比例/抽查比例 is the coverage rate
of its channel (website_coverage_rate, newmedia_coverage_rate). Census wording (vocab.CENSUS_*) makes checked =
total unless the sentence describes a sample; 排查/不符合要求 are check/outcome words; "合格N个,占比x%"
is the pass rate. When a sub-population of the checked set is stated (其中正常运行的账号796个), the
checked figure carries `ambiguous` and the checks abstain rather than flag.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain

from govstats.parse.figures.vocab import (
    APPROX_WORDS,
    BREAKDOWN_WORDS,
    CENSUS_RE,
    CENSUS_SCOPE_RE,
    CHANGE_WORDS,
    CHECK_VERBS,
    CURRENT_PERIOD_WORDS,
    DEFECT_RE,
    PLATFORM_RE_SRC,
    POPULATION_WORDS,
    PREVIOUS_PERIOD_WORDS,
    SCOPE_OF_CHECK_RE,
    UNQUALIFIED_WORDS,
    alt,
)
from govstats.textnorm import NormText, cn_to_int


@dataclass(frozen=True)
class Figure:
    """One stated figure with its provenance (original characters and offsets)."""

    measure: str  # key, e.g. newmedia_pass_rate
    value: float  # counts as whole numbers, rates in percent (97.95)
    unit: str  # "count" | "pct"
    precision: int | None  # printed decimals for rates; None for counts
    stated_text: str  # as printed in the original text
    sentence: str  # the sentence it came from, original characters
    span_start: int  # offsets into the original text
    span_end: int
    breakdown: str | None = None  # printed label of a breakdown item (微信公众号)
    # why this figure must not ground an error (another reading is possible), e.g. a sub-population
    # of the checked set is stated; checks then say "could not verify" instead of flagging
    ambiguous: str | None = None


class FigureList(list):  # type: ignore[type-arg]
    """The figures of a bulletin (a plain list of Figure) plus `abstained`: (reason, sentence) pairs
    for numbers the extractor read but did not attribute because two readings were possible."""

    abstained: list[tuple[str, str]]


#: Figure keys of DESIGN §4, in display order (plus the breakdowns).
FIGURE_KEYS = (
    "website_total",
    "website_checked",
    "website_unqualified",
    "website_qualified",
    "website_with_problems",
    "website_pass_rate",
    "website_coverage_rate",
    "newmedia_total",
    "newmedia_checked",
    "newmedia_unqualified",
    "newmedia_qualified",
    "newmedia_prominent_problems",
    "newmedia_pass_rate",
    "newmedia_unrectified",
    "annual_report_rate",
)
BREAKDOWN_KEYS = ("newmedia_by_platform",)
#: Extension beyond §4: the new-media check/sample ratio (检查率/抽查比例). Bulletins print it and
#: sometimes get it wrong (商洛 2020 Q4), so it feeds a coverage check; corpus facts file it under `other`.
EXTRA_KEYS = ("newmedia_coverage_rate",)

WEB, NM = "website", "newmedia"
_ZH = {WEB: "政府网站", NM: "政务新媒体"}

# ---------------------------------------------------------------------------------------------
# Vocabulary (on normalized, simplified text)

_PLATFORM = PLATFORM_RE_SRC
# 其他 / 其他平台 / 其他今日头条、抖音视频等 (a named remainder: the label runs to 等)
_OTHER_PLATFORM = r"其[他它](?:[^\d,;。:()其]{1,30}?等)?(?:平台|类型|类)?(?:账号)?"
_WEB_NOUN = r"(?:政府|门户|部门)?网站"
_NM_NOUN = r"(?:政府系统)?(?:政务)?新媒体(?:账号)?|账号"
# The leading class lets the engine reject most positions at once (the alternation is long).
_NOUN = rf"(?=[政门部网新账微公订服视抖今头快百企大哔小移客A])(?:{_WEB_NOUN}|{_NM_NOUN}|{_PLATFORM})"
_NOUNS = rf"{_NOUN}(?:[、和与及]{_NOUN}){{0,4}}"

_NOUN_RE = re.compile(_NOUN)
_PLATFORM_RE = re.compile(_PLATFORM)

# A count: digits (or a Chinese numeral) + measure word; "(53)个" and "1 个" included.
# Not followed by 月/工作日/… (durations) and never next to a masked digit (**个).
_COUNT_RE = re.compile(
    r"(?=[\d零〇一二两三四五六七八九十百(])(?<![\d.*])(?:\(\s*)?(?P<num>\d{1,7}|[零〇一二两三四五六七八九十百]{1,5})(?:\s*\))?\s*"
    r"(?P<mw>个|家|条)(?!月|工作日|小时|季度|百分点|批|轮|次|方面|项|\*)"
)
# "共检查政府网站15," — a count printed without a measure word right after a check verb + noun.
_BARE_NUM_RE = re.compile(rf"(?:检查|抽查)(?:{_NOUNS})\s*(?P<num>\d{{1,6}})(?=\s*[,;。])")

_RATE_RE = re.compile(
    r"(?P<kw>(?:总体|抽查|检查|综合|整体)?合格率|检查覆盖率|覆盖率|检查率|抽查率|抽检率|检查比例|抽查比例|"
    r"完成率|发布率|回填率)\s*(?P<sep>分别)?(?:为|达到|达|是|约为|约)?\s*:?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%(?!\s*(?:以上|以下|左右))"  # 90%以上 is a bound
)
# "合格率同比提高5.2个百分点,达到93.8%": the rate reached after a change
_RATE_AFTER_CHANGE_RE = re.compile(
    r"(?P<kw>(?:总体|抽查|检查|综合|整体)?合格率)[^,;。%\d]{0,12}?(?:提高|提升|上升|增长|下降|降低)了?\s*"
    r"\d{1,3}(?:\.\d{1,3})?\s*个?百分点\s*,?\s*(?:达到|达|为|升至|提升至|提高到|提高至|上升到|上升至|降至|降为|降到)"
    r"\s*:?\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%(?!\s*(?:以上|以下|左右))"
)
_RATE_MORE_RE = re.compile(r"\s*(?:[、和及与,]|以及)\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%")
# 按10%的抽查比例 / 按照20%的比例抽查 (not 不低于10%: a bound)
_RATE_BY_RE = re.compile(
    r"按照?\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%\s*的?\s*(?:(?:检查|抽查)比例|比例\s*(?:进行)?(?:检查|抽查))"
)

_SENT_END = re.compile(
    r"[。;!?]|\n\s*\n|\n(?=\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、]\D))"
)
_HEADING_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d))"
)
_CLAUSE_SEP = ",;。!?"
_CLAUSE_SEP_RE = re.compile(r"[,;。!?]")
_PAREN_ASIDE = re.compile(r"\([^()]{0,80}\)")
_HAS_COUNT = re.compile(r"\d\s*(?:个|家|条)")
_SUBCHECK = re.compile(r"检查|抽查|普查|合格|存在|发现")
#: First characters after a line break that may start a blank line or a numbered heading (_SENT_END).
_LINE_HEAD = frozenset(" \t\r\n\u3000(0123456789一二三四五六七八九十")
_SENT_CAND = re.compile(r"[。;!?\n]")  # every _SENT_END match starts with one of these
# Cheap gates (a leading character class lets the engine skip ahead): a sentence without them
# is prose and skips the costly rules.
_HAS_FIGURE = re.compile(r"[\d零〇一二两三四五六七八九十]\s*[个家条]|\d\s*[%,;。)]")
_PLATFORM_HINT = re.compile(
    rf"{_PLATFORM}(?:账号)?\s*\d|\d\s*(?:个|家)\s*{_PLATFORM}|{_PLATFORM}[^。;\d]{{0,8}}分别[^。;\d]{{0,6}}\d+\s*个"
)
# 其中的 is "of them" (抽查了其中的300个), not a breakdown.
_ZONE_RE = re.compile(rf"其中(?!的)|{alt(tuple(w for w in BREAKDOWN_WORDS if w != '其中'))}")
_PREV_PERIOD_RE = re.compile(r"季度|上次|上期|前期|去年|上月|同期")
_RECHECK_RE = re.compile(r"复核|复查|回头看")
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
_POST_VETO = re.compile(rf"^\s*(?:{_NOUNS})?(?:[^,;。!?\d、]|\d(?!\d*\s*[个家]))" r"{0,30}?被(?:单项|一票)否决")
# "…90分以下的网站1家,占比2.5%;3家网站被一票否决,占比7.5%": a line of a score distribution
_SHARE_NEXT = re.compile(r",\s*占比")
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
# Check verbs. 监测 counts only when it governs the counted set (监测政府网站35个), not in 监测运行的 /
# 纳入监测的 (a population) or 监测时间 (a period). "检查23个单位的45个账号": a unit count may sit in between.
_CHECK_VERB = rf"(?:{alt(CHECK_VERBS)}|监测(?!运行|的|时间|周期|点|平台|系统))"
_CHECK_VERB_RE = re.compile(_CHECK_VERB)
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
    rf"^\s*(?:{_NOUNS})?(?:(?!中的|其中|之中)[^,;。!?]){{0,80}}?(?<![\d个家])(?:进行|开展)(?:了)?[^,;。!?\d]{{0,10}}?"
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
_RUNNING = re.compile(r"运行")
_ASIDE_AT_END = re.compile(r"\([^()\d]{1,20}\)\s*$")
_FOUND = re.compile(r"发现\s*(?:有)?\s*$|发现[^,;。!?\d]{0,40}?等\s*$")
_AFTER_CHECK_CLAUSE = re.compile(r"(?:^|[,;。:])\s*经(?:过)?(?:检查|抽查|核查|排查|监测|普查)\s*,\s*$")
# outcome counts in the very next clause: "政务新媒体47个,合格45个"
_OUTCOME_COUNT = re.compile(r"\s*,\s*(?:其中)?\s*(?:不)?合格[^,;。!?\d]{0,8}?\d{1,7}\s*[个家]")

_GAP_BLOCK = re.compile(r"(?:部门|单位|县区|乡镇|街道)的|栏目|开设|开通|开办|注册|运营")
# "按不少于10%的比例(131个)抽查": a bracketed count right before the check verb is the sample
_PAREN_SAMPLE_AHEAD = re.compile(
    r"[^,;。!?()]{0,40}?\(\s*(?:共)?\s*\d{1,7}\s*[个家]\s*\)\s*(?:进行了?|开展了?)?\s*(?:检查|抽查|抽检)"
)
_PAREN_THEN_VERB = re.compile(r"^\s*\)\s*(?:进行了?)?\s*(?:检查|抽查|抽检)(?!发现|结果|情况|组)")
# A figure after a previous period named at the head of the sentence belongs to that period
# unless the current one is named again in between (上季度检查…203个,合格率95.07%).
_CURRENT = re.compile(alt(CURRENT_PERIOD_WORDS))
# A rate of a part of a site or account (栏目覆盖率, 专栏开设率) is not the channel's.
_PART_RATE = re.compile(r"(?:栏目|专栏|专题|入口|功能|链接|页面)\s*(?:的)?\s*$")
_PERIOD_TOPIC = re.compile(rf"{_CHECK_VERB}|\d|合格率")
_SUM_BEFORE = re.compile(r"(?:共计|共有|合计|总计)\s*$")
_TOTAL_ONLY = re.compile(r"^\s*(?:共计|共有|共)\s*$")
_SCOPE_PREV = re.compile(r"范围(?:为|是)[^,;。!?\d]{0,50},\s*$")
# A sample, not a census: a check/cover ratio other than 100%, or a minimum share.
_SAMPLING = re.compile(
    r"(?:比例|覆盖率|检查率|抽查率)\s*(?:为|达到|达|是|约为|约)?\s*:?\s*(?!100(?:\.0+)?\s*%)\d{1,3}(?:\.\d+)?\s*%"
    r"|不低于|不少于|抽(?:查|取|检)了?部分|随机抽"
)
# "其中合格206个,占比94.5%": the share of qualified units is the pass rate.
_QUAL_SHARE = re.compile(
    r"(?<!不)合格(?:的)?[^,;。!?\d]{0,8}?\s*(?:共|为|有)?\s*\d{1,7}\s*[个家]\s*,\s*占比\s*(?:为)?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%"
)
_NOUN_BEFORE = re.compile(
    rf"(?P<noun>{_NOUNS})\s*(?:总数|总量)?\s*(?:共计|共有|共|现有|有|为|达)?\s*:?\s*\(?\s*$"
)
# not across a coordinator: in "网站27个和政务新媒体89个" the 27 belongs to the noun before it
_NOUN_AFTER = re.compile(rf"^\s*\)?\s*(?![和与及])[^\d,;。!?、()]{{0,6}}?(?P<noun>{_NOUNS})")
_COORD_ITEMS = re.compile(
    rf"^(?:\s*(?:[、和与及]|以及)[^,;。!?\d]{{0,16}}?\d{{1,7}}\s*(?:个|家|条)\s*(?:{_NOUNS}))+"
)
# A count with no channel noun must not be followed by another noun (6个部门, 38个频道, 4家市直单位).
_VERDICT_CLAUSE = re.compile(
    r",\s*(?:均|故|因此|并|已)?\s*(?:被)?(?:判定|确定|认定|评定|评为)为?\s*[“\"]?不合格[”\"]?\s*(?:[,;。!?]|$)"
)
_NOUNLESS_OK = re.compile(
    r"^\s*(?:$|[,;。!?()]|均|全部|都|不合格|合格|存在|出现|进行|开展|被|未|仍|判定|确定|认定|经|中|里|为"
    r"|、\s*(?=(?:不)?合格\s*\d))"  # "合格34家、不合格1家": an outcome list
)
_NP_CUT = re.compile(r"检查|抽查|普查|检测|监测|进行了?|开展了?|显示|结果")
_TAIL = 60  # end-anchored cues only need the last characters before a number
_HEAD_SPLIT = re.compile(r"[:。\n]")
_SCOPE = re.compile(r"检查范围(?:为|是)?[^,;。!?\d]{0,30}$")
_COORD_CHAR = re.compile(r"[、和与及]")
_OUTCOME_WORD = re.compile(r"不合格|合格|存在|问题")
_ZONE_WORD = re.compile(rf"^(?:{alt(BREAKDOWN_WORDS)})\s*:?,?")
_COUNT_TOKEN = re.compile(r"\d{1,7}\s*[个家条]")
_NUM = re.compile(r"\d{1,3}(?:\.\d{1,3})?")
_COORD_AFTER_NB = re.compile(
    rf"^(?:\s*(?:[、和与及])\s*(?:{_NOUNS})\s*(?:共|共计|有)?\s*\d{{1,7}}\s*(?:个|家|条))+"
)
# A list of typed sub-sets of one channel with no whole (对1个州政府网站、19个部门网站、18个县级网站…,
# 抽查省直部门网站8家、市级政府网站14家): the neighbour item is a count of the same channel's units.
_TYPED_NEXT = re.compile(
    rf"^\s*[、和与及]\s*(?:\d{{1,7}}\s*[个家]\s*[^,;。!?\d、()]{{0,8}}?(?P<n1>{_NOUNS})"
    rf"|[^,;。!?\d、()]{{0,8}}?(?P<n2>{_NOUNS})\s*(?:共|有)?\s*\d{{1,7}}\s*[个家])"
)
_TYPED_PREV_NA = re.compile(rf"\d{{1,7}}\s*[个家]\s*[^,;。!?\d、()]{{0,8}}?(?P<n>{_NOUNS})\s*[、和与及]\s*$")
_TYPED_PREV_NB = re.compile(
    rf"(?P<n>{_NOUNS})\s*(?:共|有)?\s*\d{{1,7}}\s*[个家]\s*[、和与及]\s*[^,;。!?\d、()]{{0,8}}?(?:{_NOUNS})\s*$"
)
_COORD_BEFORE_NB = re.compile(rf"(?:{_NOUNS})\s*(?:共|共计|有)?\s*\d{{1,7}}\s*(?:个|家|条)\s*[、和与及]\s*$")
_END_OF_CLAUSE = re.compile(r"^\s*(?:$|\(|其中|分别|包括|[,;。])")
_BARE_HEAD = re.compile(
    r"^\s*(?:[(]?[一二三四五六七八九十\d]{1,3}[)、.]\s*)?(?:截至目前|目前|截至[^,;。]{0,12}?)?\s*"
    r"(?:全[市省县区州旗盟]|我[市省县区州]|本[市省县区州]|[省市县区州]本级)?(?:政府系统|各级)?(?:目前)?"
    r"(?:共有|共计|现有|共|有)?(?:的)?\s*$"
)
_SUBGROUP_STRIP = re.compile(
    r"全[市省县区州旗盟]|我[市省县区州]|本[市省县区州]|各级各类|各级|全部|总体|本次|此次|本季度|"
    r"第?[一二三四1-4]季度|\d{4}年|\d{1,2}月份?|政府系统|的|检查|抽查|政府网站|门户网站|网站|政务新媒体|新媒体|账号"
)
_SUBGROUP = re.compile(
    r"[\u4e00-\u9fff](?:市|县|区|州|镇|乡|旗)|部门|街道|局|委|办|单位|示范区|开发区|\d|" + _PLATFORM
)
# Counts aligned with a list of channels: "政府网站、政务新媒体分别为20个、100个".
_PAIRED_RE = re.compile(
    rf"(?P<nouns>{_NOUN}(?:\s*[、和与及]\s*{_NOUN}){{1,3}})\s*(?:数量|数)?\s*分别(?:为|是|有)?\s*:?\s*"
    r"(?P<nums>\d{1,7}\s*[个家](?:\s*[、和与及]\s*\d{1,7}\s*[个家]){1,3})"
)
_COUNT_TOKEN_NUM = re.compile(r"(\d{1,7})\s*[个家]")
# A previous period named before a figure (上季度通报的不合格…5个, 上季度合格率为85%); not 较上季度
# (a comparison, handled as a change) nor 截至上月底 (a date).
_PREV_BEFORE = re.compile(rf"(?<![较比与至止同])(?:{alt(PREVIOUS_PERIOD_WORDS)})")
# A sentence that adds another check exercise (此外/另外 + a check verb) after the main one.
_SEPARATE_CHECK = re.compile(rf"^\s*(?:此外|另外)[^。;]{{0,60}}?{_CHECK_VERB}")
# Approximate or bounded counts (约300个, 近100个, 超过5个) state no figure.
_APPROX = re.compile(rf"(?:{alt(APPROX_WORDS)})\s*\(?\s*$")
_SCORE_RE = re.compile(r"\d+(?:\.\d+)?分(?:以上|以下|及以上|及以下)?")
_ANNUAL_RE = re.compile(r"年度报表|年报")
_JUDGED_UNQ = re.compile(
    r"(?:判定|确定|认定|评定)为\s*[“\"]?不合格[”\"]?\s*$"
    # "…等3家网站超过5个栏目更新不及时,…,网站建设不合格": the verdict closes the sentence
    r"|,\s*(?:网站|账号|政务新媒体)(?:建设|运维)?(?:均)?(?:为|被评为)?不合格\s*$"
)
_COORD_CHANNELS = re.compile(
    r"网站\s*(?:和|与|及|、)\s*(?:政府系统)?(?:政务)?新媒体|新媒体\s*(?:和|与|及|、)\s*(?:政府)?网站"
)

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


def _channel_of(noun: str) -> str:
    return WEB if "网站" in noun else NM


# ---------------------------------------------------------------------------------------------
# Sentences


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


# ---------------------------------------------------------------------------------------------
# Extraction state


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
        """True when a figure at s is the whole area's and the stated one was the own level's only."""
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


@lru_cache(maxsize=64)
def _zones(masked: str) -> tuple[tuple[int, int, str | None], ...]:
    """Breakdown zones (其中/包括/含 …) with the channel they break down.

    A bracketed zone ends at its closing bracket. Otherwise the zone runs over the clauses that
    list counted items and ends at the first clause without a count, except that a rate clause
    right after a counted sub-check (其中,省政府部门网站抽查31家,合格率为100%) still belongs to it.
    """
    out = []
    for m in _ZONE_RE.finditer(masked):
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


_LEVEL_SCOPE = re.compile(r"[省市县区州旗盟]本级|[省市县区州]直(?:部门|单位|各部门|各单位)")
_WHOLE_SCOPE = re.compile(r"全[省市县区州旗盟]|全[省市县区]范围")
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


# ---------------------------------------------------------------------------------------------
# Counts


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
        if _population(pre) and _SUM_BEFORE.search(pre) and _NOUN_RE.search(pre):
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


_PLACE_SUBJECT = re.compile(
    r"^\s*(?:\d+\.|[一二三四五六七八九十]+、)?\s*(?P<place>(?![全本我各该])[\u4e00-\u9fff]{1,8}?[市县区州旗盟])"
    r"(?!本级)(?:共|本季度|本月)?\s*(?:检查|抽查|监测|巡查)"
)


def _place_subject(sent: _Sentence, s: int) -> str | None:
    """The named area a count's clause starts with (甲市检查政务新媒体56个), if any."""
    cs = _clause_bounds(sent.masked, s)[0]
    m = _PLACE_SUBJECT.match(sent.masked, cs, s)
    return m.group("place") if m else None


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
    recheck = bool(_RECHECK_RE.search(masked) and _PREV_PERIOD_RE.search(masked))
    subgroup_zone: set[int] = set()  # zone starts where a sub-group item appeared
    prev_role: tuple[int, str] | None = None  # (clause start, role) of the last count with a role
    matches = [(m.start("num"), m.end("num"), m.end(), m.group("num")) for m in _COUNT_RE.finditer(masked)]
    matches += [
        (m.start("num"), m.end("num"), m.end(), m.group("num")) for m in _BARE_NUM_RE.finditer(masked)
    ]
    paired = _paired_counts(st, sent, recheck) if "分别" in masked else set()
    matches = sorted(x for x in matches if x[0] not in paired)
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
        if noun is not None and len({_channel_of(n.group(0)) for n in _NOUN_RE.finditer(noun)}) > 1:
            # "政府网站和政务新媒体156个": one count for both channels
            st.abstain(sent, f"{masked[ns:mend]} 同时指政府网站和政务新媒体，不归属任何一方")
            continue
        chan = _channel_of(noun) if noun else _context_channel(st, masked, ns)
        if chan is None:
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
            st.abstain(sent, f"{masked[ns:mend]} 是{_ZH[chan]}按类型分列的一项，列表未给出合计，不作为总数或检查数")
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


# ---------------------------------------------------------------------------------------------
# Rates


def _rate_np_is_subgroup(np_text: str) -> bool:
    rest = _SUBGROUP_STRIP.sub("", np_text)
    return bool(_SUBGROUP.search(rest)) or bool(_HAS_COUNT.search(np_text))


def _rates(st: _State, sent: _Sentence) -> None:
    masked = sent.masked
    zones = _zones(masked)
    recheck = bool(_RECHECK_RE.search(masked) and _PREV_PERIOD_RE.search(masked))
    if recheck:
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
        nouns = list(_NOUN_RE.finditer(np_text))
        if nouns and _PLATFORM_RE.fullmatch(nouns[-1].group(0)):
            continue  # a platform's own rate (微信公众号合格率74.6%)
        if _rate_np_is_subgroup(np_text) or _PREV_BEFORE.search(np_text) or _PART_RATE.search(np_text):
            continue
        prev_period = _last(_PREV_BEFORE.finditer(masked, 0, m.start()))
        if (
            prev_period
            and not _CURRENT.search(masked, prev_period.end(), m.start())
            and _PERIOD_TOPIC.search(masked, prev_period.end(), _clause_bounds(masked, prev_period.end())[1])
        ):
            continue  # "上季度检查…203个,合格率95.07%" (not "上期通报的问题均已整改,合格率100%")
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
                st.abstain(sent, f"检查比例 {masked[m.start('num') : m.end()]} 接在两类对象之后，不归属任何一方")
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
    m = CENSUS_RE.search(masked)
    if m is None:
        return set()
    ob = _last(_CENSUS_OBJECT.finditer(masked, 0, m.start()))
    if ob is None:
        return set()
    return {_channel_of(n.group(0)) for n in _NOUN_RE.finditer(ob.group("nouns"))}


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


def _add_rate(st: _State, sent: _Sentence, key: str, s: int, e: int) -> None:
    txt = sent.text[s:e]
    num = _NUM.match(txt)
    if not num:
        return
    prec = len(num.group(0).split(".")[1]) if "." in num.group(0) else 0
    st.add(key, float(num.group(0)), "pct", prec, sent.start + s, sent.start + e, sent)


# ---------------------------------------------------------------------------------------------
# Platform breakdown

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
    if _RECHECK_RE.search(masked) and _PREV_PERIOD_RE.search(masked):
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


# ---------------------------------------------------------------------------------------------
# Public API


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
                _census(st, _Sentence(start=s, text=raw, masked=_mask(raw), heading_channel=None), set(st.figs))
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
            st.prev_sentence = _single_channel(_mask(prev)) if no_noun and prev is not None else None
            sent = _Sentence(start=s, text=raw, masked=masked, heading_channel=hchan, body_start=body)
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
