"""Time and memory of the readers on hostile inputs (huge sparse sheets, zip bombs, deep spans), beside same-run baselines.

    python benchmarks/reader_limits.py

Each case runs in a fresh subprocess (peak RSS from getrusage) and is printed with a
baseline: the same reader on a benign file of similar size, measured in the same run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
from govstats.errors import BulletinError
from govstats.readers import read_raw
t = time.perf_counter()
try:
    raw = read_raw(sys.argv[1]); outcome = f"read, {sum(len(g.rows) for g in raw.grids)} rows"
except BulletinError as e:
    outcome = "error: " + e.reason[:70]
print(json.dumps({"s": time.perf_counter() - t, "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "outcome": outcome}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, timeout=600,
                         cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "spans.html").write_text(span_page(1000), encoding="utf-8")
        (d / "plain.html").write_text(span_page(1), encoding="utf-8")
        workbook(d / "sparse.xlsx", {(1, 1): "序号", (1, 2): "网站名称", (1, 702): "x", (200000, 1): "1"})
        workbook(d / "small.xlsx", {(1, 1): "序号", (1, 2): "网站名称", (2, 1): "1", (2, 2): "x"})
        with zipfile.ZipFile(d / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as zf:
            with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:  # 1 GB of sheet XML, streamed
                chunk = b"<c/>" * 2_500_000  # (a 1 GB string here would inflate every child's peak RSS:
                for _ in range(100):  # Linux children inherit the parent's high-water mark)
                    f.write(chunk)
        cases = [
            ("1.75 MB page, 20 cells x 2400 rows of colspan=rowspan=1000", d / "spans.html",
             "same page, spans of 1", d / "plain.html"),
            ("xlsx with cells at ZZ1 and A200000", d / "sparse.xlsx", "2x2 xlsx", d / "small.xlsx"),
            (f"xlsx of 1 GB sheet XML ({(d / 'bomb.xlsx').stat().st_size / 1e6:.1f} MB zip)", d / "bomb.xlsx",
             "2x2 xlsx", d / "small.xlsx"),
            ("seed PDF (4 pages)", ROOT / "tests/data/formats/seed.pdf",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
            ("seed docx", ROOT / "tests/data/formats/seed.docx",
             "seed text", ROOT / "data/raw/咸阳市/2025Q1/xianyang-2025q1.txt"),
        ]
        print(f"{'case':62} {'time':>8} {'peak RSS':>9}   outcome")
        for name, path, base_name, base in cases:
            m, b = measure(path), measure(base)
            print(f"{name:62} {m['s']:7.2f}s {m['mb']:7.0f}MB   {m['outcome']}")
            print(f"{'  baseline: ' + base_name:62} {b['s']:7.2f}s {b['mb']:7.0f}MB   {b['outcome']}")


if __name__ == "__main__":
    main()
