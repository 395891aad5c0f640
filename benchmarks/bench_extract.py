"""Figure extraction speed: `python -m benchmarks.bench_extract [corpus.jsonl] [--seconds S]`.

Prints bulletins/s in one process for normalize + extract_figures + reconcile (what `extract --json`
computes from the narrative) on
  * the corpus texts (real bulletins, corpus-sized),
  * the seed bulletin with its annex lists (/work/shared/seed or tests/data),
  * 1,000 and 10,000 short rate lines in one text (the old quadratic case: 62 s for 10,000),
each beside a same-run baseline: `normalize` alone on the same texts (the floor any extraction
pays), so a slower machine moves both numbers. Goal: ≥ 1,000 bulletins/s, and the time per line
of the rate-line text flat from 1,000 to 10,000 lines (linear).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus" / "bulletins.jsonl"
SEEDS = (
    Path("/work/shared/seed/xianyang-2025q1.txt"),
    ROOT / "tests" / "data" / "seed" / "xianyang-2025q1.txt",
)
GOAL_PER_S = 1000.0


def _rate(fn: Callable[[str], object], texts: list[str], seconds: float) -> tuple[float, float]:
    """(texts per wall second, texts per CPU second), repeating the list for at least `seconds`.

    The CPU figure is what the code costs; on a machine shared with other jobs the wall figure
    also counts the time this process waited for a core.
    """
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        for t in texts:
            fn(t)
        n += len(texts)
        dt = time.perf_counter() - t0
        if dt >= seconds:
            return n / dt, n / (time.process_time() - c0)


def _extract(text: str) -> object:
    from govstats.checks import reconcile
    from govstats.parse.figures import extract_figures
    from govstats.textnorm import normalize

    nt = normalize(text)
    return reconcile(extract_figures(nt), None, None, nt)


def _normalize(text: str) -> object:
    from govstats.textnorm import normalize

    return normalize(text)


def rate_lines(n: int) -> str:
    """n short rate lines with no sentence punctuation (one "sentence" to a naive splitter)."""
    return "\n".join(f"政务新媒体合格率{90 + i % 10}.{i % 100:02d}%" for i in range(n))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(CORPUS))
    ap.add_argument("--seconds", type=float, default=2.0, help="minimum time per measurement")
    args = ap.parse_args(argv)
    texts = [
        json.loads(x)["text"] for x in Path(args.corpus).read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    seed = next((p for p in SEEDS if p.exists()), None)
    cases: list[tuple[str, list[str]]] = [(f"corpus texts ({len(texts)})", texts)]
    if seed is not None:
        cases.append(("seed with annex lists", [seed.read_text(encoding="utf-8")]))
    for t in texts + [c[1][0] for c in cases]:  # warm-up: imports, OpenCC, regex compilation
        _extract(t)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"{'case':28} {'extract/s':>10} {'(CPU s)':>8} {'normalize/s':>12} {'(CPU s)':>8}  goal ≥ {GOAL_PER_S:.0f}/s"
    )
    ok = True
    for name, ts in cases:
        (r, rc), (b, bc) = _rate(_extract, ts, args.seconds), _rate(_normalize, ts, args.seconds / 2)
        ok &= rc >= GOAL_PER_S
        verdict = "ok" if rc >= GOAL_PER_S else "BELOW GOAL"
        print(f"{name:28} {r:10.0f} {rc:8.0f} {b:12.0f} {bc:8.0f}  {verdict} (CPU)")
    per_line = []
    for n in (1000, 10000):
        text = rate_lines(n)
        t0 = time.perf_counter()
        _extract(text)
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        _normalize(text)
        base = time.perf_counter() - t1
        per_line.append(dt / n)
        print(
            f"{n:>6} rate lines, one text   {dt:8.3f} s  normalize {base:.3f} s  ({dt / n * 1e6:.0f} µs/line)"
        )
    growth = per_line[1] / per_line[0]
    print(f"time per line, 10,000 vs 1,000 lines: x{growth:.2f} ({'linear' if growth < 2 else 'NOT linear'})")
    return 0 if ok and growth < 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
