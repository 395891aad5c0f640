"""Reader for the flattened-text form: body lines plus annex cells, one cell per line ending " |".

This is the form bulletins take when copied out of a web page (the seed, many corpus
records). Tables may also come as inline rows ("a | b | c |"). Rows can be ragged; the
reader only groups cells into rows; `govstats.parse.annex` realigns cells by content.
"""

from __future__ import annotations

from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.cells import group_stream
from govstats.readers.limits import MAX_TEXT_BYTES
from govstats.readers.shapes import lines_to_grids
from govstats.textnorm import clean_cell, decode_bytes


def read_flat_text(path: Path) -> RawBulletin:
    """Read a flattened-text bulletin (UTF-8, UTF-8 BOM or GB18030)."""
    data = read_bytes(path)
    if len(data) > MAX_TEXT_BYTES:  # the general 50 MB limit is for PDFs with images, not text
        raise BulletinError(path, f"text file is {len(data) / 2**20:.1f} MB, more than the "
                                  f"{MAX_TEXT_BYTES // 2**20} MB limit for a text bulletin")
    text = decode_bytes(data, str(path))
    body, grids = split_text_and_tables(text)
    body, grids = with_line_shapes(body, grids)
    return RawBulletin(path=str(path), format="text", text=body, grids=grids, sha256=sha256_of(data))


def with_line_shapes(body: str, grids: list[Grid]) -> tuple[str, list[Grid]]:
    """Add tables printed one cell per line (no " |") and 附件 heading lists found in body lines.

    The body is left exactly as it was when there are none (the common case).
    """
    kept, found, _ = lines_to_grids([ln.strip() for ln in body.split("\n") if ln.strip()])
    if not found:
        return body, grids
    return "\n".join(kept), grids + found


def split_text_and_tables(text: str) -> tuple[str, list[Grid]]:
    """Separate body lines from runs of cell lines; turn each run into a Grid."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body: list[str] = []
    grids: list[Grid] = []
    block: list[list[str]] = []
    last_text_line: str | None = None
    block_title: str | None = None
    for line in lines:
        s = line.rstrip()  # is_cell_line and split_cells inlined: one rstrip per line
        if s.endswith("|"):
            if not block:
                block_title = last_text_line
            block.append([p.strip() for p in s[:-1].split("|")])
            continue
        if not s:
            continue  # blank lines inside a block do not end it
        if block:
            grids.extend(_block_to_grids(block, block_title))
            block = []
        body.append(line)
        last_text_line = line.strip()
    if block:
        grids.extend(_block_to_grids(block, block_title))
    return "\n".join(body), grids


def _block_to_grids(block: list[list[str]], title: str | None) -> list[Grid]:
    if len(block[0]) >= 2:  # inline rows: one line per row, the first is the header
        header = [clean_cell(c) or "" for c in block[0]]
        rows = [[clean_cell(c) for c in r] for r in block[1:]]
        return [Grid(title=_title(title), header=header, rows=rows)]
    cells = [c for line in block for c in line]
    return [group_stream(cells, _title(title))]


def _title(line: str | None) -> str | None:
    if line and len(line) <= 60 and not line.endswith(("。", ":", ":")):
        return clean_cell(line)
    return None


