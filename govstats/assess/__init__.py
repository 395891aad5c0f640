"""`govstats assess`: the State Council veto indicators (国办秘函〔2019〕19号) computed from monitoring data.

    from govstats.assess import assess, run_assess
    a = assess("data/raw/示例监测数据（合成）")            # Assessment: verdicts, units, figures
    a, verdicts_path = run_assess("data/raw/示例监测数据（合成）")   # also written through govstats.store

Modules: schema (input tables and run.yaml, read into DuckDB), rules (national rules file plus an
office's local rules), items (one function per veto item), verdicts (unit results, figures),
annex (the bulletin-schema tables), writer (store, draft adapter, evidence page).
Heavy imports (duckdb, pandas) happen inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from govstats.assess.verdicts import Assessment

__all__ = ["assess", "run_assess"]


def assess(folder: Any, local_rules: Any = None) -> Assessment:
    """Assess a monitoring run folder (see govstats.assess.verdicts.assess)."""
    from govstats.assess.verdicts import assess as _assess

    return _assess(folder, local_rules)


def run_assess(folder: Any, rules: Any = None, out_dir: Any = None) -> tuple[Assessment, Any]:
    """Assess and write through govstats.store (see govstats.assess.writer.run_assess)."""
    from govstats.assess.writer import run_assess as _run

    return _run(folder, rules, out_dir)
