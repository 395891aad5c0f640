"""Vocabulary of the figure reader: the words, as data (on normalized, simplified text).

Each tuple is a list of alternatives; `alt()` turns one into a regex alternation, longest first
so that 微信公众号 wins over 微信. How the words combine lives in the reader modules (`role`, `scope`, `channel`, …).
Add a word here when a bulletin uses a new synonym; change the grammar only for a new construction.
"""

from __future__ import annotations

import re

#: Platform words of 政务新媒体 (domain-notes §4); a count next to one is a breakdown item.
PLATFORMS = (
    "微信公众号", "微信订阅号", "微信服务号", "微信视频号", "微信小程序", "视频号", "公众号", "订阅号", "服务号",
    "新浪微博", "微博", "抖音短视频", "抖音号", "抖音账号", "抖音", "今日头条号", "今日头条", "头条号", "头条",
    "快手短视频号", "快手短视频", "快手号", "快手", "微视频", "百度百家号", "百家号", "企鹅号", "大鱼号", "百度贴吧", "哔哩哔哩", "小红书", "小程序",
    "移动客户端", "客户端", "APP", "App", "微信公众", "微信",
)  # fmt: skip

#: Verbs that make a counted set the checked set (检查政府网站35个, 共排查账号1067个).
#: 监测 counts only when it governs the set (not 监测运行的 / 纳入监测的 / 监测时间), see `role`.
CHECK_VERBS = (
    "检查",
    "抽查",
    "抽检",
    "普查",
    "检测",
    "抽取",
    "选取",
    "选择",
    "巡查",
    "核查",
    "排查",
    "自查",
    "巡检",
)

#: Census wording: every unit in scope was checked. Scope words (覆盖所有, 检查比例100%) make
#: checked = total in both directions; the exercise's name alone (普查, 全面检查) only lets a stated
#: total stand for the checked count. 第四次全面检查 is an ordinal exercise, not a census.
CENSUS_SCOPE = (
    "全覆盖", "全部检查", "全部进行了检查", "全部进行检查", "覆盖所有", "覆盖全部",
    "覆盖全省所有", "覆盖全市所有", "覆盖全县所有", "覆盖全区所有", "覆盖全州所有",
    "覆盖全省现有", "覆盖全市现有", "覆盖全县现有", "覆盖全区现有", "覆盖全州现有",
    "均纳入检查", "均已纳入检查", "全部纳入检查", "已全部纳入检查", "均进行了检查", "均进行检查",
)  # fmt: skip
CENSUS_VERBS = ("普查", "全面检查")

#: Words for "unqualified" besides 不合格 (共排查出不符合要求的政务新媒体账号2个).
UNQUALIFIED_WORDS = ("不合格", "不符合要求", "不达标")

#: A population word followed by one of these names a defective subset, not the population
#: (补录备案不规范的账号7个 is not the number of registered accounts).
DEFECT_WORDS = ("不规范", "不一致", "不符", "不准确", "错误", "问题", "未", "漏报", "瞒报", "注销", "关停")


def alt(words: tuple[str, ...]) -> str:
    """A regex alternation of the words, longest first, escaped."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


PLATFORM_RE_SRC = rf"(?:政务)?(?:{alt(PLATFORMS)})"
CENSUS_SCOPE_RE = re.compile(
    rf"{alt(CENSUS_SCOPE)}|(?:检查|覆盖|抽查|检测|监测)(?:比例|率)\s*(?:为|达到|达|是)?\s*:?\s*100(?:\.0+)?\s*%"
    r"|按照?\s*100(?:\.0+)?\s*%\s*的?\s*(?:检查|抽查)?比例"
)
#: 全国普查 is the national register of websites (列入全国普查工作的…网站共计736个), a population, not
#: this check's scope: a higher level's exercise named in a local bulletin.
CENSUS_RE = re.compile(
    rf"{CENSUS_SCOPE_RE.pattern}|(?<![一二三四五六七八九十\d]次)(?<!全国)(?:{alt(CENSUS_VERBS)})"
)
#: "检查范围为全市政务新媒体,共255个": the check's scope is the whole area. Weaker than the words above:
#: the stated total stands for the checked count only when the bulletin states no checked count at all
#: (a later "抽查86个" is the sample drawn from that scope).
SCOPE_OF_CHECK_RE = re.compile(r"(?:检查|监测)范围(?:为|是)?\s*全[省市县区州旗盟](?!本级)")
DEFECT_RE = re.compile(alt(DEFECT_WORDS))

#: Words that make a counted set a population (运行的…42家, 纳入监管的…, 备案…): a total.
POPULATION_WORDS = (
    "正在运行",
    "在运行",
    "正常运行",
    "在网运行",
    "在线运维",
    "正常运维",
    "运行",
    "纳入",
    "登记",
    "备案",
    "报备",
    "开设",
    "开办",
    "监管",
    "所属",
    # a count inside a reporting system (在全国政府网站信息报送系统内的网站为57家): the system's name is
    # masked to □ by sentences._mask, so its 内/中 is what is left of it
    "□内",
    "□中",
)

#: A previous period named before a figure: the figure is not this bulletin's (上季度…合格率85%).
PREVIOUS_PERIOD_WORDS = (
    "上季度",
    "上一季度",
    "上个季度",
    "上期",
    "上年度",
    "上年",
    "去年",
    "上个月",
    "上月",
    "上次",
    "前期",
)

#: The current period named again after a previous one (上季度…, 本季度检查…).
CURRENT_PERIOD_WORDS = ("本季度", "本次", "此次", "本月", "本期", "今年", "当前", "目前")

#: Approximate or bounded counts state no figure (约300个, 近100个, 超过5个).
APPROX_WORDS = ("约", "近", "超过", "超", "逾", "多于", "少于", "不足", "不到", "高于", "低于", "以上")

#: A count right after one of these is a change, not a stock (比上季度增加5个).
CHANGE_WORDS = ("增加", "减少", "上升", "下降", "提升", "提高", "降低", "增长", "多出", "少了")

#: Words that open a breakdown zone (其中…, 包括…, (含…)): counts inside are sub-groups.
BREAKDOWN_WORDS = ("其中", "包括", "包含", "分别是", "分别为", "(含", "含有")
