"""Round trip: a draft read back by govstats gives its own figures and annex rows, and every check passes.

Runs on every shipped bulletin (data/raw), those with annex tables and those without: ingest data/raw the way
`govstats ingest` does, draft each such bulletin from the processed tables, read the draft
back with govstats' readers (.docx, Markdown and HTML), and compare with what the draft was made from.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from govstats.bulletin import load_bulletin
from govstats.ingest import discover

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
ISSUE_DATE = dt.date(2025, 5, 20)


ALL_UNITS = discover(RAW)
ANNEX_UNITS = [u for u in ALL_UNITS if (b := load_bulletin(u)).records("websites") or b.records("new_media")]


@pytest.fixture(scope="module")
def processed(tmp_path_factory) -> Path:
    from govstats.ingest import ingest

    out = tmp_path_factory.mktemp("processed")
    ingest(RAW, out, workers=1)
    return out


@pytest.fixture(scope="module")
def tables(processed):
    from govstats.store import read_tables

    return read_tables(processed)


def _draft(tables, unit: Path, out: Path):
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables

    meta = tables["bulletins"]
    row = meta[meta["source_file"].str.endswith(unit.name)].iloc[0]
    d = from_tables(tables, row["region"], row["period"])
    return d, draft_from_input(d, out, ISSUE_DATE)


def _plain_figures(b) -> dict[str, tuple[float, int | None]]:
    out = {}
    for r in b.records("figures"):
        if r["breakdown"] is None:
            out[r["measure"]] = (r["value"], r["precision"])
    return out


def _expected(d) -> dict[str, tuple[float, int | None]]:
    return {k: (float(v), p) for k, (v, p) in d.figures().items()}


WEB_COLS = ("site_name", "url", "site_code", "problem", "rectification")
NM_COLS = ("account_name", "operator", "platform", "platform_subtype", "result", "problem", "rectification")


def _rows(records, cols) -> list[tuple]:
    return [tuple(r.get(c) for c in cols) for r in records]


def _assert_round_trip(d, b) -> None:
    assert _plain_figures(b) == _expected(d)
    assert _rows(b.records("websites"), WEB_COLS) == _rows(d.websites, WEB_COLS)
    assert _rows(b.records("new_media"), NM_COLS) == _rows(d.new_media, NM_COLS)
    # no check fails; "cannot verify" (info) only for a rate printed as the source printed it
    failed = [(c["check"], c["message"]) for c in b.records("checks") if not c["ok"] and c["severity"] != "info"]
    assert failed == []
    unverified = {c["check"] for c in b.records("checks") if not c["ok"] and c["severity"] == "info"}
    assert unverified <= set(d.copied()), unverified
    info = b.info
    assert (info["region"], info["period"], info["issue_date"]) == (d.region, str(d.quarter), ISSUE_DATE.isoformat())
    deadline = d.deadline_for(ISSUE_DATE)  # the source's offset from its own date, kept from the draft's date
    assert info["feedback_deadline"] == (deadline.isoformat() if deadline else None)


def test_shipped_data_has_a_bulletin_with_annexes():
    assert ANNEX_UNITS, "no shipped bulletin has annex tables: the round trip would test nothing"


@pytest.mark.parametrize("unit", ALL_UNITS, ids=lambda p: p.name)
def test_html_round_trip(tables, unit, tmp_path):
    d, paths = _draft(tables, unit, tmp_path)
    b = load_bulletin(paths["html"])
    _assert_round_trip(d, b)
    _assert_every_stated_figure(d, unit, b)


def _assert_every_stated_figure(d, unit: Path, b) -> None:
    # the draft's counts are the source's own (the shipped annexes agree with their texts)
    src = load_bulletin(unit)
    stated = _plain_figures(src)
    for k, (v, p) in _expected(d).items():
        if p is None and k in stated:
            assert v == stated[k][0], k
    # every figure the source states is in the draft, or left out for a reason the source's own checks give
    drafted = _plain_figures(b)
    assert set(stated) <= set(drafted) | set(d.omitted()), set(stated) - set(drafted)
    failed_in_source = {c["check"] for c in src.records("checks") if not c["ok"] and c["severity"] != "info"}
    assert set(d.omitted()) <= failed_in_source
    # a figure printed differently is a correction with its reason; the others are printed as stated
    corrected = {c.key for c in d.corrections()}
    for k, (v, p) in drafted.items():
        if k in stated and k not in corrected:
            assert (v, p) == stated[k], k


@pytest.mark.parametrize("unit", ALL_UNITS, ids=lambda p: p.name)
def test_docx_round_trip(tables, unit, tmp_path):
    d, paths = _draft(tables, unit, tmp_path)
    b = load_bulletin(paths["docx"])
    _assert_round_trip(d, b)
    _assert_every_stated_figure(d, unit, b)


def test_previous_quarter_is_compared(tables, tmp_path):
    """Drafting the seed's next quarter from a workbook names the rate changes and repeat units."""
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables, previous_from_tables
    from govstats.quarter import Quarter

    seed = from_tables(tables, "咸阳市", "2025Q1")
    nxt = from_tables(tables, "咸阳市", "2025Q1")  # same units, one more unqualified account
    nxt.quarter = Quarter("2025Q2")
    nxt.new_media[1]["result"] = "unqualified"
    nxt.counts.pop("newmedia_unqualified")
    nxt.rows_override()
    nxt.previous = previous_from_tables(tables, "咸阳市", nxt.quarter)
    assert nxt.previous is not None and nxt.previous.figures() == seed.figures()
    paths = draft_from_input(nxt, tmp_path, ISSUE_DATE)
    text = paths["md"].read_text(encoding="utf-8")
    assert "与2025年第一季度相比" in text
    # 286/293 = 97.61 % against 287/293 = 97.95 %: down 0.34 points, and coverage unchanged
    assert "政务新媒体合格率下降0.34个百分点" in text
    assert "政府网站检查覆盖率与上季度持平" in text
    assert "兴平市人民政府网站" in text.split("再次被通报的单位")[1]
    b = load_bulletin(paths["html"])
    _assert_round_trip(nxt, b)
    assert _plain_figures(b)["newmedia_pass_rate"] == (97.61, 2)
    assert Decimal("97.61") == nxt.figures()["newmedia_pass_rate"][0]


def test_filled_template_round_trip(tmp_path):
    """A filled results workbook drafts a bulletin that reads back to the workbook's own figures."""
    import openpyxl

    from govstats.draft import draft_from_input
    from govstats.draft.workbook import SHEET_INFO, SHEET_NM, SHEET_WEB, read_results, write_template

    tpl = write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tpl)
    for i in range(1, 41):  # 40 websites, every 9th unqualified, every 4th with a problem
        verdict = "不合格" if i % 9 == 0 else "合格"
        problem = "栏目更新不及时" if i % 4 == 0 or verdict == "不合格" else None
        wb[SHEET_WEB].append([f"咸阳市第{i}局", f"http://j{i}.xianyang.gov.cn", f"61040000{i:02d}", verdict, problem,
                              "已整改" if problem and i % 3 else ("整改中" if problem else None)])
    platforms = ["微信订阅号", "抖音", "今日头条", "微博", "微信服务号"]
    for i in range(1, 151):  # 150 accounts
        verdict = "不合格" if i % 13 == 0 else "合格"
        problem = "监测时间点前2周内无更新" if verdict == "不合格" else ("认证主体不一致" if i % 17 == 0 else None)
        wb[SHEET_NM].append([f"咸阳账号{i}", f"咸阳市第{i}局", platforms[i % 5], verdict, problem,
                             ("未整改" if i % 2 else "已整改") if problem else None])
    wb[SHEET_INFO]["B2"], wb[SHEET_INFO]["B3"], wb[SHEET_INFO]["B5"] = 42, 160, "2025-07-31"
    wb.save(tmp_path / "f.xlsx")
    d = read_results(tmp_path / "f.xlsx", "咸阳市", "2025Q2")
    paths = draft_from_input(d, tmp_path / "out", ISSUE_DATE)
    b = load_bulletin(paths["html"])
    _assert_round_trip(d, b)
    f = _plain_figures(b)
    assert f["website_pass_rate"] == (90.0, 0) and f["website_coverage_rate"] == (95.24, 2)  # 36/40, 40/42
    assert f["newmedia_pass_rate"] == (92.67, 2) and f["newmedia_coverage_rate"] == (93.75, 2)  # 139/150, 150/160


def test_command_on_shipped_data(processed, tmp_path, capsys):
    """`govstats draft` on the processed shipped data: three files, the .docx path last."""
    from govstats.cli import main

    out = tmp_path / "drafts"
    rc = main(["draft", "--region", "咸阳市", "--quarter", "2025Q1", "--data-dir", str(processed), "--out", str(out)])
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    # the seed's 年度报表 rate has no counts: printed as printed, said on stderr and in the review copies
    assert rc == 0 and [Path(x).name for x in lines] == [
        "咸阳市-2025Q1-draft-review.docx", "咸阳市-2025Q1-draft-review.html",
        "咸阳市-2025Q1-draft.md", "咸阳市-2025Q1-draft.html", "咸阳市-2025Q1-draft.docx"]
    assert "annual_report_rate" in captured.err
    assert sorted(p.name for p in out.iterdir()) == sorted(Path(x).name for x in lines)
    from docx import Document

    doc = Document(lines[-1])
    assert doc.paragraphs[0].text == "咸阳市人民政府办公室" and len(doc.tables) == 2
    assert any(p.text.endswith("检查情况的通报") for p in doc.paragraphs)
    landscape = doc.sections[1]
    assert landscape.page_width > landscape.page_height  # annex pages
    review = Document(lines[0])
    assert [c.text for c in review.comments][0].startswith("年度报表发布率：原通报 100%，本稿 100%")
    assert "审核稿" in Path(lines[1]).read_text(encoding="utf-8")
    assert "审核稿" not in Path(lines[3]).read_text(encoding="utf-8")


def test_a_published_inconsistent_rate_is_recomputed(tables, tmp_path):
    """吴忠市 2025 Q1 prints 合格率 99.96 % for 289 accounts with 9 unqualified; the draft prints 280/289."""
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables

    src = load_bulletin(RAW / "吴忠市" / "2025Q1" / "wuzhong-2025q1.txt")
    assert _plain_figures(src)["newmedia_pass_rate"] == (99.96, 2)
    d = from_tables(tables, "吴忠市", "2025Q1")
    text = draft_from_input(d, tmp_path, ISSUE_DATE)["md"].read_text(encoding="utf-8")
    assert "不合格政务新媒体9个，合格率为96.89%" in text and "99.96" not in text


def _channel_counts(draw, st, ch: str) -> tuple[dict[str, int], dict[str, int]]:
    counts: dict[str, int] = {}
    precision: dict[str, int] = {}
    if not draw(st.booleans()):
        return counts, precision
    checked = draw(st.integers(1, 5000))
    counts[f"{ch}_checked"] = checked
    if draw(st.booleans()):
        counts[f"{ch}_total"] = checked + draw(st.integers(0, 500))
    if draw(st.booleans()):
        counts[f"{ch}_unqualified"] = draw(st.integers(0, checked))
    for rate in ("pass_rate", "coverage_rate"):
        p = draw(st.sampled_from([None, 0, 1, 2]))
        if p is not None:
            precision[f"{ch}_{rate}"] = p
    return counts, precision


def test_any_counts_round_trip(tmp_path_factory):
    """Whatever the counts and printed precisions, the draft reads back to them and every check passes."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from govstats.draft import draft_from_input
    from govstats.draft.model import DraftInput
    from govstats.quarter import Quarter

    @st.composite
    def inputs(draw):
        d = DraftInput(region=draw(st.sampled_from(["咸阳市", "宝鸡市", "陕西省", "紫阳县"])),
                       quarter=Quarter(draw(st.integers(2019, 2026)), draw(st.integers(1, 4))))
        d.region_code = {"咸阳市": "610400", "宝鸡市": "610300", "陕西省": "610000", "紫阳县": "610924"}[d.region]
        for ch in ("website", "newmedia"):
            c, p = _channel_counts(draw, st, ch)
            d.counts.update(c)
            d.precision.update(p)
        return d

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(inputs())
    def run(d):
        out = tmp_path_factory.mktemp("prop")
        b = load_bulletin(draft_from_input(d, out, ISSUE_DATE)["html"])
        assert _plain_figures(b) == _expected(d)
        assert [c["message"] for c in b.records("checks") if not c["ok"]] == []
        assert (b.info["region"], b.info["period"]) == (d.region, str(d.quarter))

    run()


def test_workbook_draft_compares_with_the_processed_previous_quarter(processed, tmp_path, capsys):
    """--results for 2025Q2 with the shipped data: 2025Q1 comes from --data-dir, a repeat unit is named again."""
    import openpyxl

    from govstats.cli import main
    from govstats.draft.workbook import SHEET_INFO, SHEET_NM, SHEET_WEB, write_template

    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    wb[SHEET_WEB].append(["咸阳市司法局", "http://sfj.xianyang.gov.cn", "6104000051", "合格", "专题栏目更新不及时", "整改中"])
    wb[SHEET_WEB].append(["咸阳市教育局", None, "6104000052", "合格", None, None])
    wb[SHEET_NM].append(["咸阳发布", "咸阳市人民政府办公室", "微信订阅号", "合格", None, None])
    wb[SHEET_NM].append(["法治礼泉", "礼泉县司法局", "抖音", "不合格", "监测时间点前2周内无更新", "未整改"])
    wb[SHEET_INFO]["B2"] = 2
    wb.save(tmp_path / "f.xlsx")
    rc = main(["draft", "--results", str(tmp_path / "f.xlsx"), "--region", "咸阳市", "--quarter", "2025Q2",
               "--data-dir", str(processed), "--out", str(tmp_path / "out"), "--date", "2025-07-03"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    text = Path(last).with_suffix(".md").read_text(encoding="utf-8")
    assert rc == 0 and "与2025年第一季度相比，政府网站检查覆盖率与上季度持平，政务新媒体合格率下降47.95个百分点" in text
    again = text.split("再次被通报的单位。**")[1].split("\n")[0]
    assert again.startswith("咸阳市司法局网站、“法治礼泉”抖音在2025年第一季度检查中已被通报")


needs_pdf_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("soffice", "pdftoppm", "pdftotext", "pdfinfo")),
    reason="needs LibreOffice and poppler-utils (make test-tools installs them)")


def _assert_outer_page_numbers(pdf: Path) -> None:
    """The footer's "— N —" dashes: right half on page 1, left half on page 2 (pdftotext -bbox)."""
    import re
    import subprocess

    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for n, page in enumerate(bbox.split("<page ")[1:3], 1):
        width = float(re.search(r'width="([\d.]+)"', page).group(1))
        dashes = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"[^>]*>—</word>', page)]
        assert dashes and (min(dashes) > width / 2 if n % 2 else max(dashes) < width / 2), (n, dashes)


@needs_pdf_tools
def test_pdf_pages_as_printed(processed, tmp_path, capsys):
    """`draft --pdf`: LibreOffice's PDF has the portrait body, landscape annex pages and a portrait 版记 page;
    page numbers sit on the outer side (right on odd, left on even pages); page 1 rendered by pdftoppm
    shows the red 版头 across the top of the type area."""
    import re
    import subprocess

    from PIL import Image

    from govstats.cli import main

    rc = main(["draft", "--region", "咸阳市", "--quarter", "2025Q1", "--data-dir", str(processed), "--out",
               str(tmp_path), "--date", "2025-05-20", "--doc-number", "咸政办发〔2025〕12号", "--pdf", "--no-review"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert rc == 0 and Path(lines[-1]).suffix == ".docx"
    pdf = next(Path(x) for x in lines if x.endswith(".pdf"))
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    sizes = [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)]
    orient = "".join("P" if h > w else "L" for w, h in sizes)
    assert re.fullmatch(r"P+L+P", orient), orient  # body, both annexes, 版记
    assert all(round(max(s)) == 842 and round(min(s)) == 595 for s in sizes)  # A4
    _assert_outer_page_numbers(pdf)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True).stdout
    assert first.split()[0] == "咸阳市人民政府办公室" and "咸政办发〔2025〕12" in first.replace(" ", "")
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=60)
    img = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    w, h = img.size
    red = [(x, y) for x in range(0, w, 2) for y in range(0, h // 3, 2)
           if (p := img.getpixel((x, y)))[0] > 200 and p[1] < 80 and p[2] < 80]
    assert red and max(x for x, _ in red) - min(x for x, _ in red) > w / 2  # the mark and the rule, centered
    assert max(y for _, y in red) < h / 3


def test_pdf_without_libreoffice_is_one_line(processed, tmp_path, capsys, monkeypatch):
    """No soffice on PATH: exit 2, one stderr line saying how, and no file written (not even the .docx)."""
    from govstats.cli import main

    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    rc = main(["draft", "--region", "咸阳市", "--quarter", "2025Q1", "--data-dir", str(processed), "--out",
               str(tmp_path / "out"), "--pdf"])
    err = [x for x in capsys.readouterr().err.splitlines() if not x.startswith("govstats: note:")]
    assert rc == 2 and len(err) == 1 and "--pdf needs LibreOffice" in err[0]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("pdfinfo")), reason="needs chromium and poppler-utils")
def test_html_prints_with_a_landscape_annex(tables, tmp_path):
    """The HTML copy printed by Chromium: portrait body pages, landscape annex pages, the 版记 page portrait,
    page numbers on the outer side; the 整改情况 cells never wrap (已整改 stays on one line)."""
    import re
    import subprocess

    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables

    d = from_tables(tables, "咸阳市", "2025Q1")
    html = draft_from_input(d, tmp_path, ISSUE_DATE)["html"]
    pdf = tmp_path / "printed.pdf"
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.as_uri()], capture_output=True, timeout=120)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True, check=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    orient = "".join("P" if float(h) > float(w) else "L" for w, h in sizes)
    assert re.fullmatch(r"P+LLP", orient), orient
    _assert_outer_page_numbers(pdf)  # @page margin boxes
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "已整改" in text and all("已整改" in line for line in text.splitlines() if "已整" in line)


def test_an_ingested_bulletin_without_a_region_breaks_no_draft(tmp_path, capsys):
    """Issue 19.1: with one bulletin of no recognised region ingested, `draft` failed with "TypeError: boolean
    value of NA is ambiguous"; now a region/quarter with no bulletin is one line, and the others draft."""
    from govstats.cli import main
    from govstats.ingest import ingest

    raw = tmp_path / "raw"
    shutil.copytree(RAW / "吴忠市", raw / "吴忠市")
    (raw / "x").mkdir()
    (raw / "x" / "noregion.txt").write_text("关于第一季度政府网站与政务新媒体检查情况的通报\n"
                                            "此次共检查政府网站10家，其中不合格政府网站1家，合格率为90%。\n2025年3月1日\n",
                                            encoding="utf-8")
    ingest(raw, tmp_path / "processed", workers=1)
    args = ["draft", "--region", "吴忠市", "--data-dir", str(tmp_path / "processed"), "--out", str(tmp_path / "out")]
    assert main([*args, "--quarter", "2025Q2"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["govstats: no bulletin for 吴忠市 2025Q2 in the processed tables; 吴忠市 has: 吴忠市 2025Q1"]
    assert main([*args, "--quarter", "2025Q1", "--date", "2025-05-20"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].endswith("吴忠市-2025Q1-draft.docx")
