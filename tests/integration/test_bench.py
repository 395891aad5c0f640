"""The benchmarks run end to end on small inputs (a smoke test CI can afford, < 30 s).

It imports from benchmarks/ because the benchmarks are what it tests (as do test_bench_cli_extract.py
and tests/unit/test_corpus_eval.py; no other test does). What tests and benchmarks share (the
synthetic corpus and monitoring run, corpus scoring, hostile files) lives in tests/helpers/.
"""

from __future__ import annotations

import json
from pathlib import Path


def test_synthetic_bulletins_parse(tmp_path: Path) -> None:
    """Synthetic bulletins look like real ones to the loader: region, figures and annex rows found."""
    from govstats.bulletin import load_bulletin
    from govstats.ingest import verify_source
    from tests.helpers.synth import write_corpus

    files = write_corpus(tmp_path / "raw", 12, seed=1)
    assert len(files) == 12 and all(verify_source(p) is None for p in files)
    loaded = [load_bulletin(p) for p in files]
    assert all(b.info["region"] for b in loaded)
    assert sum(len(b.figures) > 0 for b in loaded) >= 10
    assert sum(len(b.websites) + len(b.new_media) for b in loaded) > 50


def test_bench_quick_smoke(tmp_path: Path, capsys) -> None:
    from benchmarks.bench import main

    out = tmp_path / "bench.json"
    assert main(["--quick", "--n", "40", "--extract-sample", "20", "--workers", "1", "--no-validate",
                 "--no-dashboards", "--json", str(out)]) == 0
    text = capsys.readouterr().out
    for s in ("extract (load_bulletin+json)", "baseline read bytes", "ingest wall", "ingest peak memory", "goals:"):
        assert s in text, s
    res = json.loads(out.read_text(encoding="utf-8"))
    rows = {r["name"]: r for r in res["rows"]}
    assert rows["extract (load_bulletin+json)"]["value"] > 0
    assert rows["ingest peak memory"]["value"] > 0
    assert res["info"]["ingest_exit"] == 0 and res["info"]["ingest_skipped"] == 0
    assert res["info"]["ingest_rows"]["bulletins"] == 40


def test_bench_validation_small() -> None:
    from benchmarks.bench_validation import bench_validation

    b = bench_validation(n_bulletins=3, rows_per_bulletin=20)
    assert b["rows"] == 60 and b["all_passed"]
    assert b["one_run_s"] > 0 and b["per_bulletin_runs_s"] > 0


def test_bench_assess_smoke(tmp_path: Path) -> None:
    """The assess benchmark runs the real command on generated data and checks the planted cases."""
    from benchmarks.bench_assess import bench

    r = bench("smoke", tmp_path)
    assert r["planted_wrong"] == [] and r["assess_s"] > 0 and r["assess_peak_mb"] > 0
    assert r["last_line"] == str(tmp_path / "smoke-out" / "verdicts.parquet")
    assert r["verdict_rows"] == 40 * 6 + 20 * 3
