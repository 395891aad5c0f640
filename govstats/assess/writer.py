"""Write an assessment through govstats.store, draft from it, render its evidence page.

Output folder (default ``data/processed/assess/<run folder name>/``) is a store folder like
data/processed: one locked writer, generations switched atomically, public paths
``<table>.parquet`` / ``.csv`` for the five bulletin-schema tables plus ``verdicts`` (unit x
item) and ``units`` (one row per site/account with its result and annex problem text).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from govstats.assess.schema import input_files, read_config
from govstats.assess.verdicts import Assessment, assess
from govstats.errors import GovstatsError

VERDICTS, UNITS = "verdicts", "units"
PAGE_NOTEBOOK = "assessment"


def default_out(run_name: str) -> Path:
    """data/processed/assess/<run name> of the project (govstats.paths)."""
    from govstats import paths

    return paths.processed_dir() / "assess" / run_name


def write_assessment(a: Assessment, out_dir: str | Path) -> Path:
    """Publish the assessment's tables as one generation of out_dir; returns the verdicts' public path."""
    from govstats import __version__
    from govstats.assess.annex import bulletin_tables, inputs_sha256
    from govstats.store import write_tables

    out = Path(out_dir)
    digest = inputs_sha256(a.config.folder, a.inputs, a.rules.local_file)
    tables = bulletin_tables(a, digest)
    extra = {VERDICTS: a.verdicts, UNITS: a.units}
    manifest: dict[str, Any] = {
        "govstats": __version__, "kind": "assessment", "run": str(a.config.folder.resolve()),
        "monitoring_date": a.config.monitoring_date.isoformat(), "region": a.config.region,
        "period": a.config.period, "synthetic": a.config.synthetic, "inputs_sha256": digest,
        "local_rules": a.rules.local_file, "local_parameters": sorted(f"{i}.{p}" for i, p in a.rules.local),
        "rows": {n: len(df) for n, df in tables.items()} | {n: len(df) for n, df in extra.items()},
        "figures": {k: (float(v), p) for k, (v, p) in a.figures.items()}, "notes": a.notes,
        "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    write_tables(tables, manifest, out, extra=extra)
    return out / f"{VERDICTS}.parquet"


def run_assess(folder: str | Path, rules: str | Path | None = None, out_dir: str | Path | None = None
               ) -> tuple[Assessment, Path]:
    """Assess a run folder and write it (default folder: default_out); returns (assessment, verdicts path)."""

    a = assess(folder, rules)
    out = Path(out_dir) if out_dir is not None else default_out(a.config.name)
    return a, write_assessment(a, out)


def is_output(folder: Path) -> bool:
    return (folder / f"{VERDICTS}.parquet").exists() and (folder / "bulletins.parquet").exists()


def ensure_assessed(folder: str | Path, rules: str | Path | None = None, out_dir: str | Path | None = None) -> Path:
    """The output folder of a run: reused when its manifest's input digest matches the run's files
    (run.yaml, rules, tables), else assessed and written now. An output folder is returned as is."""
    from govstats.assess.annex import inputs_sha256
    from govstats.store import read_manifest

    folder = Path(folder)
    if is_output(folder):
        return folder
    cfg = read_config(folder)
    out = Path(out_dir) if out_dir is not None else default_out(cfg.name)
    local = rules if rules is not None else cfg.local_rules
    if is_output(out) and (local is None or Path(local).is_file()):
        if read_manifest(out).get("inputs_sha256") == inputs_sha256(cfg.folder, input_files(cfg.folder), local):
            return out
    run_assess(folder, rules, out)
    return out


def draft_from_assessment(folder: str | Path, out_dir: str | Path, issue_date: dt.date | None = None,
                          addressees: str | None = None, issuer: str | None = None,
                          rules: str | Path | None = None, **options: Any) -> tuple[Any, dict[str, Path]]:
    """Draft the bulletin of an assessed run through the draft's own entry points (model.from_tables,
    draft_from_input) on the bulletin-schema tables the assessment wrote; options as for draft_from_input."""
    from govstats.draft import draft_from_input
    from govstats.draft.model import from_tables
    from govstats.store import read_tables

    out = ensure_assessed(folder, rules)
    tables = read_tables(out)
    if len(tables["bulletins"]) != 1:
        raise GovstatsError(f"{out}: not an assessment output (expected one bulletin row)")
    row = tables["bulletins"].iloc[0]
    d = from_tables(tables, str(row["region"]), str(row["period"]))
    return d, draft_from_input(d, out_dir, issue_date, addressees, issuer, **options)


def page_path(reports: str | Path, run_name: str) -> Path:
    return Path(reports) / "assess" / f"{run_name}.html"


def render_assessment_page(assess_dir: str | Path, reports_dir: str | Path | None = None,
                           self_contained: bool = False) -> Path:
    """Run notebooks/reports/assessment.ipynb on an assessment folder (Papermill), export offline HTML.

    Like the other pages it links the one shared plotly.js in the reports folder (self_contained:
    inlines it)."""
    from govstats import paths
    from govstats.report.render import export_html_bytes, run_notebook
    from govstats.store import atomic_path, read_manifest

    d = Path(assess_dir).resolve()
    if not is_output(d):
        raise GovstatsError(f"{d}: not an assessment output folder (run `govstats assess RUN_DIR` first)")
    m = read_manifest(d)
    name = d.name
    reports = Path(reports_dir) if reports_dir is not None else paths.reports_dir()
    params: dict[str, Any] = {"assess_dir": str(d), "embed_plotlyjs": False}
    if not self_contained:
        from govstats.report.charts import plotlyjs_file_name, write_plotlyjs

        write_plotlyjs(reports)
        params["plotlyjs_src"] = "../" + plotlyjs_file_name()  # the page sits in reports/assess/
    nb = run_notebook(params, notebook=paths.notebook(PAGE_NOTEBOOK), cwd=d)
    title = f"{m.get('region', '')}{m.get('period', '')}监测数据核算：单项否决指标证据"
    target = page_path(reports, name)
    data = export_html_bytes(nb, title)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


def discover_runs(raw_dir: str | Path) -> list[Path]:
    """Monitoring run folders under raw_dir: those holding a run.yaml (build assesses each)."""
    return sorted(p.parent for p in Path(raw_dir).rglob("run.yaml") if p.is_file())

