"""Hostile files built from a few bytes: lying zips, streamed XML bombs, PDF bombs, a cyclic .xls.

Issue 22's cases, shared by tests/unit/readers/test_bounded_readers.py (small sizes) and
benchmarks/reader_limits.py (the issue's full sizes); they live here so that tests do not import
from benchmarks/ (issue 21 item 7). Nothing is committed: every file is made when needed.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

FORMATS = Path(__file__).resolve().parents[1] / "data" / "formats"


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
    """A stream object holding data, with `extra` dictionary entries (a filter, a form's keys)."""
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (extra, len(data), data)


#: Objects 1 and 2 of a one-page PDF (catalog, page tree); FONT is object 4 in these files.
CATALOG = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page(content_obj: int, xobjects: bytes = b"") -> bytes:
    """A page object of the one-page tree in CATALOG, drawing object content_obj with font F1 = object 4."""
    return (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 4 0 R >> /XObject << %s >> >> >>" % (content_obj, xobjects))


def inflating_pdf(mib: int) -> bytes:
    """A one-page PDF whose content stream (spaces) inflates to mib MiB (issue 22: 1 GiB from 1 MB)."""
    z = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    packed = b"".join(z.compress(chunk) for _ in range(mib)) + z.flush()
    return pdf_of([*CATALOG, page(5), FONT, pdf_stream(packed, b"/Filter /FlateDecode")])


def nested_forms_pdf(levels: int, per_level: int, text: bytes) -> bytes:
    """A page drawing form 1 per_level times, form k drawing form k+1 per_level times, the last
    showing text: per_level ** levels * len(text) characters from a few kB (issue 22: 100^3)."""
    first = 6
    objs = [*CATALOG, page(5, b"/X %d 0 R" % first), FONT, pdf_stream(b"/X Do\n" * per_level)]
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
            pdf_stream(packed, b"/Filter /FlateDecode"), FONT]
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
