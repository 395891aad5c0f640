"""Dashboard benchmarks, measured against a floor taken in the same run.

    python -m benchmarks.bench_report [--data-dir DIR] [--n 8] [--repeat 3]

- floor: Papermill (API, immediate shutdown) on a one-cell notebook that imports pandas and
  plotly - the least any dashboard kernel can cost.
- dashboard: one full seed render (validate parameters, execute, export HTML, atomic write).
- batch: N dashboards with 1 worker and with 2 workers (ProcessPoolExecutor), the speed-up.
- warm vs fresh kernels: the same N dashboards rendered one by one in a fresh Papermill kernel
  each, then in one warm kernel (govstats.report.warm, kernel start included), one process:
  pages per second of wall time and per CPU second (this process and its kernels: the rate per core on a
  shared machine), and whether every warm page is byte-identical to its fresh render.

Floor and dashboard runs are interleaved so machine load affects both alike; medians reported.
Goals: dashboard within 1.5x the floor; at least 1.6x from the second worker; warm kernels
>= 3 dashboards/s per core and >= 5x the fresh-kernel rate, with identical HTML.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

__all__ = ["bench_dashboard", "bench_warm", "floor_once"]

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
    """Measure floor, one dashboard render and the 1- vs 2-worker batch; returns the numbers (seconds).

    Both go through govstats.report.pages, the path `govstats report` and `govstats build` take.
    """
    from govstats.report.pages import Page, render_page, render_pages
    from govstats.report.render import export_html_bytes, run_notebook
    from govstats.report.summary import available
    from govstats.store import read_tables

    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        processed = _processed(data_dir, tmp).resolve()
        tables = read_tables(processed)
        page = Page("dashboard", region, quarter).validate(tables["bulletins"])
        render_page(page, processed, tmp / "warm", tables)  # warm-up: imports, disk cache
        floor_once()
        floors, renders, execs, exports = [], [], [], []
        for _ in range(repeat):
            floors.append(floor_once())
            t0 = time.perf_counter()
            nb = run_notebook(page.parameters(processed), notebook=page.notebook, cwd=processed)
            t1 = time.perf_counter()
            export_html_bytes(nb, page.title)
            renders.append(time.perf_counter() - t0)
            execs.append(t1 - t0)
            exports.append(renders[-1] - execs[-1])
        pairs = sorted(set(map(tuple, available(tables["bulletins"])[["region", "quarter"]].itertuples(index=False))))
        pages = [Page("dashboard", r, q) for r, q in pairs[:n]]
        t0 = time.perf_counter()
        res1 = render_pages(pages, processed, tmp / "b1", workers=1, force=True, tables=tables)
        t1 = time.perf_counter() - t0
        t0 = time.perf_counter()
        res2 = render_pages(pages, processed, tmp / "b2", workers=2, force=True, tables=tables)
        t2 = time.perf_counter() - t0
    failed = [f"{r.page.relpath}: {r.error}" for r in res1 + res2 if r.error]
    floor, render = statistics.median(floors), statistics.median(renders)
    return {
        "floor_s": floor,
        "dashboard_s": render,
        "dashboard_execute_s": statistics.median(execs),
        "dashboard_export_s": statistics.median(exports),
        "ratio_to_floor": render / floor,
        "batch_n": len(pages),
        "batch_1_worker_s": t1,
        "batch_2_workers_s": t2,
        "speedup_2_workers": t1 / t2,
        "floors_s": floors,
        "dashboards_s": renders,
        "failed": failed,
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children (kernels are children here)."""
    import os

    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def bench_warm(data_dir: str | Path | None = None, n: int = 12) -> dict[str, Any]:
    """N dashboards in fresh kernels, then in one warm kernel, in this process; rates and identity."""
    from govstats.report.pages import Page, render_page
    from govstats.report.summary import available
    from govstats.report.warm import WarmKernel
    from govstats.store import read_tables

    with tempfile.TemporaryDirectory() as tmpd:
        tmp = Path(tmpd)
        processed = _processed(data_dir, tmp)
        tables = read_tables(processed)
        pairs = sorted(set(zip(*(available(tables["bulletins"])[c] for c in ("region", "quarter")))))
        pages = [Page("dashboard", r, q) for r, q in (pairs * (n // max(1, len(pairs)) + 1))[:n]]
        render_page(pages[0], processed, tmp / "warmup", tables)  # imports and disk cache, both modes alike
        out: dict[str, Any] = {"n": len(pages)}
        for mode in ("fresh", "warm"):
            c0, t0 = _cpu(), time.perf_counter()
            if mode == "fresh":
                for p in pages:
                    render_page(p, processed, tmp / mode, tables)
            else:
                k = WarmKernel(cwd=processed.resolve())
                try:
                    k.start()  # the once-per-worker cost, reported apart as well
                    out["warm_start_wall_s"] = time.perf_counter() - t0
                    for p in pages:
                        render_page(p, processed, tmp / mode, tables, kernel=k)
                finally:
                    k.close()
            wall, cpu = time.perf_counter() - t0, _cpu() - c0
            out[f"{mode}_wall_s"], out[f"{mode}_cpu_s"] = wall, cpu
            out[f"{mode}_per_s"], out[f"{mode}_per_cpu_s"] = len(pages) / wall, len(pages) / cpu
        same = {p.relpath for p in pages
                if (tmp / "fresh" / p.relpath).read_bytes() == (tmp / "warm" / p.relpath).read_bytes()}
        out["identical"] = len(same)
        out["distinct"] = len({p.relpath for p in pages})
    # steady state: the same run minus the kernel start (wall time only: a child's CPU is
    # counted when it exits, so the start's share of CPU cannot be told apart)
    out["warm_steady_per_s"] = out["n"] / max(1e-9, out["warm_wall_s"] - out["warm_start_wall_s"])
    out["speedup_wall"] = out["warm_per_s"] / out["fresh_per_s"]
    out["speedup_cpu"] = out["warm_per_cpu_s"] / out["fresh_per_cpu_s"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_report", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", default=None, help="processed tables (default: ingest data/raw to a temp dir)")
    ap.add_argument("--n", type=int, default=8, help="dashboards in the batch comparison")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--warm-only", action="store_true", help="only the warm vs fresh kernel comparison")
    args = ap.parse_args(argv)
    w = bench_warm(args.data_dir, n=max(args.n, 12))
    print(f"{w['n']} dashboards, one process: fresh kernels {w['fresh_per_s']:.2f}/s wall, "
          f"{w['fresh_per_cpu_s']:.2f} per CPU-s;  warm kernel {w['warm_per_s']:.2f}/s wall, "
          f"{w['warm_per_cpu_s']:.2f} per CPU-s  (goal >= 3 per core)")
    print(f"warm / fresh: {w['speedup_wall']:.1f}x wall, {w['speedup_cpu']:.1f}x per CPU-s (goal >= 5x), "
          f"kernel start included; without the one start per worker ({w['warm_start_wall_s']:.2f} s): "
          f"{w['warm_steady_per_s']:.2f}/s wall = {w['warm_steady_per_s'] / w['fresh_per_s']:.1f}x; "
          f"identical HTML: {w['identical']}/{w['distinct']} pages")
    if args.warm_only:
        return 0 if w["identical"] == w["distinct"] else 1
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
