"""Tests do not import from benchmarks/ (issue 21 item 7): what both need lives in tests/helpers/.

Only the tests of the benchmarks themselves may import them, and tests/helpers/ never does
(benchmarks import the helpers, so a helper importing a benchmark would make a cycle). Read with
ast from the source, nothing is imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
#: The tests whose subject is a benchmark (their docstrings say so).
BENCHMARK_TESTS = frozenset(
    {
        "integration/test_bench.py",
        "integration/test_bench_cli_extract.py",
        "unit/test_corpus_eval.py",
    }
)


def benchmark_imports(path: Path) -> list[int]:
    """Lines of `path` that import `benchmarks` or one of its modules, at any depth of the file."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        if any(n == "benchmarks" or n.startswith("benchmarks.") for n in names):
            lines.append(node.lineno)
    return lines


def test_benchmark_imports_are_found(tmp_path: Path) -> None:
    """The finder sees module-level, lazy and `import benchmarks.x` forms, and nothing else."""
    p = tmp_path / "t.py"
    p.write_text(
        "import benchmarksx\nfrom tests.helpers.corpus import load_records\n"
        "from benchmarks.bench import main\n"
        "def f():\n    import benchmarks.corpus_eval\n",
        encoding="utf-8",
    )
    assert benchmark_imports(p) == [3, 5]


def test_only_the_benchmarks_own_tests_import_benchmarks() -> None:
    offenders = {}
    for p in sorted(TESTS.rglob("*.py")):
        rel = p.relative_to(TESTS).as_posix()
        if rel in BENCHMARK_TESTS:
            continue
        found = benchmark_imports(p)
        if found:
            offenders[rel] = found
    assert offenders == {}, f"import from tests/helpers/ instead of benchmarks/: {offenders}"
    assert all((TESTS / rel).is_file() for rel in BENCHMARK_TESTS)  # the exceptions still exist
