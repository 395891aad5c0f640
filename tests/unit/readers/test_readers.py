"""Readers: the seed's flattened text, its GB18030/BOM encodings, an HTML page and an xlsx annex."""

from __future__ import annotations

from pathlib import Path

import pytest

from govstats.errors import BulletinError
from govstats.readers import read_raw
from govstats.readers.cells import group_stream
from govstats.readers.flattext import split_text_and_tables
from govstats.textnorm import decode_bytes

WEB_HEADER = ["序号", "网站名称", "网址", "网站标识码", "存在问题", "整改情况"]
NM_HEADER = ["序号", "账号名称", "开设主体", "账号类型", "检查结果", "存在的问题", "整改情况"]


def test_seed_grids(seed_raw):
    web, nm = seed_raw.grids
    assert web.title == "咸阳市2025年第一季度政府网站检查结果"
    assert web.header == WEB_HEADER
    assert nm.header == NM_HEADER  # "检查 结果" lost its stray space
    assert len(web.rows) == 5 and len(nm.rows) == 10
    assert web.rows[3][1] == "咸阳市公安局交警支队"
    assert web.rows[0][:3] == ["1", "兴平市人民政府", "6104810043"]  # ragged: no URL, cells shifted
    assert nm.rows[9][0] == "10"


def test_seed_body_excludes_cells(seed_raw):
    assert "政务新媒体293个" in seed_raw.text
    assert " |" not in seed_raw.text


def test_stream_without_seq_column_cuts_by_header_width():
    g = group_stream(["新媒体类型", "新媒体名称", "责任单位", "微信", "首善茅坪", "茅坪镇", "微信", "西营之声", "西营镇"], None)
    assert g.header == ["新媒体类型", "新媒体名称", "责任单位"]
    assert g.rows == [["微信", "首善茅坪", "茅坪镇"], ["微信", "西营之声", "西营镇"]]


def test_inline_rows():
    body, grids = split_text_and_tables("标题\n序号 | 网站名称 | 网站标识码 |\n1 | 某县人民政府 | 6104810043 |\n尾")
    assert body == "标题\n尾"
    assert grids[0].rows == [["1", "某县人民政府", "6104810043"]]


@pytest.mark.parametrize("variant", ["gb18030", "bom"])
def test_encodings_give_same_text_and_grids(seed_variants, seed_raw, variant):
    raw = read_raw(seed_variants[variant])
    assert raw.text == seed_raw.text
    assert [g.rows for g in raw.grids] == [g.rows for g in seed_raw.grids]


def test_html_page_drops_navigation_and_keeps_tables(seed_variants, seed_raw):
    raw = read_raw(seed_variants["html"])
    assert raw.format == "html"
    assert "栏目3" not in raw.text and "ICP" not in raw.text and "当前位置" not in raw.text
    assert "var x" not in raw.text
    assert "政务新媒体293个" in raw.text
    assert [g.title for g in raw.grids] == [g.title for g in seed_raw.grids]
    assert len(raw.grids[0].rows) == 5 and len(raw.grids[1].rows) == 10


def test_xlsx_title_row_and_text_codes(seed_variants):
    raw = read_raw(seed_variants["xlsx"])
    assert raw.format == "xlsx"
    web, nm = raw.grids
    assert web.title == "咸阳市2025年第一季度政府网站检查结果"
    assert web.header == WEB_HEADER
    assert web.rows[0][3] == "6104810043" and web.rows[0][2] is None
    assert len(nm.rows) == 10


def test_decode_rejects_binary():
    with pytest.raises(BulletinError, match="binary"):
        decode_bytes(b"\x00\x01\x02\x03" * 100, "x.bin")


def test_missing_and_empty_files(tmp_path: Path):
    with pytest.raises(BulletinError, match="does not exist"):
        read_raw(tmp_path / "nope.txt")
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(BulletinError, match="empty"):
        read_raw(p)


def test_xlsx_that_is_not_a_zip(tmp_path: Path):
    p = tmp_path / "fake.xlsx"
    p.write_bytes(b"this is not a workbook")
    with pytest.raises(BulletinError, match="not an xlsx"):
        read_raw(p)
