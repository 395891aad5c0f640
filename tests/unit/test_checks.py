"""Reconciliation checks: rounding rules, sums, coverage, annex counts and named accounts."""

from __future__ import annotations

import pandas as pd
import pytest

from govstats.checks import Check, checks_frame, reconcile
from govstats.parse.figures import extract_figures
from govstats.parse.names import narrative_names
from govstats.textnorm import normalize


def run(text: str, websites=None, new_media=None) -> dict[str, Check]:
    nt = normalize(text)
    return {c.check: c for c in reconcile(extract_figures(nt), websites, new_media, nt)}


# --- pass rates -----------------------------------------------------------------------------


def test_rate_from_unqualified_ok():
    c = run("（二）政务新媒体。共检查314个，不合格55个，合格率为82.48%。")["newmedia_pass_rate"]
    assert c.ok and c.stated == 82.48 and c.computed == 82.48 and c.precision == 2


def test_rate_wrong_is_error_with_readable_message():
    c = run("（二）政务新媒体。共检查政务新媒体289个，发现9个政务新媒体不合格，总体合格率为99.96%。")[
        "newmedia_pass_rate"
    ]
    assert not c.ok and c.severity == "error"
    assert c.computed == 96.89
    assert "99.96%" in c.message and "(289−9)/289" in c.message and "96.89%" in c.message
    assert "99.96%" in c.sentence


def test_truncated_rate_is_warning():
    c = run("（二）政务新媒体。此次对294个政务新媒体全部进行了检查，合格291个，不合格3个，合格率为98.9%。")[
        "newmedia_pass_rate"
    ]
    assert not c.ok and c.severity == "warning" and c.computed == 99.0
    assert "截断" in c.message


def test_half_up_rounding_not_bankers():
    # 1/8 = 12.5% prints as 13% with half-up rounding (round-half-even would give 12%)
    c = run("（一）政府网站。共检查政府网站8个，不合格网站7个，合格率13%。")["website_pass_rate"]
    assert c.ok


def test_rate_from_qualified_over_qualified_plus_unqualified():
    c = run("全市正在运行的政府网站共49个，其中合格47个，不合格2个，合格率为95.9%。")["website_pass_rate"]
    assert c.ok and "47/49" in c.message


def test_prominent_only_basis_is_warning_when_achievable():
    c = run("抽查政务新媒体356家，发现存在突出问题的政务新媒体57个，抽查合格率为84.27%。")[
        "newmedia_pass_rate"
    ]
    assert not c.ok and c.severity == "warning"


def test_prominent_basis_ok_when_consistent():
    c = run("对全省正常运行的617家政府网站进行全覆盖检查，发现1家存在单项否决问题，总体合格率99.84%。")[
        "website_pass_rate"
    ]
    assert c.ok


def test_unqualified_preferred_over_prominent():
    c = run("共检查政务新媒体293个，其中不合格政务新媒体6个，存在突出问题的政务新媒体4个，合格率为97.95%。")[
        "newmedia_pass_rate"
    ]
    assert c.ok


def test_impossible_rate_over_checked_is_error():
    c = run("对全省134家政府网站进行了全面检查，政府网站合格率94.3%。")["website_pass_rate"]
    assert not c.ok and c.severity == "error" and "134" in c.message


def test_achievable_rate_without_counts_passes():
    c = run("对全省638家政府网站进行抽查，总体合格率为98.12%。")["website_pass_rate"]
    assert c.ok and "626/638" in c.message


def test_rate_without_denominator_is_unverified_info():
    c = run("（二）政务新媒体。总体合格率为95.0%。")["newmedia_pass_rate"]
    assert c.ok is None and c.severity == "info" and c.message.startswith("无法核验")


# --- coverage, sums -------------------------------------------------------------------------


def test_coverage_ok_and_wrong():
    ok = run("全市纳入监管的政务新媒体共402个，对282个政务新媒体账号进行了抽查，抽查比例70%。")
    assert ok["newmedia_coverage_rate"].ok
    bad = run("全市已报备开设政务新媒体账号240个。（二）政务新媒体。共检查151个，检查率约为64.6%。")
    c = bad["newmedia_coverage_rate"]
    assert not c.ok and c.severity == "error" and c.computed == 62.9


def test_approximate_rate_allows_one_unit():
    c = run("全市已报备开设政务新媒体账号240个。（二）政务新媒体。共检查151个，检查率约为63%。")[
        "newmedia_coverage_rate"
    ]
    assert c.ok


def test_counts_sum_and_checked_le_total():
    c = run("（二）政务新媒体。共检查政务新媒体120个，其中合格116个，不合格5个，合格率为96.67%。")
    assert not c["newmedia_counts_sum"].ok and c["newmedia_counts_sum"].severity == "error"
    le = run("全市现有政府网站30家。本次共检查政府网站32家，合格率100%。")["website_checked_le_total"]
    assert not le.ok


def test_platform_sum():
    ok = run("全县开设52个政务新媒体，包括30个微信公众号、12个新浪微博、10个抖音。")[
        "newmedia_by_platform_sum"
    ]
    assert ok.ok
    # a list that falls short may name only some platforms (其中/包括): could not verify, never a failure
    short = run("全县开设52个政务新媒体，包括30个微信公众号、12个新浪微博。")["newmedia_by_platform_sum"]
    assert short.ok is None and short.severity == "info" and short.message.startswith("无法核验")
    # a list longer than the whole it is printed with is impossible
    long = run("全县开设40个政务新媒体，包括30个微信公众号、12个新浪微博。")["newmedia_by_platform_sum"]
    assert long.ok is False and long.severity == "error"


# --- annex ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_bulletin(seed_path):
    import govstats

    return govstats.load_bulletin(seed_path)


def test_seed_every_check_passes(seed_bulletin):
    checks = seed_bulletin.checks
    assert len(checks) >= 6
    assert checks["ok"].all(), checks[~checks["ok"]][["check", "message"]].to_string()
    names = set(checks["check"])
    assert {
        "newmedia_pass_rate",
        "website_coverage_rate",
        "newmedia_unqualified_rows",
        "website_with_problems_rows",
        "newmedia_unrectified_rows",
        "named_in_annex_newmedia",
    } <= names


def test_annex_checks_run_only_with_the_column():
    text = "（二）政务新媒体。共检查政务新媒体50个，其中不合格政务新媒体2个，合格率为96%。"
    no_result = pd.DataFrame({"account_name": ["甲", "乙"]})
    assert "newmedia_unqualified_rows" not in run(text, None, no_result)
    rows = pd.DataFrame(
        {"account_name": ["甲", "乙", "丙"], "result": ["unqualified", "unqualified", "unqualified"]}
    )
    c = run(text, None, rows)["newmedia_unqualified_rows"]
    assert not c.ok and c.stated == 2 and c.computed == 3


def test_named_in_annex_matches_operator_and_reports_missing():
    text = "“永寿县交警大队”微信公众号关联的视频号存在漏报情况，“法治某县”抖音号未按时更新。"
    annex = pd.DataFrame(
        {
            "account_name": ["永寿交警"],
            "operator": ["永寿县交警大队"],
            "problem": ["关联的视频号存在漏报情况"],
        }
    )
    c = run(text, None, annex)["named_in_annex_newmedia"]
    assert not c.ok and c.severity == "warning" and "法治某县" in c.message and "永寿" not in c.message


def test_narrative_names():
    nt = normalize(
        "“泾阳县智慧农业保险”微信公众号、“淳化县电子商务服务中心”抖音号未更新；微信公众号“畅通虞城、虞城广播电视台”未备案；"
        "黔东南公安(政务微信)不合格。如兴平市人民政府网站政策解读不规范；市司法局网站、部分政府网站栏目更新不及时。"
    )
    n = narrative_names(nt)
    assert n["newmedia"] == [
        "泾阳县智慧农业保险",
        "淳化县电子商务服务中心",
        "畅通虞城",
        "虞城广播电视台",
        "黔东南公安",
    ]
    assert n["websites"] == ["兴平市人民政府网站", "市司法局网站"]


def test_narrative_names_quote_runs_before_and_after_platform_words():
    # a run after a platform word (spaces between), a run before one (等 between), a run with neither
    nt = normalize("抖音 “甲乙发布”“丙丁之声”等账号更新不及时；“戊己新闻”等微博未备案；“庚辛”栏目不全。")
    assert narrative_names(nt)["newmedia"] == ["甲乙发布", "丙丁之声", "戊己新闻"]


def test_checks_frame_accepts_checks_and_dicts():
    checks = reconcile(extract_figures(normalize("共检查政务新媒体80个，不合格4个，合格率95%。")))
    note = {
        "check": "annex_note",
        "ok": False,
        "severity": "info",
        "stated": None,
        "computed": None,
        "precision": None,
        "message": "x",
        "sentence": None,
    }
    df = checks_frame("b1", [*checks, note])
    assert list(df.columns)[0] == "bulletin_id" and len(df) == len(checks) + 1
    assert str(df["ok"].dtype) == "boolean"


# --- checks that could not be made: ok None, neither passed nor failed ----------------------


def test_check_not_made_is_null_in_frame_json_and_failure_lists(tmp_path):
    import json

    from govstats.bulletin import load_bulletin
    from govstats.checks import failed_mask, is_failed

    p = tmp_path / "b.txt"
    # a rate with no count (not made) beside a wrong rate (made, failed) and a right one (made, passed)
    p.write_text(
        "（一）政府网站。政府网站总体合格率为96.5%。\n"
        "（二）政务新媒体。共检查政务新媒体200个，不合格3个，合格率为97.0%。\n",
        encoding="utf-8",
    )
    b = load_bulletin(p)
    checks = b.checks.set_index("check")
    assert pd.isna(checks.loc["website_pass_rate", "ok"])
    assert checks.loc["newmedia_pass_rate", "ok"] == False  # noqa: E712 (pandas boolean)
    assert str(b.checks["ok"].dtype) == "boolean"
    assert list(b.checks.loc[failed_mask(b.checks), "check"]) == ["newmedia_pass_rate"]
    assert list(b.failed_checks()["check"]) == ["newmedia_pass_rate"]
    js = {c["check"]: c for c in json.loads(json.dumps(b.to_json_dict()))["checks"]}
    assert js["website_pass_rate"]["ok"] is None and js["website_pass_rate"]["message"].startswith("无法核验")
    assert js["newmedia_pass_rate"]["ok"] is False
    assert "1 failed checks" in repr(b)
    assert [is_failed(v) for v in (True, False, None, pd.NA, float("nan"))] == [False, True, False, False, False]
