"""The govstats import graph, read from the source with ast (nothing is imported).

An edge A -> B for every ``import govstats.B`` / ``from govstats.B import x`` / ``from govstats
import B`` in A, outside ``if TYPE_CHECKING:`` blocks, with where it sits: at module level or
inside a function (a lazy import), and the enclosing function's name.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "govstats"


@dataclass(frozen=True)
class Edge:
    """One import of a govstats module by another."""

    source: str
    target: str
    lazy: bool  # inside a function (or class body), not run at import time
    function: str | None  # the innermost enclosing function, if any
    line: int


def modules() -> dict[str, Path]:
    """{dotted module name: file} of every module of the package."""
    out = {}
    for p in sorted(PKG.rglob("*.py")):
        parts = list(p.relative_to(PKG.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def _edges_of(name: str, tree: ast.Module, mods: dict[str, Path]) -> list[Edge]:
    found: list[Edge] = []

    def targets(node: ast.stmt) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names if a.name in mods]
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out = [node.module] if node.module in mods else []
            return out + [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in mods]
        return []

    def visit(nodes: list, lazy: bool, function: str | None) -> None:
        for node in nodes:
            if isinstance(node, ast.If) and _is_type_checking(node):
                visit(node.orelse, lazy, function)
                continue
            found.extend(Edge(name, t, lazy, function, node.lineno) for t in targets(node))
            inner_lazy, inner_fn = lazy, function
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner_lazy, inner_fn = True, node.name
            for field in ("body", "orelse", "finalbody", "handlers"):
                child = getattr(node, field, None)
                if isinstance(child, list) and child and isinstance(child[0], (ast.stmt, ast.ExceptHandler)):
                    visit(child, inner_lazy, inner_fn)

    visit(tree.body, False, None)
    # a package's own __init__ is imported by its submodules by construction: not an edge
    return [e for e in found if e.target != name and not name.startswith(e.target + ".")]


def edges() -> list[Edge]:
    """Every import edge between govstats modules."""
    mods = modules()
    out: list[Edge] = []
    for name, path in mods.items():
        out += _edges_of(name, ast.parse(path.read_text(encoding="utf-8"), str(path)), mods)
    return out


def graph(top_level_only: bool) -> dict[str, set[str]]:
    """{module: modules it imports}; top_level_only keeps the imports that run at import time."""
    g: dict[str, set[str]] = {m: set() for m in modules()}
    for e in edges():
        if not (top_level_only and e.lazy):
            g[e.source].add(e.target)
    return g
