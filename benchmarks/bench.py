"""Benchmark the pipeline on a synthetic national-scale corpus: `python -m benchmarks.bench` (`make bench`).

Each measurement is printed beside a baseline taken in the same run on the same machine:

- extraction: `load_bulletin` + the `extract --json` object, one process  vs  reading the same bytes;
- ingest: `govstats ingest` (2 workers) wall time and peak memory of the whole process tree
  (psutil, sampled every 50 ms; summed RSS of the parent and its workers)  vs  checking the
  sha256 sidecars of every file (the I/O floor of an ingest);
- validation: `govstats validate` over all tables at once (same measurement)  vs  one GX run per
  bulletin (a sample of bulletins validated one by one, extrapolated to the corpus);
- dashboards: batches rendered with 1 and 2 workers  vs  starting a bare kernel.

Goals (2 cores): extraction ≥ 300 bulletins/s; 10,000 bulletins ingest + validate in < 60 s
with < 2 GB peak memory; the whole benchmark in < 5 minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOALS = {"extract_per_s": 300.0, "ingest_validate_s": 60.0, "peak_mb": 2048.0}


@dataclass
class Row:
    """One measurement and its baseline."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    note: str = ""

    def line(self) -> str:
        s = f"  {self.name:<34} {self.value:>10.1f} {self.unit:<14}"
        if self.baseline is not None:
            s += f" baseline {self.baseline_name}: {self.baseline:.1f}"
        if self.note:
            s += f"  ({self.note})"
        return s


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print(row.line(), flush=True)
        return row

    def get(self, name: str) -> float | None:
        return next((r.value for r in self.rows if r.name == name), None)


def run_measured(cmd: list[str], cwd: Path | None = None, interval: float = 0.05) -> tuple[float, float, int, str]:
    """Run cmd; return (seconds, peak MB of the summed RSS of its process tree, exit code, stderr tail).

    psutil samples the tree every ``interval`` s; without psutil, ru_maxrss of the children
    (the largest single process) is used instead.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    try:
        import psutil

        p = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                procs = [p, *p.children(recursive=True)]
                rss = 0
                for q in procs:
                    try:
                        rss += q.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, rss / 2**20)
            except psutil.Error:
                pass
            time.sleep(interval)
    except ImportError:
        pass
    _, err = proc.communicate()
    secs = time.perf_counter() - t0
    if peak == 0.0:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return secs, peak, proc.returncode, "\n".join(err.strip().splitlines()[-3:])


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bench_extract(files: list[Path], rep: Report) -> None:
    """Bulletins/s for load_bulletin + to_json_dict in this process, vs reading the same bytes."""
    from govstats.bulletin import load_bulletin
    from govstats.readers.base import read_bytes

    load_bulletin(files[0])  # warm-up: imports, vocabularies, OpenCC
    t_read, _ = timed(lambda: [read_bytes(p) for p in files])
    t_load, _ = timed(lambda: [load_bulletin(p).to_json_dict() for p in files])
    rate = len(files) / t_load
    rep.add(Row("extract (load_bulletin+json)", rate, "bulletins/s", len(files) / t_read, "read bytes",
                f"{len(files)} bulletins, goal ≥ {GOALS['extract_per_s']:.0f}/s"))


def bench_extract_real(rep: Report, corpus: Path) -> None:
    """The same measure on the real corpus texts (shorter, mostly without annexes) plus the seed."""
    import json as _json

    from govstats.bulletin import load_bulletin

    if not corpus.exists():
        return
    with tempfile.TemporaryDirectory(prefix="govstats-real-") as tmp:
        files = []
        for line in corpus.read_text(encoding="utf-8").splitlines():
            r = _json.loads(line)
            p = Path(tmp) / f"{r['id']}.txt"
            p.write_text(r["text"], encoding="utf-8")
            files.append(p)
        files *= max(1, 500 // len(files))
        load_bulletin(files[0])
        t, _ = timed(lambda: [load_bulletin(p).to_json_dict() for p in files])
    rep.add(Row("extract, real corpus texts", len(files) / t, "bulletins/s", None, "",
                f"{len(files)} loads of the 47 corpus bulletins"))


def bench_import(rep: Report) -> None:
    """`import govstats` against `import pandas`, each in fresh interpreters (best of 5)."""
    def best(stmt: str) -> float:
        runs = []
        for _ in range(5):
            out = subprocess.run([sys.executable, "-c", f"import time; t=time.perf_counter(); {stmt}; "
                                  "print(time.perf_counter()-t)"], capture_output=True, text=True, check=True)
            runs.append(float(out.stdout.strip()))
        return min(runs)

    t_pd, t_gs = best("import pandas"), best("import govstats")
    rep.add(Row("import govstats", t_gs * 1000, "ms", t_pd * 1000, "import pandas",
                f"ratio {t_gs / t_pd:.2f}, goal ≤ 1.5"))


def bench_ingest(raw: Path, processed: Path, rep: Report, workers: int) -> None:
    """Whole-corpus `govstats ingest` vs verifying every sidecar checksum."""
    from govstats.ingest import discover, unit_files, verify_source

    t_verify, _ = timed(lambda: [verify_source(f) for u in discover(raw) for f in unit_files(u)])
    cmd = [sys.executable, "-m", "govstats.cli", "ingest", str(raw), "--out", str(processed), "--workers", str(workers)]
    secs, peak, rc, err = run_measured(cmd)
    rep.info["ingest_exit"] = rc
    if rc not in (0, 2):
        print(f"  ingest failed (exit {rc}): {err}", flush=True)
    manifest = json.loads((processed / "manifest.json").read_text(encoding="utf-8")) if rc in (0, 2) else {}
    rep.info["ingest_rows"] = manifest.get("rows", {})
    rep.info["ingest_skipped"] = len(manifest.get("skipped", []))
    rep.add(Row("ingest wall", secs, "s", t_verify, "verify sha256 sidecars",
                f"{workers} workers, {manifest.get('bulletins', '?')} bulletins, {rep.info['ingest_skipped']} skipped"))
    rep.add(Row("ingest peak memory", peak, "MB", None, "", "summed RSS of the process tree (psutil)"))


def bench_validate(processed: Path, rep: Report, per_bulletin_sample: int) -> None:
    """`govstats validate` over all tables at once vs one GX run per bulletin (sample, extrapolated)."""
    from govstats.store import read_tables as load_processed
    from govstats.validate import validate_tables

    cmd = [sys.executable, "-m", "govstats.cli", "validate", str(processed), "--docs", ""]
    secs, peak, rc, _ = run_measured(cmd)
    rep.info["validate_exit"] = rc
    tables = load_processed(processed)
    t_all, report = timed(lambda: validate_tables(tables))
    ids = list(tables["bulletins"]["bulletin_id"])[:per_bulletin_sample]

    def one_by_one() -> None:
        for bid in ids:
            validate_tables({k: v[v["bulletin_id"] == bid] for k, v in tables.items()})

    t_sample, _ = timed(one_by_one)
    n = len(tables["bulletins"])
    extrapolated = t_sample / max(len(ids), 1) * n
    rep.add(Row("validate CLI wall (all at once)", secs, "s", extrapolated, "one GX run per bulletin",
                f"per-bulletin figure extrapolated from {len(ids)} bulletins × {n}; exit {rc}"))
    rep.add(Row("validate_tables in-process", t_all, "s", None, "", f"{sum(report.row_counts.values())} rows"))
    rep.add(Row("validate peak memory", peak, "MB"))


def _bare_kernel_seconds() -> float:
    """Seconds to start a python3 kernel, wait until ready, and shut it down."""
    from jupyter_client.manager import start_new_kernel

    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name="python3")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return time.perf_counter() - t0


def _render_batch(pairs: list[tuple[str, str]], processed: Path, out: Path, workers: int) -> tuple[float, int]:
    """Render pairs with `govstats report`, one fresh process per page, at most `workers` at a time.

    Process-level parallelism: nothing is forked from a process holding kernel/ZMQ threads.
    Returns (seconds, failures).
    """
    cmds = [[sys.executable, "-m", "govstats.cli", "report", "--region", r, "--quarter", q,
             "--data-dir", str(processed), "--out", str(out / f"w{workers}-{i}")] for i, (r, q) in enumerate(pairs)]
    t0 = time.perf_counter()
    running: list[subprocess.Popen[bytes]] = []
    failed = 0
    while cmds or running:
        while cmds and len(running) < workers:
            running.append(subprocess.Popen(cmds.pop(0), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(0.05)
        for p in [p for p in running if p.poll() is not None]:
            failed += p.returncode != 0
            running.remove(p)
    return time.perf_counter() - t0, failed


def bench_dashboards(rep: Report, n_pages: int) -> None:
    """Dashboard batches (`govstats report` per page) with 1 and 2 workers vs a bare kernel start.

    Dashboards are per (region, quarter), so their cost does not depend on corpus size: they are
    rendered from the project's own data/raw. Each page is a fresh `govstats report` process
    (interpreter start and imports included, as in a shell loop or a Makefile).
    """
    from govstats.ingest import ingest
    from govstats.report.summary import available
    from govstats.store import read_tables as load_processed

    with tempfile.TemporaryDirectory(prefix="govstats-dash-") as tmpd:
        tmp = Path(tmpd)
        ingest(Path(__file__).resolve().parents[1] / "data" / "raw", tmp / "processed", workers=1)
        b = load_processed(tmp / "processed")["bulletins"]
        pairs = sorted(set(map(tuple, available(b)[["region", "quarter"]].itertuples(index=False))))
        pairs = (pairs * (n_pages // max(1, len(pairs)) + 1))[:n_pages]
        kernel = float(subprocess.run(
            [sys.executable, "-c", "from benchmarks.bench import _bare_kernel_seconds; print(_bare_kernel_seconds())"],
            capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[1]).stdout.strip() or "nan")
        for w in (1, 2):
            secs, failed = _render_batch(pairs, tmp / "processed", tmp / "reports", w)
            rep.add(Row(f"dashboards, {w} worker(s)", len(pairs) / secs * 60, "pages/min", 60 / kernel,
                        "bare kernel starts/min", f"{len(pairs)} pages in {secs:.1f} s ({secs / len(pairs):.1f} s/page)"
                        + (f", {failed} failed" if failed else "")))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="synthetic bulletins (default 10000)")
    ap.add_argument("--quick", action="store_true", help="500 bulletins, small samples (CI smoke test)")
    ap.add_argument("--extract-sample", type=int, default=1000, help="bulletins timed for extraction")
    ap.add_argument("--validate-sample", type=int, default=20, help="bulletins validated one by one")
    ap.add_argument("--pages", type=int, default=6, help="dashboards rendered per worker setting")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-dashboards", action="store_true")
    ap.add_argument("--no-validate", action="store_true")
    ap.add_argument("--keep", default=None, help="write the corpus here and keep it (default: a temp dir)")
    ap.add_argument("--json", default=None, help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    if args.quick:
        args.n = min(args.n, 500)
        args.extract_sample = min(args.extract_sample, 200)
        args.validate_sample = min(args.validate_sample, 5)
        args.pages = min(args.pages, 2)
    rep = run(args)
    if args.json:
        Path(args.json).write_text(json.dumps({"rows": [r.__dict__ for r in rep.rows], "info": rep.info},
                                              ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


def run(args: argparse.Namespace) -> Report:
    """Run every stage selected in args and print each row as it is measured."""
    from tests.helpers.synth import write_corpus

    rep = Report()
    t_start = time.perf_counter()
    print(f"govstats benchmark: {args.n} synthetic bulletins, {os.cpu_count()} CPU(s), "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="govstats-bench-") as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        raw, processed = base / "data" / "raw", base / "data" / "processed"
        t_syn, files = timed(lambda: write_corpus(raw, args.n))
        nbytes = sum(p.stat().st_size for p in files)
        digest = hashlib.sha256()
        rep.add(Row("synthesize corpus", t_syn, "s", None, "", f"{len(files)} files, {nbytes / 1e6:.1f} MB"))
        digest.update(str(nbytes).encode())
        step = max(1, len(files) // max(args.extract_sample, 1))
        bench_extract(files[::step][: args.extract_sample], rep)
        bench_extract_real(rep, Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "bulletins.jsonl")
        bench_import(rep)
        bench_ingest(raw, processed, rep, args.workers)
        if not args.no_validate:
            bench_validate(processed, rep, args.validate_sample)
        if not args.no_dashboards:
            bench_dashboards(rep, args.pages)
    total = time.perf_counter() - t_start
    rep.add(Row("whole benchmark", total, "s", None, "", "goal < 300 s"))
    ingest_s = rep.get("ingest wall") or 0.0
    validate_s = rep.get("validate CLI wall (all at once)") or 0.0
    peak = max(rep.get("ingest peak memory") or 0.0, rep.get("validate peak memory") or 0.0)
    extract = rep.get("extract (load_bulletin+json)") or 0.0
    print("goals:", flush=True)
    print(f"  extraction {extract:.0f}/s ≥ {GOALS['extract_per_s']:.0f}/s: {'met' if extract >= GOALS['extract_per_s'] else 'MISSED'}")
    if not args.no_validate:
        tot = ingest_s + validate_s
        scale = f" (at n={args.n})" if args.n != 10_000 else ""
        print(f"  ingest+validate {tot:.1f} s < {GOALS['ingest_validate_s']:.0f} s{scale}: "
              f"{'met' if tot < GOALS['ingest_validate_s'] else 'MISSED'}")
    print(f"  peak memory {peak:.0f} MB < {GOALS['peak_mb']:.0f} MB: {'met' if peak < GOALS['peak_mb'] else 'MISSED'}")
    rep.info["total_s"] = total
    return rep


if __name__ == "__main__":
    sys.exit(main())
