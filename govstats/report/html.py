"""HTML of the reports: escaped fragments, Jinja2 templates for tables and pages, one number formatter.

Templates live in ``govstats/report/templates/`` (the CSS and the table-sort script as plain
files, so they can be edited and linted as what they are). The environment autoescapes; bulletin
text goes through the ``esc`` filter (:func:`esc`: NA -> empty, lists joined with '；',
``html.escape``), so every piece of scraped text is escaped before it reaches markup.

Display helpers return :class:`Html` objects (they have ``_repr_html_``), so they render in
JupyterLab and in nbconvert's HTML without importing IPython. Jinja2 is imported on first use.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING, Any

from govstats import __version__, registry
from govstats.report.labels import SEVERITY_LABELS_ZH

if TYPE_CHECKING:
    import jinja2
    import pandas as pd

__all__ = [
    "Html",
    "esc",
    "esc_or_dash",
    "figure_html",
    "fmt_date",
    "fmt_number",
    "footer_html",
    "frame_html",
    "macro",
    "note",
    "render_template",
    "style_html",
]


class Html:
    """A fragment of trusted markup (built here, with all data escaped) that notebooks render."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return f"Html({len(self.markup)} chars)"


def esc(v: object) -> str:
    """Escaped display text of one value: NA -> empty, lists joined with '；'."""
    if isinstance(v, (list, tuple)):
        return html.escape("；".join(str(x) for x in v))
    if registry._isna(v):
        return ""
    return html.escape(str(v))


def esc_or_dash(v: object) -> str:
    """Escaped display text where a missing value (None, NA, '') shows as — and dates as 2025-02-28."""
    if v is None or registry._isna(v) or v == "":
        return "—"
    if hasattr(v, "strftime"):
        v = v.strftime("%Y-%m-%d")
    return html.escape(str(v))


def fmt_number(x: Any, unit: str = "count", precision: int | None = None) -> str:
    """The one number formatter of the reports: NA -> —, 96.5 -> 96.5%, 12.0 -> 12.

    unit "pct" appends %; with precision (the decimals the bulletin printed, figures.precision)
    a rate keeps them: 93.50 stays 93.50%, a recomputed 94 at one decimal is 94.0%. Without
    a precision a rate prints its shortest form; anything else prints integers without a point.
    """
    if x is None or registry._isna(x):
        return "—"
    if unit == "pct":
        if precision is not None and not registry._isna(precision):
            return f"{float(x):.{int(precision)}f}%"
        return f"{x:g}%"
    return f"{int(x)}" if float(x).is_integer() else f"{x:g}"


def figure_html(value: str, flag: str | None = None, computed: str | None = None, check: str | None = None) -> str:
    """A stated figure as markup: plain, or, when it failed a check, struck through with a badge and
    the recomputed value beside it (a failed figure is never shown alone: issue 18).

    value and computed are display strings (fmt_number); flag is the failed check's severity
    (error, warning) or None; check is the Chinese label of that check for the tooltip.
    """
    return macro("figures.html.j2", "figure", value, flag, computed, check)


def fmt_date(v: object) -> str | None:
    """A date as 2025-02-28 (None when missing)."""
    if registry._isna(v):
        return None
    return v.strftime("%Y-%m-%d") if hasattr(v, "strftime") else str(v)


def note(text: str) -> Html:
    """One-line statement used instead of an empty chart or table."""
    return Html(f'<p class="gs-note">{html.escape(text)}</p>')


@functools.lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("govstats.report", "templates"),
        autoescape=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    # Markup passes through: a cell built by a macro here (figure_html) is already escaped markup
    env.filters["esc"] = lambda v: v if isinstance(v, Markup) else Markup(esc(v))
    env.filters["dash"] = lambda v: Markup(esc_or_dash(v))
    env.globals["severity_label"] = lambda s: SEVERITY_LABELS_ZH.get(s, s)
    return env


def render_template(template: str, **context: Any) -> str:
    """Render one template of govstats/report/templates with the given variables."""
    return _env().get_template(template).render(**context)


def macro(template: str, name: str, *args: Any) -> str:
    """Call one macro of a template (a fragment such as a dashboard section) and return its markup."""
    return str(getattr(_env().get_template(template).module, name)(*args))


@functools.cache
def _asset(name: str) -> str:
    from importlib import resources

    return resources.files("govstats.report").joinpath("templates", name).read_text(encoding="utf-8")


def frame_html(df: pd.DataFrame, labels: dict[str, str] | None = None, sortable: bool = True,
               markup: dict[tuple[int, str], Any] | None = None) -> str:
    """A DataFrame as an escaped HTML table; sortable tables get a click-to-sort header.

    markup: {(row position, column): Markup} cells built by a template here (figure_html), put in as is.
    """
    from markupsafe import Markup

    labels = labels or {}
    markup = markup or {}
    numeric = [_numeric_column(df[c]) for c in df.columns]  # right-aligned: numbers, rates, counts, dates
    rows = []
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        cells = []
        for v, col_num, col in zip(row, numeric, df.columns):
            num = isinstance(v, (int, float)) and not isinstance(v, bool) and not registry._isna(v)
            if (i, col) in markup:
                cells.append((Markup(markup[(i, col)]), False))
            elif num:
                cells.append((fmt_number(v), True))
            elif col_num and _NUMBER_TEXT.match(str(v).strip() if v is not None and not registry._isna(v) else "—"):
                cells.append((esc_or_dash(v), True))  # number-like text, escaped here (num cells are markup)
            else:
                cells.append((v, False))
        rows.append(cells)
    return render_template("table.html.j2", cls="gs-table gs-sortable" if sortable else "gs-table",
                           head=[(labels.get(c, c), n) for c, n in zip(df.columns, numeric)], rows=rows)


_NUMBER_TEXT = re.compile(r"^(?:[-+]?[\d,]*\.?\d+%?|\d{4}-\d{2}-\d{2}|—)$")


def _numeric_column(col: pd.Series) -> bool:
    """A column of numbers, or of number-like text (97.95%, 1,234, 2025-02-28, — for missing) with one number."""
    seen = False
    for v in col:
        if isinstance(v, bool):
            return False
        if isinstance(v, (int, float)) or registry._isna(v):
            seen = seen or not registry._isna(v)
            continue
        t = str(v).strip()
        if not _NUMBER_TEXT.match(t):
            return False
        seen = seen or t != "—"
    return seen


def style_html() -> str:
    """CSS and the table-sort script (no external resources)."""
    from markupsafe import Markup

    return render_template("style.html.j2", css=Markup(_asset("style.css")), js=Markup(_asset("sort.js")))


def footer_html(manifest: dict) -> str:
    """Provenance footer: govstats version and the input-data hash from manifest.json."""
    return render_template("footer.html.j2", version=__version__, input_hash=manifest.get("input_hash") or "unknown")
