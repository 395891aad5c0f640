"""Developer tooling outside the package: benchmarks, corpus evaluation, output snapshots (the
synthetic corpus they share with the tests is tests/helpers/synth.py).

Run from the repository root: `python -m benchmarks.bench`, `python -m benchmarks.bench_report`,
`python benchmarks/snapshot_outputs.py DIR`. Not installed with govstats.
"""
