"""GX validation: the suites match the registry, good frames pass, each kind of bad row fails
with the right expectation and bulletin, the readable list, Data Docs, the CLI entry point,
and that ``import govstats`` never imports Great Expectations.

The first test that touches GX pays its import (about 3-5 s); every run after that is ~0.1 s.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from govstats.registry import TABLES, coerce

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "expectations"
B1 = "610400-2025Q1-xianyang-2025q1"
B2 = "610100-2025Q1-xian-2025q1"


# --------------------------------------------------------------------------- good frames


def good_tables() -> dict[str, pd.DataFrame]:
    """A small valid corpus of two bulletins, coerced to the registry dtypes."""
    bulletins = pd.DataFrame(
        {
            "bulletin_id": [B1, B2],
            "source_file": ["咸阳市/2025Q1/xianyang-2025q1.txt", "西安市/2025Q1/xian-2025q1.txt"],
            "source_sha256": ["a" * 64, "0123456789abcdef" * 4],
            "title": ["关于2025年第一季度全市政府网站与政务新媒体检查情况的通报", None],
            "doc_number": ["咸政办函〔2025〕12号", None],
            "issuer": ["咸阳市人民政府办公室", "西安市人民政府办公厅"],
            "region": ["咸阳市", "西安市"],
            "region_code": ["610400", "610100"],
            "year": [2025, 2025],
            "quarter": [1, None],
            "period": ["2025Q1", "2025M03"],
            "issue_date": ["2025-02-25", None],
            "feedback_deadline": ["2025-03-10", None],
            "is_traditional": [False, False],
            "website_rows": [2, 1],
            "new_media_rows": [2, 0],
        }
    )
    figures = pd.DataFrame(
        {
            "bulletin_id": [B1, B1, B1, B1, B2],
            "measure": ["website_checked", "newmedia_pass_rate", "newmedia_by_platform", "newmedia_by_platform", "website_checked"],
            "breakdown": [None, None, "微信公众号", "抖音", None],
            "value": [60.0, 97.95, 120.0, 30.0, 41.0],
            "unit": ["count", "pct", "count", "count", "count"],
            "precision": [None, 2, None, None, None],
            "stated_text": ["60家", "97.95%", "120个", "30个", "41家"],
            "sentence": ["共检查政府网站60家。", "合格率97.95%。", "微信公众号120个", "抖音30个", "检查网站41家。"],
            "span_start": [3, 4, 5, 2, 6],
            "span_end": [6, 10, 9, 5, 9],
        }
    )
    websites = pd.DataFrame(
        {
            "bulletin_id": [B1, B1, B2],
            "seq": [1, 2, 1],
            "site_name": ["咸阳市人民政府", "国家某部网站", "西安市人民政府"],
            "url": ["www.xianyang.gov.cn", "https://www.example.gov.cn/col/index.html", None],
            "site_code": ["6104000001", "bm12345678", None],
            "problem": ["栏目长期未更新", "错别字", "链接不可用"],
            "problem_categories": [["4.1"], [], ["2.3", "2.4"]],
            "rectification": ["rectified", "in_progress", None],
            "rectification_raw": ["已整改", "整改中", None],
            "region_code": ["610400", None, "610100"],
            "region_name": ["咸阳市", None, "西安市"],
        }
    )
    new_media = pd.DataFrame(
        {
            "bulletin_id": [B1, B1],
            "seq": [1, 2],
            "account_name": ["咸阳发布", "咸阳交警"],
            "operator": ["咸阳市委网信办", "咸阳市公安局交警支队"],
            "platform": ["wechat_oa", None],
            "platform_subtype": ["service", None],
            "platform_raw": ["微信服务号", "某某号"],
            "result": ["unqualified", None],
            "result_raw": ["不合格", None],
            "problem": ["长期未更新", "无"],
            "problem_categories": [["5.1"], []],
            "rectification": ["not_rectified", "unknown"],
            "rectification_raw": ["未整改", ""],
            "region_code": ["610400", "610400"],
            "region_name": ["咸阳市", "咸阳市"],
        }
    )
    checks = pd.DataFrame(
        {
            "bulletin_id": [B1, B1, B2],
            "check": ["newmedia_pass_rate", "website_annex_rows", "website_annex_rows"],
            "ok": [True, False, True],  # a failed WARNING does not fail the suite
            "severity": ["error", "warning", "error"],
            "stated": [97.95, 3.0, 1.0],
            "computed": [97.95, 2.0, 1.0],
            "precision": [2, None, None],
            "message": ["", "annex has 2 rows, text says 3", ""],
            "sentence": ["合格率97.95%。", "问题网站3家", None],
        }
    )
    raw = {
        "bulletins": bulletins,
        "figures": figures,
        "websites": websites,
        "new_media": new_media,
        "checks": checks,
    }
    return {name: coerce(df, name) for name, df in raw.items()}


def bad_rows(df: pd.DataFrame, bulletin_id: str, changes: dict[str, object], copies: int = 1) -> pd.DataFrame:
    """``copies`` copies of df's first row, moved to ``bulletin_id`` and changed (object dtype)."""
    row = df.iloc[[0]].astype("object")
    row["bulletin_id"] = bulletin_id
    for k, v in changes.items():
        row[k] = pd.Series([v], index=row.index, dtype="object")
    return pd.concat([row] * copies, ignore_index=True)


# --------------------------------------------------------------------------- suites


@pytest.mark.parametrize("table", sorted(TABLES))
def test_suite_json_matches_registry(table):
    doc = json.loads((SUITES / f"{table}.json").read_text(encoding="utf-8"))
    assert doc["name"] == table
    names = TABLES[table].names
    first = doc["expectations"][0]
    assert first["type"] == "expect_table_columns_to_match_ordered_list"
    assert first["kwargs"]["column_list"] == names
    for e in doc["expectations"]:
        assert set(e) <= {"type", "kwargs", "meta"}, "no ids or generated noise in hand-written suites"
        assert e["meta"]["notes"].strip(), f"{table}: {e['type']} needs a meta.notes saying why"
        kw = e["kwargs"]
        cols = [kw.get("column"), kw.get("column_A"), kw.get("column_B")]
        if e["type"] != "expect_table_columns_to_match_ordered_list":
            cols += kw.get("column_list", [])
        for c in filter(None, cols):
            assert c in names, f"{table}: {e['type']} names unknown column {c}"
    # primary key: not null and unique
    key = list(TABLES[table].primary_key)
    not_null = {e["kwargs"]["column"] for e in doc["expectations"] if e["type"] == "expect_column_values_to_not_be_null"}
    assert set(key) - {"breakdown"} <= not_null


def test_load_suite_keeps_every_expectation():
    from govstats.validate import load_suite

    for path in SUITES.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert len(load_suite(path).expectations) == len(doc["expectations"])


def test_load_suite_rejects_a_typo(tmp_path):
    from govstats.validate import load_suite

    bad = tmp_path / "websites.json"
    bad.write_text(json.dumps({"name": "websites", "expectations": [{"type": "expect_column_values_to_be_nul", "kwargs": {"column": "x"}}]}))
    with pytest.raises(ValueError, match=r"websites\.json: expectation 0"):
        load_suite(bad)


def test_platform_vocabulary_matches_the_normalizer():
    from govstats.normalize import platform

    doc = json.loads((SUITES / "new_media.json").read_text(encoding="utf-8"))
    sets = {e["kwargs"]["column"]: e["kwargs"]["value_set"] for e in doc["expectations"] if e["type"] == "expect_column_values_to_be_in_set"}
    assert sets["platform"] == list(platform.PLATFORM_IDS)
    assert sets["platform_subtype"] == list(platform.PLATFORM_SUBTYPES)


# --------------------------------------------------------------------------- validation


def test_good_frames_pass():
    from govstats.validate import validate_tables

    report = validate_tables(good_tables())
    assert report.failures == []
    assert report.success
    assert report.table_success == dict.fromkeys(["bulletins", "figures", "websites", "new_media", "checks"], True)
    assert report.row_counts["websites"] == 3
    assert set(report.raw_results) == set(TABLES)
    assert report.raw_results["checks"].success is True


def test_check_not_made_is_neither_failure_nor_pass(tmp_path, capsys):
    """ok null on an info row (a check that could not be made): the suite holds, validate lists no
    failure for it and counts it neither as an error nor as a warning."""
    from govstats.validate import readable_failures, run_validate, validate_tables

    t = good_tables()
    row = bad_rows(t["checks"], B2, {"check": "website_pass_rate", "ok": None, "severity": "info",
                                     "message": "无法核验：通报未给出检查数（或合格数与不合格数），无从复算"})
    t["checks"] = coerce(pd.concat([t["checks"].astype("object"), row], ignore_index=True), "checks")
    assert t["checks"]["ok"].isna().sum() == 1
    report = validate_tables(t)
    assert report.success, report.failures
    lines = readable_failures(report, t["checks"])
    assert not [ln for ln in lines if "无法核验" in ln or f"{B2}: website_pass_rate" in ln]
    proc = write_processed(t, tmp_path / "processed")
    assert run_validate(proc, None) == 0
    assert "0 failed error checks, 1 warnings" in capsys.readouterr().out


def test_empty_tables_pass():
    from govstats.registry import empty_frame
    from govstats.validate import validate_tables

    assert validate_tables({name: empty_frame(name) for name in TABLES}).success


# case -> (table, changed values, expectation that must fail, its column, copies of the row).
# Every case is its own bulletin, so one GX run per table checks them all, and each case must
# be named by exactly one failure.
BAD_CASES = {
    "bad site code": ("websites", {"site_code": "61040000"}, "expect_column_values_to_match_regex", "site_code", 1),
    "full-width site code": ("websites", {"site_code": "６１０４０００００１"}, "expect_column_values_to_match_regex", "site_code", 1),
    "site code + newline": ("websites", {"site_code": "6104000001\n"}, "expect_column_values_to_match_regex", "site_code", 1),
    "ftp url": ("websites", {"url": "ftp://files.xianyang.gov.cn"}, "expect_column_values_to_match_regex", "url", 1),
    "duplicated key": ("websites", {}, "expect_compound_columns_to_be_unique", "bulletin_id+seq", 2),
    "unknown rectification": ("websites", {"rectification": "done"}, "expect_column_values_to_be_in_set", "rectification", 1),
    "5-digit region": ("websites", {"region_code": "61040"}, "expect_column_values_to_match_regex", "region_code", 1),
    "null key": ("websites", {"seq": None}, "expect_column_values_to_not_be_null", "seq", 1),
    "unknown platform": ("new_media", {"platform": "wechat"}, "expect_column_values_to_be_in_set", "platform", 1),
    "unknown result": ("new_media", {"result": "合格"}, "expect_column_values_to_be_in_set", "result", 1),
    "rate over 100": ("figures", {"unit": "pct", "value": 101.5}, "expect_column_values_to_be_between", "value", 1),
    "negative count": ("figures", {"value": -1.0}, "expect_column_values_to_be_between", "value", 1),
    "bad unit": ("figures", {"unit": "percent"}, "expect_column_values_to_be_in_set", "unit", 1),
    "duplicated figure": ("figures", {}, "expect_compound_columns_to_be_unique", "bulletin_id+measure+breakdown", 2),
    "failed error check": ("checks", {"ok": False, "severity": "error"}, "expect_column_values_to_be_in_set", "ok", 1),
    "unknown severity": ("checks", {"severity": "fatal"}, "expect_column_values_to_be_in_set", "severity", 1),
    # null ok means "could not be made"; only an info row may say that
    "null ok on an error check": ("checks", {"ok": None, "severity": "error"}, "expect_column_values_to_not_be_null", "ok", 1),
    "year 1999": ("bulletins", {"year": 1999}, "expect_column_values_to_be_between", "year", 1),
    "quarter 5": ("bulletins", {"quarter": 5}, "expect_column_values_to_be_between", "quarter", 1),
}


@pytest.fixture(scope="module")
def bad_cases_report():
    """The good corpus plus every bad case as its own bulletin, validated in one run per table."""
    from govstats.validate import validate_tables

    tables = good_tables()
    extra: dict[str, list[pd.DataFrame]] = {}
    for case, (table, changes, _, _, copies) in BAD_CASES.items():
        extra.setdefault(table, []).append(bad_rows(tables[table], f"bad: {case}", changes, copies))
    for table, rows in extra.items():
        tables[table] = coerce(pd.concat([tables[table].astype("object"), *rows], ignore_index=True), table)
    return validate_tables(tables)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_row_fails_with_the_right_expectation(case, bad_cases_report):
    table, _, expectation, column, copies = BAD_CASES[case]
    named = [f for f in bad_cases_report.failures if f"bad: {case}" in f.bulletin_ids]
    assert [(f.table, f.expectation, f.column) for f in named] == [(table, expectation, column)]
    assert named[0].unexpected_count >= copies
    assert named[0].notes
    assert bad_cases_report.table_success[table] is False


def test_bad_cases_do_not_touch_good_bulletins(bad_cases_report):
    assert not bad_cases_report.success
    for f in bad_cases_report.failures:
        assert f.bulletin_ids and all(b.startswith("bad: ") for b in f.bulletin_ids), f


def test_url_and_code_formats():
    """Spot checks of the two regexes the parsers most often get wrong."""
    from govstats.validate import validate_tables

    ok_urls = ["www.xianyang.gov.cn", "xianyang.gov.cn/zwgk/", "http://10.1.2.3:8080/a?b=c", "HTTPS://WWW.GOV.CN", "www.gov.cn:8080"]
    bad_urls = ["咸阳市政府网", "http://", "www.gov.cn x", "gov", "//www.gov.cn"]
    ok_codes = ["6104000001", "bm12345678", None]
    bad_codes = ["BM12345678", "bm1234567", "61040000011", " 6104000001"]
    n = max(len(ok_urls) + len(bad_urls), len(ok_codes) + len(bad_codes))
    urls = (ok_urls + bad_urls + [None] * n)[:n]
    codes = (ok_codes + bad_codes + [None] * n)[:n]
    df = coerce(pd.DataFrame({"bulletin_id": B1, "seq": range(1, n + 1), "url": urls, "site_code": codes}), "websites")
    report = validate_tables({"websites": df})
    found = {f.column: f for f in report.failures}
    assert set(found) == {"url", "site_code"}
    assert found["url"].unexpected_count == len(bad_urls)
    assert found["site_code"].unexpected_count == len(bad_codes)


def test_table_without_suite_is_an_error(tmp_path):
    from govstats.validate import validate_tables

    with pytest.raises(ValueError, match="no suite"):
        validate_tables({"websites": good_tables()["websites"]}, suites_dir=tmp_path)


def test_schema_drift_fails_on_column_order():
    from govstats.validate import validate_tables

    web = good_tables()["websites"]
    cols = list(web.columns)
    cols[2], cols[3] = cols[3], cols[2]
    report = validate_tables({"websites": web[cols]})
    assert [f.expectation for f in report.failures] == ["expect_table_columns_to_match_ordered_list"]


# --------------------------------------------------------------------------- readable list


@pytest.fixture(scope="module")
def bad_corpus():
    """Two problems in two bulletins: a failed error check in B1, a bad site code in B2."""
    from govstats.validate import validate_tables

    t = good_tables()
    checks = t["checks"].copy()
    checks.loc[0, ["ok", "computed", "message"]] = [False, 97.62, "合格率: 293/300 = 97.67%, stated 97.95%"]
    t["checks"] = coerce(checks, "checks")
    web = t["websites"].copy()
    web.loc[2, "site_code"] = "12345"
    t["websites"] = coerce(web, "websites")
    return t, validate_tables(t)


def test_readable_failures(bad_corpus):
    from govstats.validate import readable_failures

    tables, report = bad_corpus
    assert not report.success
    assert report.table_success["checks"] is False and report.table_success["websites"] is False
    lines = readable_failures(report, tables["checks"])
    assert lines[0] == (
        f"[error] {B1}: newmedia_pass_rate — stated 97.95 vs computed 97.62 — "
        "合格率: 293/300 = 97.67%, stated 97.95% — 「合格率97.95%。」"
    )
    assert lines[1] == f"[warning] {B1}: website_annex_rows — stated 3 vs computed 2 — annex has 2 rows, text says 3 — 「问题网站3家」"
    assert lines[2] == f"websites.site_code: expect_column_values_to_match_regex — 1 unexpected, e.g. '12345', in bulletins {B2}"
    assert len(lines) == 3, "the checks suite's ok failure is not repeated as a schema line"


def test_readable_failures_without_checks_frame(bad_corpus):
    from govstats.validate import readable_failures

    _, report = bad_corpus
    lines = readable_failures(report, None)
    assert len(lines) == 2
    assert f"checks.ok: expect_column_values_to_be_in_set (where severity == error) — 1 unexpected, e.g. False, in bulletins {B1}" in lines


def test_to_frame(bad_corpus):
    _, report = bad_corpus
    df = report.to_frame()
    assert list(df.columns) == ["table", "expectation", "column", "condition", "unexpected_count", "examples", "bulletin_ids", "notes"]
    assert sorted(df["table"]) == ["checks", "websites"]
    assert df.set_index("table").loc["checks", "bulletin_ids"] == [B1]


def test_build_data_docs(bad_corpus, tmp_path):
    from govstats.validate import build_data_docs

    _, report = bad_corpus
    index = build_data_docs(report, tmp_path / "docs")
    assert index == (tmp_path / "docs" / "index.html").resolve()
    html = index.read_text(encoding="utf-8")
    for name in TABLES:
        assert name in html
        assert (tmp_path / "docs" / "expectations" / f"{name}.html").is_file()
    assert len(list((tmp_path / "docs" / "validations").rglob("*.html"))) == len(TABLES)


# --------------------------------------------------------------------------- CLI entry point


def write_processed(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        df.to_parquet(folder / f"{name}.parquet", index=False)
    return folder


def test_run_validate_ok(tmp_path, capsys):
    from govstats.validate import run_validate

    proc = write_processed(good_tables(), tmp_path / "processed")
    assert run_validate(proc, tmp_path / "docs") == 0
    out = capsys.readouterr().out
    assert "OK: 5 tables" in out
    assert "website_annex_rows" in out  # the failed warning is still shown
    assert (tmp_path / "docs" / "index.html").is_file()


def test_run_validate_fails_on_error_check(tmp_path, capsys, bad_corpus):
    from govstats.validate import run_validate

    tables, _ = bad_corpus
    proc = write_processed(tables, tmp_path / "processed")
    assert run_validate(proc, None) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith(f"[error] {B1}: newmedia_pass_rate")
    assert "FAILED: 5 tables" in out and "1 failed error checks" in out and "1 schema failures" in out
    assert not (tmp_path / "docs").exists()


def test_run_validate_without_tables(tmp_path, capsys):
    from govstats.validate import run_validate

    assert run_validate(tmp_path, None) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "no processed tables" in err


# --------------------------------------------------------------------------- import hygiene, bench


def test_import_govstats_does_not_import_gx():
    code = "import govstats, govstats.validate, sys; assert 'great_expectations' not in sys.modules, 'GX imported'"
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


def test_shipped_data_is_inconsistent_not_failed(tmp_path, capsys):
    """Real bulletins with wrong rates are findings (exit 1, INCONSISTENT), not a schema failure."""
    from govstats.ingest import ingest
    from govstats.validate import validate_processed

    root = Path(__file__).resolve().parents[2]
    ingest(root / "data" / "raw", tmp_path / "processed", workers=1)
    out = validate_processed(tmp_path / "processed", None)
    assert out.status == 1 and out.schema_failures == 0 and out.error_checks >= 4
    assert out.summary.startswith("INCONSISTENT:")
    printed = capsys.readouterr().out
    assert "[error] wuzhong-2025q1: newmedia_pass_rate" in printed


# --------------------------------------------------------------------------- edited tables (issue 22.6)


@pytest.fixture(scope="module")
def seed_processed(tmp_path_factory):
    """The seed bulletin ingested into a processed folder (current generation + manifest with hashes)."""
    import hashlib
    import shutil

    import yaml

    from govstats.ingest import ingest

    base = tmp_path_factory.mktemp("seed")
    src = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
    raw = base / "raw" / "咸阳市" / "2025Q1"
    raw.mkdir(parents=True)
    shutil.copy(src, raw / src.name)
    side = {"url": "https://example.gov.cn/x", "sha256": hashlib.sha256(src.read_bytes()).hexdigest()}
    (raw / (src.name + ".source.yml")).write_text(yaml.safe_dump(side), encoding="utf-8")
    ingest(base / "raw", base / "processed", workers=1)
    return base / "processed"


def _edited(seed_processed: Path, tmp_path: Path, measure: str, value: float, keep_hashes: bool) -> Path:
    """A copy of the seed's processed folder whose figures table states value for measure."""
    import shutil

    from govstats.store import generation_dir

    d = tmp_path / "processed"
    shutil.copytree(seed_processed, d, symlinks=True)
    g = generation_dir(d)
    fig = pd.read_parquet(g / "figures.parquet")
    hit = fig["measure"].eq(measure) & fig["breakdown"].isna()
    assert hit.sum() == 1
    fig.loc[hit, "value"] = value
    fig.to_parquet(g / "figures.parquet", index=False)
    if not keep_hashes:  # a manifest from before hashes, or one rewritten along with the table
        m = json.loads((g / "manifest.json").read_text(encoding="utf-8"))
        del m["sha256"]
        (g / "manifest.json").write_text(json.dumps(m), encoding="utf-8")
    return d


IMPOSSIBLE = {  # the cases of issue 22.6, on the seed (293 accounts checked, 6 unqualified, 53 websites)
    "500 unqualified of 293 checked": ("newmedia_unqualified", 500.0, "newmedia_unqualified_le_checked", "error"),
    "900 websites checked of 53": ("website_checked", 900.0, "website_checked_le_total", "error"),
    "pass rate 12.34 where the counts give 97.95": ("newmedia_pass_rate", 12.34, "newmedia_pass_rate", "error"),
    "0 unqualified beside 6 unqualified annex rows": ("newmedia_unqualified", 0.0, "newmedia_unqualified_rows", "warning"),
}


def test_seed_validates_ok_with_recomputed_checks(seed_processed, capsys):
    from govstats.validate import validate_processed

    out = validate_processed(seed_processed, None)
    assert out.status == 0 and out.summary.startswith("OK:"), capsys.readouterr().out


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_edited_table_is_detected_by_its_hash(case, seed_processed, tmp_path, capsys):
    from govstats.validate import validate_processed

    measure, value, _, _ = IMPOSSIBLE[case]
    d = _edited(seed_processed, tmp_path, measure, value, keep_hashes=True)
    out = validate_processed(d, None)
    err = capsys.readouterr().err.strip().splitlines()
    assert out.status == 2 and len(err) == 1, err
    assert "figures.parquet: changed since ingest" in err[0]


@pytest.mark.parametrize("case", sorted(IMPOSSIBLE))
def test_impossible_figures_are_recomputed_not_trusted(case, seed_processed, tmp_path, capsys):
    """Without hashes to catch the edit, validate recomputes the checks from the figures and the
    annex rows: the stored checks table (all ok) no longer makes impossible data validate OK."""
    from govstats.validate import validate_processed

    measure, value, check, severity = IMPOSSIBLE[case]
    d = _edited(seed_processed, tmp_path, measure, value, keep_hashes=False)
    out = validate_processed(d, None)
    printed = capsys.readouterr().out
    assert out.status == 1 and out.summary.startswith("FAILED:"), printed
    assert f"xianyang-2025q1: {check} is [{severity}] when recomputed" in printed
    assert f"[{severity}] xianyang-2025q1: {check} — " in printed


def test_recomputed_checks_raise_no_false_alarm_on_the_corpus(tmp_path):
    """Recomputed from the stored tables, the checks of every corpus bulletin agree with the
    ones ingest stored (the figures table does not keep ambiguity: abstentions must hold)."""
    from govstats.ingest import load_raw
    from govstats.validate import hidden_checks, recompute_checks
    from tests.helpers.corpus import load_records

    for rec in load_records(ROOT / "tests" / "data" / "corpus" / "bulletins.jsonl"):
        (tmp_path / f"{rec['id']}.txt").write_text(rec["text"], encoding="utf-8")
    tables = load_raw(tmp_path, workers=1).tables
    assert len(tables["bulletins"]) > 80
    recomputed = recompute_checks(tables)
    assert len(recomputed) > 150
    hidden = hidden_checks(tables["checks"], recomputed)
    assert hidden.empty, hidden[["bulletin_id", "check", "severity", "message"]].to_string()
