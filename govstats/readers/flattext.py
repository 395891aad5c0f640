"""Reader for the flattened-text form: body lines plus annex cells, one cell per line ending " |".

This is the form bulletins take when copied out of a web page (the seed, many corpus
records). Tables may also come as inline rows ("a | b | c |"). Rows can be ragged; the
reader only groups cells into rows; `govstats.parse.annex` realigns cells by content.
"""

from __future__ import annotations

import re
from pathlib import Path

from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.textnorm import clean_cell, decode_bytes

_HEADER_WORDS = re.compile(
    r"序号|编号|名称|网址|地址|域名|标识码|问题|整改|类型|类别|主体|结果|单位|平台|账号|賬號|日期|时间|"
    r"情况|备注|合格|检查|檢查|數|数|序號|網|网站|新媒体|新媒體|渠道|说明|說明|处理|处置|得分|分数|链接"
)
_INT = re.compile(r"^\d{1,4}$")
_SEQ_HEADER = re.compile(r"^(序号|序號|编号|編號|No\.?)$", re.IGNORECASE)


def is_header_cell(cell: str) -> bool:
    return _is_header_clean(clean_cell(cell) or "")


def _is_header_clean(c: str) -> bool:
    """is_header_cell for a cell already through clean_cell."""
    return 0 < len(c) <= 16 and not _INT.match(c) and bool(_HEADER_WORDS.search(c))


def read_flat_text(path: Path) -> RawBulletin:
    """Read a flattened-text bulletin (UTF-8, UTF-8 BOM or GB18030)."""
    data = read_bytes(path)
    text = decode_bytes(data, str(path))
    body, grids = split_text_and_tables(text)
    body, grids = with_line_shapes(body, grids)
    return RawBulletin(path=str(path), format="text", text=body, grids=grids, sha256=sha256_of(data))


def with_line_shapes(body: str, grids: list[Grid]) -> tuple[str, list[Grid]]:
    """Add tables printed one cell per line (no " |") and 附件 heading lists found in body lines.

    The body is left exactly as it was when there are none (the common case).
    """
    from govstats.readers.shapes import lines_to_grids

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


def group_stream(cells: list[str], title: str | None) -> Grid:
    """Group a stream of cells into header + rows.

    The header is the run of header-like cells at the start. With a 序号 column a row
    starts at the next expected sequence number; without one, rows are cut every
    len(header) cells.
    """
    cleaned = [clean_cell(c) for c in cells]  # each cell cleaned once, header test included
    header: list[str] = []
    i = 0
    while i < len(cleaned) and _is_header_clean(cleaned[i] or ""):
        header.append(cleaned[i] or "")
        i += 1
    data = cleaned[i:]
    ncols = max(len(header), 1)
    rows: list[list[str | None]] = []
    if header and _SEQ_HEADER.match(header[0]):
        next_seq = None
        cur: list[str | None] | None = None
        min_len = max(2, ncols - 2)
        for v in data:
            # _INT.match(v) without a regex call: clean cells carry no trailing newline, and
            # str.isdecimal is exactly \d (Unicode Nd)
            starts = v is not None and len(v) <= 4 and v.isdecimal() and (next_seq is None or int(v) == next_seq)
            if starts and (cur is None or len(cur) >= min_len):
                cur = [v]
                rows.append(cur)
                next_seq = int(v) + 1
            elif cur is None:
                cur = [v]
                rows.append(cur)
            else:
                cur.append(v)
    else:
        for k in range(0, len(data), ncols):
            rows.append(data[k : k + ncols])
    return Grid(title=title, header=header, rows=rows)
