"""Corpus API: selectors, errors(), dtypes, loading from Parquet and from raw bulletins."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import govstats
from govstats import registry
from govstats.corpus import JOINED_COLUMNS, TABLE_NAMES, Corpus, load_corpus
from govstats.errors import GovstatsError, ParameterError
from govstats.quarter import Quarter

ROOT = Path(__file__).resolve().parents[2]


def _tables() -> dict[str, pd.DataFrame]:
    """Three bulletins: 咸阳市 2025Q1 and 2024Q4, 吴忠市 2025Q1; one error, one warning, one info."""
    meta = pd.DataFrame(
        [
            {"bulletin_id": "xy-25q1", "region": "咸阳市", "region_code": "610400", "year": 2025, "quarter": 1,
             "period": "2025Q1", "website_rows": 1, "new_media_rows": 1},
            {"bulletin_id": "xy-24q4", "region": "咸阳市", "region_code": "610400", "year": 2024, "quarter": 4,
             "period": "2024Q4", "website_rows": 0, "new_media_rows": 0},
            {"bulletin_id": "wz-25q1", "region": "吴忠市", "region_code": "640300", "year": 2025, "quarter": 1,
             "period": "2025Q1", "website_rows": 0, "new_media_rows": 0},
        ]
    )
    figures = pd.DataFrame(
        [
            {"bulletin_id": "xy-25q1", "measure": "newmedia_pass_rate", "value": 97.95, "unit": "pct", "precision": 2,
             "stated_text": "97.95%", "sentence": "合格率为97.95%。"},
            {"bulletin_id": "wz-25q1", "measure": "newmedia_pass_rate", "value": 99.96, "unit": "pct", "precision": 2,
             "stated_text": "99.96%", "sentence": "共发现9个政务新媒体不合格，总体合格率为99.96%。"},
            {"bulletin_id": "wz-25q1", "measure": "newmedia_checked", "value": 289, "unit": "count",
             "stated_text": "289个", "sentence": "289个政务新媒体账号"},
        ]
    )
    websites = pd.DataFrame(
        [{"bulletin_id": "xy-25q1", "seq": 1, "site_name": "兴平市人民政府", "site_code": "6104810043",
          "problem_categories": ["W01", "W02"], "rectification": "rectified", "region_code": "610481",
          "region_name": "兴平市"}]
    )
    new_media = pd.DataFrame(
        [{"bulletin_id": "xy-25q1", "seq": 1, "account_name": "咸阳发布", "platform": "wechat_oa",
          "problem_categories": [], "region_code": "610400", "region_name": "咸阳市"}]
    )
    checks = pd.DataFrame(
        [
            {"bulletin_id": "wz-25q1", "check": "newmedia_pass_rate", "ok": False, "severity": "error",
             "stated": 99.96, "computed": 96.89, "precision": 2, "message": "99.96% 与 280/289 不符",
             "sentence": "共发现9个政务新媒体不合格，总体合格率为99.96%。"},
            {"bulletin_id": "xy-25q1", "check": "newmedia_pass_rate", "ok": True, "severity": "error",
             "stated": 97.95, "computed": 97.95, "precision": 2, "message": "ok", "sentence": "合格率为97.95%。"},
            {"bulletin_id": "xy-25q1", "check": "named_in_annex", "ok": False, "severity": "warning",
             "stated": 11, "computed": 10, "message": "1 account not in the annex", "sentence": "点名11个"},
            {"bulletin_id": "xy-24q4", "check": "annex_unknown_columns", "ok": False, "severity": "info",
             "message": "columns kept out"},
        ]
    )
    return {"bulletins": meta, "figures": figures, "websites": websites, "new_media": new_media, "checks": checks}


@pytest.fixture()
def corpus() -> Corpus:
    return Corpus.from_tables(_tables(), source="test")


def test_tables_keep_registry_dtypes_and_append_context(corpus):
    for name in TABLE_NAMES:
        df = getattr(corpus, name)
        t = registry.TABLES[name]
        joined = [out for out, _ in JOINED_COLUMNS[name]]
        assert list(df.columns) == t.names + joined, name
        for c in t.columns:
            assert str(df[c.name].dtype) == registry.PANDAS_DTYPES[c.dtype], f"{name}.{c.name}"
        for j in joined:
            assert str(df[j].dtype) == "string", f"{name}.{j}"
            assert df[j].notna().all(), f"{name}.{j} has no value on some row"


def test_context_values_and_site_region_untouched(corpus):
    f = corpus.figures.set_index("bulletin_id")
    assert f.loc["xy-25q1", "quarter"] == "2025Q1"
    assert f.loc["xy-25q1", "region_code"] == "610400"
    w = corpus.websites.iloc[0]
    assert (w["region_code"], w["bulletin_region_code"], w["region"]) == ("610481", "610400", "咸阳市")
    assert corpus.websites["problem_categories"].iloc[0] == ["W01", "W02"]


def test_len_quarters_regions(corpus):
    assert len(corpus) == 3
    assert corpus.quarters == [Quarter("2024Q4"), Quarter("2025Q1")]
    assert all(isinstance(q, Quarter) for q in corpus.quarters)
    assert corpus.regions == ["咸阳市", "吴忠市"]


@pytest.mark.parametrize("q", ["2025Q1", Quarter(2025, 1), "2025q1"])
def test_quarter_selector(corpus, q):
    sub = corpus.quarter(q)
    assert sorted(sub.ids) == ["wz-25q1", "xy-25q1"]
    assert set(sub.figures["quarter"]) == {"2025Q1"}
    assert set(sub.checks["bulletin_id"]) <= {"wz-25q1", "xy-25q1"}
    assert len(corpus) == 3  # the original is untouched


def test_unknown_quarter_names_valid_choices(corpus):
    with pytest.raises(ParameterError, match=r"2023Q1.*2024Q4, 2025Q1"):
        corpus.quarter("2023Q1")
    with pytest.raises(ParameterError):
        corpus.quarter("2025Q5")


@pytest.mark.parametrize("r", ["610400", "咸阳市", "咸阳"])
def test_region_selector_by_code_or_name(corpus, r):
    sub = corpus.region(r)
    assert sorted(sub.ids) == ["xy-24q4", "xy-25q1"]
    assert len(sub.websites) == 1 and len(sub.new_media) == 1


def test_unknown_region_names_valid_choices(corpus):
    with pytest.raises(ParameterError, match=r"北京市.*610400 咸阳市.*640300 吴忠市"):
        corpus.region("北京市")
    with pytest.raises(ParameterError):
        corpus.region("咸阳县")  # a different division, not a spelling of 咸阳市


def test_selectors_chain_and_empty_intersection_is_an_error(corpus):
    assert corpus.quarter("2025Q1").region("吴忠市").ids == ["wz-25q1"]
    with pytest.raises(ParameterError, match="valid quarters: 2025Q1"):
        corpus.region("吴忠市").quarter("2024Q4")


def test_errors_lists_failed_error_and_warning_checks_with_context(corpus):
    e = corpus.errors()
    assert sorted(e["check"]) == ["named_in_annex", "newmedia_pass_rate"]
    assert set(e["severity"]) == {"error", "warning"}
    row = e[e["bulletin_id"] == "wz-25q1"].iloc[0]
    assert (row["region"], row["quarter"], row["stated"], row["computed"]) == ("吴忠市", "2025Q1", 99.96, 96.89)
    assert "99.96%" in row["sentence"]
    assert {"region", "quarter", "sentence", "message", "stated", "computed"} <= set(e.columns)
    assert len(corpus.errors(severities=("info",))) == 1
    assert corpus.quarter("2024Q4").errors().empty


def test_bulletin_returns_a_bulletin_with_registry_frames(corpus):
    b = corpus.bulletin("wz-25q1")
    assert isinstance(b, govstats.Bulletin)
    assert list(b.figures.columns) == registry.FIGURES.names
    assert b.figure("newmedia_pass_rate") == pytest.approx(99.96)
    assert len(b.failed_checks()) == 1
    assert b.info["region"] == "吴忠市"
    assert "吴忠市" in b._repr_html_()
    with pytest.raises(ParameterError, match="valid ids"):
        corpus.bulletin("nope")


def test_repr_is_one_short_line(corpus):
    r = repr(corpus)
    assert "\n" not in r and len(r) < 200
    assert "3 bulletins" in r and "1 errors" in r and "1 warnings" in r
    assert "<div" in corpus._repr_html_()


def test_duplicate_bulletin_ids_are_refused():
    t = _tables()
    t["bulletins"] = pd.concat([t["bulletins"], t["bulletins"].iloc[:1]])
    with pytest.raises(GovstatsError, match="duplicate"):
        Corpus.from_tables(t)


def test_load_corpus_from_processed_parquet(tmp_path):
    for name, df in _tables().items():
        registry.coerce(df, name).to_parquet(tmp_path / f"{name}.parquet")
    c = load_corpus(tmp_path)
    assert len(c) == 3 and c.source == str(tmp_path)
    assert c.websites["problem_categories"].iloc[0] == ["W01", "W02"]
    assert str(c.figures["value"].dtype) == "Float64"


def test_load_corpus_default_without_processed_tables_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr("govstats.corpus.default_processed_dir", lambda: tmp_path)
    with pytest.raises(GovstatsError, match="govstats ingest"):
        load_corpus()


def test_load_corpus_missing_path(tmp_path):
    with pytest.raises(ParameterError, match="no such"):
        load_corpus(tmp_path / "missing")


# -- the shipped bulletins, parsed in memory --------------------------------------------------

KNOWN_ERRORS = [  # published bulletins whose rates do not add up: (id, region, quarter, stated or None)
    ("wuzhong-2025q1", "吴忠市", "2025Q1", 99.96),  # 9 failures of 289 printed as 99.96 %
    ("kaifeng-2024q1", "开封市", "2024Q1", 98.9),  # 291/294 = 98.98 % truncated, not rounded
    ("xianning-2019q2-trad", "咸宁市", "2019Q2", None),
    ("jiangxi-2020q1", "江西省", "2020Q1", None),
    ("qinghai-2020q3-trad", "青海省", "2020Q3", None),
]


@pytest.fixture(scope="module")
def shipped() -> Corpus:
    return load_corpus(ROOT / "data" / "raw")


def test_shipped_corpus_lists_the_known_errors(shipped):
    assert len(shipped) == 22 and not shipped.skipped
    e = shipped.errors()
    for bid, region, quarter, stated in KNOWN_ERRORS:
        rows = e[e["bulletin_id"] == bid]
        assert len(rows), f"{bid}: its known inconsistency is not listed"
        assert set(rows["region"]) == {region} and set(rows["quarter"]) == {quarter}, bid
        assert len(shipped.region(region).quarter(quarter).errors()) == len(rows)
        if stated is not None:
            assert stated in set(rows["stated"].astype(float)), f"{bid}: {stated} not among {list(rows['stated'])}"
        assert rows["sentence"].notna().all()


def test_shipped_corpus_seed_selectors(shipped):
    seed = shipped.region("610400").quarter("2025Q1")
    assert seed.ids == ["xianyang-2025q1"]
    b = seed.bulletin("xianyang-2025q1")
    assert b.raw is not None  # parsed in memory: the full Bulletin, raw text included
    assert len(seed.websites) == len(b.websites) > 0
