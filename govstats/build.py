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
import sys
import time
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BuildResult", "build"]


@dataclass
class BuildResult:
    """What a build produced and what it could not."""

    index: Path
    dashboards: list[Path] = field(default_factory=list)
    ledgers: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # inputs left out, with the reason
    failed: list[str] = field(default_factory=list)  # steps or outputs that failed
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.skipped or self.failed)

    def summary(self) -> str:
        lines = [f"build: {len(self.dashboards)} dashboard(s), {len(self.ledgers)} ledger(s) in {self.seconds:.1f} s"]
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
          docs_dir: str | Path | None = "gx_docs") -> BuildResult:
    """Run the whole pipeline; see the module docstring. Folders default to govstats.paths."""
    from govstats import paths
    from govstats.ingest import ingest
    from govstats.report.ledger import write_ledger_for
    from govstats.report.render import render_many, write_index
    from govstats.report.summary import available, unplaceable
    from govstats.store import read_manifest, read_tables

    t0 = time.perf_counter()
    progress = sys.stderr.isatty() if progress is None else progress
    processed = Path(processed_dir) if processed_dir is not None else paths.processed_dir()
    out = Path(out_dir) if out_dir is not None else paths.reports_dir()
    res = BuildResult(index=out / "index.html")

    ing = ingest(raw_dir, processed, progress=progress)
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
    pairs = sorted(set(map(tuple, available(tables["bulletins"])[["region", "quarter"]].itertuples(index=False))))
    rendered: dict[tuple[str, str], str] = {}
    for region, quarter, path, err, _secs in render_many(pairs, processed, out, workers=workers, progress=progress):
        if path:
            rendered[(region, quarter)] = path
            res.dashboards.append(Path(path))
        else:
            res.failed.append(f"dashboard {region} {quarter}: {err}")

    problems = [s for s in res.skipped if s.startswith("bulletin ")] + [f for f in res.failed if f.startswith("dashboard ")]
    res.index = write_index(tables, rendered, out, manifest, problems)

    for quarter in sorted({q for _, q in pairs}):
        try:
            res.ledgers.append(write_ledger_for(quarter, None, processed, out / "ledger", tables=tables))
        except Exception as exc:
            res.failed.append(f"ledger {quarter}: {type(exc).__name__}: {exc}")
    res.seconds = time.perf_counter() - t0
    return res
