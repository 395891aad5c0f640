"""Reader for legacy Excel .xls annexes (olefile + xlrd): same table rules as the xlsx reader.

The OLE2 container is opened with olefile and only its Workbook (or BIFF5 Book) stream is
handed to xlrd, which reads a bare BIFF stream as it reads one inside a container. xlrd's own
container code follows a short-sector chain without loop detection (xlrd/compdoc.py,
_get_stream with seen_id=None): six changed bytes in a 6.6 kB file made it loop, growing
~50 MB/s (issue 22). olefile reads a stream as its declared number of sectors, so a cyclic
chain ends after at most the stream's size. python-calamine was weighed and not taken: it
builds a dense grid of the sheet's extent (a 5.6 kB .xls with cells at A1 and IV65536 peaks
at 1 GB); see docs/readers.md.

Merged cells (xlrd's merged_cells, with formatting_info) are resolved as in xlsx: the
value stays in the first row and an owner cell merged down applies to each of its rows.
"""

from __future__ import annotations

import io
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.limits import MAX_CELLS, MAX_EXPANDED_CELLS, MAX_XLS_BYTES, too_many_cells
from govstats.readers.xlsx import grid_from_rows, sparse_rows
from govstats.textnorm import clean_cell

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_xls(path: Path) -> RawBulletin:
    """Read every sheet of an .xls workbook into Grids."""
    data = read_bytes(path)
    if len(data) > MAX_XLS_BYTES:
        raise BulletinError(path, f".xls file is {len(data) / 1e6:.0f} MB, more than the {MAX_XLS_BYTES // 2**20} MB limit")
    if not data.startswith(_OLE):
        raise BulletinError(path, "not an .xls workbook (no OLE2 header)")
    import xlrd

    stream = _workbook_stream(path, data)
    try:
        # xlrd prints its warnings to stdout by default, which would corrupt `extract --json`
        book = xlrd.open_workbook(file_contents=stream, formatting_info=True, ragged_rows=True, on_demand=True,
                                  logfile=io.StringIO(), verbosity=0)
    except Exception as exc:  # xlrd raises XLRDError, struct errors, AssertionError on damaged files
        raise BulletinError(path, f"not a readable .xls workbook ({_why(exc)})") from None
    grids: list[Grid] = []
    budget = MAX_CELLS
    try:
        for idx in range(book.nsheets):
            sh = book.sheet_by_index(idx)
            cells: dict[tuple[int, int], str] = {}
            for r in range(sh.nrows):
                n = sh.row_len(r)
                budget -= n
                if budget < 0:
                    raise too_many_cells(path, MAX_CELLS)
                for c in range(n):
                    v = _cell_text(book, sh.cell(r, c))
                    if v is not None:
                        cells[(r, c)] = v
            expanded = 0
            for rlo, rhi, clo, _chi in sh.merged_cells:
                top = cells.get((rlo, clo))
                expanded += rhi - rlo
                if expanded > MAX_EXPANDED_CELLS:
                    raise BulletinError(path, f"merged cells expand past {MAX_EXPANDED_CELLS:,} cells")
                if top is not None:
                    for r in range(rlo + 1, rhi):
                        cells.setdefault((r, clo), top)
            g = grid_from_rows(sparse_rows(cells), sh.name)
            if g is not None:
                grids.append(g)
            book.unload_sheet(idx)
    except BulletinError:
        raise
    except Exception as exc:
        raise BulletinError(path, f"corrupt .xls worksheet ({_why(exc)})") from None
    finally:
        book.release_resources()
    if not grids:
        raise BulletinError(path, "workbook holds no table with a header row")
    return RawBulletin(path=str(path), format="xls", text="", grids=grids, sha256=sha256_of(data))


def _why(exc: Exception) -> str:
    """The exception's class, readable: struct's is called just "error"."""
    import struct

    return "a record is shorter than it says" if isinstance(exc, struct.error) else type(exc).__name__


def _workbook_stream(path: Path, data: bytes) -> bytes:
    """The BIFF Workbook (or Book) stream of the OLE2 container in data, read by olefile."""
    import olefile

    try:
        # a file object: given bytes shorter than 1536, olefile would take them for a file name
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            for name in ("Workbook", "Book"):
                if ole.get_type(name) == olefile.STGTY_STREAM:
                    return ole.openstream(name).read()
    except Exception as exc:  # olefile raises OSError on defects, struct/index errors on garbage
        raise BulletinError(path, f"not a readable .xls workbook (OLE2 container: {type(exc).__name__})") from None
    raise BulletinError(path, "not an .xls workbook (no Workbook stream in the OLE2 container)")


def _cell_text(book, cell) -> str | None:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    v = cell.value
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            d = xlrd.xldate.xldate_as_datetime(v, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return clean_cell(str(v))
        return d.date().isoformat() if d.time().isoformat() == "00:00:00" else d.isoformat(sep=" ")
    if cell.ctype == xlrd.XL_CELL_NUMBER and float(v).is_integer():
        return str(int(v))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if v else "FALSE"
    return clean_cell(str(v))
