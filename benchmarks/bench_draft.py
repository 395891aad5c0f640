"""Time and peak memory of `govstats draft --results` on results workbooks of growing size (issue 22.7).

    python benchmarks/bench_draft.py [ROWS ...]      (default: 1000 3851 10000 20000 300000)

Each size runs the real command in a fresh subprocess (wall and CPU seconds, peak RSS from getrusage of
the child); every 7th account is unqualified, so the annex holds a seventh of the rows. 3,851 is the
largest count of accounts a shipped bulletin states (河南省 2022 Q4). Sizes beyond
draft.workbook.MAX_UNIT_ROWS are refused; the number shows how fast.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def book(path: Path, rows: int) -> None:
    """A results workbook with `rows` accounts, written in openpyxl's write-only mode."""
    from openpyxl import Workbook

    from govstats.draft.workbook import SHEET_NM, SHEET_WEB, _columns

    wb = Workbook(write_only=True)
    for sheet in (SHEET_WEB, SHEET_NM):
        ws = wb.create_sheet(sheet)
        ws.append([label for _, label in _columns()[sheet]])
    for i in range(rows):
        bad = i % 7 == 0
        ws.append([f"账号{i}", f"单位{i}", "抖音", "不合格" if bad else "合格", "无更新" if bad else None,
                   "已整改" if bad else None])
    wb.save(path)


def main(sizes: list[int]) -> None:
    print(f"{'rows':>8} {'wall s':>7} {'cpu s':>6} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            src = Path(tmp) / f"b{n}.xlsx"
            book(src, n)
            t = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            r = subprocess.run([sys.executable, "-m", "govstats.cli", "draft", "--results", str(src), "--region",
                                "咸阳市", "--quarter", "2025Q2", "--out", str(Path(tmp) / f"o{n}"), "--data-dir",
                                str(Path(tmp) / "none"), "--date", "2025-07-03"],
                               capture_output=True, text=True, cwd=ROOT)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
            outcome = "drafted" if r.returncode == 0 else r.stderr.strip().splitlines()[-1].split(": ", 2)[-1][:70]
            print(f"{n:>8} {wall:>7.1f} {cpu:>6.1f} {after.ru_maxrss / 1024:>8.0f}  {outcome}")


if __name__ == "__main__":
    main([int(x) for x in sys.argv[1:]] or [1000, 3851, 10000, 20000, 300000])
