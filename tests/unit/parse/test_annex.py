"""Annex parsing: header mapping, content-based realignment, normalization of the seed rows."""

from __future__ import annotations

from govstats import assemble
from govstats.parse.annex import align_row, header_fields, parse_grid
from govstats.readers.base import Grid

WEB_FIELDS = ["seq", "site_name", "url", "site_code", "problem", "rectification_raw"]


def test_header_fields_map_real_headers():
    assert header_fields(["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况"]) == WEB_FIELDS
    assert header_fields(["序号", "账号名称", "开设主体", "账号类型", "检查结果", "存在的问题", "整改情况"]) == [
        "seq", "account_name", "operator", "platform_raw", "result_raw", "problem", "rectification_raw"]
    # traditional headers and other wordings
    assert header_fields(["序號", "網站標識碼", "網站名稱", "網站地址"]) == ["seq", "site_code", "site_name", "url"]
    assert header_fields(["新媒体类型", "新媒体名称", "责任单位", "问题类别", "检查时更新日期"]) == [
        "platform_raw", "account_name", "operator", "problem", None]


def test_site_code_is_not_a_url():
    row = align_row(["1", "兴平市人民政府", "6104810043", "政策解读未与原文关联", "已整改", None], WEB_FIELDS)
    assert row["url"] is None and row["site_code"] == "6104810043"
    assert row["site_name"] == "兴平市人民政府" and row["problem"] == "政策解读未与原文关联"
    assert row["rectification_raw"] == "已整改"


def test_full_row_is_positional():
    row = align_row(["4", "咸阳市司法局", "http://sfj.xianyang.gov.cn", "6104000051", "多个专题栏目更新不及时", "已整改"], WEB_FIELDS)
    assert row["url"] == "http://sfj.xianyang.gov.cn" and row["seq"] == "4"


def test_short_row_keeps_all_text():
    row = align_row(["2", "某网站", "问题甲", "多出来的说明", "另一段"], ["seq", "site_name", "problem"])
    assert row["site_name"] == "某网站"
    assert "问题甲" in row["problem"] and "另一段" in row["problem"]


def test_table_kind_from_title_and_header():
    g = Grid(title="某市政务新媒体检查结果", header=["序号", "名称", "存在问题"], rows=[["1", "健康某县", "未按时更新"]])
    t = parse_grid(g)
    assert t.kind == "new_media" and t.rows[0]["account_name"] == "健康某县"
    summary = Grid(title="检查情况表", header=["序号", "运行总数", "检查数", "合格率"], rows=[["1", "1", "1", "100%"]])
    assert parse_grid(summary) is None


def test_unknown_column_is_flagged_not_dropped():
    g = Grid(title=None, header=["新媒体类型", "新媒体名称", "责任单位", "问题类别", "检查时更新日期"],
             rows=[["微信", "首善茅坪", "茅坪镇", "更新不及时", "7月17日"]])
    web, nm, notes = _annex_frames([g], "b", None)
    assert len(nm) == 1 and nm.loc[0, "platform"] == "wechat_oa" and nm.loc[0, "operator"] == "茅坪镇"
    assert any(n["check"] == "annex_unknown_columns" and "检查时更新日期" in n["message"] for n in notes)


def test_unmapped_platform_is_kept_raw_and_flagged():
    g = Grid(title="政务新媒体检查结果", header=["序号", "账号名称", "账号类型"], rows=[["1", "某号", "火星直播"]])
    _, nm, notes = _annex_frames([g], "b", None)
    assert nm.loc[0, "platform_raw"] == "火星直播" and nm["platform"].isna().all()
    assert any(n["check"] == "platform_vocabulary" and "火星直播" in n["message"] for n in notes)


def test_seed_annex_rows(seed_raw):
    web, nm, notes = _annex_frames(seed_raw.grids, "xianyang-2025q1", "610400")
    assert notes == []
    assert web["url"].isna().tolist() == [True, True, True, False, False]
    assert web["site_code"].tolist() == ["6104810043", "6104250035", "6104280003", "6104000038", "6104000051"]
    assert web["region_code"].tolist() == ["610481", "610425", "610428", "610400", "610400"]
    assert set(web["rectification"]) == {"rectified"}
    assert nm["platform"].tolist() == ["wechat_oa", "wechat_oa", "toutiao", "wechat_oa", "wechat_oa", "wechat_oa",
                                       "douyin", "wechat_oa", "douyin", "douyin"]
    assert nm.loc[4, "platform_subtype"] == "service" and nm.loc[0, "platform_subtype"] == "subscription"
    assert nm["result"].value_counts().to_dict() == {"unqualified": 6, "qualified": 4}
    assert nm["rectification"].tolist()[:4] == ["not_rectified"] * 4  # incl. the 仍未未 typo
    assert (nm["rectification"] == "rectified").sum() == 6
    assert nm["region_code"].tolist() == ["610423", "610422", "610400", "610426", "610423", "610400", "610430",
                                          "610402", "610425", "610482"]
    assert nm.loc[0, "problem_categories"] == ["nm_no_interaction"]


def test_dominant_region_from_the_body():
    from govstats.normalize.region import dominant_region

    city = ("各县(市、区)人民政府,市直各部门:\n一季度共检查政务新媒体。“吴忠市利通区市场监管分局”微博半年未更新,"
            "吴忠市审计局发布的报告中存在错误表述,青铜峡市统计局未更新。")
    assert dominant_region(city).code == "640300"
    # a cited document of the province does not make it a provincial bulletin
    cited = "按照《河南省人民政府办公厅关于推进政务新媒体健康有序发展的通知》要求,全市检查。新乡市民政局、新乡市水利局网站不合格。"
    assert dominant_region(cited).code == "410700"
    county = "我县开展自查,全县政务新媒体全部合格。漳州市云霄县人民政府网站运行正常,云霄县将继续加强管理。"
    assert dominant_region(county).code == "350622"
    assert dominant_region("全市检查了政府网站。") is None  # nothing named: no guess


def _annex_frames(grids, bulletin_id, region_code):
    """(websites, new_media, notes) of the grids as registry-typed frames, as a batch of one bulletin."""
    web, nm, notes = assemble.annex_records(grids, bulletin_id, region_code)
    return assemble._frame(web, "websites"), assemble._frame(nm, "new_media"), notes
