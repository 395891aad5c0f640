"""Time and memory of the readers on hostile inputs (sparse sheets, zip bombs, deep spans, lying zips, cyclic .xls chains, PDF bombs), beside same-run baselines.

    python benchmarks/reader_limits.py

Each case runs `govstats extract --json` (issue 22: its bounds hold in extract as in ingest)
in a fresh subprocess, peak RSS from its /proc/self/status VmHWM, and is printed with a baseline: a benign file
of the same format measured in the same run. The builders below make each hostile file from
a few bytes; tests/unit/readers/test_bounded_readers.py builds its cases with them too.
The goal (issue 22): under 20 s and 700 MB peak on any input, one line naming the limit.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ROOT / "tests" / "data" / "formats"

_CHILD = """
import json, sys, time
from govstats.cli import main
# VmHWM: this process's own peak (getrusage's ru_maxrss carries the parent's over fork + exec)
peak_mb = lambda: int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
t = time.perf_counter()
rc = main(["extract", "--json", sys.argv[1]])
print(json.dumps({"rc": rc, "s": time.perf_counter() - t,
                  "mb": peak_mb()}))
"""


def measure(path: Path) -> dict:
    """rc, seconds, peak MB and the outcome (the stderr line, or the rows read) of one extract."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=600,
                         cwd=ROOT)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    if out.stderr.strip():
        res["outcome"] = out.stderr.strip().splitlines()[-1].split(": ", 2)[-1][:80]
    else:
        obj = json.loads(out.stdout.strip().splitlines()[0])
        res["outcome"] = f"read: {len(obj['websites'])} website rows, {len(obj['new_media'])} new-media rows"
    return res


# ------------------------------------------------------------------------------ issue 10


def span_page(span: int, rows: int = 2400) -> str:
    tds = f"<td colspan={span} rowspan={span}>x</td>" * 20
    body = "".join(f"<tr>{tds}</tr>" for _ in range(rows))
    return f"<html><body><p>通报</p><table><tr><th>序号</th><th>网站名称</th></tr>{body}</table></body></html>"


def workbook(path: Path, cells: dict) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    for (r, c), v in cells.items():
        wb.active.cell(row=r, column=c, value=v)
    wb.save(path)


# ------------------------------------------------------------------------------ issue 22: zips

DOC_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOC_TAIL = b"</w:body></w:document>"


def docx_of(path: Path, head: bytes, repeated: bytes, tail: bytes, times: int) -> None:
    """A minimal docx whose word/document.xml is head + repeated * times + tail, streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(DOC_HEAD + head)
            block = repeated * 100_000
            for _ in range(times // 100_000):
                f.write(block)
            f.write(repeated * (times % 100_000) + tail + DOC_TAIL)


def zip_member_streamed(zf: zipfile.ZipFile, name: str, head: bytes, repeated: bytes, times: int,
                        tail: bytes) -> None:
    """Write head + repeated * times + tail as a member without zip64 (sizes in the headers, so
    they can be rewritten), streamed a MB at a time."""
    with zf.open(name, "w") as f:
        f.write(head)
        per = max(1, (1 << 20) // len(repeated))
        full, rest = divmod(times, per)
        block = repeated * per
        for _ in range(full):
            f.write(block)
        f.write(repeated * rest + tail)


def lie_about_size(path: Path, member: str, size: int) -> None:
    """Rewrite member's declared (uncompressed) size in its local header and the central directory."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    assert info.file_size < 2**32 - 1 and not info.flag_bits & 0x08, "the sizes must sit in the headers"
    with open(path, "r+b") as f:
        f.seek(info.header_offset + 22)
        f.write(struct.pack("<I", size))
        f.seek(0, 2)
        end = f.tell()
        f.seek(max(0, end - (1 << 20)))
        tail_at = f.tell()
        tail = f.read()
        cd = tail.find(b"PK\x01\x02")
        while struct.unpack_from("<I", tail, cd + 42)[0] != info.header_offset:
            cd = tail.find(b"PK\x01\x02", cd + 4)
            assert cd >= 0, "central directory entry not found"
        f.seek(tail_at + cd + 24)
        f.write(struct.pack("<I", size))


def lying_docx(path: Path, real_bytes: int, declared: int = 1000) -> None:
    """A docx whose word/document.xml holds real_bytes but declares `declared` (issue 22: 2.1 GB)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zip_member_streamed(zf, "word/document.xml", DOC_HEAD + b"<w:p><w:r><w:t>", b"x", real_bytes,
                            b"</w:t></w:r></w:p>" + DOC_TAIL)
    lie_about_size(path, "word/document.xml", declared)


def lying_xlsx(path: Path, real_strings: int, declared: int = 1000) -> None:
    """A workbook whose xl/sharedStrings.xml (read whole by openpyxl) lies about its size."""
    import io

    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(["序号", "网站名称"])
    wb.active.append(["1", "某网站"])
    wb.save(buf)
    with zipfile.ZipFile(buf) as src:
        members = {n: src.read(n) for n in src.namelist() if n != "xl/sharedStrings.xml"}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
        zip_member_streamed(zf, "xl/sharedStrings.xml",
                            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                            b"<si><t>x</t></si>", real_strings, b"</sst>")
    lie_about_size(path, "xl/sharedStrings.xml", declared)


def xlsx_with_markup(path: Path, part: str, before: bytes, insert: bytes, times: int) -> None:
    """A 2-cell workbook with insert * times placed before the first `before` in `part` (e.g.
    b"<row/>" before b"</sheetData>", or merged ranges before b"</mergeCells>"), streamed."""
    import io

    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active.append(["序号", "网站名称"])
    wb.active.merge_cells("A3:B3")
    wb.save(buf)
    with zipfile.ZipFile(buf) as src:
        members = {n: src.read(n) for n in src.namelist()}
    xml = members.pop(part)
    at = xml.index(before)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
        zip_member_streamed(zf, part, xml[:at], insert, times, xml[at:])


# ------------------------------------------------------------------------------ issue 22: PDFs


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of the given objects (1 = catalog, 2 = pages, 3 = page ...), with a correct xref table."""
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


def pdf_stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (extra, len(data), data)


_CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _page(content_obj: int, xobjects: bytes = b"") -> bytes:
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> /XObject << %s >> >> >>" % (content_obj, xobjects))


def inflating_pdf(mib: int) -> bytes:
    """A one-page PDF whose content stream (spaces) inflates to mib MiB (issue 22: 1 GiB from 1 MB)."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(z.compress(chunk) for _ in range(mib)) + z.flush()
    return pdf_of([*_CATALOG, _page(5), _FONT, pdf_stream(packed, b"/Filter /FlateDecode")])


def nested_forms_pdf(levels: int, per_level: int, text: bytes) -> bytes:
    """A page drawing form 1 per_level times, form k drawing form k+1 per_level times, the last
    showing text: per_level ** levels * len(text) characters from a few kB (issue 22: 100^3)."""
    first = 6
    objs = [*_CATALOG, _page(5, b"/X %d 0 R" % first), _FONT, pdf_stream(b"/X Do\n" * per_level)]
    for k in range(levels):
        obj = first + k
        last = k == levels - 1
        content = b"BT /F1 1 Tf 10 10 Td (%s) Tj ET" % text if last else b"/X Do\n" * per_level
        res = b"/Font << /F1 4 0 R >>" + (b"" if last else b" /XObject << /X %d 0 R >>" % (obj + 1))
        objs.append(pdf_stream(content, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << %s >>" % res))
    return pdf_of(objs)


def operators_pdf(ops: bytes, times: int, pages: int = 1) -> bytes:
    """A PDF of `pages` pages, each content stream ops * times (flate-compressed): e.g. b"q Q\n"
    (operators that draw nothing) or b"0 0 m 1 1 l S\n" (a path each)."""
    packed = zlib.compress(ops * times, 9)
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            pdf_stream(packed, b"/Filter /FlateDecode"), _FONT]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
             b"/Resources << /Font << /F1 4 0 R >> >> >>"] * pages
    return pdf_of(objs)


# ------------------------------------------------------------------------------ issue 22: xls


def cyclic_xls(back_at: int) -> bytes:
    """The folder fixture's 6.6 kB 附件1.xls with one short-sector chain entry changed so the
    Workbook stream's chain runs from sector back_at back to sector 0."""
    data = bytearray((FORMATS / "folder" / "附件1.xls").read_bytes())
    sec = 1 << struct.unpack_from("<H", data, 30)[0]
    ssat_sid = struct.unpack_from("<i", data, 60)[0]
    entry = 512 + ssat_sid * sec + back_at * 4
    assert struct.unpack_from("<i", data, entry)[0] in (back_at + 1, -2)  # the chain as written
    struct.pack_into("<i", data, entry, 0)
    return bytes(data)


# ------------------------------------------------------------------------------ the run


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "spans.html").write_text(span_page(1000), encoding="utf-8")
        workbook(d / "sparse.xlsx", {(1, 1): "序号", (1, 2): "网站名称", (1, 702): "x", (200000, 1): "1"})
        workbook(d / "small.xlsx", {(1, 1): "序号", (1, 2): "网站名称", (2, 1): "1", (2, 2): "x"})
        with zipfile.ZipFile(d / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:  # 1 GB of sheet XML, streamed
                chunk = b"<c/>" * 2_500_000  # (a 1 GB string here would inflate every child's peak RSS:
                for _ in range(100):  # Linux children inherit the parent's high-water mark)
                    f.write(chunk)
        (d / "paras.html").write_bytes(b"<html><body>" + b"<p>" * 12_000_000 + b"</body></html>")
        (d / "p100k.html").write_bytes(b"<html><body>" + b"<p>" * 99_000 + b"</body></html>")
        (d / "big.txt").write_text("共检查网站5个，其中不合格1个。\n" * 1_000_000, encoding="utf-8")
        (d / "2mb.txt").write_text("共检查网站5个，其中不合格1个。\n" * 45_000, encoding="utf-8")
        (d / "cyclic.xls").write_bytes(cyclic_xls(45))
        (d / "cyclic10.xls").write_bytes(cyclic_xls(10))
        (d / "inflate.pdf").write_bytes(inflating_pdf(1024))
        (d / "forms3.pdf").write_bytes(nested_forms_pdf(2, 100, b"x" * 100))
        (d / "forms4.pdf").write_bytes(nested_forms_pdf(3, 100, b"x" * 100))
        (d / "forms5.pdf").write_bytes(nested_forms_pdf(4, 100, b""))
        (d / "ops.pdf").write_bytes(operators_pdf(b"q Q\n", 500_000))
        (d / "paths.pdf").write_bytes(operators_pdf(b"0 0 m 1 1 l S\n", 142_000))
        (d / "pages.pdf").write_bytes(operators_pdf(b"q Q\n", 140_000, pages=20))
        text_op = b"BT /F1 1 Tf 10 10 Td (" + b"x" * 50_000 + b") Tj ET\n"
        (d / "chars.pdf").write_bytes(operators_pdf(text_op, 1, pages=200))
        lying_docx(d / "liar.docx", 2_000_000_000)
        lying_xlsx(d / "liar.xlsx", 20_000_000)
        sheet = "xl/worksheets/sheet1.xml"
        xlsx_with_markup(d / "rows.xlsx", sheet, b"</sheetData>", b"<row/>", 10_000_000)
        xlsx_with_markup(d / "merges.xlsx", sheet, b"</mergeCells>", b'<mergeCell ref="A5:B5"/>', 2_000_000)
        xlsx_with_markup(d / "onerow.xlsx", sheet, b"</sheetData>", b'<row r="9">' + b"<c/>" * 990_000 + b"</row>", 1)
        xlsx_with_markup(d / "styles.xlsx", "xl/styles.xml", b"</cellXfs>", b"<xf/>", 990_000)
        docx_of(d / "paras.docx", b"", b"<w:p/>", b"", 10_000_000)
        docx_of(d / "cell.docx", b"<w:tbl><w:tr><w:tc>", b"<w:p/>", b"</w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>",
                1_500_000)

        def kb(name: str) -> str:
            return f"{(d / name).stat().st_size / 1e3:,.0f} kB"

        seed_pdf, seed_docx = FORMATS / "seed.pdf", FORMATS / "seed.docx"
        xls = FORMATS / "folder" / "附件1.xls"
        cases = [
            ("1.75 MB page, 20 cells x 2400 rows of colspan=rowspan=1000", d / "spans.html",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            (f"HTML page of 12M empty <p> ({kb('paras.html')})", d / "paras.html",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            (f"HTML page of 99,000 empty <p>, under the limit ({kb('p100k.html')})", d / "p100k.html",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            (f"text bulletin of 1M lines ({kb('big.txt')})", d / "big.txt",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            (f"text bulletin of 45,000 lines, under the limit ({kb('2mb.txt')})", d / "2mb.txt",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            ("xlsx with cells at ZZ1 and A200000", d / "sparse.xlsx", "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx of 1 GB sheet XML ({kb('bomb.xlsx')} zip)", d / "bomb.xlsx", "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx whose shared strings lie about their size ({kb('liar.xlsx')})", d / "liar.xlsx",
             "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx of 10M empty rows ({kb('rows.xlsx')})", d / "rows.xlsx", "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx of 2M merged ranges ({kb('merges.xlsx')})", d / "merges.xlsx", "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx, one row of 990,000 empty cells ({kb('onerow.xlsx')})", d / "onerow.xlsx", "2x2 xlsx",
             d / "small.xlsx"),
            (f"xlsx, 990,000 cell formats in styles.xml ({kb('styles.xlsx')})", d / "styles.xlsx", "2x2 xlsx",
             d / "small.xlsx"),
            ("xls, cyclic short-sector chain after the last sector (6.6 kB)", d / "cyclic.xls", "folder .xls", xls),
            ("xls, cyclic short-sector chain inside the stream (6.6 kB)", d / "cyclic10.xls", "folder .xls", xls),
            (f"PDF, content stream inflating to 1 GiB ({kb('inflate.pdf')})", d / "inflate.pdf", "seed PDF", seed_pdf),
            (f"PDF, nested forms 100x100x100 chars ({kb('forms3.pdf')})", d / "forms3.pdf", "seed PDF", seed_pdf),
            (f"PDF, nested forms 100^3 x 100 chars ({kb('forms4.pdf')})", d / "forms4.pdf", "seed PDF", seed_pdf),
            (f"PDF, 4 levels of 100 empty form draws ({kb('forms5.pdf')})", d / "forms5.pdf", "seed PDF", seed_pdf),
            (f"PDF, 1M operators drawing nothing on one page ({kb('ops.pdf')})", d / "ops.pdf", "seed PDF", seed_pdf),
            (f"PDF, 142,000 painted paths on one page ({kb('paths.pdf')})", d / "paths.pdf", "seed PDF", seed_pdf),
            (f"PDF, 20 pages of 280,000 operators each ({kb('pages.pdf')})", d / "pages.pdf", "seed PDF", seed_pdf),
            (f"PDF, 200 pages of 50,000 characters each ({kb('chars.pdf')})", d / "chars.pdf", "seed PDF", seed_pdf),
            (f"docx, member declares 1 kB, holds 2 GB ({kb('liar.docx')})", d / "liar.docx", "seed docx", seed_docx),
            (f"docx of 10M empty paragraphs ({kb('paras.docx')})", d / "paras.docx", "seed docx", seed_docx),
            (f"docx, 1.5M paragraphs in one table cell ({kb('cell.docx')})", d / "cell.docx", "seed docx", seed_docx),
        ]
        print(f"{'case':66} {'time':>7} {'peak RSS':>9}   outcome")
        done: dict[Path, dict] = {}
        for name, path, base_name, base in cases:
            m = measure(path)
            print(f"{name:66} {m['s']:6.2f}s {m['mb']:7.0f}MB   {m['outcome']}", flush=True)
            if base not in done:
                done[base] = b = measure(base)
                print(f"{'  baseline: ' + base_name:66} {b['s']:6.2f}s {b['mb']:7.0f}MB   {b['outcome']}", flush=True)


if __name__ == "__main__":
    main()
