"""Atomic, injection-safe writers for everything govstats puts on disk.

Every output is written to a temporary file in the target folder and renamed into place,
so an interrupted run never leaves a half-written Parquet, CSV, xlsx or HTML file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success rename it over target, else delete it."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target: str | Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def neutralize_formula(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula (=, +, -, @) with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for CSV: list cells joined with ';', text cells formula-neutralized."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype == object:
            vals = [";".join(v) if isinstance(v, list) else neutralize_formula(v) for v in s.tolist()]
            out[c] = pd.Series(vals, index=out.index, dtype=object)
        elif str(s.dtype) in ("string", "str"):
            # vectorized: only the cells that start like a formula are rewritten
            risky = s.str.startswith(_FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out.loc[risky, c] = "'" + s[risky]
    return out


def write_parquet(df: pd.DataFrame, target: str | Path) -> Path:
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(target)


def write_csv(df: pd.DataFrame, target: str | Path) -> Path:
    """CSV in utf-8-sig so Excel opens Chinese text correctly."""
    with atomic_path(target) as tmp:
        csv_ready(df).to_csv(tmp, index=False, encoding="utf-8-sig")
    return Path(target)
