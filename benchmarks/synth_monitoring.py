"""Synthetic monitoring data for `govstats assess`: a run folder with planted veto cases.

    python -m benchmarks.synth_monitoring OUT --sites 1000 --accounts 5000 [--format parquet]

The command line of tests/helpers/synth_monitoring.py (the generator and its PLANTED cases, shared
by the tests and benchmarks/bench_assess.py); prints the run folder it wrote.
"""

from __future__ import annotations

import argparse


def main(argv: list[str] | None = None) -> int:
    """Write a run folder of the requested size and format; print its path."""
    from tests.helpers.synth_monitoring import generate

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--sites", type=int, default=30)
    p.add_argument("--accounts", type=int, default=15)
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("--seed", type=int, default=7)
    a = p.parse_args(argv)
    print(generate(a.out, a.sites, a.accounts, fmt=a.format, seed=a.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
