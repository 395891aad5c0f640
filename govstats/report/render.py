"""Notebook to offline HTML: run a report notebook with Papermill, export it with nbconvert.

:mod:`govstats.report.pages` is the one path that renders pages (`govstats report`, `govstats
build`); this module holds the two stages it calls. The exported page hides all code, embeds
plotly.js once, and contains no external URL (checked by :func:`external_urls` on every export).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from govstats import paths
from govstats.errors import GovstatsError

__all__ = ["NOTEBOOK", "export_html", "export_html_bytes", "external_urls", "run_notebook"]

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


def run_notebook(parameters: dict[str, Any], notebook: str | Path = NOTEBOOK, cwd: str | Path | None = None) -> Any:
    """Execute a notebook with Papermill (kernel python3 of this venv, immediate shutdown); returns the node."""
    import papermill as pm

    from govstats.report.kernel import KERNEL_MANAGER

    try:
        return pm.execute_notebook(
            str(notebook), None, parameters=parameters, kernel_name="python3", progress_bar=False,
            log_output=False, request_save_on_cell_execute=False, cwd=str(cwd) if cwd else None,
            # nbclient option: skips the graceful shutdown, which stalls ~3 s now and then
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
