"""Time and memory of the readers on hostile inputs (sparse sheets, zip bombs, deep spans, lying zips, cyclic .xls chains, PDF bombs), beside same-run baselines.

    python -m benchmarks.reader_limits      (or: python benchmarks/reader_limits.py)

Each case runs `govstats extract --json` (issue 22: its bounds hold in extract as in ingest)
in a fresh subprocess, peak RSS from its /proc/self/status VmHWM, and is printed with a baseline: a benign file
of the same format measured in the same run. The builders of tests/helpers/hostile_files.py make each
hostile file from a few bytes; tests/unit/readers/test_bounded_readers.py builds its cases with them too.
The goal (issue 22): under 20 s and 700 MB peak on any input, one line naming the limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
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


# ------------------------------------------------------------------------------ the run


def main() -> None:
    """Build every hostile file in a temporary folder and print its time, peak RSS and outcome."""
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
    if not __package__:  # run as `python benchmarks/reader_limits.py`: put the repository root on the path
        sys.path.insert(0, str(ROOT))
    main()
