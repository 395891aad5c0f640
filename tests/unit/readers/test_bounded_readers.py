"""Issue 22's hostile inputs: each reader stops while reading, with one line naming the limit.

Every hostile file is built here from a few bytes (no committed bombs), by the builders of
tests/helpers/hostile_files.py; benchmarks/reader_limits.py measures the same cases at the issue's
full sizes. Each case runs
`govstats extract` in a subprocess and checks its exit status, its one stderr line and the
child's peak RSS against the issue's 700 MB goal (time is measured in
benchmarks/reader_limits.py, not asserted here beyond a generous subprocess timeout).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govstats.errors import BulletinError
from govstats.readers import read_raw
from tests.helpers.hostile_files import (
    cyclic_xls,
    docx_of,
    inflating_pdf,
    lying_docx,
    lying_xlsx,
    nested_forms_pdf,
    operators_pdf,
    xlsx_with_markup,
)

ROOT = Path(__file__).resolve().parents[3]
FORMATS = ROOT / "tests" / "data" / "formats"
PEAK_MB = 700

_CHILD = """
import json, sys
from govstats.cli import main
# VmHWM: this process's own peak (getrusage's ru_maxrss carries the parent's over fork + exec)
peak_mb = lambda: int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
rc = main(["extract", "--json", sys.argv[1]])
print(json.dumps({"rc": rc, "mb": peak_mb()}))
"""


def extract_in_child(path: Path, timeout: float = 120) -> tuple[int, str, float]:
    """(exit status, stderr, peak RSS in MB) of `govstats extract --json path` in a fresh process."""
    r = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=timeout,
                       cwd=ROOT)
    assert "Traceback" not in r.stderr, r.stderr
    res = json.loads(r.stdout.strip().splitlines()[-1])
    return res["rc"], r.stderr, res["mb"]


def assert_refused(path: Path, *fragments: str) -> None:
    rc, err, mb = extract_in_child(path)
    lines = err.strip().splitlines()
    assert rc == 2 and len(lines) == 1, err
    assert str(path.name) in lines[0]
    for f in fragments:
        assert f in lines[0], lines[0]
    assert mb < PEAK_MB, f"peak RSS {mb:.0f} MB"


# ------------------------------------------------------------------------------ docx


def test_docx_member_lying_about_its_size(tmp_path: Path) -> None:
    """A zip directory that declares 1 kB for 40 MB of document XML: refused after ~1 kB inflated
    (zipfile's ZipFile.read inflates up to 2 GB before comparing: 2.1 GB in issue 22)."""
    p = tmp_path / "liar.docx"
    lying_docx(p, 40_000_000)
    assert p.stat().st_size < 1_000_000
    assert_refused(p, "damaged docx document", "word/document.xml", "size or checksum")


def test_xlsx_member_lying_about_its_size(tmp_path: Path) -> None:
    """Same lie in a workbook's shared strings, which openpyxl reads whole with ZipFile.read."""
    p = tmp_path / "liar.xlsx"
    lying_xlsx(p, 2_000_000)
    assert_refused(p, "damaged xlsx workbook", "xl/sharedStrings.xml")


SHEET = "xl/worksheets/sheet1.xml"


def test_xlsx_empty_rows_count(tmp_path: Path) -> None:
    """10M empty <row/> (92 kB): 28 s and 970 MB before; stopped by the markup count."""
    p = tmp_path / "rows.xlsx"
    xlsx_with_markup(p, SHEET, b"</sheetData>", b"<row/>", 10_000_000)
    assert_refused(p, f"{SHEET} holds more than 1,000,000 XML tags")


def test_xlsx_empty_rows_count_as_cells(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import govstats.readers.xlsx as xlsx

    monkeypatch.setattr(xlsx, "MAX_CELLS", 1000)
    p = tmp_path / "rows.xlsx"
    xlsx_with_markup(p, SHEET, b"</sheetData>", b"<row/>", 1200)
    with pytest.raises(BulletinError, match="more than 1,000 cells and rows"):
        read_raw(p)


def test_xlsx_merged_ranges_count(tmp_path: Path) -> None:
    """2M merged ranges (121 kB; openpyxl makes an object of each at once): 37 s and 1.3 GB before."""
    p = tmp_path / "merges.xlsx"
    xlsx_with_markup(p, SHEET, b"</mergeCells>", b'<mergeCell ref="A5:B5"/>', 2_000_000)
    assert_refused(p, "lists more than 50,000 merged ranges")


def test_xlsx_markup_of_other_parts_counts(tmp_path: Path) -> None:
    """990,000 cell formats in styles.xml took openpyxl 14 s and 580 MB."""
    p = tmp_path / "styles.xlsx"
    xlsx_with_markup(p, "xl/styles.xml", b"</cellXfs>", b"<xf/>", 990_000)
    assert_refused(p, "xl/styles.xml holds more than 200,000 XML tags")


def test_xlsx_markup_counter_sees_patterns_cut_by_chunks() -> None:
    from govstats.readers import limits

    c = limits._MarkupCounter(Path("w.xlsx"), SHEET, "xlsx workbook")
    for piece in [b'<mergeCells><merge', b'Cell ref="A1:B1"/><mer', b'geCell ref="A2:B2"/></mergeCells>']:
        c.feed(piece)
    assert c.lists == 2 + 2  # two ranges, and the word in <mergeCells> and </mergeCells>
    assert c.tags == 4


def test_docx_of_ten_million_empty_paragraphs(tmp_path: Path) -> None:
    """Issue 22's 124 kB docx of 10M <w:p/> (1.3 GB before the cap): stopped while parsing."""
    p = tmp_path / "paras.docx"
    docx_of(p, b"", b"<w:p/>", b"", 10_000_000)
    assert p.stat().st_size < 300_000
    assert_refused(p, "more than 200,000 paragraphs and cells")


def test_docx_of_paragraphs_in_one_table_cell(tmp_path: Path) -> None:
    """1.5M paragraphs inside one table cell (42 s, 1.1 GB and a wrong message before)."""
    p = tmp_path / "cell.docx"
    docx_of(p, b"<w:tbl><w:tr><w:tc>", b"<w:p/>", b"</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>", 1_500_000)
    assert_refused(p, "more than 200,000 paragraphs and cells")


def test_docx_of_many_elements_in_one_paragraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Elements that are neither paragraphs nor cells are counted too (runs, here)."""
    import govstats.readers.docx as rdocx

    monkeypatch.setattr(rdocx, "MAX_XML_ELEMENTS", 50_000)
    p = tmp_path / "runs.docx"
    docx_of(p, b"<w:p>", b"<w:r/>", b"</w:p>", 200_000)
    with pytest.raises(BulletinError, match="more than 50,000 XML elements"):
        read_raw(p)


def test_docx_paragraph_cap_counts_while_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the caps the same minimal document reads; one paragraph over them is refused."""
    import govstats.readers.docx as rdocx

    p = tmp_path / "few.docx"
    docx_of(p, "<w:p><w:r><w:t>通报</w:t></w:r></w:p>".encode(), b"<w:p/>", b"", 100_000)
    assert read_raw(p).text == "通报"
    monkeypatch.setattr(rdocx, "MAX_CELLS", 100_000)
    with pytest.raises(BulletinError, match="more than 100,000 paragraphs and cells"):
        read_raw(p)


# ------------------------------------------------------------------------------ pdf


def test_pdf_content_stream_inflating_to_a_gibibyte(tmp_path: Path) -> None:
    """Issue 22's 1 MB PDF whose content stream inflates to 1 GiB (8 s and 2.1 GB before
    "no text layer"): stopped when the decoded bytes pass the document's budget."""
    p = tmp_path / "inflate.pdf"
    p.write_bytes(inflating_pdf(256))
    assert p.stat().st_size < 1_000_000
    assert_refused(p, "PDF streams decode to more than 64 MB")


def test_pdf_nested_form_characters_are_counted_as_rendered(tmp_path: Path) -> None:
    """Issue 22's 2 kB PDF of nested forms, 100 x 100 x 100 characters (27 s and 2 GB before,
    every character built before the cap was checked)."""
    p = tmp_path / "forms.pdf"
    p.write_bytes(nested_forms_pdf(2, 100, b"x" * 100))
    assert p.stat().st_size < 4000
    assert_refused(p, "PDF page 1 holds more than 60,000 characters")


def test_pdf_one_more_level_of_forms_is_bounded_too(tmp_path: Path) -> None:
    """Four levels of 100 draws (10^8 replays of an empty form): the draws are counted."""
    p = tmp_path / "deep.pdf"
    p.write_bytes(nested_forms_pdf(4, 100, b""))
    assert_refused(p, "PDF page 1 draws more than 10,000 form XObjects")


@pytest.mark.parametrize(("ops", "times", "pages", "message"), [
    (b"q Q\n", 600, 1, "PDF page 1 holds more than 1,000 content-stream operations and operands"),
    (b"q Q\n", 400, 3, "PDF holds more than 2,000 content-stream operations and operands (the limit for one doc"),
    (b"0 0 m 1 1 l S\n", 60, 1, "PDF page 1 holds more than 50 drawn lines and shapes"),
    (b"0 0 m 1 1 l S\n", 40, 3, "PDF holds more than 100 drawn lines and shapes (the limit for one document)"),
    (b"BT /F1 1 Tf 10 10 Td (" + b"x" * 400 + b") Tj ET\n", 1, 3,
     "PDF holds more than 1,000 characters (the limit for one document)"),
])
def test_pdf_operators_and_paths_are_counted_as_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ops: bytes,
                                                       times: int, pages: int, message: str) -> None:
    """2 MB of operators that draw nothing took 18 s; 142,000 painted paths 54 s and 745 MB.
    Counted per page and per document (small limits here; full sizes in the benchmark)."""
    from govstats.readers import limits

    for name, value in [("MAX_PDF_TOKENS_PER_PAGE", 1000), ("MAX_PDF_TOKENS", 2000), ("MAX_PDF_PATHS_PER_PAGE", 50),
                        ("MAX_PDF_PATHS", 100), ("MAX_PDF_CHARS", 1000)]:
        monkeypatch.setattr(limits, name, value)
    p = tmp_path / "ops.pdf"
    p.write_bytes(operators_pdf(ops, times, pages))
    with pytest.raises(BulletinError) as err:
        read_raw(p)
    assert message in str(err.value)
    p.write_bytes(operators_pdf(ops, max(1, times // 2), 1))  # within every limit: read
    try:
        read_raw(p)
    except BulletinError as exc:
        assert "no text layer" in str(exc)  # drawing only: the usual error, no limit


@pytest.mark.parametrize("filt", ["FlateDecode", "RunLengthDecode", "LZWDecode"])
def test_pdf_decoders_stay_exact_under_the_budget(tmp_path: Path, filt: str) -> None:
    """The counted decoders give the same bytes as the filters they stand in for (checked on
    text that pdfminer must decode to read), and stop at the budget."""
    import zlib

    from govstats.readers import limits
    from govstats.readers.pdf_limits import PdfLimit, _Counts, _inflate, _lzw, _runlength

    text = b"BT /F1 12 Tf 72 700 Td (Bounded readers 2025) Tj ET" * 3
    if filt == "FlateDecode":
        packed, decode = zlib.compress(text), _inflate
    elif filt == "RunLengthDecode":
        from pdfminer.runlength import rldecode

        # a literal run of 100 bytes, one of the rest, then 0xfd: the next byte 257 - 0xfd = 4 times
        packed = bytes([99]) + text[:100] + bytes([len(text) - 101]) + text[100:] + b"\xfd\x41\x80"
        text += b"AAAA"
        assert rldecode(packed) == text
        decode = _runlength
    else:
        from pdfminer.lzw import lzwdecode

        packed = _lzw_encode(text)
        assert lzwdecode(packed) == text
        decode = _lzw
    assert decode(_Counts(), packed) == text
    small = _Counts()
    small.decoded = limits.MAX_PDF_DECODED_BYTES - 10
    with pytest.raises(PdfLimit):
        decode(small, packed)


def _lzw_encode(data: bytes) -> bytes:
    """LZW as PDF's LZWDecode reads it (clear 256, end 257), for inputs short enough that every
    code fits in 9 bits (fewer than 511 - 258 new table entries)."""
    table = {bytes([i]): i for i in range(256)}
    codes, w = [256], b""
    for b in data:
        wc = w + bytes([b])
        if wc in table:
            w = wc
            continue
        codes.append(table[w])
        table[wc], w = len(table) + 2, bytes([b])
    codes += [table[w], 257]
    assert len(table) + 2 < 511
    bits = "".join(f"{c:09b}" for c in codes)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def test_pdf_reader_leaves_pdfminer_as_it_found_it(tmp_path: Path) -> None:
    """The bounds are replaced only for the duration of one read, also after a refused file."""
    import pdfminer.pdftypes as pdftypes
    from pdfminer.pdfinterp import PDFPageInterpreter

    before = (pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode, PDFPageInterpreter.do_Do)
    p = tmp_path / "deep.pdf"
    p.write_bytes(nested_forms_pdf(4, 100, b""))
    with pytest.raises(BulletinError, match="form XObjects"):
        read_raw(p)
    read_raw(FORMATS / "seed.pdf")
    assert (pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode, PDFPageInterpreter.do_Do) == before


# ------------------------------------------------------------------------------ xls


def test_xls_cyclic_sector_chain_at_the_end_reads_the_stream_once(tmp_path: Path) -> None:
    """Issue 22's 6.6 kB .xls with a cyclic short-sector chain (xlrd looped, growing ~50 MB/s,
    until killed). Here the cycle closes after the stream's last sector: the stream is read to
    its declared size and the workbook is the fixture's own."""
    p = tmp_path / "cyclic.xls"
    p.write_bytes(cyclic_xls(45))
    rc, err, mb = extract_in_child(p)
    assert (rc, err) == (0, "") and mb < PEAK_MB
    assert read_raw(p).grids[0].rows == read_raw(FORMATS / "folder" / "附件1.xls").grids[0].rows


def test_xls_cyclic_sector_chain_inside_the_stream(tmp_path: Path) -> None:
    """The cycle inside the stream: its declared size of repeated sectors, then one line."""
    p = tmp_path / "cyclic10.xls"
    p.write_bytes(cyclic_xls(10))
    assert_refused(p, "not a readable .xls workbook")


# ------------------------------------------------------------------------------ HTML and text


def test_html_elements_are_counted_while_parsing(tmp_path: Path) -> None:
    """12M empty <p> (36 MB) built a 2.6 GB tree and ran past 60 s; 1.7M (5 MB) took 18 s."""
    p = tmp_path / "paras.html"
    p.write_bytes(b"<html><body>" + b"<p>" * 3_000_000 + b"</body></html>")
    assert_refused(p, "more than 100,000 HTML elements")


def test_html_parsed_in_pieces_is_the_page_lxml_parses_whole() -> None:
    """The pull parser fed in 256 kB pieces builds the tree lxml.html.document_fromstring builds."""
    import lxml.html
    from lxml import etree

    from govstats.readers.html import _parse

    page = (FORMATS / "folder" / "page.html").read_text(encoding="utf-8")
    page = page.replace("<body>", "<body>" + "<div class=x><p>段落 &amp; <b>粗</b><br>续</p></div>" * 20_000, 1)
    assert len(page) > 3 * 2**18  # several pieces
    assert etree.tostring(_parse(Path("p.html"), page)) == etree.tostring(lxml.html.document_fromstring(page))


def test_text_bulletin_size_limit(tmp_path: Path) -> None:
    """49 MB of text took the parsers past 60 s and 2 GB: text bulletins are a few kB."""
    from govstats.readers import limits

    p = tmp_path / "big.txt"
    line = "共检查网站5个，其中不合格1个。\n"
    p.write_text(line * (limits.MAX_TEXT_BYTES // len(line.encode()) + 1), encoding="utf-8")
    assert_refused(p, "MB, more than the 2 MB limit for a text bulletin")


# ------------------------------------------------------------------------------ extract's time limit


def test_extract_has_a_per_file_time_limit(tmp_path: Path) -> None:
    """`govstats extract` stops a file at GOVSTATS_FILE_TIMEOUT like ingest does (it had no limit:
    the cyclic .xls ran until the OOM killer at 24 GB), says so in one line and goes on."""
    import os

    env = {**os.environ, "GOVSTATS_FILE_TIMEOUT": "0.05"}
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "extract", "--json", str(FORMATS / "seed.pdf"),
                        str(FORMATS / "seed.docx")], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert any(ln.endswith("seed.pdf: took longer than the 0.05 s per-file limit (GOVSTATS_FILE_TIMEOUT)")
               for ln in lines), r.stderr
    env["GOVSTATS_FILE_TIMEOUT"] = "0"  # 0 turns the limit off, as in ingest
    r = subprocess.run([sys.executable, "-m", "govstats.cli", "extract", "--json", str(FORMATS / "seed.pdf")],
                       capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert r.returncode == 0 and r.stderr == "" and json.loads(r.stdout)["bulletin"]["bulletin_id"] == "seed"


def test_pdf_page_with_rules_but_no_table_gets_no_rule_added(tmp_path: Path) -> None:
    """The rule that closes a row cut by the page break (pdf._open_table_ends) is added only
    below or above a ruled table: two vertical lines beside body text make no table."""
    from tests.helpers.hostile_files import CATALOG, FONT, page, pdf_of, pdf_stream

    content = (b"BT /F1 12 Tf 72 700 Td (Bulletin text between two margin rules) Tj ET "
               b"50 100 m 50 800 l S 540 100 m 540 800 l S")
    p = tmp_path / "rules.pdf"
    p.write_bytes(pdf_of([*CATALOG, page(5), FONT, pdf_stream(content)]))
    raw = read_raw(p)
    assert raw.grids == [] and "Bulletin text between two margin rules" in raw.text
