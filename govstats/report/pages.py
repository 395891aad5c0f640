"""Every page of the report site, rendered in batches with warm kernels, re-rendered only on change,
and the index page that links them (:func:`write_site_index`).

Three kinds of page, each a parameterized notebook under notebooks/reports/:

==========  ==========================  ===============================  ==========================
kind        notebook                    parameters                       file under reports/
==========  ==========================  ===============================  ==========================
dashboard   quarterly_dashboard.ipynb   region, quarter                  <region>/<quarter>.html
overview    quarter_overview.ipynb      quarter (every region)           overview/<quarter>.html
trend       region_trend.ipynb          region (every quarter)           <region>/trend.html
==========  ==========================  ===============================  ==========================

:func:`render_pages` keeps a page whose inputs hash the same as when it was written: the rows
it reads (its bulletins in all five tables, earlier quarters included where the page shows
them), the notebook file and the govstats version. The hashes live in ``reports/pages.json``.
Pages that do need rendering run in a process pool, one :class:`~govstats.report.warm.WarmKernel` per
worker (``warm=False``: a fresh Papermill kernel per page, as before).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import multiprocessing.util
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import __version__, paths, registry
from govstats.errors import ParameterError
from govstats.quarter import Quarter
from govstats.report.html import footer_html, render_template, style_html
from govstats.report.render import export_html_bytes, run_notebook
from govstats.report.warm import WarmKernel

if TYPE_CHECKING:
    import pandas as pd

    from govstats.report.warm import WarmKernel

__all__ = ["MANIFEST", "Page", "PageResult", "all_pages", "page_hashes", "render_page", "render_pages",
           "write_site_index"]

NOTEBOOK_DIR = paths.notebooks_dir()  # package data: the repository's notebooks/reports
NOTEBOOKS = {"dashboard": "quarterly_dashboard.ipynb", "overview": "quarter_overview.ipynb",
             "trend": "region_trend.ipynb"}
#: file (under the output folder) holding {page path: input hash} of the pages written.
MANIFEST = "pages.json"
TABLES = registry.TABLE_NAMES


@dataclass(frozen=True, order=True)
class Page:
    """One page: kind plus its parameters (region and/or quarter)."""

    kind: str
    region: str | None = None
    quarter: str | None = None

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / NOTEBOOKS[self.kind]

    @property
    def relpath(self) -> str:
        """Path under the output folder, '/'-separated; names from the data made safe (paths.safe_component)."""
        safe = paths.safe_component
        if self.kind == "dashboard":
            return f"{safe(str(self.region))}/{safe(str(self.quarter))}.html"
        if self.kind == "overview":
            return f"overview/{safe(str(self.quarter))}.html"
        return f"{safe(str(self.region))}/trend.html"

    @property
    def title(self) -> str:
        if self.kind == "dashboard":
            return f"{self.region}{Quarter(str(self.quarter)).label_zh}政府网站与政务新媒体检查看板"
        if self.kind == "overview":
            return f"{Quarter(str(self.quarter)).label_zh}政府网站与政务新媒体检查总览"
        return f"{self.region}政府网站与政务新媒体检查历年趋势"

    def parameters(self, data_dir: str | Path, self_contained: bool = False) -> dict[str, Any]:
        """The notebook parameters: plotly.js linked from the shared copy in the output folder by a
        relative path, or (self_contained) inlined by the exporter, once."""
        from govstats.report.charts import plotlyjs_file_name

        p: dict[str, Any] = {}
        if self.region is not None:
            p["region"] = self.region
        if self.quarter is not None:
            p["quarter"] = self.quarter
        src = "" if self_contained else "../" * self.relpath.count("/") + plotlyjs_file_name()
        return {**p, "data_dir": str(data_dir), "embed_plotlyjs": False, "plotlyjs_src": src}

    def validate(self, bulletins: pd.DataFrame) -> Page:
        """The page with normalized parameters; ParameterError naming the valid choices."""
        from govstats.report.overview import validate_quarter, validate_region
        from govstats.report.summary import available, resolve_region, validate_params

        if self.kind == "dashboard":
            region = resolve_region(str(self.region), available(bulletins))
            return Page("dashboard", region, str(validate_params(region, str(self.quarter), bulletins)))
        if self.kind == "overview":
            return Page("overview", None, str(validate_quarter(str(self.quarter), bulletins)))
        return Page("trend", validate_region(str(self.region), bulletins), None)

    def bulletin_ids(self, av: pd.DataFrame) -> list[str]:
        """Bulletins whose rows this page reads (available() frame: region, quarter, bulletin_id)."""
        qs = av["quarter"].map(Quarter)
        if self.kind == "dashboard":  # this quarter and the region's earlier ones (trend, repeat units)
            sel = (av["region"] == self.region) & (qs <= Quarter(str(self.quarter)))
        elif self.kind == "overview":  # every region of the quarter, with their earlier quarters
            regions = set(av.loc[av["quarter"] == self.quarter, "region"])
            sel = av["region"].isin(regions) & (qs <= Quarter(str(self.quarter)))
        else:
            sel = av["region"] == self.region
        return sorted(av.loc[sel, "bulletin_id"])


def page_for(region: str | None, quarter: str | None) -> Page:
    """The page `govstats report` renders for these options (both: dashboard; one: overview or trend)."""
    if region and quarter:
        return Page("dashboard", region, quarter)
    if quarter:
        return Page("overview", None, quarter)
    if region:
        return Page("trend", region, None)
    raise ParameterError("give --quarter (overview of a quarter), --region (a region's trend) or both (dashboard)")


def all_pages(bulletins: pd.DataFrame) -> list[Page]:
    """Every dashboard, every quarter overview and every region trend the data allows."""
    from govstats.report.summary import available

    av = available(bulletins)
    pairs = sorted(set(zip(av["region"], av["quarter"])))
    pages = [Page("dashboard", r, q) for r, q in pairs]
    pages += [Page("overview", None, q) for q in sorted({q for _, q in pairs}, key=Quarter)]
    pages += [Page("trend", r, None) for r in sorted({r for r, _ in pairs})]
    return pages


# ---------------------------------------------------------------- input hashes


def _bulletin_digests(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """{bulletin_id: digest of all its rows in the five tables}: row hashes computed vectorized once."""
    import pandas as pd

    per: dict[str, list[str]] = {}
    for name in TABLES:
        df = tables[name]
        if not len(df):
            continue
        flat = df.copy()
        for col in flat.columns:
            if flat[col].dtype == object:  # list columns (problem_categories) are not hashable
                flat[col] = flat[col].map(lambda v: v if v is None or isinstance(v, str) else json.dumps(list(v),
                                                                                                       ensure_ascii=False))
        hashes = pd.util.hash_pandas_object(flat, index=False, categorize=False)
        for bid, h in zip(df["bulletin_id"], hashes.to_numpy()):
            per.setdefault(str(bid), []).append(f"{name}:{int(h):016x}")
    return {bid: hashlib.sha256("\n".join(v).encode()).hexdigest() for bid, v in per.items()}


@functools.lru_cache(maxsize=8)
def _file_digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _package_digest() -> str:
    """The govstats version plus a digest of the package's code and data files.

    The version alone does not move in an editable install while the code that draws the
    pages changes; hashing the files (~150, a few ms) makes any such change re-render.
    """
    root = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for p in sorted(root.rglob("*")):
        if p.suffix in (".py", ".csv", ".j2", ".json", ".css", ".js") and "__pycache__" not in p.parts:
            h.update(f"\n{p.relative_to(root).as_posix()}\n".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def page_hashes(pages: list[Page], tables: dict[str, pd.DataFrame], self_contained: bool = False) -> dict[Page, str]:
    """Input hash of every page: its rows, its notebook's bytes, the govstats version (and code), and
    whether plotly.js is inlined (switching modes re-renders)."""
    from govstats.report.summary import available

    av = available(tables["bulletins"])
    digests = _bulletin_digests(tables)
    package = _package_digest()
    out = {}
    for page in pages:
        nb = page.notebook
        h = hashlib.sha256()
        h.update(json.dumps([page.kind, page.region, page.quarter, package,
                             _file_digest(str(nb), nb.stat().st_mtime)] + (["self-contained"] if self_contained else []),
                            ensure_ascii=False).encode())
        for bid in page.bulletin_ids(av):
            h.update(f"\n{bid}={digests.get(bid, '')}".encode())
        out[page] = h.hexdigest()
    return out


def _read_manifest(out_dir: Path) -> dict[str, str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("pages", {}) if isinstance(data, dict) else {}


def _write_manifest(out_dir: Path, pages: dict[str, str]) -> None:
    from govstats.store import write_text

    body = {"govstats": __version__, "pages": dict(sorted(pages.items()))}
    write_text(out_dir / MANIFEST, json.dumps(body, ensure_ascii=False, indent=1) + "\n")


# ---------------------------------------------------------------- rendering


@dataclass
class PageResult:
    """What happened to one page: written (seconds), kept (unchanged inputs) or failed (error)."""

    page: Page
    path: Path | None
    error: str | None = None
    seconds: float = 0.0
    kept: bool = False


def render_page(page: Page, data_dir: str | Path | None = None, out_dir: str | Path | None = None,
                tables: dict[str, pd.DataFrame] | None = None, kernel: WarmKernel | None = None,
                self_contained: bool = False) -> Path:
    """Validate the parameters (before any kernel starts), run the notebook, write the page atomically.

    The page links the shared plotly.js written into out_dir (self_contained: inlines it, one
    file to e-mail). Folders default to govstats.paths (the project's data/processed and reports/)."""
    from govstats.report.charts import write_plotlyjs
    from govstats.store import atomic_path, read_tables

    data_dir = Path(data_dir if data_dir is not None else paths.processed_dir()).resolve()
    out_dir = out_dir if out_dir is not None else paths.reports_dir()
    page = page.validate((tables or read_tables(data_dir))["bulletins"])
    params = page.parameters(data_dir, self_contained)
    if not self_contained:
        write_plotlyjs(out_dir)
    if kernel is not None:
        nb = kernel.run(page.notebook, params)
    else:
        nb = run_notebook(params, notebook=page.notebook, cwd=data_dir)
    target = Path(out_dir) / page.relpath
    paths.ensure_under(target, out_dir)  # names from the data never lead out of the reports folder (issue 22)
    data = export_html_bytes(nb, page.title)
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return target


_KERNEL: WarmKernel | None = None


def _worker_kernel(cwd: str) -> WarmKernel:
    """This process's warm kernel, started on first use and stopped when the process exits."""
    global _KERNEL
    if _KERNEL is None or _KERNEL.cwd != cwd:
        if _KERNEL is not None:
            _KERNEL.close()
        _KERNEL = WarmKernel(cwd=cwd).start()
        # pool workers leave through multiprocessing's exit path (no atexit): Finalize runs there
        multiprocessing.util.Finalize(_KERNEL, _KERNEL.close, exitpriority=10)
    return _KERNEL


def _job(args: tuple[Page, str, str, bool, bool]) -> PageResult:
    """Pool worker: render one page; any failure becomes the result's error (the batch goes on)."""
    from govstats.report.dashboard import cached_tables

    page, data_dir, out_dir, warm, self_contained = args
    t0 = time.perf_counter()
    try:
        kernel = _worker_kernel(data_dir) if warm else None
        path = render_page(page, data_dir, out_dir, cached_tables(data_dir), kernel=kernel,
                           self_contained=self_contained)
        return PageResult(page, path, None, time.perf_counter() - t0)
    except Exception as exc:  # one bad page must not stop the batch: report it
        return PageResult(page, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - t0)


def render_pages(pages: list[Page], data_dir: str | Path, out_dir: str | Path, workers: int = 2,
                 progress: bool = False, warm: bool = True, force: bool = False,
                 tables: dict[str, pd.DataFrame] | None = None, self_contained: bool = False) -> list[PageResult]:
    """Render pages whose inputs changed (all with force=True); keep the others; update pages.json.

    Pages link one shared plotly.js in out_dir (written first, once); self_contained inlines it."""
    from govstats.store import read_tables

    t0 = time.perf_counter()
    data_dir, out_dir = Path(data_dir).resolve(), Path(out_dir)
    tables = tables if tables is not None else read_tables(data_dir)
    hashes = page_hashes(pages, tables, self_contained)
    old = _read_manifest(out_dir)
    if not self_contained and pages:
        from govstats.report.charts import write_plotlyjs

        write_plotlyjs(out_dir)  # before the workers, so they never race to write it
    results: list[PageResult] = []
    todo = []
    for page in pages:
        target = out_dir / page.relpath
        paths.ensure_under(target, out_dir)
        if not force and old.get(page.relpath) == hashes[page] and target.exists():
            results.append(PageResult(page, target, kept=True))
        else:
            todo.append(page)
    jobs = [(p, str(data_dir), str(out_dir), warm, self_contained) for p in todo]
    if workers <= 1 or len(jobs) <= 1:
        done = list(_progress(map(_job, jobs), len(jobs), progress))
        _close_worker_kernel()
    else:
        from govstats.pool import process_pool

        with process_pool(min(workers, len(jobs)), preload=("govstats.report.pages", "govstats.report.render", "nbclient")) as pool:
            done = list(_progress(pool.map(_job, jobs), len(jobs), progress))
    results += done
    manifest = {k: v for k, v in old.items() if (out_dir / k).exists()}
    for r in done:
        if r.error is None:
            manifest[r.page.relpath] = hashes[r.page]
        else:
            manifest.pop(r.page.relpath, None)
    _write_manifest(out_dir, manifest)
    secs = time.perf_counter() - t0
    failed = sum(r.error is not None for r in done)
    logging.getLogger("govstats.report.pages").info(
        "pages: %d rendered, %d kept (inputs unchanged), %d failed in %.1f s (%.2f pages/s, %s kernels, %d worker(s))",
        len(done) - failed, len(results) - len(done), failed, secs, len(done) / secs if secs else 0.0,
        "warm" if warm else "fresh", 1 if workers <= 1 or len(jobs) <= 1 else min(workers, len(jobs)))
    order = {p: i for i, p in enumerate(pages)}
    return sorted(results, key=lambda r: order[r.page])


def _close_worker_kernel() -> None:
    global _KERNEL
    if _KERNEL is not None:
        _KERNEL.close()
        _KERNEL = None


def _progress(it: Any, total: int, on: bool) -> Any:
    if not on or not total:
        return it
    from tqdm import tqdm

    return tqdm(it, total=total, desc="pages", unit="page")


def write_site_index(tables: dict[str, pd.DataFrame], results: list[PageResult], out_dir: str | Path,
                     manifest: dict, problems: list[str] | None = None, validation: str | Path | None = None,
                     assessments: list[tuple[str, str | Path]] | None = None) -> Path:
    """reports/index.html from its template: links to every overview, trend and the validation page, then
    one row per bulletin (stated rates at their printed precision, a failed one flagged with its
    recomputed value, 无附件 where no annex was read) linking to its dashboard.

    problems: Chinese lines naming bulletins that have no page (and why); assessments: (label, page
    path) of the evidence pages of `govstats assess`.
    """
    import os

    from markupsafe import Markup

    from govstats.report.overview import _annex, _rate_cells
    from govstats.report.summary import summary_frame
    from govstats.store import write_text

    out_dir = Path(out_dir)

    def rel(p: str | Path) -> str:
        return os.path.relpath(Path(p).resolve(), out_dir.resolve()).replace(os.sep, "/")

    ok = [r for r in results if r.path is not None]
    overviews = [(Quarter(str(r.page.quarter)).label_zh, rel(r.path)) for r in
                 sorted((r for r in ok if r.page.kind == "overview"), key=lambda r: Quarter(str(r.page.quarter)),
                        reverse=True)]
    trends = [(str(r.page.region), rel(r.path)) for r in sorted((r for r in ok if r.page.kind == "trend"),
                                                                  key=lambda r: str(r.page.region))]
    dashboards = {(r.page.region, r.page.quarter): rel(r.path) for r in ok if r.page.kind == "dashboard"}
    s = summary_frame(tables)
    s = s[s["region"].notna() & s["quarter"].notna()].sort_values(["region", "quarter"])
    rows = []
    for r in s.itertuples(index=False):
        href = dashboards.get((r.region, r.quarter))
        label = Quarter(r.quarter).label_zh
        rows.append([{"text": r.region}, {"text": label, "href": href} if href else {"text": label},
                     _rate_cells(r, "website")[0], _rate_cells(r, "newmedia")[0],
                     {"text": str(r.failed_errors)}, {"text": str(r.failed_warnings)},
                     _annex(r.website_annex), _annex(r.new_media_annex), {"text": r.bulletin_id}])
    head = [("地区", False), ("季度", False), ("政府网站合格率（通报）", True), ("政务新媒体合格率（通报）", True),
            ("核验错误", True), ("核验警告", True), ("问题网站条目（附件）", True), ("问题新媒体条目（附件）", True),
            ("通报编号", False)]
    n_errors = int((s["failed_errors"] > 0).sum())
    n_warnings = int(((s["failed_errors"] == 0) & (s["failed_warnings"] > 0)).sum())
    page = render_template(
        "site_index.html.j2", style=Markup(style_html()), footer=Markup(footer_html(manifest)), head=head, rows=rows,
        n_bulletins=len(s), n_dashboards=len(dashboards), n_errors=n_errors, n_warnings=n_warnings,
        overviews=overviews, trends=trends, assessments=[(label, rel(p)) for label, p in assessments or []],
        validation=rel(validation) if validation is not None and Path(validation).exists() else None,
        problems=problems or [])
    return write_text(out_dir / "index.html", page)
