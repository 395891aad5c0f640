"""Snapshot every shipped output as comparable text, to prove a refactor changed nothing.

    python benchmarks/snapshot_outputs.py /tmp/before      # on the old commit
    python benchmarks/snapshot_outputs.py /tmp/after       # on the new one
    diff -r /tmp/before/snap /tmp/after/snap               # empty when outputs are identical

Captured through the `govstats` CLI only (so it runs unchanged on both sides of a move):
`extract --json` of every bulletin folder and file under data/raw, the processed tables of
`ingest` (Parquet read back as CSV text; CSV/JSON as written, minus the run timestamps),
the cell values of every ledger sheet, and three dashboards' HTML minus timestamps
and the random chart and cell ids.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_VOLATILE = re.compile(r"gs-chart-[0-9a-f]{12}|cell-id=[0-9a-f]{8}|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?")


def _govstats(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("govstats")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT, check=False)


def _scrub(text: str, out: Path | None = None) -> str:
    text = text.replace(str(out), "<out>") if out else text
    return _VOLATILE.sub("<volatile>", text)


#: Dashboards compared: annex + trend, inconsistent stated figures, narrative only.
PAGES = (("咸阳市", "2025Q1"), ("吴忠市", "2025Q1"), ("商洛市", "2020Q4"))


def snapshot(out: Path, raw: Path = ROOT / "data" / "raw", pages: tuple[tuple[str, str], ...] = PAGES) -> Path:
    """Write <out>/snap/* (text files to diff); working files go to <out>/work."""
    import pandas as pd
    from openpyxl import load_workbook

    snap, work = out / "snap", out / "work"
    for d in (snap, work):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    paths = sorted(str(p.relative_to(ROOT)) for p in raw.glob("*/*"))
    paths += sorted(str(p.relative_to(ROOT)) for p in raw.rglob("*") if p.is_file())
    r = _govstats("extract", "--json", *paths)
    (snap / "extract.jsonl").write_text(f"rc={r.returncode}\n{r.stdout}\n--stderr--\n{r.stderr}", encoding="utf-8")

    processed = work / "processed"
    r = _govstats("ingest", str(raw), "--out", str(processed))
    (snap / "ingest.out").write_text(f"rc={r.returncode}\n{_scrub(r.stdout, out)}", encoding="utf-8")
    for f in sorted(p for p in processed.iterdir() if p.is_file()):  # not the store's generation folders
        if f.suffix == ".parquet":
            text = pd.read_parquet(f).to_csv(index=False)
            (snap / f"processed.{f.name}.csv").write_text(f"{pd.read_parquet(f).dtypes.to_dict()}\n{text}", encoding="utf-8")
        else:
            (snap / f"processed.{f.name}").write_text(_scrub(f.read_text(encoding="utf-8")), encoding="utf-8")

    for q in ("2025Q1", "2022Q2"):
        r = _govstats("ledger", "--quarter", q, "--data-dir", str(processed), "--out", str(work / "ledger"))
        lines = [f"rc={r.returncode} stderr={r.stderr.strip()}"]
        if r.returncode == 0:
            wb = load_workbook(r.stdout.strip().splitlines()[-1])
            for ws in wb.worksheets:
                lines.append(f"## {ws.title} freeze={ws.freeze_panes} filter={ws.auto_filter.ref}")
                lines += [json.dumps(row, ensure_ascii=False, default=str) for row in ws.iter_rows(values_only=True)]
        (snap / f"ledger.{q}.txt").write_text("\n".join(lines), encoding="utf-8")

    for region, quarter in pages:
        r = _govstats("report", "--region", region, "--quarter", quarter, "--data-dir", str(processed),
                      "--out", str(work / "reports"))
        page = Path(r.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8") if r.returncode == 0 else r.stderr
        (snap / f"dashboard.{region}.{quarter}.html").write_text(f"rc={r.returncode}\n{_scrub(page)}", encoding="utf-8")

    code = ("import sys, json; from pathlib import Path\n"
            "try:\n from govstats.report.pages import write_index\nexcept ImportError:\n from govstats.report.render import write_index\n"
            "try:\n from govstats.store import read_manifest, read_tables as load_processed\n"
            "except ImportError:\n from govstats.ingest import load_processed, read_manifest\n"
            "p = Path(sys.argv[1]); t = load_processed(p)\n"
            "print(write_index(t, {('咸阳市', '2025Q1'): str(Path(sys.argv[2]) / '咸阳市' / '2025Q1.html')}, sys.argv[2], "
            "read_manifest(p), ['bulletin x: why']))")
    r = subprocess.run([sys.executable, "-c", code, str(processed), str(work / "reports")], capture_output=True,
                       text=True, cwd=ROOT, check=False)
    idx = Path(r.stdout.strip().splitlines()[-1]).read_text(encoding="utf-8") if r.returncode == 0 else r.stderr
    (snap / "index.html").write_text(f"rc={r.returncode}\n{_scrub(idx)}", encoding="utf-8")
    return snap


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder for the snapshot (snap/) and working files (work/)")
    args = ap.parse_args(argv)
    print(snapshot(Path(args.out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
