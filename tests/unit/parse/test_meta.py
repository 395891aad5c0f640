"""Metadata: signature block, page dates, periods, feedback deadlines, titles."""

from __future__ import annotations

import datetime as dt

from govstats.parse.meta import find_feedback_deadline, find_period, find_signature, find_title, parse_meta
from govstats.textnorm import normalize


def test_seed_meta(seed_raw):
    m = parse_meta(normalize(seed_raw.text), None, [g.title for g in seed_raw.grids])
    assert m.issuer == "咸阳市人民政府办公室"
    assert m.issue_date == dt.date(2025, 2, 21)
    assert (m.year, m.quarter, m.period) == (2025, 1, "2025Q1")
    assert m.feedback_deadline == dt.date(2025, 2, 28)
    assert m.title is None  # the seed's text has no title line; none is invented


def test_signature_block():
    lines = ["正文。", "某市人民政府办公室", "2024年7月10日", "附件:1. 某表"]
    assert find_signature(lines) == ("某市人民政府办公室", dt.date(2024, 7, 10))


def test_period_forms():
    assert find_period(["某市2023年第三季度政府网站检查情况通报"], "", None) == (2023, 3, None)
    assert find_period(["关于2020年三季度政府网站抽查情况的通报"], "", None) == (2020, 3, None)
    assert find_period(["关于2024年6月份全市政府网站检查情况的通报"], "", None) == (2024, None, 6)
    # quarter without year: from the issue date, Q4 issued in January belongs to the year before
    assert find_period([], "第四季度全市检查", dt.date(2022, 1, 26)) == (2021, 4, None)
    # a year mentioned elsewhere (2024年度报表) is not the period's year
    assert find_period([], "开展了第一季度检查。关于做好2024年政府网站年度报表", None) == (None, 1, None)
    assert find_period(["宜昌市2020年第四次政府网站抽查情况通报"], "", None) == (2020, None, None)


def test_feedback_deadline_without_year_uses_issue_year():
    text = "对本次通报的问题要及时整改,整改报告于7月17日前报至市政府办公室。"
    assert find_feedback_deadline(text, dt.date(2024, 7, 10)) == dt.date(2024, 7, 17)
    assert find_feedback_deadline("全市53家政府网站均于2025年1月22日前发布了年度报表。", None) is None


def test_title_skips_breadcrumbs_and_joins_split_lines():
    lines = ["当前位置:首页 > 政府网站检查通报", "六安市某中心关于2023年第二季度", "全市政府网站和政务新媒体检查情况的通报"]
    assert find_title(lines, None) == "六安市某中心关于2023年第二季度全市政府网站和政务新媒体检查情况的通报"


def test_traditional_title_keeps_original_characters():
    from govstats.bulletin import _original_line

    nt = normalize("海南省人民政府辦公廳關于2023年第三季度政府網(wǎng)站和政務新媒體抽查情況的通報\n正文")
    assert _original_line(nt, find_title(nt.text.split("\n"), None)) == "海南省人民政府辦公廳關于2023年第三季度政府網站和政務新媒體抽查情況的通報"
