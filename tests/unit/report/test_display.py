"""Rich display: the HTML summaries show what analysts need and escape every bulletin string."""

from __future__ import annotations

import pandas as pd
import pytest

from govstats import registry
from govstats.bulletin import Bulletin
from govstats.corpus import Corpus
from govstats.report.display import bulletin_html, corpus_html, quarter_label

EVIL = "<script>alert('x')</script>"


def _bulletin(failed: bool = True, evil: str = EVIL) -> Bulletin:
    bid = "xy-25q1"
    meta = registry.coerce(pd.DataFrame([{
        "bulletin_id": bid, "title": f"关于通报{evil}", "region": f"咸阳市{evil}", "region_code": "610400",
        "period": "2025Q1", "year": 2025, "quarter": 1, "issue_date": "2025-02-25",
    }]), "bulletins")
    figures = registry.coerce(pd.DataFrame([
        {"bulletin_id": bid, "measure": "newmedia_pass_rate", "value": 97.95, "unit": "pct", "precision": 2,
         "stated_text": f"97.95%{evil}", "sentence": "合格率为97.95%。"},
        {"bulletin_id": bid, "measure": "newmedia_checked", "value": 293, "unit": "count", "stated_text": "293个"},
        {"bulletin_id": bid, "measure": "newmedia_by_platform", "breakdown": "微信", "value": 100, "unit": "count"},
    ]), "figures")
    checks = registry.coerce(pd.DataFrame([
        {"bulletin_id": bid, "check": "newmedia_pass_rate", "ok": not failed, "severity": "error", "stated": 99.96,
         "computed": 96.89, "message": f"合格率不符{evil}", "sentence": f"总体合格率为99.96%。{evil}"},
    ]), "checks")
    return Bulletin(bid, meta, figures, registry.empty_frame("websites"), registry.empty_frame("new_media"),
                    checks, raw=None, narrative=None)  # type: ignore[arg-type]


def test_quarter_label():
    assert quarter_label("2025Q1") == "2025年第一季度"
    assert quarter_label("2024M06") == "2024M06"
    assert quarter_label(None) == "—" and quarter_label(pd.NA) == "—"


def test_bulletin_html_escapes_every_bulletin_string():
    h = bulletin_html(_bulletin())
    assert "<script" not in h.lower()
    assert h.count("&lt;script&gt;") >= 5  # title, region, stated text, message, sentence


def test_bulletin_html_content():
    h = bulletin_html(_bulletin())
    assert "2025年第一季度" in h and "610400" in h
    assert "新媒体合格率" in h and "97.95%" in h and "293" in h  # headline figures, Chinese labels
    assert "微信" not in h  # breakdown items are not headline figures
    assert "newmedia_pass_rate" in h and "99.96" in h and "96.89" in h and "总体合格率为99.96%" in h
    assert "failed checks (1)" in h


def test_bulletin_html_all_checks_pass():
    h = bulletin_html(_bulletin(failed=False))
    assert "全部通过" in h


def test_bulletin_repr_html_uses_display():
    b = _bulletin()
    assert b._repr_html_() == bulletin_html(b)


def test_corpus_html_escapes_and_summarises():
    b = _bulletin()
    c = Corpus.from_tables({"bulletins": b.meta, "figures": b.figures, "checks": b.checks}, source=f"dir{EVIL}",
                           skipped=[(f"bad{EVIL}.txt", f"reason{EVIL}")])
    h = corpus_html(c)
    assert "<script" not in h.lower()
    assert "1 份通报" in h and "2025年第一季度" in h
    assert "总体合格率为99.96%" in h and "错误" in h
    assert "skipped (1)" in h
    assert c._repr_html_() == h


@pytest.mark.parametrize("n", [0, 40])
def test_corpus_html_scales(n):
    meta = pd.DataFrame([{"bulletin_id": f"b{i}", "region": "咸阳市", "region_code": "610400", "period": "2025Q1"}
                         for i in range(n)])
    h = corpus_html(Corpus.from_tables({"bulletins": meta}))
    assert f"{n} 份通报" in h
    if n > 30:
        assert "and 10 more" in h


def test_seed_bulletin_html(seed_path):
    from govstats import load_bulletin

    h = bulletin_html(load_bulletin(seed_path))
    assert "咸阳市" in h and "2025年第一季度" in h and "<script" not in h.lower()
