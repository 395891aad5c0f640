"""Tests for the normalize vocabularies: platform, result, rectification, problem categories."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govstats.normalize import platform, problems, rectification, result, vocab
from govstats.normalize.platform import PLATFORM_IDS, normalize_platform, platform_label_zh
from govstats.normalize.problems import (
    CATEGORIES,
    CATEGORY_IDS,
    category_kind,
    category_label_zh,
    classify_problem,
    is_veto,
)
from govstats.normalize.rectification import RECTIFICATION_LABELS_ZH, normalize_rectification
from govstats.normalize.result import normalize_result

# --------------------------------------------------------------------------- loader / keys


def test_match_key_converts_short_traditional_cells_and_collapses_doubles():
    assert vocab.match_key("微信公眾號") == "微信公众号"
    assert vocab.match_key("檢查 結果") == "检查结果"
    assert vocab.match_key("仍未未整改到位") == "仍未整改到位"
    assert vocab.match_key("ＡＰＰ") == "app"
    assert vocab.match_key("網(wǎng)站") == "网站"


def test_split_alternatives_respects_groups_and_classes():
    assert vocab.split_alternatives("a|(?:b|c)|[|]|d\\|e") == ["a", "(?:b|c)", "[|]", "d\\|e"]


def test_import_does_not_pull_pandas():
    code = (
        "import sys; import govstats.normalize.platform, govstats.normalize.result, "
        "govstats.normalize.rectification, govstats.normalize.problems; "
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------- platform

SEED_PLATFORMS = {
    "微信订阅号": ("wechat_oa", "subscription"),
    "微信服务号": ("wechat_oa", "service"),
    "今日头条": ("toutiao", None),
    "抖音短视频": ("douyin", None),
}


@pytest.mark.parametrize(("raw", "expected"), SEED_PLATFORMS.items())
def test_platform_seed_annex(raw, expected):
    assert normalize_platform(raw) == expected


@pytest.mark.parametrize(
    ("raw", "pid"),
    [
        ("微信公众号", "wechat_oa"),
        ("公众号", "wechat_oa"),
        ("政务微信", "wechat_oa"),
        ("微信", "wechat_oa"),
        ("政务微信公众号", "wechat_oa"),
        ("视频号", "wechat_channels"),
        ("微信视频号", "wechat_channels"),
        ("新浪微博", "weibo"),
        ("微博", "weibo"),
        ("政务微博", "weibo"),
        ("官博", "weibo"),
        ("抖音", "douyin"),
        ("抖音号", "douyin"),
        ("政务抖音号", "douyin"),
        ("官方抖音账号", "douyin"),
        ("今日头条号", "toutiao"),
        ("头条号", "toutiao"),
        ("政务今日头条号", "toutiao"),
        ("快手", "kuaishou"),
        ("百家号", "baijiahao"),
        ("百度百家号", "baijiahao"),
        ("企鹅号", "qie"),
        ("大鱼号", "dayu"),
        ("百度贴吧", "tieba"),
        ("哔哩哔哩", "bilibili"),
        ("B站", "bilibili"),
        ("小红书", "xiaohongshu"),
        ("小程序", "mini_program"),
        ("微信小程序", "mini_program"),
        ("移动客户端", "mobile_app"),
        ("客户端", "mobile_app"),
        ("APP", "mobile_app"),
        ("App", "mobile_app"),
        ("视频类账号", "video_other"),
        ("其他", "other"),
        ("其他平台账号", "other"),
    ],
)
def test_platform_synonyms(raw, pid):
    assert normalize_platform(raw)[0] == pid


def test_platform_longest_match_wins_over_wechat():
    assert normalize_platform("微信视频号") == ("wechat_channels", None)
    assert normalize_platform("微信小程序") == ("mini_program", None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("微信公眾號", ("wechat_oa", None)),
        ("移動客戶端", ("mobile_app", None)),
        ("其他平臺賬號", ("other", None)),
        ("微信訂閱號", ("wechat_oa", "subscription")),
        ("微信 公众号", ("wechat_oa", None)),
        ("微信公众号(订阅号)", ("wechat_oa", "subscription")),
    ],
)
def test_platform_traditional_and_decorated(raw, expected):
    assert normalize_platform(raw) == expected


@pytest.mark.parametrize(
    "raw", [None, "", "   ", "网站", "抖音与微博", "政务微博、政务微信", "happy", "whatsapp"]
)
def test_platform_unknown_or_ambiguous(raw):
    assert normalize_platform(raw) == (None, None)


def test_platform_labels_cover_every_id():
    assert platform_label_zh("wechat_oa") == "微信公众号"
    assert platform_label_zh("wechat_channels") == "微信视频号"
    for pid in PLATFORM_IDS:
        assert platform_label_zh(pid)
    with pytest.raises(KeyError):
        platform_label_zh("myspace")


def test_platform_csv_ids_match_contract():
    ids = {row["id"] for row in vocab.load_csv("platforms.csv")}
    assert ids == set(PLATFORM_IDS)


def test_platform_synonyms_are_stable_under_normalization():
    """Synonyms are written in the normalized form, so the CSV reads as what is matched."""
    for row in vocab.load_csv("platforms.csv"):
        for syn in row["synonyms"].split("|"):
            assert vocab.match_key(syn) == syn.casefold(), syn


# --------------------------------------------------------------------------- result


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("合格", "qualified"),
        ("不合格", "unqualified"),
        ("不 合 格", "unqualified"),
        ("不達標", "unqualified"),
        ("不达标", "unqualified"),
        ("达标", "qualified"),
        ("通过", "qualified"),
        ("未通过", "unqualified"),
        ("单项否决", "unqualified"),
        ("基本合格", "qualified"),
        ("合格(存在突出问题)", "qualified"),
        ("未发现不合格", "qualified"),
        ("√", "qualified"),
        ("×", "unqualified"),
        (None, None),
        ("", None),
        ("存在突出问题", None),
        ("未通过认证", None),
        ("97.95%", None),
    ],
)
def test_result(raw, expected):
    assert normalize_result(raw) == expected


def test_result_yes_no_reads_against_the_question():
    assert normalize_result("是") == "qualified"  # default question: 是否合格
    assert normalize_result("否") == "unqualified"
    assert normalize_result("是", header="是否合格") == "qualified"
    assert normalize_result("是", header="是否不合格") == "unqualified"
    assert normalize_result("否", header="是否不合格") == "qualified"
    assert normalize_result("是", header="是否存在问题") is None


# --------------------------------------------------------------------------- rectification


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # the seed annex, including its typo
        ("已整改", "rectified"),
        ("截止通报前仍未整改到位", "not_rectified"),
        ("截止通报前仍未未整改到位", "not_rectified"),
        # negative before positive
        ("未整改到位", "not_rectified"),
        ("整改不到位", "not_rectified"),
        ("未完成整改", "not_rectified"),
        ("至今未整改", "not_rectified"),
        ("未整改或整改不到位", "not_rectified"),
        ("复查仍未整改", "not_rectified"),
        ("多次提醒后仍然不整改", "not_rectified"),
        ("经复核不合格", "not_rectified"),
        # positive
        ("已完成整改", "rectified"),
        ("整改完成", "rectified"),
        ("已整改到位", "rectified"),
        ("均已完成整改", "rectified"),
        ("复核合格", "rectified"),
        ("经复核,全部合格", "rectified"),
        ("经复查,已按要求完成整改", "rectified"),
        ("已在提醒后完成整改", "rectified"),
        ("限期整改后已完成整改", "rectified"),
        ("已注销", "rectified"),
        # in progress
        ("整改中", "in_progress"),
        ("正在整改", "in_progress"),
        ("已制定整改措施", "in_progress"),
        ("限期整改", "in_progress"),
        ("部分已整改", "in_progress"),
        # not reported
        ("未反馈整改情况", "not_reported"),
        ("个别单位未反馈整治情况", "not_reported"),
        ("未反馈", "not_reported"),
        ("已整改,未反馈", "rectified"),
        # unknown
        (None, "unknown"),
        ("", "unknown"),
        ("  ", "unknown"),
        ("/", "unknown"),
        ("无需整改", "unknown"),
        ("账号未报送", "unknown"),
    ],
)
def test_rectification(raw, expected):
    assert normalize_rectification(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("已整改", "rectified"),
        ("截止通報前仍未整改到位", "not_rectified"),
        ("整改中", "in_progress"),
        ("未反饋整治情況", "not_reported"),
        ("經復核,全部合格", "rectified"),
    ],
)
def test_rectification_traditional(raw, expected):
    assert normalize_rectification(raw) == expected


def test_rectification_labels():
    assert RECTIFICATION_LABELS_ZH == {
        "rectified": "已整改",
        "in_progress": "整改中",
        "not_rectified": "未整改",
        "not_reported": "未反馈",
        "unknown": "未知",
    }


# --------------------------------------------------------------------------- problems

SEED_WEB = [
    ("政策解读未与原文关联,部分页面缺失政府网站标识", ["policy_interpretation", "site_identity"]),
    ("依申请公开页面受理部门设置不合理", ["disclosure_platform"]),
    ("高关注度政策文件没有相关解读稿", ["policy_interpretation"]),
    ("多个专题栏目更新不及时", ["column_not_updated"]),
]
SEED_NM = [
    ("未提供有效互动功能", ["nm_no_interaction"]),
    ("关联的视频号“快乐可汗1334”非单位认证视频号,且未按时更新", ["nm_certification", "nm_not_updated"]),
    ("认证主体不一致", ["nm_certification"]),
    ("关联的视频号存在漏报情况", ["nm_registration"]),
    ("监测时间点前2周内无更新", ["nm_not_updated"]),
    ("点赞与本单位业务无关的信息", ["nm_irrelevant_content"]),
]


@pytest.mark.parametrize(("text", "expected"), SEED_WEB)
def test_problems_seed_websites(text, expected):
    assert classify_problem(text, "web") == expected


@pytest.mark.parametrize(("text", "expected"), SEED_NM)
def test_problems_seed_new_media(text, expected):
    assert classify_problem(text, "nm") == expected


@pytest.mark.parametrize("text", ["更新不及时", "未按时更新", "无更新", "栏目长期未更新"])
def test_problems_update_wording_depends_on_channel(text):
    assert classify_problem(text, "web") == ["column_not_updated"]
    assert classify_problem(text, "nm") in (["nm_not_updated"], ["nm_function_broken"])


def test_problems_nm_stale_columns_are_function_problems():
    assert classify_problem("部分栏目更新不及时", "nm") == ["nm_function_broken"]
    assert classify_problem("超过两周未更新", "nm") == ["nm_not_updated"]


@pytest.mark.parametrize(
    ("text", "channel", "expected"),
    [
        ("存在严重表述错误", "web", ["serious_error"]),  # not also typo_sensitive
        ("存在错别字或严重表述错误", "nm", ["typo_sensitive", "serious_error"]),
        ("首页面长时间未更新", "web", ["homepage_not_updated"]),
        ("首页栏目超过2周未更新", "web", ["homepage_not_updated"]),
        ("首页多个栏目更新不及时", "web", ["column_not_updated"]),
        ("站点长期无法正常访问", "web", ["site_unreachable"]),
        ("部分链接无法正常访问", "web", ["broken_links"]),
        ("部分链接无法正常访问", "nm", ["broken_links"]),
        ("存在空白栏目、不可用链接", "web", ["blank_columns", "broken_links"]),
        ("应更但未更新栏目超过10个", "web", ["column_not_updated"]),
        ("咨询留言超过半年未回应", "web", ["web_interaction_poor"]),
        ("办事指南要素缺失", "web", ["service_not_practical"]),
        ("泄露个人信息,公开发布身份证号和手机号", "web", ["privacy_leak"]),
        ("身份证号、手机号未进行模糊处理", "nm", ["privacy_leak"]),
        ("3个月内无原创信息", "nm", ["nm_no_original"]),
        ("存在商业广告", "nm", ["nm_irrelevant_content"]),
        ("移动客户端无法正常使用", "nm", ["nm_function_broken"]),
        ("僵尸账号", "nm", ["nm_zombie"]),
        ("在同一个平台重复开设账号", "nm", ["nm_duplicate"]),
        ("未明确转载党中央、国务院重大决策部署等权威信息", "nm", ["nm_repost_missing"]),
        ("监测时间点前2周内无更新、未提供有效互动功能", "nm", ["nm_not_updated", "nm_no_interaction"]),
        ("账号名称更改后未在全国政务新媒体报送系统及时更新", "nm", ["nm_registration"]),
        ("未进行第三方平台官方认证", "nm", ["nm_certification"]),
    ],
)
def test_problems_taxonomy_examples(text, channel, expected):
    assert classify_problem(text, channel) == expected


def test_problems_traditional_and_spaced_input():
    assert classify_problem("監測時間點前 2 周內無信息更新", "nm") == ["nm_not_updated"]
    assert classify_problem("未提供有效互動功能", "nm") == ["nm_no_interaction"]
    assert classify_problem("未提供有效互动互动功能", "nm") == ["nm_no_interaction"]  # doubled chars


def test_problems_empty_other_and_negated():
    assert classify_problem(None, "web") == []
    assert classify_problem("", "nm") == []
    assert classify_problem(" / ", "nm") == []
    assert classify_problem("无", "web") == []
    assert classify_problem("领导简历信息缺失", "web") == ["other"]
    assert classify_problem("未发现安全、泄密事故等严重问题", "web") == []
    assert classify_problem("坚决杜绝泄露国家秘密和严重表述错误等情况发生", "web") == []


def test_problems_result_is_a_fresh_list():
    first = classify_problem("认证主体不一致", "nm")
    first.append("mutated")
    assert classify_problem("认证主体不一致", "nm") == ["nm_certification"]


def test_problems_bad_channel():
    with pytest.raises(ValueError):
        classify_problem("更新不及时", "website")


def test_problem_categories_csv_is_complete_and_valid():
    rows = vocab.load_csv("problem_categories.csv")
    assert [r["id"] for r in rows] == list(CATEGORY_IDS)
    for row in rows:
        assert row["label_zh"], row["id"]
        assert row["kind"] in ("veto", "deduction", "management"), row["id"]
        assert row["channel"] in ("web", "nm", "both"), row["id"]
        if row["id"] == "other":
            assert row["patterns"] == ""
            continue
        assert row["patterns"], row["id"]
        re.compile(row["patterns"])
        for alt in vocab.split_alternatives(row["patterns"]):
            pat = re.compile(alt)
            assert not pat.fullmatch(""), f"{row['id']}: {alt!r} matches empty text"
            # patterns are written in the normalized form: simplified, no doubled characters
            assert vocab.match_key(alt) == alt.casefold(), f"{row['id']}: {alt!r} changes under match_key"
    assert len(CATEGORIES) == len(CATEGORY_IDS)


def test_category_accessors():
    assert category_label_zh("nm_certification") == "认证主体问题"
    assert category_kind("nm_registration") == "management"
    assert category_kind("policy_interpretation") == "deduction"
    assert is_veto("nm_not_updated") and is_veto("site_unreachable") and is_veto("serious_error")
    assert not is_veto("nm_certification") and not is_veto("other")
    assert CATEGORIES["privacy_leak"].applies_to("web") and CATEGORIES["privacy_leak"].applies_to("nm")
    with pytest.raises(KeyError):
        category_label_zh("nope")


def test_channel_prefixes_match_channels():
    for cid, cat in CATEGORIES.items():
        if cid.startswith("nm_"):
            assert cat.channel == "nm", cid


# --------------------------------------------------------------------------- properties

_ANY_TEXT = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.text(
        alphabet="未不已整改到位合格微信公众号视频号更新不及时无仍复核查反馈情況號眾 ,、。()", max_size=40
    ),
)


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_property_platform(raw):
    pid, subtype = normalize_platform(raw)
    assert pid is None or pid in PLATFORM_IDS
    assert subtype in (None, "subscription", "service")
    assert subtype is None or pid == "wechat_oa"


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_property_result(raw):
    assert normalize_result(raw) in (None, "qualified", "unqualified")


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_property_rectification(raw):
    assert normalize_rectification(raw) in RECTIFICATION_LABELS_ZH


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT, st.sampled_from(["web", "nm"]))
def test_property_problems(text, channel):
    cats = classify_problem(text, channel)
    assert isinstance(cats, list)
    assert len(cats) == len(set(cats))
    assert all(c in CATEGORY_IDS for c in cats)
    assert all(CATEGORIES[c].applies_to(channel) for c in cats)
    assert ("other" not in cats) or cats == ["other"]
    if text is None or not text.strip():
        assert cats == []


def test_modules_expose_documented_api():
    assert callable(platform.normalize_platform) and callable(result.normalize_result)
    assert callable(rectification.normalize_rectification) and callable(problems.classify_problem)
