"""Warm kernels: same HTML as a fresh Papermill kernel, no state between pages, failures isolated."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"

pytestmark = pytest.mark.slow




def test_warm_pages_are_identical_to_fresh_renders(processed, tmp_path):
    """Every kind of page, warm kernel (several pages in a row) vs a fresh kernel each: same bytes."""
    from govstats.report.pages import Page, render_page
    from govstats.report.warm import WarmKernel
    from govstats.store import read_tables

    tables = read_tables(processed)
    pages = [Page("dashboard", "吴忠市", "2025Q1"), Page("dashboard", "咸阳市", "2025Q1"),
             Page("overview", None, "2025Q1"), Page("trend", "咸阳市", None)]
    with WarmKernel(cwd=processed.resolve()) as k:
        warm = [render_page(p, processed, tmp_path / "warm", tables, kernel=k) for p in pages]
        assert k.pages == len(pages) and k.restarts == 0
    for p, w in zip(pages, warm):
        fresh = render_page(p, processed, tmp_path / "fresh", tables)
        assert w.read_bytes() == fresh.read_bytes(), p


def _notebook(tmp_path: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("x = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell("import os\nleftover = globals().get('secret')\nsecret = x\npid = os.getpid()"),
        nbformat.v4.new_code_cell("assert x != 13, 'page thirteen is broken'\nprint(f'x={x} leftover={leftover} pid={pid}')"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    return path


def _printed(nb) -> str:
    return "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stdout")


def test_reset_between_pages_and_a_failure_restarts_only_that_page(tmp_path):
    from govstats.errors import GovstatsError
    from govstats.report.warm import WarmKernel

    nb_path = _notebook(tmp_path)
    with WarmKernel(cwd=tmp_path) as k:
        first = _printed(k.run(nb_path, {"x": 1}))
        second = _printed(k.run(nb_path, {"x": 2}))
        assert "x=1 leftover=None" in first
        assert "x=2 leftover=None" in second  # page 1's variables are gone
        pid = first.split("pid=")[1].strip()
        assert second.split("pid=")[1].strip() == pid  # ... in the same, warm kernel
        with pytest.raises(GovstatsError, match="AssertionError: page thirteen is broken"):
            k.run(nb_path, {"x": 13})
        assert k.restarts == 2  # restarted, retried in a fresh kernel, restarted again
        after = _printed(k.run(nb_path, {"x": 3}))
        assert "x=3 leftover=None" in after
        assert after.split("pid=")[1].strip() != pid  # the next page runs in the new kernel
        assert k.run(nb_path, {"x": 4}) is not None and k.restarts == 2


def test_build_pages_in_two_warm_workers(processed, tmp_path):
    """The pool path: two workers, each with its own warm kernel, every page written once."""
    from govstats.report.pages import all_pages, render_pages
    from govstats.store import read_tables

    tables = read_tables(processed)
    pages = all_pages(tables["bulletins"])[:6]
    res = render_pages(pages, processed, tmp_path, workers=2, tables=tables)
    assert [r.error for r in res] == [None] * len(pages)
    assert all((tmp_path / p.relpath).exists() for p in pages)
    assert all(r.kept for r in render_pages(pages, processed, tmp_path, workers=2, tables=tables))
