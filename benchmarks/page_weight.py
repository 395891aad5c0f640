"""Page weight of the report site: bytes per page with the shared plotly.js, against self-contained pages.

    python -m benchmarks.page_weight [--raw data/raw] [--goal 300000]

Builds the shipped data twice into temporary folders (no validation: pages only), once the
default way (every page links one plotly-<version>.min.js beside the pages) and once with
``self_contained=True`` (plotly.js inlined into every page, the baseline and the old default),
and prints for each kind of page (dashboard, overview, trend, index) the count, median and
largest size, the whole site, the shared plotly.js once, and the largest page against the goal
(issue 18: at most 300 KB a page). It also extrapolates to a province's scale (pages x regions
x quarters) from the median sizes. Exit status 1 when a page is over the goal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
__all__ = ["site_sizes"]


def _kind(rel: str) -> str:
    if rel == "index.html":
        return "index"
    if rel.startswith("overview/"):
        return "overview"
    return "trend" if rel.endswith("/trend.html") else "dashboard"


def site_sizes(raw: Path, self_contained: bool) -> tuple[dict[str, int], int, float]:
    """({page path: bytes}, bytes of the shared plotly.js (0 when inlined), build seconds)."""
    from govstats.build import build

    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        res = build(raw, Path(d) / "processed", Path(d) / "reports", workers=2, validate=False, progress=False,
                    docs_dir=None, self_contained=self_contained)
        secs = time.perf_counter() - t0
        if res.exit_code != 0:
            sys.exit(f"page_weight: the build failed:\n{res.summary()}")
        root = Path(d) / "reports"
        sizes = {p.relative_to(root).as_posix(): p.stat().st_size for p in root.rglob("*.html")}
        shared = sum(p.stat().st_size for p in root.glob("plotly-*.js"))
    return sizes, shared, secs


def _report(name: str, sizes: dict[str, int], shared: int, secs: float) -> None:
    print(f"{name}: {len(sizes)} pages, site {(sum(sizes.values()) + shared) / 1e6:.2f} MB "
          f"(pages {sum(sizes.values()) / 1e6:.2f} MB + shared plotly.js {shared / 1e6:.2f} MB), built in {secs:.1f} s")
    for kind in ("dashboard", "overview", "trend", "index"):
        vals = [v for k, v in sizes.items() if _kind(k) == kind]
        if vals:
            print(f"  {kind:<9} {len(vals):>3} pages  median {statistics.median(vals) / 1e3:8.1f} KB  "
                  f"max {max(vals) / 1e3:8.1f} KB")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--raw", default=str(ROOT / "data" / "raw"))
    ap.add_argument("--goal", type=int, default=300_000, help="bytes a page may weigh (default 300,000)")
    a = ap.parse_args(argv)
    shared_sizes, shared_js, s1 = site_sizes(Path(a.raw), self_contained=False)
    inline_sizes, _, s2 = site_sizes(Path(a.raw), self_contained=True)
    _report("shared plotly.js (default)", shared_sizes, shared_js, s1)
    _report("self-contained (baseline, --self-contained)", inline_sizes, 0, s2)
    largest = max(shared_sizes.items(), key=lambda kv: kv[1])
    print(f"largest page: {largest[0]} {largest[1] / 1e3:.1f} KB (goal {a.goal / 1e3:.0f} KB): "
          f"{'OK' if largest[1] <= a.goal else 'OVER'}")
    med = statistics.median(v for k, v in shared_sizes.items() if _kind(k) == "dashboard")
    med_inline = statistics.median(v for k, v in inline_sizes.items() if _kind(k) == "dashboard")
    n = 300 * 12  # a province: ~300 regions (cities and counties) x 12 quarters of dashboards
    print(f"a province's dashboards ({n:,} pages at the median): shared {(n * med + shared_js) / 1e9:.2f} GB, "
          f"self-contained {n * med_inline / 1e9:.2f} GB")
    return 0 if largest[1] <= a.goal else 1


if __name__ == "__main__":
    sys.exit(main())
