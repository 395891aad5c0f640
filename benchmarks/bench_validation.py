"""GX per-run overhead: one validation run over the whole corpus vs one run per bulletin.

    python -m benchmarks.bench_validation [--bulletins 100] [--rows 1000] [--repeat 1]

Why govstats.validate runs each suite once over all bulletins concatenated: a GX run has a
fixed cost of tens of milliseconds. Uses validate's own context, suite and result format, so
the numbers are those of ``validate_tables``.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import TYPE_CHECKING, Any

from govstats.validate import _RESULT_FORMAT, SUITES_DIR, _new_context, _quiet_gx, load_suite

if TYPE_CHECKING:
    import pandas as pd


def _synthetic_websites(n_bulletins: int, rows_per_bulletin: int) -> pd.DataFrame:
    """A valid websites frame: n_bulletins x rows_per_bulletin rows (deterministic)."""
    import numpy as np
    import pandas as pd

    from govstats.registry import coerce

    n = n_bulletins * rows_per_bulletin
    i = np.arange(n)
    bid = np.repeat([f"610400-2025Q1-b{k:04d}" for k in range(n_bulletins)], rows_per_bulletin)
    statuses = np.array(["rectified", "in_progress", "not_rectified", "not_reported", "unknown"])
    df = pd.DataFrame(
        {
            "bulletin_id": bid,
            "seq": i % rows_per_bulletin + 1,
            "site_name": [f"网站{k}" for k in i],
            "url": [f"www.site{k}.gov.cn" if k % 3 else f"https://site{k}.gov.cn/index.html" for k in i],
            "site_code": [f"{6104000000 + k % 10000:010d}" if k % 7 else f"bm{k % 10**8:08d}" for k in i],
            "problem": "栏目长期未更新",
            "problem_categories": [["4.1"]] * n,
            "rectification": statuses[i % 5],
            "rectification_raw": "已整改",
            "region_code": "610400",
            "region_name": "咸阳市",
        }
    )
    return coerce(df, "websites")


def bench_validation(
    n_bulletins: int = 100, rows_per_bulletin: int = 1000, repeat: int = 1
) -> dict[str, Any]:
    """Time one GX run over the whole corpus against one run per bulletin (websites suite).

    Both variants share one context and suite (setup is timed separately), so the difference
    is GX's per-run overhead. Returns seconds (best of ``repeat``) and the speed-up.
    """
    t0 = time.perf_counter()
    with _quiet_gx():
        import great_expectations  # noqa: F401  (timed: the import dominates cold starts)
    import_s = time.perf_counter() - t0
    df = _synthetic_websites(n_bulletins, rows_per_bulletin)
    parts = [g for _, g in df.groupby("bulletin_id", sort=False)]
    with _quiet_gx():
        import great_expectations as gx

        t0 = time.perf_counter()
        ctx = _new_context()
        suite = ctx.suites.add(load_suite(SUITES_DIR / "websites.json"))
        bd = ctx.data_sources.add_pandas(name="bench").add_dataframe_asset(name="websites")
        bd = bd.add_batch_definition_whole_dataframe("whole")
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="websites", data=bd, suite=suite))
        setup_s = time.perf_counter() - t0
        vd.run(batch_parameters={"dataframe": parts[0]})  # warm-up: first-run caches

        def timed(frames: list[pd.DataFrame]) -> tuple[float, bool]:
            """Seconds for validate_tables' call (vd.run) over each frame, and whether all passed."""
            t = time.perf_counter()
            ok = True
            for frame in frames:
                res = vd.run(batch_parameters={"dataframe": frame}, result_format=_RESULT_FORMAT)
                ok = ok and bool(res.success)
            return time.perf_counter() - t, ok

        one_runs = [timed([df]) for _ in range(repeat)]
        many_runs = [timed(parts) for _ in range(repeat)]
    one_s = min(t for t, _ in one_runs)
    many_s = min(t for t, _ in many_runs)
    return {
        "table": "websites",
        "expectations": len(suite.expectations),
        "n_bulletins": n_bulletins,
        "rows_per_bulletin": rows_per_bulletin,
        "rows": len(df),
        "import_s": round(import_s, 3),
        "setup_s": round(setup_s, 3),
        "one_run_s": round(one_s, 3),
        "per_bulletin_runs_s": round(many_s, 3),
        "per_bulletin_mean_s": round(many_s / max(n_bulletins, 1), 4),
        "speedup": round(many_s / one_s, 1) if one_s else None,
        "all_passed": all(ok for _, ok in one_runs + many_runs),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_validation", description=__doc__.splitlines()[0])
    ap.add_argument("--bulletins", type=int, default=100)
    ap.add_argument("--rows", type=int, default=1000, help="rows per bulletin")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    print(json.dumps(bench_validation(args.bulletins, args.rows, args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
