"""Hostile-run measurements of issue 22 part A: `python -m benchmarks.bench_hostile`.

- kill: a `govstats ingest` of N copies of the seed is killed (SIGKILL, then SIGTERM) about a
  second into the run; measured: how long its pool workers outlive it, and the wall time of the
  next ingest (a one-bulletin raw folder into the same output), with its exit status.
- validate: the extra cost of the hash check and the recomputed checks over a processed folder
  of N bulletins (validate_processed minus the GX part is not separable, so the two steps are
  timed on their own).
Printed as one JSON object. Numbers depend on the machine; docs/reliability-hostile.md quotes a run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.helpers.procs import alive, children

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
GOVSTATS = [sys.executable, "-m", "govstats.cli"]


def _add(raw: Path, rel: str, data: bytes) -> None:
    p = raw / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    p.with_name(p.name + ".source.yml").write_text(f"sha256: '{hashlib.sha256(data).hexdigest()}'\n", encoding="utf-8")




def make_raw(base: Path, n: int) -> Path:
    raw = base / "raw"
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        _add(raw, f"咸阳市/2025Q1/copy{i:04d}.txt", text.replace("咸阳市人民政府办公室", f"咸阳市人民政府办公室{i}").encode())
    return raw


def bench_kill(base: Path, raw: Path, sig: int, after: float = 1.0) -> dict:
    out = base / f"out-{sig}"
    proc = subprocess.Popen([*GOVSTATS, "ingest", str(raw), "--out", str(out)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    while len(workers) < 2 and proc.poll() is None:
        workers = children(proc.pid)
        time.sleep(0.02)
    time.sleep(after)
    running = proc.poll() is None
    proc.send_signal(sig)
    proc.wait()
    t0 = time.perf_counter()
    while any(alive(p) for p in workers) and time.perf_counter() - t0 < 5:
        time.sleep(0.01)
    outlived = time.perf_counter() - t0
    left = [p for p in workers if alive(p)]
    small = base / "small"
    if not small.exists():
        _add(small, "咸阳市/2025Q1/xianyang-2025q1.txt", SEED.read_bytes())
    t0 = time.perf_counter()  # with any orphans still alive: are they holding the lock?
    r = subprocess.run([*GOVSTATS, "ingest", str(small), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    for p in left:
        if alive(p):
            os.kill(p, signal.SIGKILL)
    return {"signal": signal.Signals(sig).name, "killed_while_running": running, "workers": len(workers),
            "workers_outlived_s": round(outlived, 3), "workers_left_after_5s": len(left),
            "next_ingest_exit": r.returncode, "next_ingest_s": round(time.perf_counter() - t0, 2),
            "next_ingest_stderr": r.stderr.strip()[-200:]}


def bench_validate_extra(base: Path, raw: Path) -> dict:
    from govstats.ingest import ingest
    from govstats.store import read_tables, verify_hashes
    from govstats.validate import hidden_checks, recompute_checks

    out = base / "validate-out"
    ingest(raw, out)
    t0 = time.perf_counter()
    bad = verify_hashes(out)
    t_hash = time.perf_counter() - t0
    tables = read_tables(out)
    t0 = time.perf_counter()
    hidden = hidden_checks(tables["checks"], recompute_checks(tables))
    t_checks = time.perf_counter() - t0
    return {"bulletins": len(tables["bulletins"]), "hash_check_s": round(t_hash, 3), "changed": len(bad),
            "recompute_s": round(t_checks, 3), "hidden": len(hidden)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=300, help="bulletins in the killed ingest (default 300)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="govstats-hostile-") as d:
        base = Path(d)
        raw = make_raw(base, args.n)
        res = {"n": args.n, "kill": [bench_kill(base, raw, s) for s in (signal.SIGKILL, signal.SIGTERM)],
               "validate": bench_validate_extra(base, raw)}
    print(json.dumps(res, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
