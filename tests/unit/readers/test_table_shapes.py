"""Issue 11: annex shapes seen in published attachments, read from Word files built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from govstats import load_bulletin
from govstats.normalize.platform import split_platform
from govstats.parse.annex import align_row, parse_grid
from govstats.readers import read_raw
from govstats.readers.base import Grid

BODY = ["关于2025年第一季度全市政务新媒体检查情况的通报", "共检查政务新媒体40个，其中不合格政务新媒体4个。",
        "某某市人民政府办公室", "2025年3月1日"]
NM_HEADER = ["序号", "账号名称", "开设主体", "检查结果", "存在的问题", "整改情况"]


def _docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
          merge_down: tuple[int, int, int] | None = None, title_row: str | None = None) -> Path:
    """A Word file: paragraphs, then an optional table (a title row merged across; a cell merged down)."""
    import docx

    doc = docx.Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=0, cols=len(table[0]))
        if title_row:
            cells = t.add_row().cells
            cells[0].merge(cells[-1]).text = title_row
        for r in table:
            for c, v in zip(t.add_row().cells, r):
                c.text = v
        if merge_down:
            col, first, last = merge_down  # table rows, counted after the title row
            off = 1 if title_row else 0
            top = t.cell(first + off, col)
            top.merge(t.cell(last + off, col))
            top.text = table[first][col]
    doc.save(str(path))
    return path


def test_owner_cell_merged_down_applies_to_each_row(tmp_path: Path) -> None:
    rows = [NM_HEADER,
            ["1", "平安某县（新浪微博）", "某县公安局", "不合格", "未按时更新", "已整改"],
            ["2", "某县警方（抖音）", "", "不合格", "未按时更新", "已整改"],
            ["3", "某县交警（快手）", "", "合格", "互动回应差", "整改中"],
            ["4", "某某文旅（抖音）", "某县文旅局", "不合格", "错别字", "已整改"]]
    p = _docx(tmp_path / "merged.docx", BODY, rows, merge_down=(2, 1, 3), title_row="附件 某县政务新媒体检查情况")
    b = load_bulletin(p)
    nm = b.new_media
    assert list(nm["operator"]) == ["某县公安局", "某县公安局", "某县公安局", "某县文旅局"]
    assert list(nm["account_name"]) == ["平安某县", "某县警方", "某县交警", "某某文旅"]
    assert list(nm["platform"]) == ["weibo", "douyin", "kuaishou", "douyin"]
    assert read_raw(p).grids[0].title == "附件某县政务新媒体检查情况"  # spaces between CJK dropped


def test_cell_text_in_several_paragraphs_is_joined(tmp_path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.add_paragraph("某市政务新媒体检查结果")
    t = doc.add_table(rows=2, cols=4)
    for c, v in zip(t.rows[0].cells, ["序号", "账号名称", "检查结果", "存在问题"]):
        c.text = v
    for c, v in zip(t.rows[1].cells, ["1", "健康某县", "不合", "长期未更新"]):
        c.text = v
    t.rows[1].cells[2].add_paragraph("格")  # 不合\n格
    doc.save(str(tmp_path / "wrap.docx"))
    g = read_raw(tmp_path / "wrap.docx").grids[0]
    assert g.rows[0][2] == "不合格"


def test_table_one_cell_per_paragraph(tmp_path: Path) -> None:
    cells = ["序号", "账号名称", "开设主体", "账号类型", "检查结果",
             "1", "红色云阳", "泾阳县云阳镇人民政府", "微信订阅号", "不合格",
             "2", "法治礼泉", "礼泉县司法局", "抖音短视频", "不合格"]
    p = _docx(tmp_path / "stream.docx", [*BODY, "附件", "某市政务新媒体检查结果", *cells])
    b = load_bulletin(p)
    assert list(b.new_media["account_name"]) == ["红色云阳", "法治礼泉"]
    assert list(b.new_media["platform"]) == ["wechat_oa", "douyin"]
    assert "红色云阳" not in read_raw(p).text  # cells leave the body text


def test_problem_list_as_headings_becomes_rows(tmp_path: Path) -> None:
    lines = [*BODY, "附件", "某市政务新媒体存在问题清单",
             "一、监测时间点前2周内无更新（3个）",
             "1.某某警方（新浪微博）", "2.“法治某县”抖音号", "3.某某文旅（抖音）",
             "二、未提供有效互动功能（1个）",
             "红色某镇（微信公众号）"]
    p = _docx(tmp_path / "headings.docx", lines)
    b = load_bulletin(p)
    nm = b.new_media
    assert list(nm["account_name"]) == ["某某警方", "法治某县", "某某文旅", "红色某镇"]
    assert list(nm["platform"]) == ["weibo", "douyin", "douyin", "wechat_oa"]
    assert list(nm["problem"]) == ["监测时间点前2周内无更新"] * 3 + ["未提供有效互动功能"]
    assert list(nm["seq"]) == [1, 2, 3, 4]


def test_body_headings_are_not_rows(seed_path: Path) -> None:
    """The narrative's own 一、二、 sections (before any 附件) never become annex rows."""
    raw = read_raw(seed_path)
    assert len(raw.grids) == 2


def test_table_cut_mid_row_keeps_complete_rows_and_reports(tmp_path: Path) -> None:
    rows = [NM_HEADER,
            ["1", "红色云阳", "泾阳县云阳镇人民政府", "不合格", "未提供有效互动功能", "未整改"],
            ["2", "法治礼泉", "礼泉县司法局", "不合格", "未按时更新", "已整改"],
            ["3", "咸阳地铁公安", "", "", "", ""]]
    p = _docx(tmp_path / "cut.docx", [*BODY, "某市政务新媒体检查结果"], rows)
    b = load_bulletin(p)
    assert list(b.new_media["account_name"]) == ["红色云阳", "法治礼泉"]
    cut = b.checks[b.checks["check"] == "annex_table_cut"]
    assert len(cut) == 1 and cut["severity"].iloc[0] == "info"
    assert "咸阳地铁公安" in cut["message"].iloc[0] and "2 complete row" in cut["message"].iloc[0]


@pytest.mark.parametrize(("name", "expected"), [
    ("某某警方（新浪微博）", ("某某警方", "新浪微博")),
    ("某某文旅(抖音)", ("某某文旅", "抖音")),
    ("“法治礼泉”抖音号", ("法治礼泉", "抖音号")),
    ("某某（试行）", ("某某（试行）", None)),
    ("某县人民政府", ("某县人民政府", None)),
])
def test_split_platform(name: str, expected: tuple[str, str | None]) -> None:
    assert split_platform(name) == expected


def test_operator_printed_once_is_filled_by_content() -> None:
    fields = ["seq", "account_name", "operator", "platform_raw", "result_raw", "problem"]
    prev = align_row(["1", "甲", "某县公安局", "抖音", "不合格", "未更新"], fields)
    row = align_row(["2", "乙", "快手", "不合格", "未更新"], fields, prev)  # 开设主体 printed only once
    assert row["operator"] == "某县公安局" and row["platform_raw"] == "快手" and row["account_name"] == "乙"
    # a short row whose shifted cell is not a platform is left as it was
    row = align_row(["3", "丙", "某县财政局", "不合格", "未更新"], fields, prev)
    assert row["operator"] == "某县财政局"


def test_ragged_tables_are_not_cut() -> None:
    g = Grid(title="网站检查结果", header=["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况"],
             rows=[["1", "甲", None, None, "问题", None], ["2", "乙", None, None, None, None]])
    t = parse_grid(g)
    assert len(t.rows) == 2 and not t.notes


def test_attachment_name_in_notes(tmp_path: Path) -> None:
    g = Grid(title="网站检查结果", header=["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况"],
             rows=[["1", "甲", "http://a.gov.cn", "6104810043", "问题", "已整改"],
                   ["2", "乙", "http://b.gov.cn", "6104810044", "问题", "已整改"], ["3", "丙"]],
             source="附件1.xls")
    (check, msg), = parse_grid(g).notes
    assert check == "annex_table_cut" and "附件1.xls" in msg


def test_text_file_with_heading_list_and_one_cell_per_line(tmp_path: Path) -> None:
    lines = [*BODY, "附件1", "某市政府网站检查结果", "序号", "网站名称", "网站标识码", "存在问题",
             "1", "某县人民政府", "6104810043", "栏目长期未更新",
             "附件2", "某市政务新媒体存在问题清单", "（一）未提供有效互动功能", "红色某镇（微信公众号）、平安某县（新浪微博）"]
    p = tmp_path / "shapes.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    b = load_bulletin(p)
    assert list(b.websites["site_code"]) == ["6104810043"]
    assert list(b.new_media["account_name"]) == ["红色某镇", "平安某县"]
    assert set(b.new_media["problem"]) == {"未提供有效互动功能"}


def test_attachment_heading_list_needs_no_annex_line(tmp_path: Path) -> None:
    d = tmp_path / "bulletin"
    d.mkdir()
    (d / "page.txt").write_text("\n".join(BODY), encoding="utf-8")
    _docx(d / "附件1.docx", ["某市政务新媒体存在问题清单", "一、错别字（2个）", "某某警方（新浪微博）", "“健康某县”微信公众号"])
    raw = read_raw(d)
    (g,) = raw.grids
    assert g.source == "附件1.docx" and g.title == "某市政务新媒体存在问题清单"
    b = load_bulletin(d)
    assert list(b.new_media["account_name"]) == ["某某警方", "健康某县"]
    assert set(b.new_media["problem"]) == {"错别字"}


def test_docx_layout_table_around_the_text_is_opened(tmp_path: Path) -> None:
    """Some offices put the whole notice in a one-cell frame table, with the annex table inside it."""
    import docx

    d = docx.Document()
    frame = d.add_table(rows=1, cols=1).cell(0, 0)
    frame.text = BODY[0]
    for line in BODY[1:]:
        frame.add_paragraph(line)
    frame.add_paragraph("某市政务新媒体检查结果")
    inner = frame.add_table(rows=2, cols=4)
    for c, v in zip(inner.rows[0].cells, ["序号", "账号名称", "检查结果", "存在问题"]):
        c.text = v
    for c, v in zip(inner.rows[1].cells, ["1", "健康某县", "不合格", "长期未更新"]):
        c.text = v
    d.save(str(tmp_path / "frame.docx"))
    b = load_bulletin(tmp_path / "frame.docx")
    assert b.figure("newmedia_checked") == 40 and b.figure("newmedia_unqualified") == 4
    assert list(b.new_media["account_name"]) == ["健康某县"]
