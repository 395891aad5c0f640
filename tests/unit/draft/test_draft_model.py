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
    d.stated = {k: (Decimal(v), None) for k, v in d.counts.items()}
    d.websites = [{"site_name": "甲"}, {"site_name": "乙"}]
    d.new_media = [
        {"account_name": "a", "result": "unqualified", "problem": "p", "rectification": "rectified"},
        {"account_name": "b", "result": "qualified", "problem": "p", "rectification": "not_rectified"},
        {"account_name": "c", "result": "unqualified", "problem": "p", "rectification": "rectified"},
    ]
    d.rows_override()
    assert d.counts["website_with_problems"] == 2 and d.counts["newmedia_unqualified"] == 2
    assert d.counts["newmedia_prominent_problems"] == 1 and d.counts["newmedia_unrectified"] == 1
    fixes = {c.key: c for c in d.corrections()}
    assert set(fixes) == {"website_with_problems", "newmedia_unqualified"}
    assert fixes["website_with_problems"].stated == (3, None) and fixes["website_with_problems"].drafted == (2, None)
    assert "annex rows" in str(fixes["website_with_problems"])
    assert d.figures()["newmedia_pass_rate"] == (Decimal("96"), 0)  # 48/50


def test_zero_counts_the_source_never_stated_are_not_invented():
    d = _d(newmedia_checked=5)
    d.new_media = [{"account_name": "a", "result": "unqualified", "problem": None, "rectification": "rectified"}]
    d.rows_override()
    assert "newmedia_prominent_problems" not in d.counts and "newmedia_unrectified" not in d.counts
    assert d.counts["newmedia_unqualified"] == 1


def test_every_stated_figure_is_drafted_recomputed_or_as_printed():
    """A rate without counts (annual_report_rate always) is printed as stated; one with counts is recomputed."""
    d = _d(website_checked=35, website_unqualified=1)
    d.stated = {"website_checked": (Decimal(35), None), "website_unqualified": (Decimal(1), None),
                "website_pass_rate": (Decimal("97.2"), 1), "website_coverage_rate": (Decimal("100"), 0),
                "annual_report_rate": (Decimal("100"), 0)}
    d.precision = {"website_pass_rate": 1, "website_coverage_rate": 0}
    f = d.figures()
    assert set(d.stated) <= set(f)
    assert f["website_pass_rate"] == (Decimal("97.1"), 1)  # 34/35 = 97.14 %, not the printed 97.2 %
    assert f["website_coverage_rate"] == (Decimal("100"), 0) and f["annual_report_rate"] == (Decimal("100"), 0)
    assert sorted(d.copied()) == ["annual_report_rate", "website_coverage_rate"]
    (fix,) = d.corrections()
    assert fix.key == "website_pass_rate" and "34/35 = 97.1429%" in fix.reason


def test_truncated_source_rate_is_called_truncation_not_an_error():
    d = _d(newmedia_checked=294, newmedia_unqualified=3)
    d.stated = {"newmedia_pass_rate": (Decimal("98.9"), 1)}
    d.precision = {"newmedia_pass_rate": 1}
    (fix,) = d.corrections()
    assert fix.drafted == (Decimal("99.0"), 1) and "truncated" in fix.reason


def test_a_rate_the_sources_checks_reject_and_no_count_can_fix_is_left_out_and_said():
    d = _d(website_checked=134)
    d.stated = {"website_pass_rate": (Decimal("94.3"), 1)}
    d.doubtful = {"website_pass_rate": "94.3% is no k/134"}
    assert "website_pass_rate" not in d.figures()
    assert "94.3% is no k/134" in d.omitted()["website_pass_rate"]


def test_qualified_count_follows_checked_minus_unqualified():
    d = _d(newmedia_checked=294, newmedia_unqualified=3, newmedia_qualified=290)
    d.stated = {"newmedia_qualified": (Decimal(290), None)}
    d.rows_override()
    assert d.figures()["newmedia_qualified"] == (Decimal(291), None)
    assert [c.key for c in d.corrections()] == ["newmedia_qualified"]


def test_deadline_keeps_the_sources_offset_from_the_signing_date():
    import datetime as dt

    d = _d()
    d.source_issue_date, d.feedback_deadline = dt.date(2025, 2, 21), dt.date(2025, 2, 28)
    assert d.deadline_for(dt.date(2025, 5, 20)) == dt.date(2025, 5, 27)
    d.source_issue_date = None  # a workbook's deadline is a date, not an offset
    assert d.deadline_for(dt.date(2025, 5, 20)) == dt.date(2025, 2, 28)


def test_bulletins_without_a_region_do_not_break_the_lookup():
    """Issue 19: one ingested bulletin with no recognised region (NA) made every draft fail with
    "boolean value of NA is ambiguous"; now it matches nothing and the others draft."""
    import pandas as pd
    import pytest

    from govstats.draft.model import from_tables
    from govstats.errors import GovstatsError

    s = pd.StringDtype()
    tables = {
        "bulletins": pd.DataFrame({
            "bulletin_id": pd.array(["a", "b"], dtype=s), "region": pd.array([pd.NA, "吴忠市"], dtype=s),
            "period": pd.array(["2025Q1", pd.NA], dtype=s), "region_code": pd.array([pd.NA, "640300"], dtype=s),
            "issuer": pd.array([pd.NA, pd.NA], dtype=s), "doc_number": pd.array([pd.NA, pd.NA], dtype=s),
            "issue_date": [pd.NaT, pd.NaT], "feedback_deadline": [pd.NaT, pd.NaT],
            "website_rows": pd.array([0, 0], dtype="Int64"), "new_media_rows": pd.array([0, 0], dtype="Int64")}),
        "figures": pd.DataFrame({"bulletin_id": pd.array([], dtype=s), "measure": [], "breakdown": [], "value": [],
                                 "precision": []}),
        "websites": pd.DataFrame({"bulletin_id": pd.array([], dtype=s), "seq": []}),
        "new_media": pd.DataFrame({"bulletin_id": pd.array([], dtype=s), "seq": []}),
    }
    with pytest.raises(GovstatsError, match="no bulletin for 吴忠市 2025Q1"):
        from_tables(tables, "吴忠市", "2025Q1")
    tables["bulletins"].loc[1, "period"] = "2025Q1"
    assert from_tables(tables, "吴忠市", "2025Q1").region == "吴忠市"
