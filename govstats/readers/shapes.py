"""Table shapes seen in published annexes, shared by the document readers (docx, pdf, xls).

- a table given as rows of cells (merges already resolved by the reader): a leading row
  with one value is the table's title, the next row its header (``table_grid``);
- a table given one cell per line or paragraph, without separators (``stream_tables``);
- a problem list written as headings with named accounts or sites under them instead of
  a table (``heading_lists``): each name becomes a row with its heading as the problem.

Every function returns Grids, so `govstats.parse.annex` reads them all the same way.
"""

from __future__ import annotations

import re

from govstats.normalize.platform import split_platform
from govstats.readers.base import Grid
from govstats.readers.cells import group_stream, is_header_cell
from govstats.textnorm import clean_cell

Rows = list[list[str | None]]
Block = str | Rows  # a paragraph line, or a table's rows

_SEQ_HEADER = re.compile(r"^(序号|序號|编号|編號)$")
_TITLE_WORDS = re.compile(r"检查结果|检查情况|名单|清单|情况表|汇总|附件|问题")
_ANNEX_START = re.compile(r"^附件\s*\d*\s*[:：]?\s*(.*)$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])\s*(.+)$")
_ITEM_NUMBER = re.compile(r"^(?:\d{1,3}[、.．]|[（(]\d{1,3}[)）])\s*")
_COUNT_SUFFIX = re.compile(r"\s*[（(][^（()）]{0,6}\d+\s*[个家条项][^（()）]{0,4}[)）]\s*[:：]?$")
_WEBSITE_ITEM = re.compile(r"(网站|门户网|网)$|https?://|\.gov\.cn")
_SENTENCE_END = ("。", "；", ";")


def table_grid(rows: Rows, title: str | None) -> Grid | None:
    """Grid of a table's rows: a first row with a single value is the title, the next the header."""
    rows = [r for r in rows if any(rows_cell for rows_cell in r)]
    if not rows:
        return None
    if len(rows) > 1 and len({c for c in rows[0] if c}) == 1:
        title = next(c for c in rows[0] if c)
        rows = rows[1:]
    header = [c or "" for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(rows) < 2 or sum(1 for c in header if is_header_cell(c)) < 2:
        return None
    return Grid(title=title, header=header, rows=[list(r) for r in rows[1:]])


def _title_of(line: str | None) -> str | None:
    if line and len(line) <= 60 and not line.endswith(("。", ":", "：")):
        return clean_cell(line)
    return None


def blocks_to_bulletin_parts(blocks: list[Block]) -> tuple[str, list[Grid]]:
    """(body text, grids) of a document read as paragraphs and tables in order.

    A table's title is the short line just above it. Lines are scanned for tables printed
    one cell per line and, after an 附件 line, for heading lists; lines that became table
    cells leave the body text, as they do in the flattened-text reader.
    """
    body: list[str] = []
    grids: list[Grid] = []
    lines: list[str] = []
    in_annex = False

    def flush() -> None:
        nonlocal in_annex
        kept, found, in_annex = lines_to_grids(lines, in_annex)
        body.extend(kept)
        grids.extend(found)
        lines.clear()

    for b in blocks:
        if isinstance(b, str):
            for ln in b.replace("\r", "\n").split("\n"):
                if ln.strip():
                    lines.append(ln.strip())
            continue
        title = _title_of(lines[-1]) if lines else (_title_of(body[-1]) if body else None)
        flush()
        g = table_grid(b, title)
        if g is not None:
            grids.append(g)
    flush()
    return "\n".join(body), grids


def lines_to_grids(lines: list[str], in_annex: bool = False) -> tuple[list[str], list[Grid], bool]:
    """(lines left as body text, grids found, whether an 附件 section is open at the end)."""
    kept: list[str] = []
    grids: list[Grid] = []
    i = 0
    annex_title: str | None = None
    while i < len(lines):
        ln = lines[i]
        m = _ANNEX_START.match(ln)
        if m:
            in_annex = True
            rest = m.group(1).strip()
            annex_title = rest if rest and not re.match(r"^\d", rest) else None
        if _SEQ_HEADER.match(ln) and i + 2 < len(lines) and all(is_header_cell(x) for x in lines[i + 1 : i + 3]):
            j = _stream_end(lines, i)
            title = _title_of(kept[-1]) if kept else None
            cells = lines[i:j]
            # the next table's title printed just before its 序号 belongs to that table
            if j < len(lines) and cells and _title_of(cells[-1]) and _TITLE_WORDS.search(cells[-1]) \
                    and not cells[-1].isdigit():
                j -= 1
                cells = cells[:-1]
            grids.append(group_stream(cells, title))
            i = j
            continue
        if in_annex and _HEADING.match(ln):
            j, found = heading_lists(lines, i, annex_title or (kept[-1] if kept else None))
            if found:
                grids.extend(found)
                i = j
                continue
        if in_annex and not _HEADING.match(ln) and not m and _title_of(ln) and annex_title is None:
            annex_title = ln
        kept.append(ln)
        i += 1
    return kept, grids, in_annex


def _stream_end(lines: list[str], start: int) -> int:
    """Index after the last cell of a one-cell-per-line table starting at lines[start]."""
    j = start + 1
    while j < len(lines):
        ln = lines[j]
        if _SEQ_HEADER.match(ln) or _ANNEX_START.match(ln) or len(ln) > 80 or ln.endswith("。"):
            break
        j += 1
    return j


def _unquote(name: str) -> str:
    """“某某” -> 某某 (a name only in quotes); “某某”抖音号 keeps its quotes for split_platform."""
    if len(name) > 2 and name[0] in "“\"" and name[-1] in "”\"" and name[1:-1].count("”") == 0:
        return name[1:-1]
    return name


def heading_lists(lines: list[str], start: int, title: str | None) -> tuple[int, list[Grid]]:
    """Rows from headings with named accounts/sites under them, from lines[start] on.

    A heading is 一、… or （一）…; the lines under it that name an account (a platform in the
    name: 某某警方（新浪微博）, “某某”抖音号) or a website (…网站, a URL) are its rows, the
    heading (without a trailing count such as （3个）) their problem. Stops at the first line
    that is neither. Returns (index after the list, grids); no grid when nothing was named.
    """
    web: Rows = []
    nm: Rows = []
    j = start
    problem: str | None = None
    while j < len(lines):
        ln = lines[j]
        h = _HEADING.match(ln)
        if h:
            problem = _COUNT_SUFFIX.sub("", h.group(1)).rstrip("：:").strip() or None
            j += 1
            continue
        names = [_unquote(_ITEM_NUMBER.sub("", x).strip()) for x in re.split(r"[、；;]", ln.rstrip("。；;"))]
        names = [x for x in names if x]
        if not names or problem is None or any(len(x) > 40 or x.endswith(_SENTENCE_END) for x in names):
            break
        kinds = []
        for x in names:
            _, platform = split_platform(x)
            kinds.append("nm" if platform else ("web" if _WEBSITE_ITEM.search(x) else None))
        if None in kinds:
            break
        for x, k in zip(names, kinds):
            (nm if k == "nm" else web).append([x, problem])
        j += 1
    grids = []
    if web:
        grids.append(Grid(title=title, header=["序号", "网站名称", "存在问题"],
                          rows=[[str(i), *r] for i, r in enumerate(web, 1)]))
    if nm:
        grids.append(Grid(title=title, header=["序号", "账号名称", "存在问题"],
                          rows=[[str(i), *r] for i, r in enumerate(nm, 1)]))
    return j, grids
