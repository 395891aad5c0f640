"""Every veto item at and just off each of its thresholds, on real CSV run folders through DuckDB."""

from __future__ import annotations

import datetime as dt

import pytest
from assess_runs import T, account, fresh_columns, home, posts, probes, site, verdict

from govstats.assess import assess
from govstats.assess.items import months_after, months_before


def _d(days: int) -> str:
    return (T - dt.timedelta(days=days)).isoformat()


# ---------------------------------------------------------------- 站点无法访问


@pytest.mark.parametrize(("fails", "expected"), [(49, "pass"), (50, "veto"), (51, "veto")])
def test_unreachable_at_five_percent(make_run, fails, expected):
    """1000 probes: 49 failed (4.9 %) passes, 50 (5.0 %, 超过(含)) vetoes."""
    a = assess(make_run(probes=probes(per_day=[143] * 6 + [142], fails=fails)))
    assert verdict(a, "S1", "site_unreachable") == expected
    row = a.verdicts[a.verdicts["item"] == "site_unreachable"].iloc[0]
    assert row["measured"] == pytest.approx(fails / 10)


@pytest.mark.parametrize(("last_day", "expected"), [(19, "not_assessed"), (20, "pass")])
def test_unreachable_needs_twenty_probes_every_day(make_run, last_day, expected):
    a = assess(make_run(probes=probes(per_day=[20] * 6 + [last_day])))
    assert verdict(a, "S1", "site_unreachable") == expected
    if expected == "not_assessed":  # never counted as failing, left out of the checked count
        assert a.units.set_index("unit_id").loc["S1", "result"] == "not_assessed"
        assert int(a.figures["website_checked"][0]) == 0 and "website_pass_rate" not in a.figures


def test_unreachable_missing_day_is_not_assessed(make_run):
    rows = [r for r in probes() if not r["ts"].startswith(_d(3))]
    a = assess(make_run(probes=rows))
    assert verdict(a, "S1", "site_unreachable") == "not_assessed"
    assert "仅0次" in a.verdicts[a.verdicts["item"] == "site_unreachable"].iloc[0]["evidence"]


@pytest.mark.parametrize(("seconds", "failed"), [(14.99, 0), (15.0, 1)])
def test_unreachable_fifteen_seconds_is_a_failure(make_run, seconds, failed):
    """A page that opened at 15 s (超过(含)15秒) is a failed probe even with ok = true."""
    rows = probes()
    rows[0]["response_s"] = seconds
    a = assess(make_run(probes=rows))
    row = a.verdicts[a.verdicts["item"] == "site_unreachable"].iloc[0]
    assert row["measured_text"].startswith(f"访问140次，失败{failed}次")


def test_probes_outside_the_week_are_ignored(make_run):
    old = probes(per_day=[50], fails=50, t=T - dt.timedelta(days=7))  # the day before the window: all failed
    a = assess(make_run(probes=probes() + old))
    assert verdict(a, "S1", "site_unreachable") == "pass"


# ---------------------------------------------------------------- 首页不更新


@pytest.mark.parametrize(("age", "expected"), [(13, "pass"), (14, "veto")])
def test_homepage_two_weeks(make_run, age, expected):
    a = assess(make_run(homepage_items=home(ages=[age, age + 5])))
    assert verdict(a, "S1", "homepage_not_updated") == expected


def test_undated_homepage_item_is_not_an_update(make_run):
    a = assess(make_run(homepage_items=home(ages=[None, None, 30])))
    assert verdict(a, "S1", "homepage_not_updated") == "veto"
    assert "未注明日期2条" in a.verdicts[a.verdicts["item"] == "homepage_not_updated"].iloc[0]["evidence"]


def test_undated_item_counts_when_the_office_says_so(make_run, tmp_path):
    rules = tmp_path / "local.yaml"
    rules.write_text("items:\n  homepage_not_updated:\n    undated_is_update: true\n", encoding="utf-8")
    a = assess(make_run(homepage_items=home(ages=[None, 30])), rules)
    assert verdict(a, "S1", "homepage_not_updated") == "pass"
    assert a.verdicts[a.verdicts["item"] == "homepage_not_updated"].iloc[0]["rule_source"] == "local"


def test_nav_only_home_page_uses_second_level_pages(make_run):
    items = home(ages=[30]) + home(ages=[2], page="second")
    assert verdict(assess(make_run(homepage_items=items)), "S1", "homepage_not_updated") == "veto"
    nav = make_run(sites=[site(homepage_is_nav_only="true")], homepage_items=items)
    assert verdict(assess(nav), "S1", "homepage_not_updated") == "pass"


def test_site_without_homepage_items_is_not_assessed(make_run):
    assert verdict(assess(make_run(homepage_items=[])), "S1", "homepage_not_updated") == "not_assessed"


# ---------------------------------------------------------------- 栏目不更新


def _news(n: int, age: int, start: int = 0) -> list[dict]:
    return [{"site_code": "S1", "column_id": f"n{start + i}", "name": f"要闻{start + i}", "url": "",
             "is_first_level": "true", "class": "动态要闻", "item_count": 5, "last_item_date": _d(age)}
            for i in range(n)]


@pytest.mark.parametrize(("age", "expected"), [(13, "pass"), (14, "veto")])
def test_fifth_column_stale_13_vs_14_days(make_run, age, expected):
    """Four stale 动态要闻 columns plus a fifth last updated 13 days (fresh) or 14 days (stale) before T."""
    cols = fresh_columns() + _news(4, 30) + _news(1, age, start=10)
    a = assess(make_run(columns=cols))
    assert verdict(a, "S1", "columns_not_updated") == expected


@pytest.mark.parametrize(("stale", "expected"), [(4, "pass"), (5, "veto")])
def test_four_vs_five_stale_columns(make_run, stale, expected):
    a = assess(make_run(columns=fresh_columns() + _news(stale, 20)))
    assert verdict(a, "S1", "columns_not_updated") == expected


def test_notice_columns_count_after_six_months_and_only_first_level(make_run):
    def notice(i: int, last: dt.date, first: bool = True) -> dict:
        return {"site_code": "S1", "column_id": f"t{i}", "name": f"通知{i}", "url": "",
                "is_first_level": "true" if first else "false", "class": "通知公告", "item_count": 3,
                "last_item_date": last.isoformat()}

    six = months_before(T, 6)
    stale = [notice(i, six) for i in range(5)]  # exactly 6 months before T: outside 前6个月内
    assert verdict(assess(make_run(columns=fresh_columns() + stale)), "S1", "columns_not_updated") == "veto"
    fresh = [notice(i, six + dt.timedelta(days=1)) for i in range(5)]
    assert verdict(assess(make_run(columns=fresh_columns() + fresh)), "S1", "columns_not_updated") == "pass"
    second = [notice(i, six, first=False) for i in range(5)]
    assert verdict(assess(make_run(columns=fresh_columns() + second)), "S1", "columns_not_updated") == "pass"


@pytest.mark.parametrize(("blank", "expected"), [(4, "pass"), (5, "veto")])
def test_blank_columns(make_run, blank, expected):
    cols = fresh_columns() + [{"site_code": "S1", "column_id": f"b{i}", "name": f"空白{i}", "url": "",
                               "is_first_level": "false", "class": "should_update", "item_count": 0,
                               "last_item_date": ""} for i in range(blank)]
    assert verdict(assess(make_run(columns=cols)), "S1", "columns_not_updated") == expected


def test_long_stale_rule_runs_only_with_a_local_number(make_run, tmp_path):
    """"长期未更新" has no national number: ten year-old should_update columns veto only under local rules."""
    cols = fresh_columns() + [{"site_code": "S1", "column_id": f"l{i}", "name": f"规划{i}", "url": "",
                               "is_first_level": "true", "class": "should_update", "item_count": 4,
                               "last_item_date": _d(400)} for i in range(10)]
    run = make_run(columns=cols)
    assert verdict(assess(run), "S1", "columns_not_updated") == "pass"
    rules = tmp_path / "r.yaml"
    rules.write_text("items:\n  columns_not_updated:\n    long_stale_days: 365\n", encoding="utf-8")
    assert verdict(assess(run, rules), "S1", "columns_not_updated") == "veto"


# ---------------------------------------------------------------- 互动回应差


def _msg(submitted: dt.date, replied: dt.date | None, **kw) -> dict:
    row = {"site_code": "S1", "message_id": f"m{submitted}{replied}", "column": "咨询", "column_class": "咨询建言",
           "valid": "true", "submitted_at": submitted.isoformat(), "replied_at": replied.isoformat() if replied else ""}
    return {**row, **kw}


SUB = T - dt.timedelta(days=150)


@pytest.mark.parametrize(("delta", "expected"), [(-1, "pass"), (0, "pass"), (1, "veto")])
def test_message_answered_three_months_minus_and_plus_a_day(make_run, delta, expected):
    replied = months_after(SUB, 3) + dt.timedelta(days=delta)
    a = assess(make_run(messages=[_msg(SUB, replied)]))
    assert verdict(a, "S1", "poor_interaction") == expected


@pytest.mark.parametrize(("days_open", "expected"), [(0, "pass"), (1, "veto")])
def test_open_message_at_t(make_run, days_open, expected):
    """Still unanswered at T: vetoes once T is past submitted + 3 months."""
    submitted = months_before(T, 3) - dt.timedelta(days=days_open)
    assert verdict(assess(make_run(messages=[_msg(submitted, None)])), "S1", "poor_interaction") == expected


def test_message_rules_exclusions(make_run):
    late = months_after(SUB, 3) + dt.timedelta(days=10)
    for kw in ({"valid": "false"}, {"column_class": "网上信访"}, {"column_class": "纪检举报"}):
        assert verdict(assess(make_run(messages=[_msg(SUB, late, **kw)])), "S1", "poor_interaction") == "pass", kw
    old = months_before(T, 12)  # submitted exactly a year before T: outside 前1年内
    assert verdict(assess(make_run(messages=[_msg(old, months_after(old, 5))])), "S1", "poor_interaction") == "pass"


def test_no_consultation_channel(make_run):
    assert verdict(assess(make_run(sites=[site(has_consultation_channel="false")])), "S1",
                   "poor_interaction") == "veto"
    assert verdict(assess(make_run(sites=[site(has_consultation_channel="")])), "S1",
                   "poor_interaction") == "not_assessed"


# ---------------------------------------------------------------- 严重问题, 服务不实用


def _finding(unit: str, kind: str, confirmed: str = "true") -> dict:
    return {"unit_id": unit, "finding_id": f"{unit}-{kind}", "kind": kind, "url": "/x.html", "date": _d(2),
            "confirmed": confirmed, "note": ""}


def test_serious_error_only_when_confirmed(make_run):
    a = assess(make_run(findings=[_finding("S1", "严重表述错误", "false")]))
    assert verdict(a, "S1", "serious_error") == "pass" and a.units.iloc[0]["result"] == "qualified"
    a = assess(make_run(findings=[_finding("S1", "严重表述错误")]))
    assert verdict(a, "S1", "serious_error") == "veto"


def test_service_part_one_only(make_run):
    assert verdict(assess(make_run(sites=[site(offers_services="false")])), "S1", "service_not_practical") == "veto"
    assert verdict(assess(make_run(sites=[site(offers_services="false", has_service_function="false")])), "S1",
                   "service_not_practical") == "not_applicable"


# ---------------------------------------------------------------- new media


@pytest.mark.parametrize(("age", "expected"), [(13, "pass"), (14, "veto")])
def test_account_two_weeks(make_run, age, expected):
    a = assess(make_run(posts=posts(ages=[age, age + 20])))
    assert verdict(a, "A1", "nm_not_updated") == expected


def test_account_without_posts_is_not_updated(make_run):
    assert verdict(assess(make_run(posts=[])), "A1", "nm_not_updated") == "veto"


def test_account_interaction_and_serious_error(make_run):
    a = assess(make_run(accounts=[account(interaction_enabled="false")], findings=[_finding("A1", "严重表述错误")]))
    assert verdict(a, "A1", "nm_no_interaction") == "veto" and verdict(a, "A1", "nm_serious_error") == "veto"
    assert verdict(assess(make_run(accounts=[account(interaction_enabled="")])), "A1", "nm_no_interaction") == \
        "not_assessed"


def test_closed_units_are_not_checked(make_run):
    a = assess(make_run(sites=[site(), site("S2", status="关停")], accounts=[account(), account("A2", status="例外")]))
    assert set(a.verdicts["unit_id"]) == {"S1", "A1"}
    assert int(a.figures["website_checked"][0]) == 1 and int(a.figures["newmedia_checked"][0]) == 1
