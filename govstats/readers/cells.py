"""Cell-level primitives shared by every reader: header-cell test and cell-stream grouping."""

from __future__ import annotations

import re

from govstats.readers.base import Grid
from govstats.textnorm import clean_cell

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
