"""report.summary: pass rates recomputed with the reconciliation module's rounding rule."""

from __future__ import annotations

import pandas as pd
import pytest

from govstats.checks import pct, round_half_up
from govstats.report.summary import recomputed_pass_rate


def _tables(checked: int, unqualified: int, precision: int, computed: float | None = None) -> dict[str, pd.DataFrame]:
    figures = pd.DataFrame({
        "bulletin_id": ["b"] * 3,
        "measure": ["website_checked", "website_unqualified", "website_pass_rate"],
        "value": [float(checked), float(unqualified), 0.0],
        "precision": [None, None, precision],
        "breakdown": [None, None, None],
    })
    checks = pd.DataFrame({"bulletin_id": ["b"] if computed is not None else [],
                           "check": ["website_pass_rate"] if computed is not None else [],
                           "computed": [computed] if computed is not None else []})
    return {"figures": figures, "checks": checks}


@pytest.mark.parametrize(("checked", "unqualified", "precision", "expected"), [
    (40, 17, 0, 58.0),   # 23/40 = 57.5 exactly; float arithmetic gives 57.49999999999999 -> 57
    (80, 29, 1, 63.8),   # 51/80 = 63.75 exactly; float gives 63.74999999999999
    (293, 6, 2, 97.95),  # the seed's new-media rate
    (8, 1, 0, 88.0),
])
def test_pass_rate_rounds_half_up_exactly(checked, unqualified, precision, expected):
    got = recomputed_pass_rate(_tables(checked, unqualified, precision), "b", "website")
    assert got == expected
    assert got == float(round_half_up(pct(checked - unqualified, checked), precision))


def test_the_checks_table_value_wins():
    assert recomputed_pass_rate(_tables(40, 17, 0, computed=12.5), "b", "website") == 12.5


def test_no_checked_count_no_rate():
    assert recomputed_pass_rate(_tables(0, 0, 0), "b", "website") is None


def test_failed_measures_flags_errors_and_warnings_never_info():
    from govstats.report.summary import failed_measures

    checks = pd.DataFrame({
        "bulletin_id": ["a", "a", "b", "c"],
        "check": ["newmedia_pass_rate", "newmedia_pass_rate_range", "website_pass_rate", "newmedia_unqualified_rows"],
        "ok": [False, True, False, False],
        "severity": ["error", "info", "info", "warning"],
        "computed": [96.89, None, None, 3.0],
    })
    got = failed_measures(checks)
    assert got[("a", "newmedia_pass_rate")] == ("error", 96.89, "newmedia_pass_rate")
    assert ("b", "website_pass_rate") not in got  # "could not verify" is no flag: a false flag is the worst output
    assert got[("c", "newmedia_unqualified")] == ("warning", None, "newmedia_unqualified_rows")  # no recomputed rate


@pytest.mark.parametrize(("rows", "other", "stated", "shown"), [
    (5, 0, None, "5"), (0, 0, None, "无附件"), (0, 10, None, "未列出"), (0, 0, 0.0, "0"), (0, 3, 0, "0"),
])
def test_annex_cell_tells_no_annex_from_zero_rows(rows, other, stated, shown):
    from govstats.report.summary import annex_cell

    assert annex_cell(rows, other, stated) == shown


def test_resolve_region_accepts_unique_short_names():
    from govstats.errors import ParameterError
    from govstats.report.summary import resolve_region

    av = pd.DataFrame({"region": ["咸阳市", "宝鸡市", "金普新区"], "quarter": ["2025Q1"] * 3, "bulletin_id": list("abc")})
    assert resolve_region("咸阳", av) == "咸阳市" and resolve_region("金普新区", av) == "金普新区"
    with pytest.raises(ParameterError, match="did you mean 咸阳市"):
        resolve_region("咸阳县", av)
