"""docs/assess.md stays in step with the code: the command, every input column, every item and rule parameter."""

from __future__ import annotations

from pathlib import Path

from govstats.assess.rules import load_rules
from govstats.assess.schema import INPUTS

ROOT = Path(__file__).resolve().parents[3]
DOC = (ROOT / "docs" / "assess.md").read_text(encoding="utf-8")


def test_command_on_the_shipped_run_on_its_own_line():
    run = "data/raw/synthetic_monitoring_2026Q4"
    assert f"```\ngovstats assess {run}\n```" in DOC
    assert (ROOT / run / "run.yaml").is_file() and "SYNTHETIC" in (ROOT / run / "README").read_text(encoding="utf-8")


def test_every_input_column_is_documented():
    for table in INPUTS.values():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| {table.name} |")), None)
        assert row is not None, table.name
        for c in table.columns:
            assert c.name in row, (table.name, c.name)


def test_every_item_and_parameter_is_documented():
    rules = load_rules()
    for item, meta in rules.items.items():
        assert item in DOC, item
        row = next(line for line in DOC.splitlines()  # the parameters table: first cell lists item ids
                   if line.startswith("| ") and item in [x.strip() for x in line.split("|")[1].split(",")])
        for p in meta["params"]:
            assert f"`{p}`" in row, (item, p)
    for key in rules.scoring:
        assert key in DOC, key
