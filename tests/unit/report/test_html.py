"""report.html: the one number formatter and the Jinja2-rendered table escape what they show."""

from __future__ import annotations

import pandas as pd

from govstats.registry import SEVERITY_ORDER, severity_rank
from govstats.report.html import esc_or_dash, fmt_number, frame_html


def test_fmt_number():
    assert fmt_number(12.0) == "12" and fmt_number(12.5) == "12.5"
    assert fmt_number(97.95, "pct") == "97.95%" and fmt_number(100.0, "pct") == "100%"
    assert fmt_number(None) == "—" and fmt_number(pd.NA, "pct") == "—" and fmt_number(float("nan")) == "—"


def test_frame_html_escapes_cells_and_headers():
    df = pd.DataFrame({"a<b": ["<script>x</script>", None], "n": [3.0, 2.5]})
    out = frame_html(df, labels={"n": "数量 & 合计"}, sortable=True)
    # the numeric column's header is right-aligned like its cells
    assert out.startswith('<table class="gs-table gs-sortable"><thead><tr><th>a&lt;b</th>'
                          '<th class="num">数量 &amp; 合计</th>')
    assert "<script>" not in out and "&lt;script&gt;x&lt;/script&gt;" in out
    assert '<td class="num">3</td>' in out and '<td class="num">2.5</td>' in out
    assert "<tr><td></td>" in out  # NA shows empty
    assert 'class="gs-table"' in frame_html(df, sortable=False)


def test_esc_or_dash():
    assert esc_or_dash(None) == "—" and esc_or_dash("") == "—" and esc_or_dash("<b>") == "&lt;b&gt;"
    assert esc_or_dash(pd.Timestamp("2025-02-28")) == "2025-02-28"


def test_one_severity_order():
    assert sorted(["info", "bogus", "error", "warning"], key=severity_rank) == ["error", "warning", "info", "bogus"]
    assert SEVERITY_ORDER == ("error", "warning", "info")


def test_fmt_number_keeps_printed_precision():
    assert fmt_number(93.5, "pct", 2) == "93.50%" and fmt_number(94.0, "pct", 1) == "94.0%"
    assert fmt_number(96.0, "pct", 0) == "96%" and fmt_number(None, "pct", 2) == "—"


def test_figure_html_never_shows_a_failed_figure_alone():
    from govstats.report.html import figure_html

    assert figure_html("97.95%") == '<span class="gs-fig">97.95%</span>'
    flagged = figure_html("99.96%", "error", "96.89%", "政务新媒体合格率")
    assert "<s class=\"gs-fig-stated\">99.96%</s>" in flagged and "核算 96.89%" in flagged and "核验有误" in flagged
    assert "<script>" not in figure_html("<script>", "warning", None, None)
