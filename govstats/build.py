"""`govstats build`: ingest -> validate -> every dashboard (2 processes) -> index -> ledgers.

Load: ingest data/raw into data/processed (skipped files are reported, never fatal).
Process: validate with GX when govstats.validate is available; render one dashboard per
(region, quarter) found in the bulletins table, in a process pool with a progress bar.
Save: reports/<region>/<quarter>.html, reports/index.html, reports/ledger/<quarter>.xlsx,
all written atomically and stamped with the govstats version and the input-data hash.

The run "fails" (non-zero exit) when anything was skipped or failed, with a summary saying what.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from govstats import paths

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build produced and what it could not."""

    index: Path
    dashboards: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)  # dashboards, overviews and trends, written or kept
    kept: int = 0  # pages kept because their inputs had not changed
    ledgers: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # inputs left out, with the reason
    failed: list[str] = field(default_factory=list)  # steps or outputs that failed
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failed)

    def summary(self) -> str:
        lines = [f"build: {len(self.dashboards)} dashboard(s), {len(self.pages) - len(self.dashboards)} overview/trend "
                 f"page(s) ({self.kept} unchanged, kept), {len(self.ledgers)} ledger(s) in {self.seconds:.1f} s"]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  FAILED: {f}" for f in self.failed]
        lines.append("build: OK" if self.ok else f"build: {len(self.skipped)} skipped, {len(self.failed)} failed")
        return "\n".join(lines)


def _validate(processed: Path, res: BuildResult, docs_dir: Path | None) -> None:
    """Validate data/processed; its readable list goes to stderr.

    Inconsistent figures in the bulletins themselves are findings, shown in every dashboard
    and in the list: they do not fail the build. Schema failures (a pipeline fault) and a
    crash do.
    """
    from govstats.validate import validate_processed

    buf = io.StringIO()
    try:
        with redirect_stdout(buf):
            out = validate_processed(processed, docs_dir)
    except Exception as exc:  # validation is a step of the build: report, keep building
        res.failed.append(f"validation crashed: {type(exc).__name__}: {exc}")
        return
    sys.stderr.write(buf.getvalue())
    if out.status == 2 or out.schema_failures:
        res.failed.append(f"validation (the list is on stderr): {out.summary}")
    elif out.error_checks:
        res.notes.append(f"validation: {out.error_checks} inconsistent figure(s) in the bulletins "
                         f"(listed above and in each dashboard); {out.summary}")
    else:
        res.notes.append(f"validation: {out.summary}")


def build(raw_dir: str | Path | None = None, processed_dir: str | Path | None = None, out_dir: str | Path | None = None,
          workers: int = 2, validate: bool = True, progress: bool | None = None,
          docs_dir: str | Path | None = "gx_docs", force: bool = False, warm: bool = True) -> BuildResult:
    """Run the whole pipeline; see the module docstring. Folders default to govstats.paths.

    Pages (dashboards, quarter overviews, region trends) whose inputs are unchanged since the
    last build are kept (force=True renders all); warm=False runs each page in a fresh kernel.
    """
    from govstats.ingest import ingest
    from govstats.report.ledger import write_ledger_for
    from govstats.report.pages import all_pages, index_sections, render_pages, write_index
    from govstats.report.summary import unplaceable
    from govstats.store import read_manifest, read_tables

    t0 = time.perf_counter()
    progress = sys.stderr.isatty() if progress is None else progress
    processed = Path(processed_dir) if processed_dir is not None else paths.processed_dir()
    out = Path(out_dir) if out_dir is not None else paths.reports_dir()
    res = BuildResult(index=out / "index.html")

    log = logging.getLogger("govstats.build")
    t_ing = time.perf_counter()
    ing = ingest(raw_dir, processed, progress=progress)
    log.info("ingest: %s in %.1f s", " ".join(ing.summary().split()), time.perf_counter() - t_ing)
    res.skipped += [f"{p}: {r}" for p, r in ing.skipped]
    if ing.refused:  # nothing read: the previous tables stay, and so do their reports
        res.failed.append(f"ingest: {ing.refused}")
    res.notes += [f"ingest warning: {w}" for w in ing.warnings]
    if validate:
        _validate(processed, res, Path(docs_dir) if docs_dir else None)
    else:
        res.notes.append("validation skipped (--no-validate)")

    tables = read_tables(processed)
    manifest = read_manifest(processed)
    res.skipped += [f"bulletin {bid}: {why} (no dashboard)" for bid, why in unplaceable(tables["bulletins"])]
    pages = all_pages(tables["bulletins"])
    pairs = [(p.region, p.quarter) for p in pages if p.kind == "dashboard"]
    rendered: dict[tuple[str, str], str] = {}
    results = render_pages(pages, processed, out, workers=workers, progress=progress, warm=warm, force=force,
                           tables=tables)
    for r in results:
        if r.path is None:
            res.failed.append(f"{r.page.kind} {r.page.region or ''} {r.page.quarter or ''}: {r.error}".replace("  ", " "))
            continue
        res.pages.append(r.path)
        res.kept += r.kept
        if r.page.kind == "dashboard":
            rendered[(str(r.page.region), str(r.page.quarter))] = str(r.path)
            res.dashboards.append(r.path)

    assessed = _assessments(raw_dir, processed, out, res, force)
    problems = [s for s in res.skipped if s.startswith("bulletin ")] + [f for f in res.failed if f.startswith("dashboard ")]
    res.index = write_index(tables, rendered, out, manifest, problems, sections=assessed + index_sections(
        results, out, Path(docs_dir) / "validation.html" if validate and docs_dir else None))

    for quarter in sorted({q for _, q in pairs}):
        try:
            res.ledgers.append(write_ledger_for(quarter, None, processed, out / "ledger", tables=tables))
        except Exception as exc:
            res.failed.append(f"ledger {quarter}: {type(exc).__name__}: {exc}")
    res.seconds = time.perf_counter() - t0
    log.info(res.summary().splitlines()[0])
    return res


def _assessments(raw_dir: str | Path | None, processed: Path, out: Path, res: BuildResult, force: bool) -> str:
    """Assess every monitoring run under raw (a folder with run.yaml, issue 20) into
    <processed>/assess/<run>/ and render its evidence page reports/assess/<run>.html; returns the
    index section linking them. A run whose inputs are unchanged is not assessed again, and its
    page is re-rendered only when the assessment is newer (or with force)."""
    import html

    from govstats.assess.writer import discover_runs, ensure_assessed, page_path, render_assessment_page
    from govstats.store import read_manifest

    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    links = []
    for run in discover_runs(raw):
        try:
            folder = ensure_assessed(run, out_dir=processed / "assess" / run.name)
            page = page_path(out, run.name)
            if force or not page.exists() or page.stat().st_mtime < (folder / "manifest.json").stat().st_mtime:
                render_assessment_page(folder, out)
        except Exception as exc:  # one bad run must not stop the build: report it
            res.failed.append(f"assessment {run.name}: {type(exc).__name__}: {exc}")
            continue
        m = read_manifest(folder)
        res.notes.append(f"assessment {run.name}: {page}")
        label = f"{m.get('region', '')} {m.get('period', '')}" + ("（合成示例）" if m.get("synthetic") else "")
        links.append(f'<a href="assess/{html.escape(run.name)}.html">{html.escape(label)}</a>')
    if not links:
        return ""
    return '<h2>监测数据核算（单项否决指标）</h2><p class="gs-links">' + " · ".join(links) + "</p>\n"
