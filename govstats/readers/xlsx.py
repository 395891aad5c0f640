"""Reader for xlsx annexes (openpyxl, which parses the workbook XML with defusedxml).

A sheet holds one table: optional title rows (often merged across the width) above the
header row, then data rows. Cells are read as text so codes keep their leading zeros.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.flattext import is_header_cell
from govstats.textnorm import clean_cell


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    return clean_cell(str(v))


def read_xlsx(path: Path) -> RawBulletin:
    """Read every sheet of an xlsx workbook into Grids."""
    import io

    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed so workbook XML is parsed safely"
    data = read_bytes(path)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise BulletinError(path, "not an xlsx workbook (not a zip archive)")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, TypeError) as exc:
        raise BulletinError(path, f"not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # openpyxl raises assorted errors on corrupt parts; report them in one line
        raise BulletinError(path, f"corrupt xlsx workbook ({type(exc).__name__})") from None
    grids: list[Grid] = []
    try:
        for ws in wb.worksheets:
            g = _sheet_grid(ws)
            if g is not None:
                grids.append(g)
    finally:
        wb.close()
    if not grids:
        raise BulletinError(path, "workbook holds no table with a header row")
    return RawBulletin(path=str(path), format="xlsx", text="", grids=grids, sha256=sha256_of(data))


def _sheet_grid(ws) -> Grid | None:
    rows = [[_cell_text(v) for v in r] for r in ws.iter_rows(values_only=True)]
    rows = [r for r in rows if any(r)]
    title_parts: list[str] = []
    for i, r in enumerate(rows[:10]):
        filled = [c for c in r if c]
        if sum(1 for c in filled if is_header_cell(c)) >= 2:
            header = [c or "" for c in r]
            while header and not header[-1]:
                header.pop()
            body = [row[: max(len(header), len(row))] for row in rows[i + 1 :]]
            title = " ".join(title_parts) or ws.title
            return Grid(title=title, header=header, rows=body)
        title_parts.extend(filled)
    return None
