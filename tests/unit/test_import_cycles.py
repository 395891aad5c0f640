"""No import cycles between govstats modules, and every module imports on its own in a fresh interpreter.

The graph is read from the source (tests/helpers/import_graph.py). Two graphs are checked:
module-level imports (a cycle there breaks or half-initializes a module at import time) and all
imports including those inside functions (a cycle there means two layers call each other,
e.g. charts importing back from the dashboard).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers.import_graph import graph, modules

_graph = graph
_modules = modules


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 5000))
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_graph_is_read():
    g = _graph(top_level_only=False)
    assert "govstats.report.labels" in g["govstats.report.dashboard"]
    assert "govstats.bulletin" in g["govstats.cli"]  # a function-level import
    assert "govstats.bulletin" not in _graph(top_level_only=True)["govstats.cli"]


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("top_level_only", [True, False], ids=["module-level", "all-imports"])
def test_no_import_cycles(top_level_only):
    assert _cycles(_graph(top_level_only)) == []


def test_charts_do_not_import_the_dashboard():
    assert "govstats.report.dashboard" not in _graph(top_level_only=False)["govstats.report.charts"]


def test_every_module_imports_alone_in_a_fresh_interpreter():
    """Each module first in its own interpreter: an import-order dependency shows up as an ImportError."""
    names = sorted(_modules())
    code = ("import importlib, subprocess, sys\n"
            "bad = []\n"
            "for m in sys.argv[1:]:\n"
            "    r = subprocess.run([sys.executable, '-c', f'import {m}'], capture_output=True, text=True)\n"
            "    if r.returncode: bad.append((m, r.stderr.strip().splitlines()[-1:]))\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, check=True, timeout=600)
    assert out.stdout.strip() == "[]"
