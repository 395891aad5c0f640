"""Benchmark `govstats assess` on synthetic monitoring weeks: `python -m benchmarks.bench_assess`.

Scales (tests/helpers/synth_monitoring.py, Parquet inputs; generation is not timed):

- province-week: 1,000 sites x 7 days x 24 probes, 5,000 accounts (~35,000 posts);
- country-week: 14,000 sites x 7 days x 24 probes (~2.4 M probes), 100,000 accounts (~700,000 posts).

Each run is the real command (`govstats assess RUN --out DIR`) in a fresh process: wall time,
and peak memory of that process (ru_maxrss of the child). Baseline in the same run: DuckDB
only counting the rows of every input file (the floor of reading the logs at all). The planted
cases (PLANTED) are checked after each run, so a fast wrong answer cannot pass.
Goal (2 cores): country-week < 60 s and < 4 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCALES = {"province": (1_000, 5_000), "country": (14_000, 100_000), "smoke": (40, 20)}  # smoke: the test's size
GOAL_SECONDS, GOAL_BYTES = 60.0, 4 * 1024**3



def _run(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess]:
    """Wall time and peak RSS of one child (ru_maxrss of children is a max over all of them:
    each measurement runs in its own helper process so earlier children do not mask it)."""
    helper = ("import resource, subprocess, sys, time, json;"
              "t = time.perf_counter(); r = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
              "s = time.perf_counter() - t;"
              "print(json.dumps([s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024, r.returncode,"
              " r.stdout, r.stderr]))")
    out = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, text=True, check=True)
    secs, peak, rc, stdout, stderr = json.loads(out.stdout)
    return secs, peak, subprocess.CompletedProcess(cmd, rc, stdout, stderr)


def _baseline(run: Path) -> tuple[float, int, int]:
    code = ("import duckdb, sys, glob;"
            "c = duckdb.connect();"
            "print(sum(c.execute('SELECT count(*) FROM read_parquet(?)', [f]).fetchone()[0] "
            "for f in glob.glob(sys.argv[1] + '/*.parquet')))")
    secs, peak, r = _run([sys.executable, "-c", code, str(run)])
    return secs, peak, int(r.stdout.strip() or 0)


def bench(scale: str, work: Path, seed: int = 7) -> dict:
    from tests.helpers.synth_monitoring import PLANTED, generate

    sites, accounts = SCALES[scale]
    run = work / f"{scale}-week"
    t0 = time.perf_counter()
    generate(run, sites=sites, accounts=accounts, fmt="parquet", seed=seed)
    gen = time.perf_counter() - t0
    base_s, base_peak, rows = _baseline(run)
    out = work / f"{scale}-out"
    secs, peak, r = _run([sys.executable, "-m", "govstats.cli", "assess", str(run), "--out", str(out)])
    if r.returncode != 0:
        raise SystemExit(f"assess failed on {scale}: {r.stderr.strip()}")
    import pandas as pd

    v = pd.read_parquet(out / "verdicts.parquet").set_index(["unit_id", "item"])["verdict"]
    wrong = [(u, i, want, v.get((u, i))) for u, i, want, _ in PLANTED if v.get((u, i)) != want]
    return {"scale": scale, "sites": sites, "accounts": accounts, "input_rows": rows, "generate_s": round(gen, 1),
            "assess_s": round(secs, 2), "assess_peak_mb": round(peak / 2**20), "baseline_count_s": round(base_s, 2),
            "baseline_peak_mb": round(base_peak / 2**20), "verdict_rows": int(len(v)), "planted_wrong": wrong,
            "last_line": r.stdout.strip().splitlines()[-1]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="province,country", help="comma-separated: province, country, smoke")
    p.add_argument("--json", default=None, help="also write the results here")
    a = p.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="govstats-bench-assess-") as tmp:
        for scale in a.scales.split(","):
            r = bench(scale.strip(), Path(tmp))
            results.append(r)
            print(f"{r['scale']}-week: {r['sites']:,} sites, {r['accounts']:,} accounts, {r['input_rows']:,} input rows "
                  f"(generated in {r['generate_s']} s)")
            print(f"  govstats assess        {r['assess_s']:8.2f} s   peak {r['assess_peak_mb']:6,} MB   "
                  f"{r['verdict_rows']:,} verdict rows")
            print(f"  baseline (count rows)  {r['baseline_count_s']:8.2f} s   peak {r['baseline_peak_mb']:6,} MB")
            print(f"  planted cases wrong: {len(r['planted_wrong'])}" + (f" {r['planted_wrong']}" if r["planted_wrong"]
                                                                          else ""))
    country = [r for r in results if r["scale"] == "country"]
    if country:
        c = country[0]
        ok = c["assess_s"] < GOAL_SECONDS and c["assess_peak_mb"] * 2**20 < GOAL_BYTES and not c["planted_wrong"]
        print(f"goal: country-week < {GOAL_SECONDS:.0f} s and < {GOAL_BYTES // 2**30} GB: "
              f"{'met' if ok else 'NOT met'} ({c['assess_s']} s, {c['assess_peak_mb']:,} MB)")
    if a.json:
        Path(a.json).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0 if all(not r["planted_wrong"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
