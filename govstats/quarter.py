"""Quarter: a real type for inspection periods (sorts, compares, prints in Chinese)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import total_ordering

from govstats.errors import ParameterError

_Q = re.compile(r"^\s*((?:19|20)\d{2})\s*[-_ ]?\s*[Qq]([1-4])\s*$")
_CN = "一二三四"
#: The forms officials type: 2025年第一季度, 2025年一季度, 2025年第1季度, 2025年1季度 (full-width digits folded first).
_Q_ZH = re.compile(r"^\s*((?:19|20)\d{2})\s*年\s*第?\s*([1-4一二三四])\s*季度?\s*$")


@total_ordering
@dataclass(frozen=True)
class Quarter:
    """A calendar quarter: Quarter("2025Q1"), Quarter(2025, 1); label_zh == "2025年第一季度"."""

    year: int
    q: int

    def __init__(self, value: str | int, q: int | None = None) -> None:
        if q is None:
            text = unicodedata.normalize("NFKC", str(value))  # ２０２５Ｑ１ -> 2025Q1
            m = _Q.match(text) or _Q_ZH.match(text)
            if not m:
                raise ParameterError(f"quarter {value!r} is not a quarter such as 2025Q1, 2025-Q1 or 2025年第一季度")
            year, g = int(m.group(1)), m.group(2)
            q = int(g) if g.isdigit() else _CN.index(g) + 1
        else:
            year = int(value)
        if not (1 <= int(q) <= 4):
            raise ParameterError(f"quarter {year}Q{q}: the quarter must be 1-4")
        object.__setattr__(self, "year", year)
        object.__setattr__(self, "q", int(q))

    def __str__(self) -> str:
        return f"{self.year}Q{self.q}"

    def __repr__(self) -> str:
        return f"Quarter('{self}')"

    def __lt__(self, other: object) -> bool:
        other = _coerce(other)
        return (self.year, self.q) < (other.year, other.q)

    def __eq__(self, other: object) -> bool:
        try:
            other = _coerce(other)
        except (ParameterError, TypeError):
            return NotImplemented
        return (self.year, self.q) == (other.year, other.q)

    def __hash__(self) -> int:
        return hash((self.year, self.q))

    @property
    def label_zh(self) -> str:
        return f"{self.year}年第{_CN[self.q - 1]}季度"

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)


def _coerce(v: object) -> Quarter:
    if isinstance(v, Quarter):
        return v
    if isinstance(v, str):
        return Quarter(v)
    raise TypeError(f"cannot compare Quarter with {type(v).__name__}")
