"""benchmarks/bench_cli_extract.py runs end to end on a few files (a smoke test, not a timing test).

It imports from benchmarks/ because the benchmark is what it tests.
"""

from __future__ import annotations

import json
from pathlib import Path


def test_bench_cli_extract_smoke(tmp_path: Path, capsys) -> None:
    from benchmarks.bench_cli_extract import main, seed_scaled

    assert seed_scaled(4).count("\n") > seed_scaled(1).count("\n")  # the annex really grows
    out = tmp_path / "bench.json"
    main(["--n", "8", "--repeat", "1", "--json", str(out)])  # exit status: whether the goal was met
    text = capsys.readouterr().out
    for s in ("start-up floor", "corpus texts", "seed with annexes", "seed, annex ×16", "CPU time per kB"):
        assert s in text, text
    res = json.loads(out.read_text(encoding="utf-8"))
    assert res["floor_wall_s"] > 0
    assert {c["files"] for c in res["cases"].values()} == {8, 2}
    assert all(c["per_s"] > 0 and c["cat_per_s"] > 0 for c in res["cases"].values())
