"""report.charts: the dot chart of stated vs recomputed rates and the one palette (issue 18)."""

from __future__ import annotations

import json

from govstats.report.charts import (
    CHANNEL_COLORS,
    RESULT_COLORS,
    SEVERITY_COLORS,
    color,
    rate_dots,
    rate_ticks,
)


def test_rate_ticks_stop_at_100():
    assert rate_ticks(98) == [98.0, 98.5, 99.0, 99.5, 100.0]
    assert rate_ticks(65.2)[0] == 70 and rate_ticks(65.2)[-1] == 100
    assert all(t <= 100 for low in (0, 50, 90.5, 97) for t in rate_ticks(low))


def test_rate_dots_labels_both_values_and_draws_no_bar():
    rows = [{"label": "甲市", "channel": "政务新媒体", "stated": 93.5, "computed": 93.75,
             "stated_text": "93.50%", "computed_text": "93.75%"},
            {"label": "乙市", "channel": "政务新媒体", "stated": 97.95, "computed": 97.95,
             "stated_text": "97.95%", "computed_text": "97.95%"}]
    fig = rate_dots(rows, "政务新媒体合格率", [90.0, 101.2]).figure
    assert {t["type"] for t in fig["data"]} == {"scatter"}
    texts = " ".join(" ".join(t.get("text", [])) for t in fig["data"])
    assert "93.50%" in texts and "93.75%" in texts and texts.count("97.95%") == 1  # equal values labelled once
    markers = [t for t in fig["data"] if t.get("showlegend", True)]
    assert {t["marker"]["color"] for t in markers} == {CHANNEL_COLORS["政务新媒体"]}
    assert max(fig["layout"]["xaxis"]["tickvals"]) == 100
    json.dumps(fig)  # plain JSON for plotly.js


def test_one_colour_means_one_thing():
    assert color("政府网站") != color("政务新媒体")
    assert color("合格") == RESULT_COLORS["qualified"] and color("不合格") == RESULT_COLORS["unqualified"]
    assert color("错误") == SEVERITY_COLORS["错误"] and color("警告") == SEVERITY_COLORS["警告"]
    assert not {color("政府网站"), color("政务新媒体")} & {color("合格"), color("不合格"), color("警告")}
