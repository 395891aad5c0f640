"""Generalization probes: synthetic sentences in the styles bulletins use all over China.

The corpus (test_corpus.py) scores the extractor on 93 real bulletins, but its rules were written
while looking at them. These probes vary what real bulletins vary — check verbs (检查/抽查/普查/监测/
检测/巡查/核查/抽检), 对…进行了检查 constructions, measure words (家/个/個), counts before and after
the noun, Chinese numerals, 其中/分别为 lists, platform breakdowns, headings whose later sentences
omit the channel noun — and the traps (占比, 同比/环比, 提升…个百分点, 低于/不足, sub-group rates,
other rates, scores, dates, document numbers, masked digits, approximate counts).

Each probe states the exact `figures_dict` output. Decisions encoded here (see also the module
docstring of govstats.parse.figures):
  * 监测 is a check verb when it governs a counted set of sites/accounts (监测政府网站35个), not in
    监测运行的/纳入监测的 (a population) or 监测发现 (a finding).
  * 问题网站N个 is website_with_problems (存在问题的网站). 问题账号N个 yields nothing: the vocabulary
    has no "new media with problems" key and it is not 存在突出问题 (prominent) nor 不合格.
  * 未发现不合格… yields no unqualified figure (as in the corpus); 不合格…0个 yields 0.
  * Approximate or bounded counts (约/近/超过/逾/余/多) yield nothing; a rate printed with 约 is kept
    (corpus convention: 检查率约为64.6%).
  * 达标率 is not read as a pass rate (local schemes use it for scores, not the veto rule).
  * Census wording (普查, 全覆盖, 全部进行了检查, 检查比例100%) makes a stated total the checked
    count too; scope wording (覆盖所有, 全部进行了检查, 检查比例100%) also makes a stated checked
    count the total. Not in a sentence that describes a sample (抽查比例30%, 不低于10%, 抽查了部分).
  * A channel carries over from the previous sentence only when that sentence named exactly one
    channel and the current one names none.
"""

from __future__ import annotations

import time

import pytest

from govstats.parse.figures import extract_figures, figures_dict
from govstats.textnorm import normalize


def fd(text: str) -> dict:
    return figures_dict(extract_figures(normalize(text)))


PROBES: list[tuple[str, str, dict]] = [
    # --- gaps from the brief -------------------------------------------------------------------
    (
        "sample_of_population_with_date",
        "截至3月31日，全市共有政务新媒体账号1,234个，本季度抽查了其中的300个，发现不合格账号12个，合格率96%。",
        {
            "newmedia_total": 1234,
            "newmedia_checked": 300,
            "newmedia_unqualified": 12,
            "newmedia_pass_rate": 96.0,
        },
    ),
    (
        "monitor_verb_both_channels",
        "本季度共监测政府网站35个，未发现不合格网站；监测政务新媒体210个，发现不合格政务新媒体3个，合格率98.57%。",
        {
            "website_checked": 35,
            "newmedia_checked": 210,
            "newmedia_unqualified": 3,
            "newmedia_pass_rate": 98.57,
        },
    ),
    (
        "problem_websites_and_problem_accounts",
        "一季度，全区共检查政府网站12个、政务新媒体86个，发现问题网站2个，问题账号5个，已全部完成整改。",
        {"website_checked": 12, "newmedia_checked": 86, "website_with_problems": 2},
    ),
    (
        "overall_rate_then_platform_rates",
        "总体合格率为90.87%，其中微信公众号、新浪微博、抖音短视频、今日头条合格率分别为95.57%、92.13%、90.91%、69.81%。",
        {"newmedia_pass_rate": 90.87},
    ),
    # --- check verbs and constructions ---------------------------------------------------------
    (
        "sample_verb_jia",
        "本次共抽查政府网站56家，不合格网站2家，合格率96.43%。",
        {"website_checked": 56, "website_unqualified": 2, "website_pass_rate": 96.43},
    ),
    (
        "dui_jinxingle_jiancha",
        "本季度对全市42家政府网站进行了检查，发现不合格网站1家，合格率97.62%。",
        {"website_checked": 42, "website_unqualified": 1, "website_pass_rate": 97.62},
    ),
    (
        "dui_running_full_coverage",
        "对全县正常运行的28家政府网站进行了全面检查，合格28家，合格率100%。",
        {"website_total": 28, "website_checked": 28, "website_qualified": 28, "website_pass_rate": 100.0},
    ),
    (
        "census_verb",
        "本季度对全区政务新媒体账号开展普查，共普查86个，发现不合格账号2个。",
        {"newmedia_checked": 86, "newmedia_unqualified": 2},
    ),
    (
        "patrol_verb",
        "全年共巡查政府网站24个，发现不合格网站1个。",
        {"website_checked": 24, "website_unqualified": 1},
    ),
    (
        "verify_verb",
        "本次共核查政务新媒体账号120个，其中不合格账号6个，合格率95%。",
        {"newmedia_checked": 120, "newmedia_unqualified": 6, "newmedia_pass_rate": 95.0},
    ),
    (
        "spot_test_verb",
        "共抽检政务新媒体60个，不合格政务新媒体3个，抽检合格率95%。",
        {"newmedia_checked": 60, "newmedia_unqualified": 3, "newmedia_pass_rate": 95.0},
    ),
    (
        "detect_verb",
        "本季度共检测政府网站18个，合格率100%。",
        {"website_checked": 18, "website_pass_rate": 100.0},
    ),
    (
        "random_draw",
        "随机抽取政务新媒体账号50个进行检查，发现不合格账号2个，合格率96%。",
        {"newmedia_checked": 50, "newmedia_unqualified": 2, "newmedia_pass_rate": 96.0},
    ),
    (
        "monitored_running_is_population",
        "目前，全市监测运行的政府网站共32个，网站总体合格率为100%。",
        {"website_total": 32, "website_pass_rate": 100.0},
    ),
    (
        "dui_two_channels_jinxingle",
        "对32个政府网站和150个政务新媒体进行了检查，合格率分别为100%和98%。",
        {
            "website_checked": 32,
            "newmedia_checked": 150,
            "website_pass_rate": 100.0,
            "newmedia_pass_rate": 98.0,
        },
    ),
    (
        "check_units_accounts",
        "本次共检查23个单位的45个政务新媒体账号，不合格账号2个。",
        {"newmedia_checked": 45, "newmedia_unqualified": 2},
    ),
    # --- measure words, numerals, noun order -------------------------------------------------
    (
        "chinese_numerals",
        "本次检查政府网站十二家，发现不合格网站两个，合格率83.33%。",
        {"website_checked": 12, "website_unqualified": 2, "website_pass_rate": 83.33},
    ),
    (
        "traditional_ge",
        "共檢查政務新媒體賬號86個，不合格賬號3個，合格率96.51%。",
        {"newmedia_checked": 86, "newmedia_unqualified": 3, "newmedia_pass_rate": 96.51},
    ),
    (
        "qualified_count_first",
        "共检查政务新媒体792个，其中786个合格，合格率为99.24%。",
        {"newmedia_checked": 792, "newmedia_qualified": 786, "newmedia_pass_rate": 99.24},
    ),
    (
        "bare_outcomes_after_check",
        "检查政务新媒体314个，不合格55个，合格率为82.48%。",
        {"newmedia_checked": 314, "newmedia_unqualified": 55, "newmedia_pass_rate": 82.48},
    ),
    (
        "explicit_zero",
        "检查政府网站28家，不合格0家，合格率100%。",
        {"website_checked": 28, "website_unqualified": 0, "website_pass_rate": 100.0},
    ),
    (
        "unqualified_count_first_judged",
        "经检查，4个政务新媒体被判定为不合格。",
        {"newmedia_unqualified": 4},
    ),
    (
        "count_first_check_unqualified",
        "本季度有3家政府网站检查不合格。",
        {"website_unqualified": 3},
    ),
    (
        "unqualified_you",
        "不合格的政务新媒体有4个，均已完成整改。",
        {"newmedia_unqualified": 4},
    ),
    (
        "unqualified_gongji_with_annex",
        "共检查政务新媒体账号400个，不合格政务新媒体共计25个（详见附件），合格率93.75%。",
        {"newmedia_checked": 400, "newmedia_unqualified": 25, "newmedia_pass_rate": 93.75},
    ),
    (
        "qualified_then_unqualified",
        "合格政府网站47个，不合格政府网站4个，合格率92.2%，较去年第四次全面检查提升4%。",
        {"website_qualified": 47, "website_unqualified": 4, "website_pass_rate": 92.2},
    ),
    (
        "totals_both_channels",
        "全市共有政府网站26个，政务新媒体185个。",
        {"website_total": 26, "newmedia_total": 185},
    ),
    (
        "xiangzhen_websites",
        "本次检查了全县18个乡镇政府网站，合格率100%。",
        {"website_checked": 18, "website_pass_rate": 100.0},
    ),
    # --- rates and coverage -------------------------------------------------------------------
    (
        "sample_ratio_newmedia",
        "本次共抽查政务新媒体账号591个，抽查比例为12%，发现不合格政务新媒体账号25个，总体合格率95.77%。",
        {
            "newmedia_checked": 591,
            "newmedia_coverage_rate": 12.0,
            "newmedia_unqualified": 25,
            "newmedia_pass_rate": 95.77,
        },
    ),
    (
        "population_sample_ratio",
        "全市共开设政务新媒体账号500个，本次抽查150个，抽查比例为30%，其中不合格账号4个，合格率97.33%。",
        {
            "newmedia_total": 500,
            "newmedia_checked": 150,
            "newmedia_coverage_rate": 30.0,
            "newmedia_unqualified": 4,
            "newmedia_pass_rate": 97.33,
        },
    ),
    (
        "website_check_ratio_is_coverage",
        "全市共有政府网站15个，检查比例为100%，合格率100%。",
        # census wording (检查比例100%): checked = total (issue 14)
        {
            "website_total": 15,
            "website_checked": 15,
            "website_coverage_rate": 100.0,
            "website_pass_rate": 100.0,
        },
    ),
    (
        "website_coverage_word",
        "共检查政府网站40个，检查覆盖率100%。",
        {"website_checked": 40, "website_total": 40, "website_coverage_rate": 100.0},
    ),
    (
        "two_rates_two_sentences_halves",
        "政府网站合格率为100%，政务新媒体合格率为97.3%。",
        {"website_pass_rate": 100.0, "newmedia_pass_rate": 97.3},
    ),
    (
        "paired_rates_dunhao",
        "网站、新媒体合格率分别为100%、97.3%。",
        {"website_pass_rate": 100.0, "newmedia_pass_rate": 97.3},
    ),
    (
        "sample_pass_rate_word",
        "全省政务新媒体抽查合格率为96%。",
        {"newmedia_pass_rate": 96.0},
    ),
    (
        "check_pass_rate_with_delta",
        "账号检查合格率99.6%，较去年同期提高0.3个百分点。",
        {"newmedia_pass_rate": 99.6},
    ),
    (
        "rate_then_delta",
        "政务新媒体合格率达98%，较上季度提高2个百分点。",
        {"newmedia_pass_rate": 98.0},
    ),
    (
        "share_of_national_total",
        "共检查政府网站328个（含153个门户网站），占全国正在运行的政府网站总数的2.3%，总体合格率91.8%。",
        {"website_checked": 328, "website_pass_rate": 91.8},
    ),
    (
        "all_websites_pass",
        "经检查，全市政府网站均合格，合格率100%。",
        {"website_pass_rate": 100.0},
    ),
    (
        "colon_rate",
        "（一）政府网站。检查网站20个，合格率：95%。",
        {"website_checked": 20, "website_pass_rate": 95.0},
    ),
    # --- breakdowns -----------------------------------------------------------------------------
    (
        "platform_breakdown_then_outcome_sentence",
        "本季度共检查政务新媒体账号218个，其中微信公众号120个、微博45个、抖音38个、其他类15个。不合格账号6个，合格率97.25%。",
        {
            "newmedia_checked": 218,
            "newmedia_unqualified": 6,
            "newmedia_pass_rate": 97.25,
            "newmedia_by_platform": {"微信公众号": 120, "微博": 45, "抖音": 38, "其他类": 15},
        },
    ),
    (
        "platform_breakdown_semicolons",
        "检查的政务新媒体中，微信公众号58个；微博21个；抖音号12个；其他9个。",
        {"newmedia_by_platform": {"微信公众号": 58, "微博": 21, "抖音号": 12, "其他": 9}},
    ),
    (
        "platform_breakdown_in_brackets",
        "共检查政务新媒体账号129个（其中微信公众号83个、微博30个、抖音16个），合格率100%。",
        {
            "newmedia_checked": 129,
            "newmedia_pass_rate": 100.0,
            "newmedia_by_platform": {"微信公众号": 83, "微博": 30, "抖音": 16},
        },
    ),
    (
        "subgroup_outcome_in_zone",
        "共检查政府网站30个，其中市直部门网站20个，不合格1个。",
        {"website_checked": 30},
    ),
    (
        "subgroup_rates",
        "政府网站总体合格率为98.84%，其中市直部门网站合格率100%，县区网站合格率97.5%。",
        {"website_pass_rate": 98.84},
    ),
    (
        "running_with_portal_breakdown",
        "全市正在运行政府网站28家，包括政府门户网站5家、部门网站23家，合格率为100%。",
        {"website_total": 28, "website_pass_rate": 100.0},
    ),
    (
        "paired_counts_fenbiewei",
        "本季度抽查政府网站、政务新媒体分别为20个、100个，合格率分别为100%、98%。",
        {
            "website_checked": 20,
            "newmedia_checked": 100,
            "website_pass_rate": 100.0,
            "newmedia_pass_rate": 98.0,
        },
    ),
    # --- sections, carry-over ------------------------------------------------------------------
    (
        "headings_omit_noun",
        "（一）政府网站\n本季度共检查12家，合格12家，合格率100%。\n（二）政务新媒体\n本季度共检查86个，不合格3个，合格率96.51%。",
        {
            "website_checked": 12,
            "website_qualified": 12,
            "website_pass_rate": 100.0,
            "newmedia_checked": 86,
            "newmedia_unqualified": 3,
            "newmedia_pass_rate": 96.51,
        },
    ),
    (
        "headings_with_titles",
        "一、政府网站检查情况\n全市共有政府网站25个，本次全部进行了检查，合格率100%。\n二、政务新媒体检查情况\n"
        "全市共开设政务新媒体200个，抽查60个，抽查比例30%，不合格1个，合格率98.33%。",
        {
            "website_total": 25,
            "website_checked": 25,
            "website_pass_rate": 100.0,
            "newmedia_total": 200,
            "newmedia_checked": 60,
            "newmedia_coverage_rate": 30.0,
            "newmedia_unqualified": 1,
            "newmedia_pass_rate": 98.33,
        },
    ),
    (
        "semicolon_two_channels",
        "检查政府网站20家，合格率100%；检查政务新媒体150个，不合格2个，合格率98.67%。",
        {
            "website_checked": 20,
            "website_pass_rate": 100.0,
            "newmedia_checked": 150,
            "newmedia_unqualified": 2,
            "newmedia_pass_rate": 98.67,
        },
    ),
    (
        "channel_carries_to_next_sentence",
        "全市共有政务新媒体账号240个。本季度抽查151个，抽查比例62.9%。",
        {"newmedia_total": 240, "newmedia_checked": 151, "newmedia_coverage_rate": 62.9},
    ),
    (
        "carry_outcomes_next_sentence",
        "本季度共检查政务新媒体150个。经检查，不合格3个，合格率98%。",
        {"newmedia_checked": 150, "newmedia_unqualified": 3, "newmedia_pass_rate": 98.0},
    ),
    (
        "no_carry_from_two_channel_sentence",
        "本季度检查了政府网站和政务新媒体。共检查150个，不合格3个。",
        {},
    ),
    (
        "problems_both_channels",
        "检查发现，存在问题的政府网站3家，政务新媒体存在突出问题的5个。",
        {"website_with_problems": 3, "newmedia_prominent_problems": 5},
    ),
    (
        "unrectified",
        "截止通报前，仍有2个政务新媒体未整改到位。",
        {"newmedia_unrectified": 2},
    ),
    # --- not-found and qualifiers --------------------------------------------------------------
    (
        "not_found_unqualified_website",
        "本次共检查政府网站35个，未发现不合格网站，合格率100%。",
        {"website_checked": 35, "website_pass_rate": 100.0},
    ),
    (
        "not_found_unqualified_newmedia",
        "12月，区政府办公室对10家政务新媒体进行检查，未发现不合格政务新媒体。",
        {"newmedia_checked": 10},
    ),
    (
        "approximate_counts",
        "全市现有政务新媒体约300个，抽查近100个，发现不合格账号超过5个。",
        {},
    ),
    (
        "more_than_counts",
        "全市共有政务新媒体超过300个，其中300余个运行正常。",
        {},
    ),
    (
        "sample_standard_all_pass",
        "按照抽查比例不低于10%的标准，抽查政务新媒体350个，全部合格。",
        {"newmedia_checked": 350},
    ),
    # --- traps -----------------------------------------------------------------------------------
    ("trap_share", "有5个政务新媒体未及时更新，占比27.78%。", {}),
    ("trap_delta_no_channel", "总体合格率比上季度提升3.4个百分点。", {}),
    ("trap_yoy", "政府网站合格率同比上升1.33%，政务新媒体合格率环比下降3.82%。", {}),
    ("trap_below", "虞城县政务新媒体合格率低于70%。", {}),
    ("trap_under", "53个账号中，16个超过2周未更新，合格率不足70%。", {}),
    ("trap_subgroup_rate", "其中，市直部门政务新媒体合格率为78.4%。", {}),
    ("trap_other_rates", "政府网站按期答复率为90.71%，办结率100%，政务新媒体转载率96.9%，原创率达66%。", {}),
    ("trap_scores", "共有12家政府网站得分在80分以上，平均得分85.6分。", {}),
    ("trap_date", "检查时间为3月31日至4月15日，共10个工作日。", {}),
    (
        "trap_document_number",
        "根据《政府网站与政务新媒体检查指标》（国办函〔2019〕19号）要求，现将2024年第一季度检查情况通报如下。",
        {},
    ),
    ("trap_masked_digits", "有**个政务新媒体账号未备案。", {}),
    ("trap_year_count", "2024年全市共检查政府网站4次。", {}),
    ("trap_phone", "联系人：张三，联系电话：0931-8928123，政务新媒体咨询电话12345。", {}),
    ("trap_new_accounts", "本季度新开设政务新媒体账号5个，关停整合政务新媒体23个。", {}),
    ("trap_change_in_total", "全市共有政务新媒体账号312个，较上季度减少8个。", {"newmedia_total": 312}),
    ("trap_not_qualified_rate", "政务新媒体不合格率为3%。", {}),
    ("trap_recheck", "对上季度通报的17个不合格政务新媒体进行了复查，均已整改。", {}),
    ("trap_errors_counted", "发现错别字14处，错误信息42条，已完成整改312个。", {}),
    ("trap_dabiao_rate", "全市政府网站达标率为95%。", {}),
    ("trap_both_channels_one_rate", "政府网站和政务新媒体总体合格率为98%。", {}),
    ("trap_stale_accounts", "连续3个月未更新的账号2个，已责令整改。", {}),
    ("trap_ten_thousand", "各地区各部门共开设政务新媒体3.2万个。", {}),
    ("trap_problem_accounts_only", "发现问题账号5个。", {}),
    # --- round 2: more styles and traps --------------------------------------------------------
    (
        "separate_exercise_after_main_check",
        "共检查政府网站638个，总体合格率98.12%。此外，各市州对辖区内政府网站进行了检查，共发现问题网站72家。",
        {"website_checked": 638, "website_pass_rate": 98.12},
    ),
    (
        "semicolon_carry",
        "全市共有政务新媒体账号240个；本季度抽查151个。",
        {"newmedia_total": 240, "newmedia_checked": 151},
    ),
    (
        "gongji_after_noun",
        "检查政务新媒体账号共计120个，合格率100%。",
        {"newmedia_checked": 120, "newmedia_pass_rate": 100.0},
    ),
    (
        "check_involves",
        "本次检查共涉及政府网站45个、政务新媒体230个。",
        {"website_checked": 45, "newmedia_checked": 230},
    ),
    (
        "outcomes_among_checked",
        "检查的政府网站中，合格网站43个，不合格网站2个。",
        {"website_qualified": 43, "website_unqualified": 2},
    ),
    ("unqualified_colon_after_noun", "不合格政务新媒体账号：5个。", {"newmedia_unqualified": 5}),
    ("rate_two_decimals_100", "政府网站合格率为100.00%。", {"website_pass_rate": 100.0}),
    (
        "rate_then_percent_delta",
        "政务新媒体检查合格率为96.5%，比上季度提高1.2%。",
        {"newmedia_pass_rate": 96.5},
    ),
    ("unqualified_quantity_word", "经检查，不合格网站数量为2个。", {"website_unqualified": 2}),
    ("all_levels_total", "全市各级政府网站共30家，其中门户网站10家。", {"website_total": 30}),
    ("xianyou_total", "我县现有政务新媒体账号58个。", {"newmedia_total": 58}),
    (
        "opened_total_with_breakdown",
        "经统计，全区共开设政务新媒体账号96个，其中微信公众号60个、抖音号20个、微博16个。",
        {"newmedia_total": 96, "newmedia_by_platform": {"微信公众号": 60, "抖音号": 20, "微博": 16}},
    ),
    ("check_all_departments", "共检查全省各地各部门政府网站522个。", {"website_checked": 522}),
    ("dui_then_count", "对全市范围内的政务新媒体进行了抽查，共抽查账号100个。", {"newmedia_checked": 100}),
    (
        "label_colon_bare_counts",
        "政务新媒体检查情况：共检查89个，合格87个，不合格2个，合格率97.75%。",
        {
            "newmedia_checked": 89,
            "newmedia_qualified": 87,
            "newmedia_unqualified": 2,
            "newmedia_pass_rate": 97.75,
        },
    ),
    (
        "traditional_website",
        "本次共檢查政府網站30個，合格率100%。",
        {"website_checked": 30, "website_pass_rate": 100.0},
    ),
    (
        "two_channels_all_pass",
        "共检查政府网站5个，政务新媒体20个，均合格。",
        {"website_checked": 5, "newmedia_checked": 20},
    ),
    ("judged_with_reason", "有2个政务新媒体因连续两周未更新被判定为不合格。", {"newmedia_unqualified": 2}),
    ("rate_unchanged", "全市政府网站总体合格率为100%，与上季度持平。", {"website_pass_rate": 100.0}),
    ("trap_rate_bound", "政务新媒体抽查合格率达90%以上。", {}),
    (
        "trap_previous_period_rate",
        "政务新媒体上季度合格率为85%，本季度合格率为90%。",
        {"newmedia_pass_rate": 90.0},
    ),
    ("trap_previous_period_count", "上季度通报的不合格政务新媒体5个已全部整改。", {}),
    (
        "zone_with_outcome_only",
        "共检查政务新媒体60个，其中，不合格政务新媒体3个。",
        {"newmedia_checked": 60, "newmedia_unqualified": 3},
    ),
    (
        "bracket_zone_portals",
        "共检查政府网站20个（其中门户网站3个），合格率100%。",
        {"website_checked": 20, "website_pass_rate": 100.0},
    ),
    ("monitoring_found_problem_sites", "日常监测发现问题网站3家。", {"website_with_problems": 3}),
    ("trap_combined_count", "本次共检查政府网站和政务新媒体156个。", {}),
    (
        "among_sampled",
        "在抽查的50个政务新媒体中，有3个不合格。",
        {"newmedia_checked": 50, "newmedia_unqualified": 3},
    ),
    (
        "supervised_total_all_checked",
        "全市纳入监管的政务新媒体共有180个，本次全部进行了检查。",
        {"newmedia_total": 180, "newmedia_checked": 180},
    ),
    ("website_sample_ratio", "全市政府网站抽查比例为100%。", {"website_coverage_rate": 100.0}),
    ("newmedia_coverage_word", "政务新媒体检查覆盖率达到100%。", {"newmedia_coverage_rate": 100.0}),
    (
        # issue 17 changed this convention: the sample's share of its population is the coverage
        # rate (construction C of the issue; the zhejiang-2018q3 readers record it so)
        "share_of_population_is_coverage",
        "本季度抽查政务新媒体账号89个，占全市政务新媒体总数的30.2%。",
        {"newmedia_checked": 89, "newmedia_coverage_rate": 30.2},
    ),
    ("unqualified_named_in_brackets", "发现不合格网站1家（县文旅局网站）。", {"website_unqualified": 1}),
    ("rate_with_fraction", "政府网站合格率96.7%（29/30）。", {"website_pass_rate": 96.7}),
    ("trap_not_rectified_as_required", "2个政务新媒体未按要求整改。", {}),
    (
        "dui_object_lists_other_counts",
        "对全县正常运行的15家政府网站及县政府门户网站中8个部门子站进行了全面检查。",
        {"website_total": 15, "website_checked": 15},
    ),
    (
        "trap_dui_subset",
        "对全省正在运行的880个政务新媒体中的150个进行了抽查。",
        {"newmedia_total": 880, "newmedia_checked": 150},
    ),
]


@pytest.mark.parametrize(("text", "expected"), [(t, e) for _, t, e in PROBES], ids=[p[0] for p in PROBES])
def test_probe(text, expected):
    assert fd(text) == expected


def test_probe_ids_unique():
    ids = [p[0] for p in PROBES]
    assert len(ids) == len(set(ids))


_PROSE = (
    "（一）部分网站栏目更新不及时。个别单位网站的工作动态、通知公告等栏目长期未更新，"
    "如某某局网站“工作动态”栏目最近一次更新为2024年1月5日。\n"
    "（二）部分政务新媒体互动回应不到位。个别账号对网民留言未及时回复，存在“僵尸”“睡眠”现象。\n"
    "三、工作要求\n各单位要高度重视，对照问题清单逐项整改，于4月30日前将整改情况报送市政务公开办。联系电话：0931-8928123。\n"
)


def test_speed_on_a_long_bulletin():
    """A 4-5 kB bulletin (figure paragraphs plus problem lists) stays in the low milliseconds."""
    head = "\n".join(t for _, t, _ in PROBES[:12])
    text = head + "\n" + _PROSE * 20
    assert 4000 <= len(text) <= 5500, len(text)
    nt = normalize(text)
    extract_figures(nt)
    best = float("inf")
    for _ in range(5):  # CPU time, best of 5: the shared machine is noisy
        t0 = time.process_time()
        for _ in range(10):
            extract_figures(nt)
        best = min(best, (time.process_time() - t0) / 10)
    assert best < 0.005, best  # measured ~1-2 ms on an idle core
