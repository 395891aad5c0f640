"""DraftInput: counts from annex rows, rates recomputed half-up at the printed precision."""

from __future__ import annotations

from decimal import Decimal

from govstats.draft.model import DraftInput
from govstats.quarter import Quarter


def _d(**counts) -> DraftInput:
    return DraftInput(region="咸阳市", quarter=Quarter("2025Q2"), region_code="610400", counts=dict(counts))


def test_rates_round_half_up_at_the_printed_precision():
    d = _d(newmedia_checked=294, newmedia_unqualified=3)  # 291/294 = 98.9796 %
    assert d.figures()["newmedia_pass_rate"] == (Decimal("98.98"), 2)
    d.precision["newmedia_pass_rate"] = 1
    assert d.figures()["newmedia_pass_rate"] == (Decimal("99.0"), 1)  # truncation would print 98.9
    d = _d(website_checked=8, website_unqualified=7)  # 12.5 %: half-up 13, banker's rounding 12
    d.precision["website_pass_rate"] = 0
    assert d.figures()["website_pass_rate"] == (Decimal("13"), 0)


def test_whole_percentages_print_without_decimals_unless_a_precision_was_printed():
    d = _d(website_total=53, website_checked=53, website_unqualified=0)
    f = d.figures()
    assert f["website_coverage_rate"] == (Decimal("100"), 0) and f["website_pass_rate"] == (Decimal("100"), 0)
    d.precision["website_pass_rate"] = 2
    assert d.figures()["website_pass_rate"] == (Decimal("100.00"), 2)


def test_rates_need_their_counts_and_never_exceed_them():
    assert "newmedia_pass_rate" not in _d(newmedia_checked=10).figures()  # no unqualified count
    assert "website_coverage_rate" not in _d(website_checked=10, website_total=8).figures()  # impossible
    assert _d().figures() == {}


def test_annex_rows_override_stated_counts_and_say_so():
    d = _d(website_checked=20, website_with_problems=3, newmedia_checked=50, newmedia_unqualified=4)
    d.websites = [{"site_name": "甲"}, {"site_name": "乙"}]
    d.new_media = [
        {"account_name": "a", "result": "unqualified", "problem": "p", "rectification": "rectified"},
        {"account_name": "b", "result": "qualified", "problem": "p", "rectification": "not_rectified"},
        {"account_name": "c", "result": "unqualified", "problem": "p", "rectification": "rectified"},
    ]
    d.rows_override()
    assert d.counts["website_with_problems"] == 2 and d.counts["newmedia_unqualified"] == 2
    assert d.counts["newmedia_prominent_problems"] == 1 and d.counts["newmedia_unrectified"] == 1
    assert len(d.notes) == 2 and any("states 3, its annex rows give 2" in n for n in d.notes)
    assert d.figures()["newmedia_pass_rate"] == (Decimal("96"), 0)  # 48/50


def test_zero_counts_the_source_never_stated_are_not_invented():
    d = _d(newmedia_checked=5)
    d.new_media = [{"account_name": "a", "result": "unqualified", "problem": None, "rectification": "rectified"}]
    d.rows_override()
    assert "newmedia_prominent_problems" not in d.counts and "newmedia_unrectified" not in d.counts
    assert d.counts["newmedia_unqualified"] == 1
