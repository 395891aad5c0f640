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
