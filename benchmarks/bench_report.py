"""Dashboard benchmarks, measured against a floor taken in the same run.

    python -m benchmarks.bench_report [--data-dir DIR] [--n 8] [--repeat 3]

- floor: Papermill (API, immediate shutdown) on a one-cell notebook that imports pandas and
  plotly - the least any dashboard kernel can cost.
- dashboard: one full seed render (validate parameters, execute, export HTML, atomic write).
- batch: N dashboards with 1 worker and with 2 workers (ProcessPoolExecutor), the speed-up.

Floor and dashboard runs are interleaved so machine load affects both alike; medians reported.
Goals: dashboard within 1.5x the floor; at least 1.6x from the second worker.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["bench_dashboard", "floor_once"]

ROOT = Path(__file__).resolve().parents[1]


def floor_once() -> float:
    """Seconds for Papermill to run a notebook whose only cell imports pandas and plotly."""
    import nbformat
    import papermill as pm

    from govstats.report.kernel import KERNEL_MANAGER

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas, plotly")]
    nb.metadata = {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    t0 = time.perf_counter()
    pm.execute_notebook(nb, None, kernel_name="python3", progress_bar=False, log_output=False,
                        request_save_on_cell_execute=False, shutdown_kernel="immediate",
                        kernel_manager_class=KERNEL_MANAGER)
    return time.perf_counter() - t0


def _processed(data_dir: str | Path | None, tmp: Path) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from govstats.ingest import ingest

    ingest(ROOT / "data" / "raw", tmp / "processed", workers=1)
    return tmp / "processed"


def bench_dashboard(data_dir: str | Path | None = None, n: int = 8, repeat: int = 3,
                    region: str = "咸阳市", quarter: str = "2025Q1") -> dict[str, Any]:
    """Measure floor, one dashboard render and the 1- vs 2-worker batch; returns the numbers (seconds)."""
    from govstats.report.render import render_dashboard, render_many
    from govstats.report.summary import available
    from govstats.store import read_tables as load_processed

    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        processed = _processed(data_dir, tmp)
        tables = load_processed(processed)
        render_dashboard(region, quarter, processed, tmp / "warm", tables=tables)  # warm-up: imports, disk cache
        floor_once()
        floors, renders, execs, exports = [], [], [], []
        for _ in range(repeat):
            floors.append(floor_once())
            t0 = time.perf_counter()
            r = render_dashboard(region, quarter, processed, tmp / "one", tables=tables)
            renders.append(time.perf_counter() - t0)
            execs.append(r.execute_s)
            exports.append(r.export_s)
        pairs = sorted(set(map(tuple, available(tables["bulletins"])[["region", "quarter"]].itertuples(index=False))))
        pairs = (pairs * (n // max(1, len(pairs)) + 1))[:n]
        # distinct output folders per job so repeated pairs never write the same file
        t0 = time.perf_counter()
        res1 = render_many(pairs, processed, tmp / "b1", workers=1)
        t1 = time.perf_counter() - t0
        t0 = time.perf_counter()
        res2 = render_many(pairs, processed, tmp / "b2", workers=2)
        t2 = time.perf_counter() - t0
    failed = [f"{r} {q}: {e}" for r, q, _, e, _ in res1 + res2 if e]
    floor, render = statistics.median(floors), statistics.median(renders)
    return {
        "floor_s": floor,
        "dashboard_s": render,
        "dashboard_execute_s": statistics.median(execs),
        "dashboard_export_s": statistics.median(exports),
        "ratio_to_floor": render / floor,
        "batch_n": n,
        "batch_1_worker_s": t1,
        "batch_2_workers_s": t2,
        "speedup_2_workers": t1 / t2,
        "floors_s": floors,
        "dashboards_s": renders,
        "failed": failed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", default=None, help="processed tables (default: ingest data/raw to a temp dir)")
    ap.add_argument("--n", type=int, default=8, help="dashboards in the batch comparison")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    r = bench_dashboard(args.data_dir, n=args.n, repeat=args.repeat)
    print(f"floor (papermill, import pandas+plotly): {r['floor_s']:.2f} s  (runs: {', '.join(f'{x:.2f}' for x in r['floors_s'])})")
    print(f"one dashboard (execute+export+write):    {r['dashboard_s']:.2f} s  "
          f"(execute {r['dashboard_execute_s']:.2f}, export {r['dashboard_export_s']:.2f}; "
          f"runs: {', '.join(f'{x:.2f}' for x in r['dashboards_s'])})")
    print(f"ratio to floor:                          {r['ratio_to_floor']:.2f}x  (goal <= 1.5x)")
    print(f"batch of {r['batch_n']}: 1 worker {r['batch_1_worker_s']:.1f} s, 2 workers {r['batch_2_workers_s']:.1f} s "
          f"-> speed-up {r['speedup_2_workers']:.2f}x  (goal >= 1.6x)")
    for f in r["failed"]:
        print(f"FAILED: {f}")
    return 1 if r["failed"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
