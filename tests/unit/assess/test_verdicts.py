"""Unit results and the bulletin's figures: counts from verdicts, rates half-up at the printed precision."""

from __future__ import annotations

from decimal import Decimal

from assess_runs import T, fresh_columns, home, probes, site, write_run

from govstats.assess import assess


def _sites(n: int, vetoed: int):
    codes = [f"99000000{i:02d}" for i in range(1, n + 1)]
    return {
        "sites": [site(c, offers_services="false" if i < vetoed else "true") for i, c in enumerate(codes)],
        "probes": [r for c in codes for r in probes(c)],
        "homepage_items": [r for c in codes for r in home(c)],
        "columns": [r for c in codes for r in fresh_columns(c)],
    }


def test_pass_rate_rounds_half_up_at_the_run_precision(tmp_path):
    """1 of 8 qualified is 12.5 %: printed with 0 decimals it is 13 % (half up), as checks.round_half_up does."""
    run = write_run(tmp_path / "r", run_extra="precision: 0\nwebsite_total: 10\n", **_sites(8, 7))
    f = assess(run).figures
    assert f["website_checked"] == (Decimal(8), None) and f["website_unqualified"] == (Decimal(7), None)
    assert f["website_pass_rate"] == (Decimal(13), 0) and f["website_coverage_rate"] == (Decimal(80), 0)
    assert f["website_with_problems"] == (Decimal(7), None)


def test_sites_only_and_accounts_only(tmp_path):
    a = assess(write_run(tmp_path / "w", accounts=None, posts=None, **{k: v for k, v in _sites(3, 1).items()}))
    assert "newmedia_checked" not in a.figures and a.figures["website_pass_rate"] == (Decimal("66.67"), 2)
    b = assess(write_run(tmp_path / "n", sites=None, probes=None, homepage_items=None, columns=None, messages=None))
    assert "website_checked" not in b.figures and b.figures["newmedia_pass_rate"] == (Decimal("100.00"), 2)


def test_a_veto_outweighs_missing_data(tmp_path):
    """A site vetoed by one item is 不合格 even when another item could not be assessed."""
    run = write_run(tmp_path / "r", sites=[site(offers_services="false")], probes=probes(per_day=[20] * 6 + [3]))
    a = assess(run)
    u = a.units.set_index("unit_id").loc["S1"]
    assert u["result"] == "unqualified" and list(u["veto_items"]) == ["service_not_practical"]
    assert a.notes == []


def test_verdict_rows_carry_evidence_and_threshold(tmp_path):
    a = assess(write_run(tmp_path / "r", probes=probes(per_day=[143] * 6 + [142], fails=50)))
    row = a.verdicts[(a.verdicts["item"] == "site_unreachable")].iloc[0]
    assert row["verdict"] == "veto" and row["measured"] == 5.0
    assert row["threshold"] == "监测7天、每天至少20次，超过（含）15秒未打开的次数占比超过（含）5%"
    assert row["evidence"].startswith(f"失败时间：{(T.replace(day=24)):%m-%d} 00:00（timeout）")
    assert (row["rule_source"], row["wording"], row["unit_name"]) == ("national", "verbatim", "测试网站S1")
