"""Shared plumbing for the normalize vocabularies: read package CSVs once, build match keys.

Every vocabulary (platforms, results, rectification wording, problem categories) lives in a
CSV under ``govstats/normalize/data/`` so analysts can review and extend it without touching
code. Only the stdlib is used here: these modules are imported by parsers that must stay light.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from govstats.textnorm import t2s, to_simplified

_DOUBLED_CJK = re.compile(r"([\u4e00-\u9fff])\1+")


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``data/<name>`` as dicts of stripped strings, in file order; read once per process."""
    res = resources.files("govstats.normalize").joinpath("data").joinpath(name)
    text = res.read_text(encoding="utf-8-sig")
    rows = []
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if None in row:  # an unquoted comma inside a regex such as {0,8}
            raise ValueError(f"{name}: line {reader.line_num} has more fields than the header")
        if not any((v or "").strip() for v in row.values()):
            continue  # blank line
        rows.append({k.strip(): (v or "").strip() for k, v in row.items()})
    return tuple(rows)


def collapse_doubled(text: str) -> str:
    """Collapse runs of one repeated CJK character (仍未未整改 -> 仍未整改), a frequent typo."""
    return _DOUBLED_CJK.sub(r"\1", text)


@lru_cache(maxsize=16384)
def match_key(raw: str) -> str:
    """Normalize a cell or phrase for vocabulary matching.

    NFKC + pinyin-gloss removal (``to_simplified``), then an unconditional traditional-to-
    simplified pass: ``to_simplified`` only converts text it detects as traditional, and a short
    cell such as 微信公眾號 is below its detection threshold. Then drop whitespace and format
    characters (cells arrive as 检查 结果, 微信 公众号), casefold Latin letters (APP/App) and
    collapse doubled CJK characters. Vocabulary patterns are written against this form.
    """
    s = to_simplified(raw) if raw else ""
    s = unicodedata.normalize("NFKC", s)
    s = t2s(s)
    if s.isprintable():  # no Cc/Cf and no whitespace but " " (every other one is non-printable)
        s = s.replace(" ", "")
    else:
        s = "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc"))
    return collapse_doubled(s.casefold())


def split_alternatives(pattern: str) -> list[str]:
    """Split a regex at its top-level ``|`` (not inside groups, classes or escapes)."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # literal ] right after [
                i += 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return [p for p in parts if p]
