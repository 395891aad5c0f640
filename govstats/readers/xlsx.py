"""Reader for xlsx annexes (openpyxl in read-only streaming mode, XML parsed with defusedxml).

A sheet holds one table: optional title rows (often merged across the width) above the
header row, then data rows. Cells are read as text so codes keep their leading zeros.
Cells are collected sparsely as they stream past: the sheet's declared dimensions are
ignored and empty rows and columns cost nothing, so a cell at ZZ1 and one at A200000
make a 2-cell table, not a dense 140-million-cell grid (benchmarks/reader_limits.py times such files).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.cells import is_header_cell
from govstats.readers.limits import MAX_CELLS, MAX_EXPANDED_CELLS, too_many_cells, verified_zip
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
    """Read every sheet of an xlsx workbook into Grids, within the limits of readers.limits."""
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "defusedxml must be installed so workbook XML is parsed safely"
    data = read_bytes(path)
    # every member inflated within the byte budget first: openpyxl reads some parts whole
    archive = verified_zip(path, data, "xlsx workbook")
    try:
        wb = openpyxl.load_workbook(archive, read_only=True, data_only=True)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, TypeError) as exc:
        raise BulletinError(path, f"not a readable xlsx workbook ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # openpyxl raises assorted errors on corrupt parts; report them in one line
        raise BulletinError(path, f"corrupt xlsx workbook ({type(exc).__name__})") from None
    grids: list[Grid] = []
    budget = [MAX_CELLS]
    try:
        for ws in wb.worksheets:
            rows = _sheet_rows(path, wb, ws, budget)
            g = grid_from_rows(rows, ws.title)
            if g is not None:
                grids.append(g)
    except BulletinError:
        raise
    except Exception as exc:  # a corrupt sheet part: one line, no traceback
        raise BulletinError(path, f"corrupt xlsx worksheet ({type(exc).__name__})") from None
    finally:
        wb.close()
    if not grids:
        raise BulletinError(path, "workbook holds no table with a header row")
    return RawBulletin(path=str(path), format="xlsx", text="", grids=grids, sha256=sha256_of(data))


def _sheet_rows(path: Path, wb, ws, budget: list[int]) -> list[list[str | None]]:
    """The sheet's non-empty rows, columns compacted, vertical merges filled down.

    Streams the sheet XML (openpyxl's WorkSheetParser, as its read-only iter_rows does) but
    keeps only the cells that are present: no padding to declared or implied dimensions.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    cells: dict[tuple[int, int], str] = {}
    with ws._get_source() as src:
        parser = WorkSheetParser(src, ws._shared_strings, data_only=True, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for _, row in parser.parse():
            # an empty <row/> costs a cell too: 10M of them (64 MB) took 28 s and 970 MB
            budget[0] -= max(1, len(row))
            if budget[0] < 0:
                raise too_many_cells(path, MAX_CELLS, "cells and rows")
            for c in row:
                v = _cell_text(c["value"])
                if v is not None:
                    cells[(c["row"], c["column"])] = v
        merged = [m for m in getattr(parser.merged_cells, "mergeCell", [])] if parser.merged_cells else []
    expanded = 0
    for m in merged:
        from openpyxl.worksheet.cell_range import CellRange

        r = CellRange(m.ref)
        top = cells.get((r.min_row, r.min_col))
        if top is None:
            continue
        expanded += r.max_row - r.min_row
        if expanded > MAX_EXPANDED_CELLS:
            raise BulletinError(path, f"merged cells expand past {MAX_EXPANDED_CELLS:,} cells")
        for row_i in range(r.min_row + 1, r.max_row + 1):  # an owner cell merged down applies to each row
            cells.setdefault((row_i, r.min_col), top)
    return sparse_rows(cells)


def sparse_rows(cells: dict[tuple[int, int], str]) -> list[list[str | None]]:
    """Rows of a sparse {(row, col): text} map, only rows and columns that hold something."""
    cols = sorted({c for _, c in cells})
    pos = {c: i for i, c in enumerate(cols)}
    by_row: dict[int, list[str | None]] = {}
    for (r, c), v in cells.items():
        row = by_row.get(r)
        if row is None:
            row = by_row[r] = [None] * len(cols)
        row[pos[c]] = v
    out = []
    for r in sorted(by_row):
        row = by_row[r]
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


def grid_from_rows(rows: list[list[str | None]], sheet_title: str | None) -> Grid | None:
    """A sheet's table: the first row (of the first ten) with two header-like cells is the header;
    the filled cells above it are the title."""
    rows = [r for r in rows if any(r)]
    title_parts: list[str] = []
    for i, r in enumerate(rows[:10]):
        filled = [c for c in r if c]
        if sum(1 for c in filled if is_header_cell(c)) >= 2:
            header = [c or "" for c in r]
            while header and not header[-1]:
                header.pop()
            body = [row[: max(len(header), len(row))] for row in rows[i + 1 :]]
            title = " ".join(dict.fromkeys(title_parts)) or sheet_title
            return Grid(title=title, header=header, rows=body)
        title_parts.extend(filled)
    return None
