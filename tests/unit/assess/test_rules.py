"""Local rules: thresholds, a deduction table and the 突出问题 choice come from a file, never from code."""

from __future__ import annotations

from decimal import Decimal

import pytest
from assess_runs import probes, site, verdict

from govstats.assess import assess
from govstats.assess.rules import load_rules
from govstats.errors import GovstatsError


def _rules(tmp_path, text: str):
    p = tmp_path / "local.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_national_rules_carry_the_printed_numbers():
    r = load_rules()
    assert r.items["site_unreachable"]["params"] == {"window_days": 7, "min_probes_per_day": 20, "timeout_s": 15,
                                                     "veto_rate_pct": 5}
    assert r.param("columns_not_updated", "long_stale_days") is None  # not found: not invented
    assert r.scoring["deductions"] is None
    assert all(i["wording"] in ("verbatim", "phrase", "partial") and i["source"] for i in r.items.values())


def test_stricter_local_threshold(make_run, tmp_path):
    run = make_run(probes=probes(per_day=[20] * 7, fails=5))  # 5/140 = 3.57 %
    assert verdict(assess(run), "S1", "site_unreachable") == "pass"
    a = assess(run, _rules(tmp_path, "items:\n  site_unreachable:\n    veto_rate_pct: 3\n"))
    assert verdict(a, "S1", "site_unreachable") == "veto"
    row = a.verdicts[a.verdicts["item"] == "site_unreachable"].iloc[0]
    assert (row["rule_source"], row["wording"]) == ("local", "local") and "3%" in row["threshold"]


def test_local_rules_named_in_run_yaml(tmp_path):
    from assess_runs import write_run

    _rules(tmp_path, "items:\n  site_unreachable:\n    veto_rate_pct: 3\n")
    run = write_run(tmp_path / "r", probes=probes(fails=5), run_extra=f"local_rules: {tmp_path / 'local.yaml'}\n")
    assert verdict(assess(run), "S1", "site_unreachable") == "veto"


@pytest.mark.parametrize(("text", "message"), [
    ("items:\n  site_down:\n    x: 1\n", "unknown item 'site_down'"),
    ("items:\n  site_unreachable:\n    veto_pct: 3\n", "item site_unreachable has no parameter 'veto_pct'"),
    ("items:\n  site_unreachable:\n    veto_rate_pct: lots\n", "items.site_unreachable.veto_rate_pct must be a number"),
    ("scoring:\n  pass_line: 50\n", "unknown scoring key 'pass_line'"),
    ("scoring:\n  deductions:\n    - kind: 错别字\n", "entry 1 (错别字): points must be a number"),
    ("threshold: 3\n", "unknown key(s) threshold"),
    ("items: [\n", "not valid YAML at line"),
])
def test_bad_local_rules_are_one_line(tmp_path, text, message):
    with pytest.raises(GovstatsError) as exc:
        load_rules(_rules(tmp_path, text))
    assert message in str(exc.value) and str(exc.value).startswith(str(tmp_path / "local.yaml"))


def _findings(unit: str, kind: str, n: int) -> list[dict]:
    return [{"unit_id": unit, "finding_id": f"{unit}{kind}{i}", "kind": kind, "url": "", "date": "2026-11-20",
             "confirmed": "true", "note": ""} for i in range(n)]


def test_prominent_problems_count_as_failures_only_when_the_office_says_so(make_run, tmp_path):
    run = make_run(sites=[site("S1"), site("S2")], probes=probes("S1") + probes("S2"),
                   homepage_items=_home2(), columns=_cols2(), findings=_findings("S2", "错别字", 2))
    a = assess(run)
    assert a.units.set_index("unit_id").loc["S2", "result"] == "qualified"
    assert a.figures["website_pass_rate"] == (Decimal("100.00"), 2)
    assert a.units.set_index("unit_id").loc["S2", "problem"] == "存在突出问题：错别字2处"
    b = assess(run, _rules(tmp_path, "scoring:\n  prominent_counts_as_failure: true\n"))
    assert b.units.set_index("unit_id").loc["S2", "result"] == "unqualified"
    assert b.figures["website_pass_rate"] == (Decimal("50.00"), 2)


def test_deduction_scoring_only_from_an_office_table(make_run, tmp_path):
    run = make_run(findings=_findings("S1", "错别字", 30) + _findings("S1", "链接不可用", 40))
    a = assess(run)
    assert "deduction_score" not in set(a.verdicts["item"]) and a.units.iloc[0]["score"] is None
    assert a.units.iloc[0]["result"] == "qualified"  # 70 typos and dead links: 突出问题, never a score without a table
    table = ("scoring:\n  deductions:\n    - {kind: 错别字, points: 2, cap: 30}\n"
             "    - {kind: 链接不可用, points: 0.5}\n")
    b = assess(run, _rules(tmp_path, table))  # 100 - min(60, 30) - 20 = 50 < 60
    row = b.verdicts[b.verdicts["item"] == "deduction_score"].iloc[0]
    assert (row["verdict"], row["measured"]) == ("fail", 50.0)
    assert b.units.iloc[0]["result"] == "unqualified" and "低于60分" in b.units.iloc[0]["problem"]
    c = assess(run, _rules(tmp_path, table + "  pass_score: 50\n"))
    assert c.units.iloc[0]["result"] == "qualified"


def _home2():
    from assess_runs import home

    return home("S1") + home("S2")


def _cols2():
    from assess_runs import fresh_columns

    return fresh_columns("S1") + fresh_columns("S2")
