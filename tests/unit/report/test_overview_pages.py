"""Quarter overview, region trend and the page set: data, chart settings, hashes (no kernel).

The processed tables come from data/raw ingested into a temp folder (13 real bulletins:
咸阳市 2021Q1 and 2025Q1, 吴忠市 2025Q1 whose stated rate its own counts cannot give, ...).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"






def _figure(chart) -> dict:
    return chart.figure


# ---------------------------------------------------------------- building blocks


def test_quarter_span_lists_every_quarter_between():
    from govstats.report.charts import quarter_span

    assert quarter_span(["2025Q1", "2024Q3"]) == ["2024Q3", "2024Q4", "2025Q1"]
    assert quarter_span(["2021Q1", "2025Q1"])[:5] == ["2021Q1", "2021Q2", "2021Q3", "2021Q4", "2022Q1"]
    assert len(quarter_span(["2021Q1", "2025Q1"])) == 17
    assert quarter_span([]) == []


@pytest.mark.parametrize("top", [0, 1, 3, 7, 9, 23, 160, 4321])
def test_count_axis_has_whole_number_ticks(top):
    from govstats.report.charts import count_axis

    ax = count_axis(top)
    assert isinstance(ax["dtick"], int) and ax["dtick"] >= 1
    assert ax["tickformat"] == "d" and ax["tick0"] == 0
    assert ax["range"][1] / ax["dtick"] <= 9  # a readable number of ticks


# ---------------------------------------------------------------- quarter overview


def test_overview_numbers_come_from_summary_frame(processed, tables):
    from govstats.report.overview import load_quarter
    from govstats.report.summary import summary_frame

    ov = load_quarter("2025Q1", processed, tables=tables)
    s = summary_frame(tables)
    want = s[s["quarter"] == "2025Q1"].set_index("region")
    got = ov.summary.set_index("region")
    assert sorted(got.index) == ["吴忠市", "咸阳市", "杨陵区"]
    assert got.loc["吴忠市", "newmedia_pass_rate"] == want.loc["吴忠市", "newmedia_pass_rate"] == 99.96
    assert got.loc["吴忠市", "newmedia_pass_rate_computed"] == 96.89
    assert got.loc["吴忠市", "failed_errors"] >= 1
    # categories only from this quarter's annexes (咸阳市 2025Q1 has both annexes, 吴忠市 none)
    assert set(ov.categories["region"]) == {"咸阳市"}
    n_rows = sum(len(x) for x in tables["websites"].loc[tables["websites"]["bulletin_id"] == "xianyang-2025q1",
                                                         "problem_categories"])
    n_rows += sum(len(x) for x in tables["new_media"].loc[tables["new_media"]["bulletin_id"] == "xianyang-2025q1",
                                                          "problem_categories"])
    assert int(ov.categories["count"].sum()) == n_rows


def test_overview_table_links_each_dashboard_and_aligns_numbers(processed, tables):
    from govstats.report.overview import load_quarter

    page = str(load_quarter("2025Q1", processed, tables=tables).regions_table())
    assert 'href="../吴忠市/2025Q1.html"' in page and 'href="../咸阳市/2025Q1.html"' in page
    # 吴忠市's stated 99.96 % failed its check: struck, badged, the recomputed 96.89 % beside it and in its column
    assert '<s class="gs-fig-stated">99.96%</s>' in page and "核算 96.89%" in page
    assert '<td class="num">96.89%</td>' in page and '<td class="num">99.96%</td>' not in page
    assert "<th>地区（点击打开看板）</th>" in page  # the text column is not numeric


def test_overview_charts_have_legend_titles_and_integer_count_axes(processed, tables):
    from govstats.report.overview import load_quarter

    ov = load_quarter("2025Q1", processed, tables=tables)
    rates = _figure(ov.pass_rates("newmedia"))
    assert rates["layout"]["legend"]["title"]["text"] and {t["name"] for t in rates["data"] if t.get("showlegend", True)} == {"通报数值", "按数量核算"}
    checks = _figure(ov.checks_chart())
    assert checks["layout"]["legend"]["title"]["text"] == "核验结果"
    assert checks["layout"]["xaxis"]["tickformat"] == "d" and checks["layout"]["xaxis"]["dtick"] == 1
    assert "title" not in checks["layout"]["yaxis"]  # no rotated title beside the region names
    heat = _figure(ov.categories_chart())["data"][0]
    assert heat["type"] == "heatmap" and heat["colorbar"]["title"]["text"] == "问题条目数"
    assert all(isinstance(v, int) for row in heat["z"] for v in row)


def test_overview_rejects_a_quarter_without_bulletins(tables):
    from govstats.errors import ParameterError
    from govstats.report.overview import validate_quarter

    with pytest.raises(ParameterError, match="quarters with data: .*2025Q1"):
        validate_quarter("2030Q1", tables["bulletins"])
    with pytest.raises(ParameterError, match="is not a quarter such as"):
        validate_quarter("2025-1", tables["bulletins"])


# ---------------------------------------------------------------- region trend


def test_trend_has_gaps_between_non_adjacent_quarters(processed, tables):
    from govstats.report.overview import load_region

    tr = load_region("咸阳市", processed, tables=tables)
    assert tr.span[0] == "2021Q1" and tr.span[-1] == "2025Q1" and len(tr.span) == 17
    fig = _figure(tr.pass_rates())
    stated = next(t for t in fig["data"] if t["name"] == "政务新媒体合格率（通报）")
    assert len(stated["x"]) == 17 and stated["connectgaps"] is False
    assert stated["y"][0] is not None and stated["y"][-1] == 97.95
    assert stated["y"][1:-1] == [None] * 15  # no bulletin in between: gaps, not a straight line
    assert fig["layout"]["legend"]["title"]["text"]
    assert "<br>" in fig["data"][0]["x"][0]  # two-line ticks instead of rotated labels
    annex = _figure(tr.annex_chart())
    assert annex["layout"]["yaxis"]["tickformat"] == "d"


def test_trend_table_marks_missing_quarters(processed, tables):
    from govstats.report.overview import load_region

    page = str(load_region("咸阳市", processed, tables=tables).quarters_table())
    assert page.count("无通报") == 15
    assert 'href="2025Q1.html"' in page and 'href="2021Q1.html"' in page


# ---------------------------------------------------------------- pages and hashes


def test_all_pages_and_paths(tables):
    from govstats.report.pages import Page, all_pages, page_for

    pages = all_pages(tables["bulletins"])
    kinds = {k: [p for p in pages if p.kind == k] for k in ("dashboard", "overview", "trend")}
    assert Page("dashboard", "咸阳市", "2025Q1") in kinds["dashboard"]
    assert Page("overview", None, "2025Q1") in kinds["overview"]
    assert Page("trend", "咸阳市", None) in kinds["trend"]
    assert len(kinds["trend"]) == len({p.region for p in kinds["dashboard"]})
    assert page_for(None, "2025Q1").relpath == "overview/2025Q1.html"
    assert page_for("咸阳市", None).relpath == "咸阳市/trend.html"
    assert page_for("咸阳市", "2025Q1").relpath == "咸阳市/2025Q1.html"


def test_report_without_region_or_quarter_is_a_one_line_error(capsys):
    from govstats.cli import main

    assert main(["report"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--quarter" in err[0] and "--region" in err[0]


def test_unknown_region_fails_before_any_kernel(processed, capsys):
    from govstats.cli import main

    assert main(["report", "--region", "不存在市", "--data-dir", str(processed), "--out", str(processed / "x")]) == 2
    err = capsys.readouterr().err
    assert "咸阳市" in err and len(err.strip().splitlines()) == 1


def test_page_hash_follows_the_rows_it_reads(tables):
    from govstats.report.pages import Page, page_hashes

    pages = [Page("dashboard", "咸阳市", "2025Q1"), Page("dashboard", "吴忠市", "2025Q1"),
             Page("overview", None, "2025Q1"), Page("trend", "咸阳市", None), Page("dashboard", "咸阳市", "2021Q1")]
    before = page_hashes(pages, tables)
    assert before == page_hashes(pages, tables)  # deterministic
    changed = dict(tables)
    nm = tables["new_media"].copy()
    i = nm.index[nm["bulletin_id"] == "xianyang-2025q1"][0]
    nm.loc[i, "account_name"] = "改过的账号"
    changed["new_media"] = nm
    after = page_hashes(pages, changed)
    same = {p.relpath for p in pages if before[p] == after[p]}
    # 吴忠市's dashboard and 咸阳市 2021Q1 (earlier than the change) do not read that row
    assert same == {"吴忠市/2025Q1.html", "咸阳市/2021Q1.html"}


def test_render_pages_keeps_unchanged_pages(tmp_path, processed, tables, monkeypatch):
    """Second run renders nothing; a changed notebook or a deleted file re-renders only that page."""
    from govstats.report import pages as P

    calls: list[P.Page] = []

    def fake_job(args):  # stands in for the kernel: this test is about the bookkeeping
        page, _data, out, _warm, _self_contained = args
        target = Path(out) / page.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.title, encoding="utf-8")
        calls.append(page)
        return P.PageResult(page, target)

    monkeypatch.setattr(P, "_job", fake_job)
    todo = [P.Page("dashboard", "咸阳市", "2025Q1"), P.Page("overview", None, "2025Q1"), P.Page("trend", "咸阳市", None)]
    P.render_pages(todo, processed, tmp_path, workers=1, tables=tables)
    assert calls == todo
    calls.clear()
    res = P.render_pages(todo, processed, tmp_path, workers=1, tables=tables)
    assert calls == [] and all(r.kept for r in res)
    (tmp_path / "咸阳市" / "trend.html").unlink()
    P.render_pages(todo, processed, tmp_path, workers=1, tables=tables)
    assert calls == [P.Page("trend", "咸阳市", None)]
    calls.clear()
    P.render_pages(todo, processed, tmp_path, workers=1, tables=tables, force=True)
    assert calls == todo
    manifest = json.loads((tmp_path / P.MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["pages"]) == {p.relpath for p in todo}
