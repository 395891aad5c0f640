"""Results workbook: template headers and drop-downs, strict reading, and `govstats draft` on it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from govstats.cli import main
from govstats.draft.workbook import (
    SHEET_INFO,
    SHEET_NM,
    SHEET_VOCAB,
    SHEET_WEB,
    WorkbookError,
    read_results,
    vocabularies,
    write_template,
)
from govstats.registry import TABLES


@pytest.fixture()
def template(tmp_path) -> Path:
    return write_template(tmp_path / "results.xlsx")


def _fill(template: Path, target: Path, websites, accounts, totals=(None, None)) -> Path:
    wb = openpyxl.load_workbook(template)
    for row in websites:
        wb[SHEET_WEB].append(list(row))
    for row in accounts:
        wb[SHEET_NM].append(list(row))
    wb[SHEET_INFO]["B2"], wb[SHEET_INFO]["B3"] = totals
    wb.save(target)
    return target


WEBSITES = [
    ("市发展和改革委员会", "http://fgw.xianyang.gov.cn", "6104000001", "不合格", "栏目超过10个未更新", "整改中"),
    ("市科学技术局", None, "6104000002", "合格", None, None),
    ("市教育局", None, "6104000003", "合格", "个别链接失效", "已整改"),
]
ACCOUNTS = [
    ("咸阳发布", "咸阳市人民政府办公室", "微信订阅号", "合格", None, None),
    ("法治礼泉", "礼泉县司法局", "抖音", "不合格", "监测时间点前2周内无更新", "未整改"),
    ("健康三原", "三原县卫生健康局", "微信服务号", "合格", "认证主体不一致", "已整改"),
]


def test_template_has_registry_headers_and_vocabulary_dropdowns(template):
    wb = openpyxl.load_workbook(template)
    assert wb.sheetnames == [SHEET_INFO, SHEET_WEB, SHEET_NM, SHEET_VOCAB]
    assert wb[SHEET_VOCAB].sheet_state == "hidden"
    nm = TABLES["new_media"].labels()
    assert [c.value for c in wb[SHEET_NM][1]] == [nm[c] for c in ("account_name", "operator", "platform", "result",
                                                                    "problem", "rectification")]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in wb[SHEET_NM].data_validations.dataValidation}
    assert set(lists) == {"C2", "D2", "F2"} and all(f.startswith(f"{SHEET_VOCAB}!") for f in lists.values())
    vocab = vocabularies()
    column = [c.value for c in wb[SHEET_VOCAB]["A"][1:] if c.value]
    assert column == vocab["platform"] and "微信订阅号" in column and "抖音" in column
    assert vocab["result"] == ["合格", "不合格"] and "未知" not in vocab["rectification"]


def test_filled_workbook_gives_counts_and_annex_rows(template, tmp_path):
    path = _fill(template, tmp_path / "f.xlsx", WEBSITES, ACCOUNTS, totals=(3, 4))
    d = read_results(path, "咸阳市", "2025Q2")
    assert d.counts == {"website_checked": 3, "website_unqualified": 1, "website_with_problems": 2, "website_total": 3,
                        "newmedia_checked": 3, "newmedia_unqualified": 1, "newmedia_prominent_problems": 1,
                        "newmedia_unrectified": 1, "newmedia_total": 4}
    assert [r["site_name"] for r in d.websites] == ["市发展和改革委员会", "市教育局"]
    assert [(r["platform"], r["platform_subtype"]) for r in d.new_media] == [("douyin", None), ("wechat_oa", "service")]
    assert d.region_code == "610400" and read_results(path, "陕西省", "2025Q2").region_code == "610000"
    f = d.figures()
    assert str(f["website_pass_rate"][0]) == "66.67" and str(f["newmedia_coverage_rate"][0]) == "75"


def test_rows_that_break_the_vocabulary_are_refused_with_sheet_and_row(template, tmp_path, capsys):
    bad_accounts = ACCOUNTS + [("坏行", "某局", "脸书", "合格", None, None), ("另一行", "某局", "抖音", "通过吧", None, "看情况")]
    path = _fill(template, tmp_path / "bad.xlsx", WEBSITES[:1] + [("", None, None, "不合格", "x", None)], bad_accounts)
    with pytest.raises(WorkbookError) as exc:
        read_results(path, "咸阳市", "2025Q2")
    where = [(e.sheet, e.row) for e in exc.value.errors]
    assert where == [(SHEET_WEB, 3), (SHEET_NM, 5), (SHEET_NM, 6)]
    out = tmp_path / "out"
    rc = main(["draft", "--results", str(path), "--region", "咸阳市", "--quarter", "2025Q2", "--out", str(out),
               "--data-dir", str(tmp_path / "none")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and not out.exists() and len(err) == 3
    assert err[0].startswith(f"govstats: {path}: sheet {SHEET_WEB} row 3: 网站名称 is empty")
    assert "row 5" in err[1] and "'脸书'" in err[1] and "row 6" in err[2] and "'看情况'" in err[2]
    assert "Traceback" not in "\n".join(err)


def test_draft_command_from_template_to_docx(tmp_path, capsys):
    tpl = tmp_path / "t.xlsx"
    assert main(["draft", "--template", str(tpl)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(tpl)
    path = _fill(tpl, tmp_path / "f.xlsx", WEBSITES, ACCOUNTS, totals=(3, None))
    out = tmp_path / "drafts"
    rc = main(["draft", "--results", str(path), "--region", "咸阳市", "--quarter", "2025Q2", "--out", str(out),
               "--data-dir", str(tmp_path / "none"), "--date", "2025-07-03"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert rc == 0 and last.endswith(".docx") and Path(last).is_file()
    from docx import Document

    doc = Document(last)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "不合格政府网站1家，合格率为66.67%" in text and "2025年7月3日" in text
    assert len(doc.tables) == 2 and doc.tables[0].rows[1].cells[1].text == "市发展和改革委员会"


def test_draft_command_refuses_bad_parameters(tmp_path, capsys):
    assert main(["draft", "--region", "咸阳市"]) == 2
    assert main(["draft", "--region", "咸阳市", "--quarter", "2025Q5"]) == 2
    assert main(["draft", "--region", "咸阳市", "--quarter", "2025Q1", "--data-dir", str(tmp_path)]) == 2
    assert main(["draft", "--results", str(tmp_path / "missing.xlsx"), "--region", "咸阳市", "--quarter", "2025Q1"]) == 2
    (tmp_path / "x.xlsx").write_text("not a workbook")
    assert main(["draft", "--results", str(tmp_path / "x.xlsx"), "--region", "咸阳市", "--quarter", "2025Q1"]) == 2
    (tmp_path / "file").write_text("")
    assert main(["draft", "--template", str(tmp_path / "file" / "t.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 6 and all(line.startswith("govstats: ") for line in err)
    assert "not an xlsx workbook file (not a zip archive)" in err[-2] and "cannot write the template" in err[-1]


def test_a_region_cannot_steer_the_draft_out_of_its_folder(tmp_path, capsys):
    """Issue 22: `draft --results book.xlsx --region ../../X --out out/sub` wrote X-…-draft.docx two levels up."""
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    wb[SHEET_NM].append(["咸阳发布", "咸阳市人民政府办公室", "微信订阅号", "合格", None, None])
    wb.save(tmp_path / "book.xlsx")
    out = tmp_path / "out" / "sub"
    for region in ("../../X", str(tmp_path / "abs")):
        rc = main(["draft", "--results", str(tmp_path / "book.xlsx"), "--region", region, "--quarter", "2025Q2",
                   "--out", str(out), "--data-dir", str(tmp_path / "none"), "--date", "2025-07-03"])
        assert rc == 0
        last = Path(capsys.readouterr().out.strip().splitlines()[-1])
        assert last.parent == out and last.suffix == ".docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx", "out", "t.xlsx"]
    from govstats.paths import safe_component

    stems = ("_.._X", safe_component(str(tmp_path / "abs")))
    assert stems[1].startswith("_tmp_") and stems[1].endswith("_abs")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{stem}-2025Q2-draft.{ext}" for stem in stems for ext in ("docx", "md", "html"))


@pytest.mark.parametrize("total, reason", [
    (-5, "政务新媒体总数 '-5' is not a whole number"),
    ("inf", "政务新媒体总数 'inf' is not a whole number"),
    (3.5, "政务新媒体总数 '3.5' is not a whole number"),
    (1, "政务新媒体总数 1 is less than the 2 units listed on sheet 政务新媒体"),
])
def test_workbook_totals_that_break_the_drafts_arithmetic_are_refused(tmp_path, capsys, total, reason):
    """Issue 22.7: −5 drafted "共计-5个", 1 beside 2 rows drafted both, "inf" gave an OverflowError naming no file."""
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    wb[SHEET_NM].append(["咸阳发布", "咸阳市人民政府办公室", "微信订阅号", "合格", None, None])
    wb[SHEET_NM].append(["法治礼泉", "礼泉县司法局", "抖音", "不合格", "无更新", "未整改"])
    wb[SHEET_INFO]["B3"] = total
    wb.save(tmp_path / "b.xlsx")
    rc = main(["draft", "--results", str(tmp_path / "b.xlsx"), "--region", "咸阳市", "--quarter", "2025Q2",
               "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1 and err[0].startswith(f"govstats: {tmp_path / 'b.xlsx'}: sheet 基本信息 row 3: {reason}")
    assert not (tmp_path / "out").exists()


def _big_book(path: Path, rows: int) -> None:
    """A workbook of `rows` account rows written with openpyxl's write-only mode (fast, small on disk)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for sheet, header in ((SHEET_WEB, [label for _, label in _labels(SHEET_WEB)]),
                          (SHEET_NM, [label for _, label in _labels(SHEET_NM)])):
        ws = wb.create_sheet(sheet)
        ws.append(header)
        if sheet == SHEET_NM:
            for i in range(rows):
                ws.append([f"账号{i}", f"单位{i}", "抖音", "合格", None, None])
    wb.save(path)


def _labels(sheet: str):
    from govstats.draft.workbook import _columns

    return _columns()[sheet]


def test_a_huge_results_workbook_is_refused_quickly_with_its_sheet_and_row(tmp_path, capsys):
    """Issue 22.7: 300,000 rows never finished; now the unit limit stops the stream at the row past it."""
    from govstats.draft.workbook import MAX_UNIT_ROWS

    _big_book(tmp_path / "big.xlsx", MAX_UNIT_ROWS + 5)
    rc = main(["draft", "--results", str(tmp_path / "big.xlsx"), "--region", "咸阳市", "--quarter", "2025Q2",
               "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2 and len(err) == 1
    assert f"sheet 政务新媒体 row {MAX_UNIT_ROWS + 2}: more than {MAX_UNIT_ROWS:,} units" in err[0]
