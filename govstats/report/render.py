"""Render dashboards: Papermill runs the report notebook, nbconvert exports offline HTML.

    render_dashboard("咸阳市", "2025Q1")   # -> reports/咸阳市/2025Q1.html

Parameters are validated against the processed tables BEFORE a kernel starts, so a typo costs
milliseconds and names the valid choices. The exported page hides all code, embeds plotly.js
once, and contains no external URL (checked by :func:`external_urls` on every render).
"""

from __future__ import annotations

import functools
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import paths
from govstats.errors import GovstatsError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NOTEBOOK", "RenderResult", "export_html", "external_urls", "render_dashboard", "run_notebook", "write_index"]

NOTEBOOK = paths.notebook()  # package data (a wheel install has it too)

# Why a custom template (in memory, via extra_loaders) rather than post-processing the HTML:
# the lab template puts require.js, MathJax, mermaid.js (CDN URLs) and, when widget state is
# present, the widget manager (unpkg) into blocks of its own; emptying those blocks removes
# them at the source, robustly across nbconvert releases, whereas regex surgery on the output
# would have to track each tag's exact markup. external_urls() still checks the result.
# notebook_css is emptied too: JupyterLab's 240 KB of CSS styles code cells our pages never show;
# the page's own CSS (report/templates/style.css, emitted by the assets cell) lays it out (issue 18).
_TEMPLATE_NAME = "govstats_offline.html.j2"
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block notebook_css %}{% endblock notebook_css %}
"""

# src/href/url() pointing off the page, and any "cdn" mention outside the inlined plotly.js
# (whose bundle names map-tile CDNs it would use only for map traces, which we never draw).
_URL_ATTR = re.compile(r"""(?:\bsrc|\bhref|\baction|\bdata)\s*=\s*["']?\s*((?:https?:)?//[^"'\s>]+)""", re.I)
_CSS_URL = re.compile(r"""(?:url\(|@import\s+)["']?\s*((?:https?:)?//[^"')\s]+)""", re.I)
_PLOTLYJS_OPEN = re.compile(r'<script[^>]*\bid="govstats-plotlyjs"[^>]*>')


def _without_plotlyjs(page: str) -> str:
    """The page minus the body of the inlined plotly.js (string search: the page is ~5 MB)."""
    m = _PLOTLYJS_OPEN.search(page)
    if m is None:
        return page
    end = page.find("</script>", m.end())
    return page[: m.end()] + page[end if end >= 0 else len(page):]


def external_urls(page: str) -> list[str]:
    """External resources a page would load (src/href/url()) plus any 'cdn' mention outside plotly.js."""
    rest = _without_plotlyjs(page)
    found = _URL_ATTR.findall(rest) + _CSS_URL.findall(rest)
    low, i = rest.lower(), 0
    while (i := low.find("cdn", i)) >= 0:
        found.append(rest[max(0, i - 40): i + 43])
        i += 3
    return found


_PLACEHOLDER = re.compile(r'<script[^>]*\bid="govstats-plotlyjs"[^>]*>\s*</script>')


def _fill_plotlyjs(page: str) -> str:
    """Replace the empty plotly.js placeholder (if any) by the inlined library, exactly once."""
    from govstats.report.charts import plotlyjs_html

    empty = plotlyjs_html(placeholder=True)
    i = page.find(empty)  # the exact markup charts emits; the regex only for hand-edited pages
    if i >= 0:
        return page[:i] + plotlyjs_html() + page[i + len(empty):]
    m = _PLACEHOLDER.search(page)
    if m is None:
        return page
    return page[: m.start()] + plotlyjs_html() + page[m.end():]


@dataclass
class RenderResult:
    """One rendered dashboard: where it went and how long each stage took (seconds)."""

    region: str
    quarter: str
    path: Path
    execute_s: float
    export_s: float


def run_notebook(parameters: dict[str, Any], notebook: str | Path = NOTEBOOK, cwd: str | Path | None = None) -> Any:
    """Execute a notebook with Papermill (kernel python3 of this venv, immediate shutdown); returns the node."""
    import papermill as pm

    from govstats.report.kernel import KERNEL_MANAGER

    try:
        return pm.execute_notebook(
            str(notebook), None, parameters=parameters, kernel_name="python3", progress_bar=False,
            log_output=False, request_save_on_cell_execute=False, cwd=str(cwd) if cwd else None,
            # nbclient option: skips the graceful shutdown that stalls ~3 s now and then (stack-notes §4)
            shutdown_kernel="immediate",
            kernel_manager_class=KERNEL_MANAGER,  # IPC sockets: no TCP warning per kernel
        )
    except pm.PapermillExecutionError as exc:
        raise GovstatsError(f"dashboard notebook failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None


_CHAR_REF = re.compile(r"&#(\d{2,7});")
_OUTPUT_DIV = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")')


def _exporter_class() -> Any:
    """nbconvert's HTMLExporter minus its BeautifulSoup pass over the finished page.

    That pass (nbconvert 7) parses and re-serializes the whole page to add tabindex="0" to
    outputs and code inputs and alt text to images: ~30 ms of every page, a third of the
    export in a warm-kernel batch. Our pages have no code inputs and no <img>; the tabindex
    is added to the output divs here by one substitution on nbconvert's own markup.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class OfflineHTMLExporter(HTMLExporter):
        def from_notebook_node(self, nb: Any, resources: dict | None = None, **kw: Any) -> tuple[str, dict]:
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            # the markdown renderer writes CJK headings as &#26680;... (BeautifulSoup used to decode them)
            page = _CHAR_REF.sub(lambda m: chr(int(m.group(1))) if int(m.group(1)) >= 0xA0 else m.group(0), page)
            return _OUTPUT_DIV.sub(r'\1 tabindex="0"', page), resources

    return OfflineHTMLExporter


@functools.lru_cache(maxsize=1)
def _exporter() -> Any:
    """One exporter per process: building one compiles the templates (~0.5 s)."""
    import jinja2

    return _exporter_class()(
        template_name="lab", template_file=_TEMPLATE_NAME,
        extra_loaders=[jinja2.DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        language_code="zh",
        # validate the notebook once after all preprocessors instead of after each of the 12
        optimistic_validation=True,
    )


def export_html(nb: Any, title: str) -> str:
    """nbconvert HTML without code, prompts or any CDN tag; raises if an external URL remains."""
    return _fill_plotlyjs(_export_body(nb, title))


def export_html_bytes(nb: Any, title: str) -> bytes:
    """export_html's page as UTF-8, with plotly.js joined as bytes encoded once per process.

    The same bytes as ``export_html(nb, title).encode()``, without widening and re-encoding the
    4.8 MB library into every CJK page (~15 ms a page in a warm-kernel batch).
    """
    from govstats.report.charts import plotlyjs_html

    body = _export_body(nb, title)
    empty = plotlyjs_html(placeholder=True)
    i = body.find(empty)
    if i < 0:
        return _fill_plotlyjs(body).encode("utf-8")
    return body[:i].encode("utf-8") + _plotlyjs_bytes() + body[i + len(empty):].encode("utf-8")


@functools.lru_cache(maxsize=1)
def _plotlyjs_bytes() -> bytes:
    from govstats.report.charts import plotlyjs_html

    return plotlyjs_html().encode("utf-8")


def _export_body(nb: Any, title: str) -> str:
    """The exported page with the empty plotly.js placeholder, checked for external URLs."""
    nb.metadata["title"] = title
    for cell in nb.cells:  # Papermill's random id for its injected cell: fixed, so renders compare equal
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
    body, _ = _exporter().from_notebook_node(nb)
    bad = external_urls(body)  # before plotly.js is inlined: 0.3 instead of 5 MB to scan
    if bad:
        raise GovstatsError(f"exported dashboard would load external resources: {bad[:3]}")
    return body


def render_dashboard(region: str, quarter: str, data_dir: str | Path | None = None,
                     out_dir: str | Path | None = None, tables: dict[str, pd.DataFrame] | None = None,
                     kernel: Any = None) -> RenderResult:
    """Validate parameters, run the notebook, write reports/<region>/<quarter>.html atomically.

    kernel: a :class:`govstats.report.warm.WarmKernel` to run in (None: a fresh Papermill kernel).
    Folders default to govstats.paths.
    """
    from govstats.report.dashboard import load_tables
    from govstats.report.summary import validate_params
    from govstats.store import write_text

    data_dir = Path(data_dir if data_dir is not None else paths.processed_dir()).resolve()
    out_dir = out_dir if out_dir is not None else paths.reports_dir()
    bulletins = (tables or load_tables(data_dir))["bulletins"]
    q = validate_params(region, quarter, bulletins)
    t0 = time.perf_counter()
    params = {"region": region, "quarter": str(q), "data_dir": str(data_dir), "embed_plotlyjs": False}
    nb = kernel.run(NOTEBOOK, params) if kernel is not None else run_notebook(params, cwd=data_dir)
    t1 = time.perf_counter()
    page = export_html(nb, f"{region}{q.label_zh}政府网站与政务新媒体检查看板")
    target = Path(out_dir) / region / f"{q}.html"
    write_text(target, page)
    return RenderResult(region, str(q), target, t1 - t0, time.perf_counter() - t1)


def _render_job(args: tuple[str, str, str, str]) -> tuple[str, str, str | None, str | None, float]:
    """Pool worker: (region, quarter, path or None, error or None, seconds)."""
    region, quarter, data_dir, out_dir = args
    t0 = time.perf_counter()
    try:
        r = render_dashboard(region, quarter, data_dir, out_dir)
        return region, quarter, str(r.path), None, time.perf_counter() - t0
    except Exception as exc:  # one bad dashboard must not stop the batch: report it
        return region, quarter, None, f"{type(exc).__name__}: {exc}", time.perf_counter() - t0


def render_many(pairs: list[tuple[str, str]], data_dir: str | Path, out_dir: str | Path, workers: int = 2,
                progress: bool = False) -> list[tuple[str, str, str | None, str | None, float]]:
    """Render many dashboards in a process pool (2 workers suit 2 cores: stack-notes §6).

    The pool spawns its workers once this process has helper threads: a process that has
    already run a notebook holds jupyter_core's event-loop thread, and a forked child waits
    forever on it when it starts its own kernel (seen as a hung build inside pytest).
    """
    from govstats.pool import process_pool

    jobs = [(r, q, str(Path(data_dir).resolve()), str(out_dir)) for r, q in pairs]
    if workers <= 1:
        it: Any = map(_render_job, jobs)
        return list(_progress(it, len(jobs), progress))
    with process_pool(workers, preload=("govstats.report.render", "papermill", "nbconvert")) as pool:
        return list(_progress(pool.map(_render_job, jobs), len(jobs), progress))


def _progress(it: Any, total: int, on: bool) -> Any:
    if not on:
        return it
    from tqdm import tqdm

    return tqdm(it, total=total, desc="dashboards", unit="page")


def write_index(tables: dict[str, pd.DataFrame], rendered: dict[tuple[str, str], str], out_dir: str | Path,
                manifest: dict, problems: list[str] | None = None, sections: str = "") -> Path:
    """reports/index.html: one row per bulletin with pass rates, failed-check counts and its link.

    sections: trusted markup placed above the table (links to the overview and trend pages).
    """
    import os

    from markupsafe import Markup

    from govstats.report.html import fmt_number, footer_html, render_template, style_html
    from govstats.report.labels import quarter_label
    from govstats.report.summary import summary_frame
    from govstats.store import write_text

    out_dir = Path(out_dir)
    s = summary_frame(tables)
    s = s[s["region"].notna() & s["quarter"].notna()].sort_values(["region", "quarter"])

    def rate(stated: Any, computed: Any) -> str:
        if stated is None or stated != stated:
            return "—"
        same = computed is None or computed != computed or abs(stated - computed) < 1e-9
        return fmt_number(stated, "pct") + ("" if same else f"（核算 {fmt_number(computed, 'pct')}）")

    rows = []
    for r in s.itertuples(index=False):
        path = rendered.get((r.region, r.quarter))
        rows.append({
            "region": r.region, "quarter": quarter_label(r.quarter),
            "href": os.path.relpath(path, out_dir).replace(os.sep, "/") if path else None,
            "website_rate": rate(r.website_pass_rate, r.website_pass_rate_computed),
            "newmedia_rate": rate(r.newmedia_pass_rate, r.newmedia_pass_rate_computed),
            "failed_errors": r.failed_errors, "failed_warnings": r.failed_warnings,
            "website_rows": r.website_rows, "new_media_rows": r.new_media_rows, "bulletin_id": r.bulletin_id,
        })
    head = ("地区", "季度", "政府网站合格率", "政务新媒体合格率", "核验错误", "核验警告", "网站附件行数", "新媒体附件行数", "通报编号")
    page = render_template("index.html.j2", style=Markup(style_html()), footer=Markup(footer_html(manifest)), head=head,
                           rows=rows, n_rendered=len(rendered), problems=problems or [], sections=Markup(sections),
                           numeric={"政府网站合格率", "政务新媒体合格率", "核验错误", "核验警告", "网站附件行数", "新媒体附件行数"})
    return write_text(out_dir / "index.html", page)
