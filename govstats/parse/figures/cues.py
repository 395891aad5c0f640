"""Cue classes of the reader as compiled patterns: channel nouns, counts, rates, and the word
classes around them (check verbs, outcomes, breakdown words). The words themselves live in `vocab`;
role cues are in `role`, scope cues (periods, rechecks, levels) in `scope`.
"""

from __future__ import annotations

import re

from govstats.parse.figures.vocab import (
    APPROX_WORDS,
    BREAKDOWN_WORDS,
    CHECK_VERBS,
    PLATFORM_RE_SRC,
    POPULATION_WORDS,
    alt,
)

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
    r"完成率|发布率|回填率)\s*(?P<sep>分别)?(?:仅为|仅|只有|为|达到|达|是|约为|约)?\s*:?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%(?!\s*(?:以上|以下|左右))"  # 90%以上 is a bound
)


# "合格率同比提高5.2个百分点,达到93.8%": the rate reached after a change
_RATE_AFTER_CHANGE_RE = re.compile(
    r"(?P<kw>(?:总体|抽查|检查|综合|整体)?合格率)[^,;。%\d]{0,12}?(?:提高|提升|上升|增长|下降|降低)了?\s*"
    r"\d{1,3}(?:\.\d{1,3})?\s*个?百分点\s*,?\s*(?:达到|达|为|升至|提升至|提高到|提高至|上升到|上升至|降至|降为|降到)"
    r"\s*:?\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%(?!\s*(?:以上|以下|左右))"
)


_PASS_RATE_WORD = re.compile(r"合格率")
_RATE_MORE_RE = re.compile(r"\s*(?:[、和及与,]|以及)\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%")


# 按10%的抽查比例 / 按照20%的比例抽查 (not 不低于10%: a bound)
_RATE_BY_RE = re.compile(
    r"按照?\s*(?P<num>\d{1,3}(?:\.\d{1,3})?)\s*%\s*的?\s*(?:(?:检查|抽查)比例|比例\s*(?:进行|开展|实施)?了?\s*"
    r"(?:全面|全覆盖)?(?:检查|抽查|检测|监测))"
)


_HAS_COUNT = re.compile(r"\d\s*(?:个|家|条)")


_SUBCHECK = re.compile(r"检查|抽查|普查|合格|存在|发现")


# Cheap gates (a leading character class lets the engine skip ahead): a sentence without them
# is prose and skips the costly rules.
_HAS_FIGURE = re.compile(
    r"[\d零〇一二两三四五六七八九十]\s*[个家条]|\d\s*[%,;。)]|\d\s*(?:政府|政务|门户)(?:网站|新媒体)|\d\s*其中"
)


_PLATFORM_HINT = re.compile(
    rf"{_PLATFORM}(?:账号)?\s*\d|\d\s*(?:个|家)\s*{_PLATFORM}|{_PLATFORM}[^。;\d]{{0,8}}分别[^。;\d]{{0,6}}\d+\s*个"
)


# "…90分以下的网站1家,占比2.5%;3家网站被一票否决,占比7.5%": a line of a score distribution
_SHARE_NEXT = re.compile(r",\s*占比")


# Check verbs. 监测 counts only when it governs the counted set (监测政府网站35个), not in 监测运行的 /
# 纳入监测的 (a population) or 监测时间 (a period). "检查23个单位的45个账号": a unit count may sit in between.
_CHECK_VERB = rf"(?:{alt(CHECK_VERBS)}|监测(?!运行|的|时间|周期|点|平台|系统))"
#: A count whose measure word page noise dropped, glued to its channel noun after a population or
#: check word ("备案的51政府网站", "检查133政务新媒体账号"); the noun that follows gives its channel.
_GLUED_NUM_RE = re.compile(
    rf"(?:{alt(POPULATION_WORDS)}|{_CHECK_VERB})了?的?\s*(?P<num>\d{{1,6}})(?=\s*(?:政府|政务|门户)(?:网站|新媒体))"
    r"|(?<=网站|媒体|账号)\s*(?P<num2>\d{1,6})(?=\s*其中)"  # "…政务新媒体85其中:": the 个 and the comma lost
)


_CHECK_VERB_RE = re.compile(_CHECK_VERB)


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


# A rate of a part of a site or account (栏目覆盖率, 专栏开设率) is not the channel's.
_PART_RATE = re.compile(r"(?:栏目|专栏|专题|入口|功能|链接|页面)\s*(?:的)?\s*$")


_TOTAL_ONLY = re.compile(r"^\s*(?:共计|共有|共)\s*$")


_SCOPE_PREV = re.compile(r"范围(?:为|是)[^,;。!?\d]{0,50},\s*$")
#: "抽查对象为…账号,共计471个": the object of the check named first, its count on its own after it
_OBJECT_PREV = re.compile(r"(?:抽查|检查|监测|抽检)对象(?:为|是)[^,;。!?\d]{0,80},\s*$")


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
    rf"(?P<noun>{_NOUNS})\s*(?:总数|总量|数量)?\s*(?:共计|共有|共|现有|有|为|达)?\s*:?\s*\(?\s*$"
)


# not across a coordinator: in "网站27个和政务新媒体89个" the 27 belongs to the noun before it
_NOUN_AFTER = re.compile(rf"^\s*\)?\s*(?![和与及]|其中)[^\d,;。!?、()]{{0,6}}?(?P<noun>{_NOUNS})")


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


# Approximate or bounded counts (约300个, 近100个, 超过5个) state no figure.
_APPROX = re.compile(rf"(?:{alt(APPROX_WORDS)})\s*\(?\s*$")


_SCORE_RE = re.compile(r"\d+(?:\.\d+)?分(?:以上|以下|及以上|及以下)?")


_ANNUAL_RE = re.compile(r"年度报表|年报")


_JUDGED_UNQ = re.compile(
    r"(?:判定|确定|认定|评定)为\s*[“\"]?不合格[”\"]?\s*$"
    # "…等3家网站超过5个栏目更新不及时,…,网站建设不合格": the verdict closes the sentence
    r"|,\s*(?:网站|账号|政务新媒体)(?:建设|运维)?(?:均)?(?:为|被评为)?不合格\s*$"
)
