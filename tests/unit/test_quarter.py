"""Quarter: the forms officials type (issue 18 item 9)."""

from __future__ import annotations

import pytest

from govstats.errors import ParameterError
from govstats.quarter import Quarter


@pytest.mark.parametrize("text", ["2025Q1", "2025-Q1", "2025 q1", "2025年第一季度", "2025年一季度", "2025年第1季度",
                                  "2025年1季度", "２０２５Ｑ１"])
def test_quarter_forms(text):
    assert str(Quarter(text)) == "2025Q1"


@pytest.mark.parametrize("text", ["2025", "20251", "2025年", "2025年第五季度", "2025Q5", "一季度", "2025-1"])
def test_not_a_quarter(text):
    with pytest.raises(ParameterError, match="2025年第一季度"):
        Quarter(text)
