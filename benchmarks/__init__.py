"""Developer tooling outside the package: benchmarks, the synthetic corpus, output snapshots.

Run from the repository root: `python -m benchmarks.bench`, `python -m benchmarks.bench_report`,
`python benchmarks/snapshot_outputs.py DIR`. Not installed with govstats.
"""
