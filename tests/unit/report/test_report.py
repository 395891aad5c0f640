"""Dashboards: data prep, parameter checks, escaping, offline export, index and build.

Fast tests use the processed tables of data/raw ingested into a temp folder; the tests that
start a kernel are marked slow (one seed render and one small build, ~15-30 s together).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"






@pytest.fixture(scope="module")
def seed(processed, tables):
    from govstats.report import dashboard

    return dashboard.load("咸阳市", "2025Q1", processed, tables=tables)


# ---------------------------------------------------------------- data prep


def test_seed_headline_figures(seed):
    df = seed.headline_frame().set_index("项目")
    assert df.loc["检查数量", "政务新媒体"] == "293"
    assert df.loc["检查数量", "政府网站"] == "53"
    assert df.loc["合格率（通报）", "政务新媒体"] == "97.95%"
    assert df.loc["合格率（按数量核算）", "政务新媒体"] == "97.95%"
    assert df.loc["检查覆盖率", "政府网站"] == "100%"
    assert df.loc["未整改数量（通报）", "政务新媒体"] == "4"
    assert df.loc["未整改条目（附件）", "政务新媒体"] == "4"
    assert df.loc["反馈截止日期", "政务新媒体"] == "2025-02-28"
    assert seed.quarter.label_zh == "2025年第一季度"


def test_seed_breakdowns(seed):
    regions = set(seed.region_counts()["region_name"])
    assert {"兴平市", "礼泉县", "泾阳县", "秦都区"} <= regions
    plat = seed.platform_counts().groupby("platform")["count"].sum()
    assert plat["微信公众号"] == 6 and plat.sum() == 10
    rect = seed.rectification_counts().groupby("status")["count"].sum()
    assert rect["已整改"] == 11 and rect["未整改"] == 4
    cats = seed.category_counts()
    assert set(cats["kind"]) <= {"单项否决", "扣分项", "管理类问题"} and cats["count"].sum() >= 15


def test_seed_checks_consistent_statement(seed):
    html = str(seed.checks_section())
    assert "核验一致" in html and "未通过" not in html


def test_check_not_made_is_a_note_neither_failure_nor_pass(processed, tables):
    """ok null: its reason is listed under 提示, the count of checks that hold and fail is unchanged."""
    import pandas as pd

    from govstats import registry
    from govstats.report import dashboard

    ch = tables["checks"]
    row = ch[ch["bulletin_id"] == "xianyang-2025q1"].iloc[[0]].copy()
    row["check"], row["ok"], row["severity"] = "website_pass_rate_unmade", pd.NA, "info"
    row["message"] = "无法核验：通报未给出检查数（或合格数与不合格数），无从复算"
    t = {**tables, "checks": registry.coerce(pd.concat([ch, row], ignore_index=True), "checks")}
    before = dashboard.load("咸阳市", "2025Q1", processed, tables=tables)
    after = dashboard.load("咸阳市", "2025Q1", processed, tables=t)
    n_ok = int(before.checks["ok"].fillna(False).astype(bool).sum())
    html = str(after.checks_section())
    assert f"全部 {n_ok} 项核验一致" in html and "未通过" not in html and "无从复算" in html
    assert len(after.failed_checks()) == len(before.failed_checks())


def test_failed_checks_show_sentence(processed, tables):
    from govstats.report import dashboard

    d = dashboard.load("吴忠市", "2025Q1", processed, tables=tables)
    html = str(d.checks_section())
    assert "未通过" in html and "99.96" in html and "96.89" in html
    assert "原文句子" in html


def test_read_tables_equals_pandas_read_parquet(processed, tables):
    """store.read_tables reads Parquet without pyarrow.dataset: the same typed frames as pandas.read_parquet."""
    import pandas as pd

    from govstats import registry

    assert list(tables) == list(registry.TABLE_NAMES)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, registry.coerce(pd.read_parquet(processed / f"{name}.parquet"), name))


def test_dashboard_kernel_stays_light(processed):
    """What the notebook's first cell and the charts import: no parsers, matchers, OpenCC or pyarrow.dataset."""
    code = ("import sys; from govstats.report import charts, dashboard; d = dashboard.load('咸阳市', '2025Q1', sys.argv[1]);"
            "charts.by_category(d.category_counts(), d.label); charts.by_platform(d.platform_counts(), d.label);"
            "d.findings('websites');"
            "print(sorted(m for m in ('govstats.ingest', 'govstats.readers', 'govstats.normalize.problems',"
            " 'govstats.normalize.platform', 'opencc', 'pyarrow.dataset') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(processed)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_display_labels_match_the_vocabularies():
    """dashboard reads labels straight from the CSVs (no matcher build): same values as normalize."""
    from govstats.normalize.platform import PLATFORM_IDS, platform_label_zh
    from govstats.normalize.problems import CATEGORY_IDS, category_kind, category_label_zh
    from govstats.report.labels import _vocab

    categories, platforms = _vocab()
    assert categories == {c: (category_label_zh(c), category_kind(c)) for c in CATEGORY_IDS}
    assert platforms == {p: platform_label_zh(p) for p in PLATFORM_IDS}


def test_trend_and_history(seed):
    assert list(seed.history["quarter"]) == ["2021Q1", "2025Q1"]
    from govstats.report import charts

    c = charts.trend(seed.trend_frame(), seed.region)
    assert isinstance(c, charts.Chart)
    x, y = c.figure["data"][0]["x"], c.figure["data"][0]["y"]
    assert len(x) == 17 and x[0] == "2021年<br>第一季度" and x[-1] == "2025年<br>第一季度"
    assert y[1:-1] == [None] * 15 and c.figure["data"][0]["connectgaps"] is False  # gaps, not a straight line


def test_repeat_units_across_quarters(seed):
    import dataclasses

    import pandas as pd

    b21, b25 = seed.history["bulletin_id"]
    web = pd.DataFrame({"bulletin_id": pd.array([b21, b25, b25, b21, "other"], dtype="string"),
                        "site_name": pd.array(["乙 政府网", "乙政府网", "甲网", None, "甲网"], dtype="string")})
    d = dataclasses.replace(seed, history_websites=web, history_new_media=web.iloc[:0].rename(columns={"site_name": "account_name"}))
    df = d.repeat_units()
    assert df.to_dict("records") == [{"类型": "政府网站", "名称": "乙政府网", "被通报季度数": 2,
                                      "季度": "2021年第一季度；2025年第一季度"}]


def test_narrative_only_sections_say_so(processed, tables):
    from govstats.report import charts, dashboard

    d = dashboard.load("商洛市", "2020Q4", processed, tables=tables)
    for f, df in ((charts.by_category, d.category_counts()), (charts.by_region, d.region_counts()),
                  (charts.by_platform, d.platform_counts()), (charts.by_rectification, d.rectification_counts()),
                  (charts.trend, d.trend_frame())):
        out = f(df, d.label)
        assert not isinstance(out, charts.Chart), f.__name__
        assert 'class="gs-note"' in str(out)
    assert "无政府网站检查结果附件" in str(d.findings("websites"))


# ---------------------------------------------------------------- parameters


def test_validate_params_names_choices(tables):
    from govstats.errors import ParameterError
    from govstats.report.summary import validate_params

    with pytest.raises(ParameterError, match="regions with data: .*咸阳市"):
        validate_params("西安市", "2025Q1", tables["bulletins"])
    with pytest.raises(ParameterError, match="quarters with data for 咸阳市: 2021Q1, 2025Q1"):
        validate_params("咸阳市", "2025Q3", tables["bulletins"])
    with pytest.raises(ParameterError, match="2021Q1, 2025Q1"):
        validate_params("咸阳市", "2025Q5", tables["bulletins"])


def test_cli_report_bad_parameters_exit_2_one_line(processed, capsys):
    from govstats.cli import main

    assert main(["report", "--region", "西安市", "--quarter", "2025Q1", "--data-dir", str(processed)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "咸阳市" in err[0]
    assert main(["report", "--region", "咸阳市", "--quarter", "2030Q1", "--data-dir", str(processed)]) == 2
    assert "2025Q1" in capsys.readouterr().err


# ---------------------------------------------------------------- escaping and offline html


def test_bulletin_text_is_escaped(processed, tables):
    from govstats.report import charts, dashboard

    evil = "<script>alert(1)</script>"
    t = dict(tables)
    w = t["websites"].copy()
    w.loc[0, "problem"] = evil
    w.loc[0, "region_name"] = "</script><b>x"
    t["websites"] = w
    d = dashboard.load("咸阳市", "2025Q1", processed, tables=t)
    page = str(d.findings("websites"))
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    chart = str(charts.by_region(d.region_counts(), d.label))
    assert "<b>x" not in chart and "&lt;b&gt;x" in chart  # escaped for plotly's label markup
    assert chart.count("</script>") == 1  # the chart's own script only


def test_export_template_has_no_cdn_and_no_code():
    import nbformat

    from govstats.report.render import export_html, external_urls

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("secret_code_line = 1")
    cell.outputs = [nbformat.v4.new_output("execute_result", {"text/html": "<p>你好</p>", "text/plain": "x"},
                                           execution_count=1)]
    nb.cells = [nbformat.v4.new_markdown_cell("## 核心指标"), cell]
    page = export_html(nb, "测试")
    assert "你好" in page and "secret_code_line" not in page
    assert external_urls(page) == []
    assert not re.search(r"require\.js|mathjax|mermaid", page, re.I)


def test_external_urls_detects():
    from govstats.report.render import external_urls

    assert external_urls('<script src="https://cdn.example/x.js"></script>')
    assert external_urls("<link href='//fonts.example/a.css'>")
    assert external_urls("<p>see cdnjs</p>")
    assert external_urls('<p>网址 http://sfj.xianyang.gov.cn</p>') == []  # page text, not a resource


def test_notebook_stored_without_outputs_and_primitive_parameters():
    import nbformat

    from govstats.report.render import NOTEBOOK

    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    params = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1
    ns: dict = {}
    exec(params[0].source, ns)  # noqa: S102 - our own notebook
    values = {k: v for k, v in ns.items() if not k.startswith("__")}
    assert {"region", "quarter", "data_dir"} <= set(values)
    assert all(isinstance(v, (str, int, float, bool)) for v in values.values())
    assert all(len(c.source.splitlines()) <= 4 for c in code if c not in params)
    assert len(params[0].source.splitlines()) <= 5  # region, quarter, data_dir and the two plotly.js options


def test_import_govstats_stays_light():
    code = ("import sys, govstats, govstats.cli, govstats.report.dashboard, govstats.report.render, govstats.report.ledger, govstats.build;"
            "print(sorted(m for m in ('plotly','papermill','nbconvert','nbclient','openpyxl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_index_page(tmp_path, processed, tables):
    from govstats.report.pages import Page, PageResult, write_site_index
    from govstats.report.render import external_urls
    from govstats.store import read_manifest

    dash = PageResult(Page("dashboard", "咸阳市", "2025Q1"), tmp_path / "咸阳市" / "2025Q1.html")
    p = write_site_index(tables, [dash], tmp_path, read_manifest(processed), ["通报 x：未能识别所属地区，未生成看板。"],
                         assessments=[("示例市 2026Q4（合成示例）", tmp_path / "assess" / "run.html")])
    page = p.read_text(encoding="utf-8")
    assert 'href="咸阳市/2025Q1.html"' in page and "97.95%" in page and "2025年第一季度" in page
    assert "99.96%" in page and "96.89%" in page  # 吴忠市: the stated rate flagged, the recomputed one beside it
    assert "未能识别所属地区" in page and 'href="assess/run.html"' in page
    assert read_manifest(processed)["input_hash"] in page
    assert external_urls(page) == []


# ---------------------------------------------------------------- kernels (slow)


@pytest.mark.slow
def test_render_seed_dashboard(processed, tmp_path, capsys):
    from govstats.cli import main
    from govstats.report.render import external_urls
    from govstats.store import read_manifest

    assert main(["report", "--region", "咸阳市", "--quarter", "2025Q1", "--data-dir", str(processed),
                 "--out", str(tmp_path)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    path = Path(last)
    assert path == tmp_path / "咸阳市" / "2025Q1.html" and path.exists()
    page = path.read_text(encoding="utf-8")
    # by default the page links the one shared plotly.js beside the pages by a relative path (issue 18)
    from govstats.report.charts import plotlyjs_file_name

    assert page.count("plotly.js v") == 0 and f'src="../{plotlyjs_file_name()}"' in page
    assert (tmp_path / plotlyjs_file_name()).stat().st_size > 1_000_000
    assert len(page.encode()) < 300_000
    assert external_urls(page) == []
    # --self-contained: one file with plotly.js inlined once, for e-mail
    assert main(["report", "--region", "咸阳", "--quarter", "2025年第一季度", "--data-dir", str(processed),
                 "--out", str(tmp_path / "one"), "--self-contained"]) == 0
    page = (tmp_path / "one" / "咸阳市" / "2025Q1.html").read_text(encoding="utf-8")
    assert page.count("plotly.js v") == 1 and page.count('id="govstats-plotlyjs"') == 1
    assert not (tmp_path / "one" / plotlyjs_file_name()).exists()
    for s in ("2025年第一季度", "核心指标", "数据核验", "问题分类", "地区分布", "平台分布", "整改情况", "问题清单",
              "历史趋势", "293", "97.95%", "兴平市", read_manifest(processed)["input_hash"]):
        assert s in page, s
    for code in ("dashboard.load(", "d.headline()", "charts.by_category(", "embed_plotlyjs ="):
        assert code not in page, code  # code cells are not exported
    assert page.count("Plotly.newPlot") >= 4


@pytest.mark.slow
def test_build_small_corpus(tmp_path):
    from govstats.build import build

    raw = tmp_path / "raw"
    shutil.copytree(RAW / "咸阳市", raw / "咸阳市")
    res = build(raw, tmp_path / "processed", tmp_path / "reports", workers=2, validate=False, progress=False)
    assert res.ok, res.summary()
    assert sorted(p.name for p in res.dashboards) == ["2021Q1.html", "2025Q1.html"]
    index = (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'href="咸阳市/2021Q1.html"' in index and 'href="咸阳市/2025Q1.html"' in index
    assert sorted(p.name for p in res.ledgers) == ["2021Q1.xlsx", "2025Q1.xlsx"]
    manifest = json.loads((tmp_path / "processed" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["input_hash"] in index
    assert not list((tmp_path / "reports").rglob("*.tmp"))


def test_page_paths_from_hostile_regions_stay_under_reports():
    """A region "../.." in the tables made pages escape reports/; the name is made safe in relpath."""
    from govstats.report.pages import Page

    assert Page("dashboard", "咸阳市", "2025Q1").relpath == "咸阳市/2025Q1.html"
    for region in ("../..", "../../X", "/etc", "a/../../b"):
        for page in (Page("dashboard", region, "2025Q1"), Page("trend", region, None)):
            parts = page.relpath.split("/")
            assert len(parts) == 2 and ".." not in parts and not parts[0].startswith((".", "/")), page.relpath


@pytest.mark.slow
def test_build_exit_status_says_whether_pages_were_built(tmp_path, capsys):
    """0: pages built, a bulletin outside GB/T 2260 placed by its folder name, findings not failures;
    2: a raw file could not be read (listed), the other pages still built (docs/pages.md)."""
    from govstats.cli import main

    raw = tmp_path / "raw"
    shutil.copytree(RAW / "金普新区", raw / "金普新区")
    shutil.copytree(RAW / "吴忠市", raw / "吴忠市")  # its 99.96 % is a finding, not a failed build
    args = ["build", "--raw", str(raw), "--data-dir", str(tmp_path / "p"), "--out", str(tmp_path / "r"),
            "--docs", str(tmp_path / "docs"), "--workers", "1"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert out.out.strip().splitlines()[-1] == str(tmp_path / "r" / "index.html")
    assert "build: pages built; findings: 1 bulletin(s)" in out.out and "INCONSISTENT" not in out.out + out.err
    assert out.out.count("build: ") == 2  # the summary once: its first line and its verdict
    assert (tmp_path / "r" / "金普新区" / "2025Q3.html").exists()
    bad = raw / "吴忠市" / "2025Q1" / "wuzhong-2025q1.txt"
    bad.write_bytes(bad.read_bytes() + b"\n")  # no longer matches its sidecar's sha256
    assert main(args) == 2
    out = capsys.readouterr()
    assert "raw file(s) could not be read" in out.out and (tmp_path / "r" / "金普新区" / "2025Q3.html").exists()
