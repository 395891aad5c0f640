"""Narrative figure extraction: one test per phrasing family and per trap, plus the seed.

Sentences are short synthetic ones in the style of real bulletins (domain-notes §6), not copies
of corpus records; the corpus itself is scored in test_corpus.py.
"""

from __future__ import annotations

import pytest

from govstats.parse.figures import Figure, extract_figures, figures_dict
from govstats.textnorm import normalize


def fd(text: str) -> dict:
    return figures_dict(extract_figures(normalize(text)))


def by_measure(text: str) -> dict[str, Figure]:
    return {f.measure: f for f in extract_figures(normalize(text)) if f.breakdown is None}


# --- the seed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_figs(seed_text) -> dict[str, Figure]:
    return by_measure(seed_text)


@pytest.mark.parametrize(
    ("measure", "value", "stated", "in_sentence"),
    [
        ("website_checked", 53, "53家", "此次共检查纳入"),
        ("website_coverage_rate", 100, "100%", "检查覆盖率100%"),
        ("website_with_problems", 5, "5家", "存在问题的政府网站5家"),
        ("newmedia_checked", 293, "293个", "监管的政务新媒体293个"),
        ("newmedia_unqualified", 6, "6个", "其中不合格政务新媒体6个"),
        ("newmedia_prominent_problems", 4, "4个", "存在突出问题的政务新媒体4个"),
        ("newmedia_pass_rate", 97.95, "97.95%", "合格率为97.95%"),
        ("newmedia_unrectified", 4, "4个", "截止通报前问题未整改到位"),
        ("annual_report_rate", 100, "100%", "完成率100%"),
    ],
)
def test_seed_figure(seed_figs, seed_text, measure, value, stated, in_sentence):
    f = seed_figs[measure]
    assert f.value == value
    assert f.stated_text == stated
    assert in_sentence in f.sentence
    assert seed_text[f.span_start : f.span_end] == stated


def test_seed_units_and_precision(seed_figs):
    assert seed_figs["newmedia_pass_rate"].precision == 2
    assert seed_figs["newmedia_pass_rate"].unit == "pct"
    assert seed_figs["annual_report_rate"].precision == 0
    assert seed_figs["newmedia_checked"].unit == "count"
    assert seed_figs["newmedia_checked"].precision is None


def test_seed_unqualified_not_confused_with_prominent(seed_figs):
    # 存在突出问题 is not 不合格 (domain-notes §1.1)
    assert seed_figs["newmedia_unqualified"].value == 6
    assert seed_figs["newmedia_prominent_problems"].value == 4


def test_figures_dict_types(seed_text):
    d = fd(seed_text)
    assert isinstance(d["newmedia_checked"], int)
    assert isinstance(d["newmedia_pass_rate"], float)


# --- counts ---------------------------------------------------------------------------------


def test_checked_unqualified_rate_in_one_sentence():
    d = fd("本次共抽查政务新媒体账号120个，其中不合格政务新媒体账号4个，总体合格率96.67%。")
    assert d == {"newmedia_checked": 120, "newmedia_unqualified": 4, "newmedia_pass_rate": 96.67}


def test_reverse_order_counts_without_noun():
    d = fd("对全省正常运行的612家政府网站全部进行了检查，其中610家合格，合格率为99.67%。")
    assert d["website_total"] == 612 and d["website_checked"] == 612
    assert d["website_qualified"] == 610 and d["website_pass_rate"] == 99.67


def test_counts_inherit_channel_from_heading():
    d = fd("（二）政务新媒体检查情况。共检查208个，不合格15个，合格率为92.79%。")
    assert d == {"newmedia_checked": 208, "newmedia_unqualified": 15, "newmedia_pass_rate": 92.79}


def test_noun_first_counts_and_qualified_list():
    d = fd("全县正在运行的政府网站共21个，检查21个，检查率100%，其中：合格20个，不合格1个，合格率为95.2%。")
    assert d["website_total"] == 21 and d["website_checked"] == 21 and d["website_coverage_rate"] == 100
    assert d["website_qualified"] == 20 and d["website_unqualified"] == 1


def test_spaces_inside_numbers_and_traditional():
    d = fd("全市目前共有政務新媒體 37個，發現不合格政務新媒體 2 個。")
    assert d == {"newmedia_total": 37, "newmedia_unqualified": 2}


def test_full_width_digits_keep_original_stated_text():
    text = "共检查政务新媒体８０个，合格率为９８．７５％。"
    f = by_measure(text)["newmedia_pass_rate"]
    assert f.value == 98.75 and f.precision == 2
    assert f.stated_text == "９８．７５％"
    assert text[f.span_start : f.span_end] == "９８．７５％"


def test_colon_and_bracketed_counts():
    assert fd("共抽查政务新媒体账号90个，发现不合格:12个。")["newmedia_unqualified"] == 12
    assert fd("（二）政务新媒体。检查发现不合格（7）个。")["newmedia_unqualified"] == 7


def test_measure_words_jia_ge():
    d = fd("全市纳入监管的政府网站共计18家，本次检查18家政府网站，不合格网站1家，合格率94%。")
    assert d["website_total"] == 18 and d["website_checked"] == 18 and d["website_unqualified"] == 1


def test_population_then_sample():
    d = fd(
        "对全省正在运行的880个政务新媒体中的150个进行了抽查，发现存在突出问题的政务新媒体9个，抽查合格率94%。"
    )
    assert d["newmedia_total"] == 880 and d["newmedia_checked"] == 150
    assert d["newmedia_prominent_problems"] == 9 and d["newmedia_pass_rate"] == 94


def test_both_channels_in_one_sentence_paired_rates():
    d = fd("对在运行的24个政府网站和412个政务新媒体进行了全覆盖检查，合格率分别为95.8%和97.3%。")
    assert d["website_checked"] == 24 and d["newmedia_checked"] == 412
    assert d["website_pass_rate"] == 95.8 and d["newmedia_pass_rate"] == 97.3


def test_two_channel_list_after_check_verb():
    d = fd("本季度共检查全县政府网站12个，政务新媒体66个，检查比例100%。")
    assert d["website_checked"] == 12 and d["newmedia_checked"] == 66


def test_whole_population_with_qualified_count():
    d = fd("全区31家政府网站30家合格，区科技局网站不合格。")
    assert d == {"website_total": 31, "website_qualified": 30}


def test_problems_count_phrasings():
    assert (
        fd("（一）政府网站。本次检查发现2家存在单项否决问题，总体合格率98%。")["website_with_problems"] == 2
    )
    d = fd("6家政府网站、17家政务新媒体不同程度存在问题。")
    assert d == {"website_with_problems": 6}  # for new media only 突出问题 counts as prominent


def test_unrectified_newmedia():
    d = fd("（二）政务新媒体。截至通报日，仍有3个政务新媒体问题未整改到位。")
    assert d["newmedia_unrectified"] == 3


def test_judged_unqualified_at_sentence_end():
    d = fd(
        "（二）政务新媒体。“某某发布”“某某之声”等11个政务新媒体存在“监测时间点前两周无更新”问题，确定为“不合格”。"
    )
    assert d["newmedia_unqualified"] == 11


def test_count_without_measure_word_after_check_verb():
    assert fd("本月共检查政府网站12,总体合格率100%。")["website_checked"] == 12


def test_coordinated_platforms_as_newmedia_channel():
    d = fd("全县纳入监管的政府网站共有9个，政务微信、政务微博共有41个，全县有不合格政务微信、政务微博5个。")
    assert d == {"website_total": 9, "newmedia_total": 41, "newmedia_unqualified": 5}


# --- rates ----------------------------------------------------------------------------------


def test_rate_broken_across_line():
    f = by_measure("（一）政府网站检查情况。全部合格，总体合格率为 99.5\n%。")["website_pass_rate"]
    assert f.value == 99.5 and f.precision == 1


def test_coverage_rate_forms():
    assert fd("共检查政府网站40个，检查覆盖率100%。")["website_coverage_rate"] == 100
    assert fd("对全省正在运行的60个政府网站进行抽查，抽查比例为100%。")["website_coverage_rate"] == 100
    assert fd("按照100%的检查比例要求，对全市政府网站进行了全覆盖检查。")["website_coverage_rate"] == 100


def test_newmedia_coverage_is_its_own_measure():
    d = fd("共抽查政务新媒体账号300个，抽查比例约为21.4%。")
    assert d["newmedia_coverage_rate"] == 21.4 and "website_coverage_rate" not in d


def test_annual_report_rate_needs_annual_report_context():
    assert fd("全市20家政府网站均发布了《政府网站工作年度报表》，完成率100%。")["annual_report_rate"] == 100
    assert "annual_report_rate" not in fd("共发送提示单80单，整改完成率97.5%。")


def test_approximate_rate():
    assert fd("（二）政务新媒体。共检查90个，检查率约为45%。")["newmedia_coverage_rate"] == 45


def test_first_statement_wins_over_subgroup_rates():
    d = fd("政务新媒体总体合格率为88.2%，其中微信公众号、新浪微博合格率分别为90.1%、80.5%。")
    assert d == {"newmedia_pass_rate": 88.2}


# --- platform breakdown ---------------------------------------------------------------------


def test_platform_breakdown_count_first():
    d = fd("全县开设52个政务新媒体，包括30个微信公众号、12个新浪微博、8个抖音、2个今日头条，合格率为100%。")
    assert d["newmedia_by_platform"] == {"微信公众号": 30, "新浪微博": 12, "抖音": 8, "今日头条": 2}
    assert d["newmedia_total"] == 52 and d["newmedia_pass_rate"] == 100


def test_platform_breakdown_label_first_with_other_and_traditional_label():
    text = "全市政務新媒體現有120個，其中新浪微博20個、微信公眾號90個、其他10個。"
    figs = [f for f in extract_figures(normalize(text)) if f.measure == "newmedia_by_platform"]
    assert {f.breakdown: f.value for f in figs} == {"新浪微博": 20, "微信公眾號": 90, "其他": 10}
    assert fd(text)["newmedia_total"] == 120


def test_coordinated_platform_group_is_not_a_breakdown():
    d = fd("其中县级政务微博、政务微信30个，市直部门政务微博、政务微信25个。")
    assert "newmedia_by_platform" not in d


def test_single_platform_mention_is_not_a_breakdown():
    assert "newmedia_by_platform" not in fd("目前三个公众号运行状态良好，“某某发布”微信公众号发布信息12条。")


# --- traps: must yield nothing ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "共检查**个政务新媒体，不合格**个，合格率**%。",  # masked digits
        "（二）政务新媒体。某县政务新媒体合格率低于70%，部分账号合格率不足60%，超过80%的账号按时更新。",
        "（一）政府网站。合格率较上季度提升4%，提高0.3个百分点，同比上升1.33%，环比下降3.82%。",
        "（二）政务新媒体。有5个政务新媒体未及时更新，占比27.78%。",
        "其中张家界市、郴州市的政务新媒体抽查合格率为100%。",
        "市政府部门政务新媒体合格率78.4%。",
        "（一）政府网站。按省政府要求80分以上为合格，90分以上的网站38家。",
        "根据《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号）要求开展检查。",
        "（二）政务新媒体。留言回复率为98%，按期办结率100%，反馈率62.5%，原创率达66%，转载率为96.9%。",
        "对上季度检查不合格的17个政务新媒体进行了复核，复核结果全部合格，仍有2个未整改到位。",
        "（二）政务新媒体。发现错别字14处，错误信息42条，已完成整改312个。",
        "（一）政府网站。较上季度增加21个合格网站，仅有25个网站完成反馈。",
        "全市127个政务新媒体转载率为96.9%。",
        "共有61家政府门户网站实现简单咨询1个工作日内答复。",
    ],
)
def test_traps_yield_nothing(text):
    assert fd(text) == {}


def test_unqualified_not_found_is_not_a_count():
    d = fd("对全市12家政府网站进行全覆盖检查，未发现不合格网站，总体合格率100%。")
    assert "website_unqualified" not in d and d["website_pass_rate"] == 100


def test_second_population_does_not_mix_outcomes():
    text = (
        "（二）政务新媒体。此次抽查全市政务新媒体120个，存在突出问题的政务新媒体3个。"
        "督促各县区检查辖区内政务新媒体400个。检查结果：合格的380个，不合格的12个。"
    )
    d = fd(text)
    assert d["newmedia_checked"] == 120
    assert "newmedia_qualified" not in d and "newmedia_unqualified" not in d


def test_empty_text():
    assert extract_figures(normalize("通报")) == []
