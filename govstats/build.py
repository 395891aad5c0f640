"""`govstats build`: ingest -> validate -> every dashboard (2 processes) -> index -> ledgers.

Load: ingest data/raw into data/processed (skipped files are reported, never fatal).
Process: validate with GX when govstats.validate is available; render one dashboard per
(region, quarter) found in the bulletins table, in a process pool with a progress bar.
Save: reports/<region>/<quarter>.html, reports/index.html, reports/ledger/<quarter>.xlsx,
all written atomically and stamped with the govstats version and the input-data hash.

Exit status (`govstats build`, documented in docs/pages.md) says whether the pages were built:
0 every page was built (inconsistent figures in the bulletins are findings shown on the pages,
not a failed build); 1 some page, ledger or step failed; 2 some raw file could not be read (bad
input, listed on stderr; the pages of the other files are built). The console gets one line per
stage with counts and seconds (tqdm bars too when stderr is a terminal) and the summary once.
"""

from __future__ import annotations

import io
import logging
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from govstats import paths, registry
from govstats.checks import failed_mask

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
    unplaced: list[str] = field(default_factory=list)  # bulletins read but with no page (not quarterly, no region)
    findings: int = 0  # bulletins with an inconsistent figure (error checks): shown on the pages, not a failure
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failed)

    @property
    def exit_code(self) -> int:
        """0 pages built; 1 a page, ledger or step failed; 2 a raw file could not be read (see module doc)."""
        return 1 if self.failed else 2 if self.skipped else 0

    def summary(self) -> str:
        """The build's summary, printed once: what was built, then what was not and why, then the verdict."""
        lines = [f"build: {len(self.dashboards)} dashboard(s), {len(self.pages) - len(self.dashboards)} overview/trend "
                 f"page(s) ({self.kept} unchanged, kept), {len(self.ledgers)} ledger(s) in {self.seconds:.1f} s"]
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  no page: {u}" for u in self.unplaced]
        lines += [f"  skipped: {s}" for s in self.skipped]
        lines += [f"  FAILED: {f}" for f in self.failed]
        found = (f"; findings: {self.findings} bulletin(s) with inconsistent figures, flagged on their pages"
                 if self.findings else "")
        if self.failed:
            lines.append(f"build: FAILED: {len(self.failed)} page(s) or step(s) failed{found}")
        elif self.skipped:
            lines.append(f"build: pages built; {len(self.skipped)} raw file(s) could not be read (listed above){found}")
        else:
            lines.append(f"build: pages built{found}")
        return "\n".join(lines)


def _validate(processed: Path, res: BuildResult, docs_dir: Path | None) -> None:
    """Validate data/processed; its readable list goes to stderr.

    Inconsistent figures in the bulletins themselves are findings, shown in every dashboard
    and in the list: they do not fail the build. Schema failures (a pipeline fault) and a
    crash do.
    """
    from govstats.store import read_tables
    from govstats.validate import validate_processed

    buf = io.StringIO()
    t0 = time.perf_counter()
    try:
        with redirect_stdout(buf):
            out = validate_processed(processed, docs_dir)
    except Exception as exc:  # validation is a step of the build: report, keep building
        res.failed.append(f"validation crashed: {type(exc).__name__}: {exc}")
        return
    log = logging.getLogger("govstats.build")
    if out.status == 2 or out.schema_failures:
        sys.stderr.write(buf.getvalue())  # a pipeline fault: the whole list
        res.failed.append(f"validation (the list is on stderr): {out.summary}")
        return
    # the findings (failed error and warning checks) once; validate's own verdict line is not repeated,
    # the build's summary says what they mean for the build
    for line in buf.getvalue().splitlines():
        if line.startswith(("[error]", "[warning]")):
            print(line, file=sys.stderr)
    checks = read_tables(processed)["checks"]
    failed = checks[failed_mask(checks)]  # ok null (a check that could not be made) is no finding
    res.findings = int(failed.loc[failed["severity"].eq("error").fillna(False), "bulletin_id"].nunique())
    page = f"; {docs_dir / 'validation.html'}" if docs_dir else ""
    log.info("validate: schema OK; %d error(s), %d warning(s) in the bulletins' figures (findings, listed above%s) "
             "in %.1f s", out.error_checks, int(failed["severity"].eq("warning").fillna(False).sum()), page,
             time.perf_counter() - t0)


def build(raw_dir: str | Path | None = None, processed_dir: str | Path | None = None, out_dir: str | Path | None = None,
          workers: int = 2, validate: bool = True, progress: bool | None = None,
          docs_dir: str | Path | None = "gx_docs", force: bool = False, warm: bool = True,
          self_contained: bool = False) -> BuildResult:
    """Run the whole pipeline; see the module docstring. Folders default to govstats.paths.

    Pages (dashboards, quarter overviews, region trends) whose inputs are unchanged since the
    last build are kept (force=True renders all); warm=False runs each page in a fresh kernel;
    self_contained inlines plotly.js into every page instead of linking one shared copy.
    """
    from govstats.ingest import ingest
    from govstats.report.ledger import write_ledger_for
    from govstats.report.pages import all_pages, render_pages, write_site_index
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
    unplaced = unplaceable(tables["bulletins"])
    res.unplaced += [f"{bid}: {why}" for bid, why in unplaced]
    pages = all_pages(tables["bulletins"])
    pairs = [(p.region, p.quarter) for p in pages if p.kind == "dashboard"]
    results = render_pages(pages, processed, out, workers=workers, progress=progress, warm=warm, force=force,
                           tables=tables, self_contained=self_contained)
    for r in results:
        if r.path is None:
            res.failed.append(f"{r.page.kind} {r.page.region or ''} {r.page.quarter or ''}: {r.error}".replace("  ", " "))
            continue
        res.pages.append(r.path)
        res.kept += r.kept
        if r.page.kind == "dashboard":
            res.dashboards.append(r.path)

    assessed = _assessments(raw_dir, processed, out, res, force, self_contained)
    problems = [_unplaced_zh(bid, tables["bulletins"]) for bid, _ in unplaced]
    problems += [f"{r.page.title}：生成失败（{r.error}）" for r in results if r.path is None]
    res.index = write_site_index(tables, results, out, manifest, problems,
                                 Path(docs_dir) / "validation.html" if validate and docs_dir else None,
                                 assessments=assessed)

    t_led = time.perf_counter()
    for quarter in sorted({q for _, q in pairs}):
        try:
            res.ledgers.append(write_ledger_for(quarter, None, processed, out / "ledger", tables=tables))
        except Exception as exc:
            res.failed.append(f"ledger {quarter}: {type(exc).__name__}: {exc}")
    log.info("ledgers: %d written in %.1f s", len(res.ledgers), time.perf_counter() - t_led)
    res.seconds = time.perf_counter() - t0
    return res


def _assessments(raw_dir: str | Path | None, processed: Path, out: Path, res: BuildResult, force: bool,
                 self_contained: bool = False) -> list[tuple[str, Path]]:
    """Assess every monitoring run under raw (a folder with run.yaml, issue 20) into
    <processed>/assess/<run>/ and render its evidence page reports/assess/<run>.html; returns the
    (label, page) pairs the index links. A run whose inputs are unchanged is not assessed again, and its
    page is re-rendered only when the assessment is newer (or with force)."""
    from govstats.assess.writer import discover_runs, ensure_assessed, page_path, render_assessment_page
    from govstats.store import read_manifest

    raw = Path(raw_dir) if raw_dir is not None else paths.raw_dir()
    links = []
    for run in discover_runs(raw):
        try:
            folder = ensure_assessed(run, out_dir=processed / "assess" / run.name)
            page = page_path(out, run.name)
            if force or not page.exists() or page.stat().st_mtime < (folder / "manifest.json").stat().st_mtime:
                render_assessment_page(folder, out, self_contained)
        except Exception as exc:  # one bad run must not stop the build: report it
            res.failed.append(f"assessment {run.name}: {type(exc).__name__}: {exc}")
            continue
        m = read_manifest(folder)
        res.notes.append(f"assessment {run.name}: {page}")
        label = f"{m.get('region', '')} {m.get('period', '')}" + ("（合成示例）" if m.get("synthetic") else "")
        links.append((label, page))
    return links


def _unplaced_zh(bid: str, bulletins: pd.DataFrame) -> str:
    """The index's line for a bulletin without a page: why, in Chinese, and what the analyst can do."""

    row = bulletins[bulletins["bulletin_id"] == bid].iloc[0]
    if registry._isna(row["region"]):
        return (f"通报 {bid}：未能识别所属地区，未生成看板。请把文件放在 data/raw/<地区>/<季度>/ 下"
                "（scripts/add_raw.py --region），地区名可以是不在行政区划代码表中的新区、开发区名称。")
    period = "未知" if registry._isna(row["period"]) else str(row["period"])
    return f"通报 {bid}：检查期 {period} 不是季度（月度或年度通报），不生成季度看板；其数字仍在 data/processed 的各表中。"
