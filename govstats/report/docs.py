"""docs/columns.md: the column, figure-key and check-id reference, generated from the registry.

    python -m govstats.report.docs            # rewrite the block between the markers in docs/columns.md
    python -m govstats.report.docs --check    # exit 1 when the block is stale (tests/unit/report/test_docs.py)

Generated so that it cannot drift from :mod:`govstats.registry`, the one home of these lists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from govstats import registry
from govstats.corpus import JOINED_COLUMNS
from govstats.paths import project_root

START = "<!-- columns:start -->"
END = "<!-- columns:end -->"


def _cell(text: str) -> str:
    """Markdown-table-safe text: pipes escaped, angle brackets kept visible (not read as HTML)."""
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def table_markdown(t: registry.Table) -> str:
    """One table's section: heading with its Chinese label, description, primary key, column table."""
    lines = [
        f"### `{t.name}` — {t.label_zh}",
        "",
        _cell(t.description),
        "",
        "Primary key: " + ", ".join(f"`{k}`" for k in t.primary_key),
        "",
        "| column | dtype | 中文 | meaning |",
        "|---|---|---|---|",
    ]
    for c in t.columns:
        dtype = registry.PANDAS_DTYPES[c.dtype]
        shown = "list of str (`object`)" if c.dtype == "list" else f"`{dtype}`"
        lines.append(f"| `{c.name}` | {shown} | {_cell(c.label_zh)} | {_cell(c.description)} |")
    return "\n".join(lines)


def measures_markdown() -> str:
    """The figure keys (FIGURES.measure) in display order, with channel, unit and Chinese label."""
    lines = [
        "### Figure keys (`figures.measure`)",
        "",
        "In display order; `extract --json` uses the same keys. A breakdown comes as one row per printed item.",
        "",
        "| key | channel | unit | 中文 |",
        "|---|---|---|---|",
    ]
    for m in registry.MEASURES.values():
        unit = m.unit + (", breakdown" if m.breakdown else "")
        lines.append(f"| `{m.key}` | {m.channel} | {unit} | {_cell(m.label_zh)} |")
    return "\n".join(lines)


def checks_markdown() -> str:
    """The check ids (CHECKS.check) with Chinese label, worst severity and what each tests."""
    lines = [
        "### Check ids (`checks.check`)",
        "",
        "Severity is the most serious a failed row can have; a rate check can also fail as a warning "
        "(truncation) or become an `info` row 无法核验 (could not verify).",
        "",
        "| check | 中文 | severity | what it tests |",
        "|---|---|---|---|",
    ]
    for c in registry.CHECK_KINDS.values():
        lines.append(f"| `{c.id}` | {_cell(c.label_zh)} | {c.severity} | {_cell(c.explanation)} |")
    return "\n".join(lines)


def column_reference_markdown() -> str:
    """The whole reference: one section per registry table, the corpus's added columns, figure keys, check ids."""
    intro = (
        "# Column reference\n\n"
        "Generated from `govstats/registry.py` by `python -m govstats.report.docs`; do not edit by hand. "
        "Loaders cast every table to these dtypes; Excel headers and chart labels use the 中文 names."
    )
    sections = [intro, *(table_markdown(t) for t in registry.TABLES.values())]
    joined = [
        f"`{name}`: " + ", ".join(f"`{out}` (from `bulletins.{src}`)" for out, src in cols)
        for name, cols in JOINED_COLUMNS.items()
        if cols
    ]
    sections.append(
        "### Columns added by `govstats.load_corpus`\n\n"
        "A Corpus appends the bulletin's context (string dtype) after the registry columns of each table, "
        "so any table can be filtered by region or quarter on its own:\n\n"
        + "\n".join(f"- {j}" for j in joined)
    )
    sections += [measures_markdown(), checks_markdown()]
    return "\n\n".join(sections) + "\n"


def render_block() -> str:
    return f"{START}\n{column_reference_markdown()}{END}"


def update_text(text: str) -> str:
    """text with the block between the markers replaced (markers appended at the end if absent)."""
    block = render_block()
    i, j = text.find(START), text.find(END)
    if i < 0 or j < 0 or j < i:
        sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return f"{text}{sep}{block}\n"
    return text[:i] + block + text[j + len(END):]


def block_of(text: str) -> str | None:
    """The current block (markers included) in a Markdown text, or None when the markers are absent."""
    i, j = text.find(START), text.find(END)
    if i < 0 or j < 0 or j < i:
        return None
    return text[i : j + len(END)]


def is_stale(path: Path) -> bool:
    """True when the file's block differs from what the registry gives (or the file has none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return block_of(text) != render_block()


def default_target() -> Path:
    """The project's docs/columns.md."""
    return project_root() / "docs" / "columns.md"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m govstats.report.docs", description=__doc__.splitlines()[0])
    ap.add_argument("target", nargs="?", help="Markdown file to update (default: the project's docs/columns.md)")
    ap.add_argument("--check", action="store_true", help="only report whether the block is stale (exit 1 if so)")
    args = ap.parse_args(argv)
    path = Path(args.target) if args.target else default_target()
    if args.check:
        if is_stale(path):
            print(f"{path}: column reference is stale; run `python -m govstats.report.docs`", file=sys.stderr)
            return 1
        return 0
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    new = update_text(old)
    if new != old:
        path.write_text(new, encoding="utf-8")
        print(f"{path}: column reference updated")
    else:
        print(f"{path}: column reference already up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
