"""docs/columns.md is generated from the registry and must not go stale."""

from __future__ import annotations

from pathlib import Path

from govstats import registry
from govstats.report import docs

COLUMNS = Path(__file__).resolve().parents[3] / "docs" / "columns.md"


def test_column_reference_is_current():
    assert not docs.is_stale(COLUMNS), "docs/columns.md is stale: run `python -m govstats.report.docs`"
    assert docs.default_target() == COLUMNS


def test_every_figure_key_and_check_id_is_documented():
    md = docs.column_reference_markdown()
    for m in registry.MEASURES.values():
        assert f"| `{m.key}` |" in md and m.label_zh in md
    for c in registry.CHECK_KINDS.values():
        assert f"| `{c.id}` | {c.label_zh} |" in md


def test_every_table_and_column_is_documented():
    md = docs.column_reference_markdown()
    for t in registry.TABLES.values():
        assert f"### `{t.name}` — {t.label_zh}" in md
        assert "Primary key: " + ", ".join(f"`{k}`" for k in t.primary_key) in md
        for c in t.columns:
            assert f"| `{c.name}` |" in md and c.label_zh in md
    assert "`quarter` (from `bulletins.period`)" in md


def test_markdown_cells_are_escaped():
    t = registry.Table("t", "表", "a | b", (registry.Column("c", "str", "列", "id: <region>-<YYYYQn> | x"),), ("c",))
    md = docs.table_markdown(t)
    assert "&lt;region&gt;-&lt;YYYYQn&gt; \\| x" in md  # would vanish as an HTML tag / split the row otherwise
    for line in docs.column_reference_markdown().splitlines():
        if line.startswith("| `"):
            assert line.replace("\\|", "").count("|") == 5, line


def test_update_keeps_text_outside_the_markers():
    text = f"# Title\n\nintro\n\n{docs.START}\nold stuff\n{docs.END}\n\n## After\n"
    new = docs.update_text(text)
    assert new.startswith("# Title\n\nintro\n\n") and new.endswith("\n\n## After\n")
    assert "old stuff" not in new and docs.block_of(new) == docs.render_block()
    assert docs.update_text(new) == new  # idempotent


def test_markers_are_appended_when_missing():
    new = docs.update_text("# Title\n")
    assert new.startswith("# Title\n\n" + docs.START) and new.endswith(docs.END + "\n")
    assert docs.update_text("") == docs.render_block() + "\n"


def test_cli_check_and_rewrite(tmp_path, capsys):
    p = tmp_path / "README.md"
    p.write_text(f"# x\n\n{docs.START}\nstale\n{docs.END}\n", encoding="utf-8")
    assert docs.main([str(p), "--check"]) == 1
    assert docs.main([str(p)]) == 0
    assert docs.main([str(p), "--check"]) == 0
    assert "# Column reference" in p.read_text(encoding="utf-8")
