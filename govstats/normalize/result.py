"""Map a printed check result (检查结果: 合格 / 不合格 / 不达标 / 通过 …) to qualified | unqualified.

Patterns live in ``data/results.csv`` and are tried in file order, negative wording first,
because 不合格 contains 合格.

Yes/no answers: a bare 是 / 否 (also Y/N, yes/no) only means something together with its
question. With no ``header`` it is read as the answer to 是否合格 (the usual column), so
是 -> qualified and 否 -> unqualified. When a ``header`` is given, the answer is read against it:
是否不合格 / 是否不达标 flip the meaning, and a header that asks about neither 合格, 达标 nor
通过 (是否存在问题, 是否整改) gives ``None`` rather than a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

from govstats.normalize.vocab import load_csv, match_key

__all__ = ["RESULT_VALUES", "RESULT_LABELS_ZH", "normalize_result"]

RESULT_VALUES: tuple[str, ...] = ("qualified", "unqualified")
RESULT_LABELS_ZH: dict[str, str] = {"qualified": "合格", "unqualified": "不合格"}

_YES = frozenset({"是", "y", "yes", "true"})
_NO = frozenset({"否", "n", "no", "false"})
_NEGATED_QUESTION = re.compile(r"不合格|不达标|未达标|不通过|未通过")
_PASS_QUESTION = re.compile(r"合格|达标|通过")


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for row in load_csv("results.csv"):
        if row["value"] not in RESULT_VALUES:
            raise ValueError(f"results.csv: unknown value {row['value']!r}")
        rules.append((re.compile(row["pattern"]), row["value"]))
    return tuple(rules)


@lru_cache(maxsize=4096)
def normalize_result(raw: str | None, *, header: str | None = None) -> str | None:
    """Return ``"qualified"``, ``"unqualified"`` or ``None`` (empty or unrecognised) for a result cell.

    ``header`` is the column heading, used only to read bare 是/否 answers (see module doc).
    """
    if raw is None:
        return None
    key = match_key(str(raw))
    if not key:
        return None
    if key in _YES or key in _NO:
        question = match_key(header) if header else "是否合格"
        if not _PASS_QUESTION.search(question):
            return None
        passed = key in _YES
        if _NEGATED_QUESTION.search(question):
            passed = not passed
        return "qualified" if passed else "unqualified"
    for pattern, value in _rules():
        if pattern.search(key):
            return value
    return None
