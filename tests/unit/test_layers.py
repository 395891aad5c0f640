"""Every import goes one way: down the layer order that docs/architecture.md draws.

A module may import modules of its own layer or of a layer below, never above. Every module
belongs to a layer (a new package must be placed here, in the README and in docs/architecture.md). The one
sanctioned upward edge: the Jupyter ``_repr_html_`` hooks of Bulletin and Corpus, which Jupyter
calls on the object, render with :mod:`govstats.report.display` (imported on that call only).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.import_graph import Edge, edges, modules

#: Bottom to top. An entry names a module and everything under it (govstats.report covers
#: govstats.report.pages); "govstats" alone is the package's own __init__ (version, lazy names).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("govstats", "govstats.errors", "govstats.quarter", "govstats.paths", "govstats.textnorm", "govstats.registry",
     "govstats.pool"),
    ("govstats.store",),
    ("govstats.normalize",),
    ("govstats.readers",),
    ("govstats.parse",),
    ("govstats.overrides", "govstats.assemble"),
    ("govstats.checks",),
    ("govstats.bulletin",),
    ("govstats.ingest",),
    ("govstats.corpus",),
    ("govstats.report",),
    ("govstats.validate",),
    ("govstats.draft",),
    ("govstats.assess",),
    ("govstats.build",),
    ("govstats.cli",),
)
ROOT = Path(__file__).resolve().parents[2]


def layer_of(module: str) -> int | None:
    """Index in LAYERS of the most specific entry covering module, None when none does."""
    best: tuple[int, int] | None = None
    for i, layer in enumerate(LAYERS):
        for entry in layer:
            covers = module == entry if entry == "govstats" else module == entry or module.startswith(entry + ".")
            if covers and (best is None or len(entry) > best[1]):
                best = (i, len(entry))
    return None if best is None else best[0]


def upward(all_edges: list[Edge]) -> list[Edge]:
    """Edges from a layer to a higher one, the sanctioned display hooks excepted."""
    out = []
    for e in all_edges:
        src, dst = layer_of(e.source), layer_of(e.target)
        if src is None or dst is None or dst <= src:
            continue
        if e.lazy and e.function == "_repr_html_" and e.target == "govstats.report.display":
            continue
        out.append(e)
    return out


def test_every_module_has_a_layer() -> None:
    assert not [m for m in modules() if layer_of(m) is None]


def test_every_import_goes_down() -> None:
    bad = [f"{e.source}:{e.line} imports {e.target}" for e in upward(edges())]
    assert not bad, "imports against the layer order (docs/architecture.md):\n" + "\n".join(bad)


def test_an_upward_import_is_caught() -> None:
    fake = [Edge("govstats.readers.shapes", "govstats.parse.annex", True, "heading_lists", 1),
            Edge("govstats.report.docs", "govstats.corpus", True, "default_readme", 1),
            Edge("govstats.bulletin", "govstats.report.display", True, "_repr_html_", 1),
            Edge("govstats.parse.annex", "govstats.normalize.platform", False, None, 1)]
    assert [(e.source, e.target) for e in upward(fake)] == [("govstats.readers.shapes", "govstats.parse.annex")]


@pytest.mark.parametrize("doc", ["README.md", "docs/architecture.md"])
def test_the_docs_draw_the_same_order(doc: str) -> None:
    """The README and docs/architecture.md draw the layers top to bottom, one `name` list per line."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    block = text[text.index("<!-- layers -->"): text.index("<!-- /layers -->")]
    drawn = [re.findall(r"`([a-z_.]+)`", line) for line in block.splitlines()]
    drawn = [tuple(f"govstats.{n}" if n != "govstats" else n for n in names) for names in drawn if names]
    assert drawn == list(reversed(LAYERS))


def test_no_pointless_lazy_import() -> None:
    """A function-level import of a govstats module the importer already loads at import time saves
    nothing and hides the dependency from the file header: import it at the top."""
    from tests.helpers.import_graph import graph

    top = graph(top_level_only=True)

    def loaded(m: str, seen: set[str]) -> set[str]:
        for t in top.get(m, ()):
            if t not in seen:
                seen.add(t)
                loaded(t, seen)
        return seen

    bad = [f"{e.source}:{e.line} imports {e.target} inside {e.function}()"
           for e in edges() if e.lazy and e.target in loaded(e.source, set())]
    assert not bad, "\n".join(bad)
