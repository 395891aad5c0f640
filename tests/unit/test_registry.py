"""The registry is the one home of the figure keys, check ids and channels: nothing emits an id it lacks.

Three ways an id can slip past the registry, each tested: a literal or f-string written in the
module that emits it (read from the source, so a new check fails here before any bulletin
triggers it), a key the figure grammar declares, and an id in the tables ingest actually wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from govstats import registry
from govstats.parse.figures import BREAKDOWN_KEYS, EXTRA_KEYS, FIGURE_KEYS

PKG = Path(registry.__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")

#: Where check ids are written, and the call shapes that carry one as their first argument.
EMITTERS = {
    "checks.py": (r'\bCheck\(\s*(f?)"([^"]+)"', r'\b_rate_check\(\s*(f?)"([^"]+)"', r'\b_annex_count\(\s*(f?)"([^"]+)"',
                  r'\bname = (f?)"([^"]+)"'),
    "assemble.py": (r'\b_note\(\s*(f?)"([^"]+)"',),
    "parse/annex.py": (r'\(\(?\s*()"([a-z_]+)",\s*f"annex',),
}


def _emitted(module: str) -> list[tuple[str, bool]]:
    """(id or f-string template, is_template) for every check id the module's source writes."""
    src = (PKG / module).read_text(encoding="utf-8")
    return [(m.group(2), bool(m.group(1))) for pattern in EMITTERS[module] for m in re.finditer(pattern, src)]


def _template_re(template: str) -> re.Pattern[str]:
    """An f-string id as a regex: each {expression} stands for one or more id characters."""
    parts = re.split(r"\{[^{}]*\}", template)
    return re.compile("[a-z_]+".join(re.escape(p) for p in parts) + r"\Z")


@pytest.mark.parametrize("module", sorted(EMITTERS))
def test_every_emitted_check_id_has_a_registry_entry(module: str) -> None:
    found = _emitted(module)
    assert found, f"no check id found in {module}: the scan patterns no longer match its source"
    missing = []
    for text, is_template in found:
        if not is_template:
            if text not in registry.CHECK_KINDS:
                missing.append(text)
            continue
        pattern = _template_re(text)
        matches = [k for k in registry.CHECK_KINDS if pattern.match(k)]
        # a per-channel template ({ch}_...) must have an entry for each channel
        chans = {k.split("_", 1)[0] for k in matches} if text.startswith("{ch}") else {"any"}
        if not matches or (text.startswith("{ch}") and chans != set(registry.CHANNELS)):
            missing.append(text)
    assert not missing, f"{module} emits check ids with no entry in registry.CHECK_KINDS: {missing}"


def test_the_scan_reads_the_known_ids() -> None:
    """The scan is not vacuous: ids of each emitter that are known to exist are found."""
    ids = {t for m in EMITTERS for t, _ in _emitted(m)}
    assert {"figures_not_attributed", "newmedia_by_platform_sum", "website_with_problems_rows",
            "annex_unknown_columns", "annex_table_cut", "annex_reader_note", "{key}_vocabulary"} <= ids


def test_a_template_matches_only_its_own_ids() -> None:
    assert _template_re("{ch}_counts_sum").match("website_counts_sum")
    assert not _template_re("{ch}_counts_sum").match("website_counts_sum_x")
    assert not _template_re("{name}_seq_unique").match("website_region")


def test_grammar_keys_are_registered() -> None:
    keys = set(FIGURE_KEYS) | set(BREAKDOWN_KEYS) | set(EXTRA_KEYS)
    assert keys <= set(registry.MEASURES), sorted(keys - set(registry.MEASURES))
    assert set(BREAKDOWN_KEYS) == set(registry.measure_keys(breakdown=True))


def test_figure_key_literals_in_the_grammar_are_registered() -> None:
    """Any channel-prefixed key the grammar spells out is a registered measure."""
    src = "".join(p.read_text(encoding="utf-8") for p in sorted((PKG / "parse" / "figures").glob("*.py")))
    literals = set(re.findall(r'"((?:website|newmedia|annual)_[a-z_]+)"', src))
    assert literals and literals <= set(registry.MEASURES), sorted(literals - set(registry.MEASURES))


def test_ids_in_ingested_tables_are_registered(tables) -> None:
    """What ingest wrote for every shipped bulletin: measures, units and check ids all have entries."""
    figs, checks = tables["figures"], tables["checks"]
    assert set(figs["measure"]) <= set(registry.MEASURES)
    for key, unit in set(zip(figs["measure"], figs["unit"])):
        assert registry.MEASURES[key].unit == unit, key
    assert len(checks) and set(checks["check"]) <= set(registry.CHECK_KINDS), \
        sorted(set(checks["check"]) - set(registry.CHECK_KINDS))


def test_entries_are_well_formed() -> None:
    for m in registry.MEASURES.values():
        assert m.channel in registry.CHANNELS and m.key.startswith(("website_", "newmedia_", "annual_"))
        assert m.unit in ("count", "pct") and (m.unit == "pct") == m.key.endswith("_rate"), m.key
        assert CJK.search(m.label_zh), m.key
    for c in registry.CHECK_KINDS.values():
        assert c.severity in registry.SEVERITY_ORDER and CJK.search(c.label_zh) and c.explanation, c.id
    labels = list(registry.CHECK_LABELS_ZH.values())
    assert len(labels) == len(set(labels)), "two checks share a Chinese label"
    # a check named after the figure it tests shows that figure's label
    for k in set(registry.CHECK_KINDS) & set(registry.MEASURES):
        assert registry.CHECK_LABELS_ZH[k] == registry.FIGURE_LABELS_ZH[k]


def test_every_measure_has_a_label_and_a_place() -> None:
    """newmedia_coverage_rate once had no label and sorted last in the rich display."""
    from govstats.report.labels import FIGURE_LABELS_ZH

    assert list(FIGURE_LABELS_ZH) == list(registry.MEASURES)
    order = list(FIGURE_LABELS_ZH)
    assert order.index("newmedia_coverage_rate") < order.index("annual_report_rate")


def test_table_names_come_from_the_registry() -> None:
    from govstats import corpus, ingest, store
    from govstats.report import pages

    for names in (corpus.TABLE_NAMES, ingest.TABLE_NAMES, store.TABLE_NAMES, pages.TABLES):
        assert tuple(names) == registry.TABLE_NAMES == tuple(registry.TABLES)


def test_severity_rank_orders_most_serious_first() -> None:
    assert sorted(["info", "bogus", "error", "warning"], key=registry.severity_rank) == \
        ["error", "warning", "info", "bogus"]


def test_draft_states_only_registered_figures() -> None:
    from govstats.draft.model import COUNT_KEYS, RATE_KEYS

    assert set(COUNT_KEYS) <= set(registry.measure_keys(unit="count"))
    assert set(RATE_KEYS) <= set(registry.measure_keys(unit="pct"))
