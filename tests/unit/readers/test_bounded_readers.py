"""Issue 22's hostile inputs: each reader stops while reading, with one line naming the limit.

Every hostile file is built here from a few bytes (no committed bombs). Each case runs
`govstats extract` in a subprocess and checks its exit status, its one stderr line and the
child's peak RSS against the issue's 700 MB goal (time is measured in
benchmarks/reader_limits.py, not asserted here beyond a generous subprocess timeout).
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from govstats.errors import BulletinError
from govstats.readers import read_raw

ROOT = Path(__file__).resolve().parents[3]
FORMATS = ROOT / "tests" / "data" / "formats"
PEAK_MB = 700

_CHILD = """
import json, resource, sys
from govstats.cli import main
rc = main(["extract", "--json", sys.argv[1]])
print(json.dumps({"rc": rc, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
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


_DOC_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
_DOC_TAIL = b"</w:body></w:document>"


def _docx(path: Path, parts: list[bytes], repeat: int = 1) -> None:
    """A minimal docx whose word/document.xml is head + parts[1] * repeat + ..., streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(_DOC_HEAD + parts[0])
            block = parts[1] * 100_000
            for _ in range(repeat // 100_000):
                f.write(block)
            f.write(parts[2] + _DOC_TAIL)


def _lie_about_size(path: Path, member: str, size: int) -> None:
    """Rewrite the declared (uncompressed) size of member in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    assert info.file_size < 2**32 - 1 and not info.flag_bits & 0x08, "sizes must sit in the headers"
    struct.pack_into("<I", data, info.header_offset + 22, size)
    cd = data.find(b"PK\x01\x02")
    while struct.unpack_from("<I", data, cd + 42)[0] != info.header_offset:
        cd = data.find(b"PK\x01\x02", cd + 4)
        assert cd >= 0, "central directory entry not found"
    struct.pack_into("<I", data, cd + 24, size)
    path.write_bytes(bytes(data))


def _zip_with(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)


def test_docx_member_lying_about_its_size(tmp_path: Path) -> None:
    """A zip directory that declares 1 kB for 40 MB of document XML: refused after ~1 kB inflated
    (zipfile's ZipFile.read inflates up to 2 GB before comparing: 2.1 GB in issue 22)."""
    p = tmp_path / "liar.docx"
    xml = _DOC_HEAD + b"<w:p><w:r><w:t>" + b"x" * 40_000_000 + b"</w:t></w:r></w:p>" + _DOC_TAIL
    _zip_with(p, {"[Content_Types].xml": b"<Types/>", "word/document.xml": xml})
    _lie_about_size(p, "word/document.xml", 1000)
    assert p.stat().st_size < 1_000_000
    assert_refused(p, "damaged docx document", "word/document.xml", "size or checksum")


def test_xlsx_member_lying_about_its_size(tmp_path: Path) -> None:
    """Same lie in a workbook's shared strings, which openpyxl reads whole with ZipFile.read."""
    from openpyxl import Workbook

    p = tmp_path / "liar.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "网站名称"])
    wb.active.append(["1", "某网站"])
    wb.save(p)
    with zipfile.ZipFile(p) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    members["xl/sharedStrings.xml"] = sst + b"<si><t>x</t></si>" * 2_000_000 + b"</sst>"
    _zip_with(p, members)
    _lie_about_size(p, "xl/sharedStrings.xml", 1000)
    assert_refused(p, "damaged xlsx workbook", "xl/sharedStrings.xml")


def test_docx_of_ten_million_empty_paragraphs(tmp_path: Path) -> None:
    """Issue 22's 124 kB docx of 10M <w:p/> (1.3 GB before the cap): stopped while parsing."""
    p = tmp_path / "paras.docx"
    _docx(p, [b"", b"<w:p/>", b""], repeat=10_000_000)
    assert p.stat().st_size < 300_000
    assert_refused(p, "more than 200,000 paragraphs and cells")


def test_docx_of_paragraphs_in_one_table_cell(tmp_path: Path) -> None:
    """1.5M paragraphs inside one table cell (42 s, 1.1 GB and a wrong message before)."""
    p = tmp_path / "cell.docx"
    _docx(p, [b"<w:tbl><w:tr><w:tc>", b"<w:p/>", b"</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"], repeat=1_500_000)
    assert_refused(p, "more than 200,000 paragraphs and cells")


def test_docx_of_many_elements_in_one_paragraph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Elements that are neither paragraphs nor cells are counted too (runs, here)."""
    import govstats.readers.docx as rdocx

    monkeypatch.setattr(rdocx, "MAX_XML_ELEMENTS", 50_000)
    p = tmp_path / "runs.docx"
    _docx(p, [b"<w:p>", b"<w:r/>", b"</w:p>"], repeat=200_000)
    with pytest.raises(BulletinError, match="more than 50,000 XML elements"):
        read_raw(p)


def test_docx_paragraph_cap_counts_while_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Below the caps the same minimal document reads; one paragraph over them is refused."""
    import govstats.readers.docx as rdocx

    p = tmp_path / "few.docx"
    _docx(p, [b"<w:p><w:r><w:t>\xe9\x80\x9a\xe6\x8a\xa5</w:t></w:r></w:p>", b"<w:p/>", b""], repeat=100_000)
    assert read_raw(p).text == "通报"
    monkeypatch.setattr(rdocx, "MAX_CELLS", 100_000)
    with pytest.raises(BulletinError, match="more than 100,000 paragraphs and cells"):
        read_raw(p)


# ------------------------------------------------------------------------------ pdf


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 = catalog ...), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (extra, len(data), data)


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(content_obj: int, xobjects: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> /XObject << %s >> >> >>" % (content_obj, xobjects))


def test_pdf_content_stream_inflating_to_a_gibibyte(tmp_path: Path) -> None:
    """Issue 22's 1 MB PDF whose content stream inflates to 1 GiB (8 s and 2.1 GB before
    "no text layer"): stopped when the decoded bytes pass the document's budget."""
    import zlib

    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(z.compress(chunk) for _ in range(1024)) + z.flush()
    assert len(packed) < 2_000_000
    p = tmp_path / "inflate.pdf"
    p.write_bytes(_pdf([*_CATALOG, _page(5), _FONT, _stream(packed, b"/Filter /FlateDecode")]))
    assert_refused(p, "PDF streams decode to more than 64 MB")


def _nested_forms(levels: int, per_level: int, text: bytes) -> bytes:
    """A page drawing form 1 per_level times, form k drawing form k+1 per_level times, the last
    form showing text: per_level ** levels * len(text) characters from a few kB."""
    first = 6
    objs = [*_CATALOG, _page(5, b"/X %d 0 R" % first), _FONT, _stream(b"/X Do\n" * per_level)]
    for k in range(levels):
        obj = first + k
        last = k == levels - 1
        content = b"BT /F1 1 Tf 10 10 Td (%s) Tj ET" % text if last else b"/X Do\n" * per_level
        res = b"/Font << /F1 4 0 R >>" + (b"" if last else b" /XObject << /X %d 0 R >>" % (obj + 1))
        objs.append(_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>" % res))
    return _pdf(objs)


def test_pdf_nested_form_characters_are_counted_as_rendered(tmp_path: Path) -> None:
    """Issue 22's 2 kB PDF of nested forms, 100 x 100 x 100 characters (27 s and 2 GB before,
    every character built before the cap was checked)."""
    p = tmp_path / "forms.pdf"
    p.write_bytes(_nested_forms(2, 100, b"x" * 100))
    assert p.stat().st_size < 4000
    assert_refused(p, "PDF page 1 holds more than 60,000 characters")


def test_pdf_one_more_level_of_forms_is_bounded_too(tmp_path: Path) -> None:
    """Four levels of 100 draws (10^8 replays of an empty form): the draws are counted."""
    p = tmp_path / "deep.pdf"
    p.write_bytes(_nested_forms(4, 100, b""))
    assert_refused(p, "PDF page 1 draws more than 10,000 form XObjects")


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
    p.write_bytes(_nested_forms(4, 100, b""))
    with pytest.raises(BulletinError, match="form XObjects"):
        read_raw(p)
    read_raw(FORMATS / "seed.pdf")
    assert (pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode, PDFPageInterpreter.do_Do) == before


# ------------------------------------------------------------------------------ xls


def _cyclic_xls(tmp_path: Path, back_at: int) -> Path:
    """The folder fixture's 6.6 kB 附件1.xls with one short-sector chain entry changed so the
    Workbook stream's chain runs from sector back_at back to sector 0 (xlrd looped on this,
    growing ~50 MB/s, until killed)."""
    data = bytearray((FORMATS / "folder" / "附件1.xls").read_bytes())
    sec = 1 << struct.unpack_from("<H", data, 30)[0]
    ssat_sid = struct.unpack_from("<i", data, 60)[0]
    entry = 512 + ssat_sid * sec + back_at * 4
    assert struct.unpack_from("<i", data, entry)[0] in (back_at + 1, -2)  # the chain as written
    struct.pack_into("<i", data, entry, 0)
    p = tmp_path / f"cyclic{back_at}.xls"
    p.write_bytes(bytes(data))
    return p


def test_xls_cyclic_sector_chain_at_the_end_reads_the_stream_once(tmp_path: Path) -> None:
    """The cycle closes after the stream's last sector: the stream is read to its declared
    size and the workbook is the fixture's own."""
    rc, err, mb = extract_in_child(_cyclic_xls(tmp_path, 45))
    assert (rc, err) == (0, "") and mb < PEAK_MB
    assert read_raw(_cyclic_xls(tmp_path, 45)).grids[0].rows == read_raw(FORMATS / "folder" / "附件1.xls").grids[0].rows


def test_xls_cyclic_sector_chain_inside_the_stream(tmp_path: Path) -> None:
    """The cycle inside the stream: its declared size of repeated sectors, then one line."""
    assert_refused(_cyclic_xls(tmp_path, 10), "not a readable .xls workbook")


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
