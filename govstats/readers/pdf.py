"""Reader for PDF bulletins and attachments (pdfplumber, on pdfminer.six).

Text lines outside tables are the body; a line that reaches the right margin continues on
the next line (a wrapped paragraph is joined back). Ruled tables are read cell by cell:
text wrapped inside a cell is joined (不合\\n格 -> 不合格), a cell merged down applies to each
of its rows, and a table that goes on at the top of the next page without its header (or
repeating it) is one table. Page numbers are dropped.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import RawBulletin, read_bytes, sha256_of
from govstats.readers.limits import MAX_PDF_PAGES
from govstats.readers.shapes import Block, Rows, blocks_to_bulletin_parts
from govstats.textnorm import clean_cell

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}(\s*页)?([/／]\s*\d{1,4})?[-—–\s]*$")
_PARA_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|附件)")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def read_pdf(path: Path) -> RawBulletin:
    """Read a PDF: body text with wrapped lines joined, ruled tables as Grids."""
    import io

    data = read_bytes(path)
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BulletinError(path, "not a PDF document (no %PDF header)")
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfplumber.utils.exceptions import PdfminerException
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise BulletinError(path, f"PDF support is not installed ({exc.name})") from None
    # pdfminer logs every oddity of a damaged file as a warning; without logging configured
    # Python prints them on stderr, where the CLI promises one line per bad file
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    from govstats.readers.pdf_limits import PdfLimit, bounded

    try:
        with bounded(), pdfplumber.open(io.BytesIO(data)) as pdf:
            _check_page_count(path, pdf)
            pages = []
            for p in pdf.pages:
                pages.append(_page_blocks(p))
                p.close()  # drop the page's characters and layout: only its lines and table rows are kept
    except PdfLimit as exc:
        raise BulletinError(path, str(exc.args[0])) from None
    except BulletinError:
        raise
    except (PDFSyntaxError, PdfminerException) as exc:
        raise BulletinError(path, f"not a readable PDF document ({type(exc).__name__})") from None
    except Exception as exc:  # pdfminer raises assorted errors on corrupt streams; one line
        raise BulletinError(path, f"corrupt PDF document ({type(exc).__name__})") from None
    finally:
        quiet.setLevel(level)
    blocks = _join_pages(pages)
    text, grids = blocks_to_bulletin_parts(blocks)
    if not text.strip() and not grids:
        raise BulletinError(path, "PDF has no text layer (a scan?); OCR it or give the text")
    return RawBulletin(path=str(path), format="pdf", text=text, grids=grids, sha256=sha256_of(data))


def _join_cell(text: str | None) -> str | None:
    """A cell's wrapped lines joined: no space inside CJK text or a URL, a space between words."""
    if text is None:
        return None
    parts = text.split("\n")
    out = parts[0]
    for p in parts[1:]:
        if out and p and (out[-1].isascii() and p[0].isascii() and " " in out and out[-1].isalpha()):
            out += " " + p
        else:
            out += p
    return clean_cell(out) or ""


def _check_page_count(path: Path, pdf) -> None:
    """Refuse more than MAX_PDF_PAGES pages, counting no further than one past the limit
    (pdfplumber's pdf.pages makes an object for every page of the tree first)."""
    from itertools import islice

    from pdfminer.pdfpage import PDFPage

    if sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), MAX_PDF_PAGES + 1)) > MAX_PDF_PAGES:
        raise BulletinError(path, f"PDF has more pages than the {MAX_PDF_PAGES}-page limit")


def _page_blocks(page) -> list[tuple[str, object]]:
    """("line", dict) and ("table", rows) items of one page, top to bottom.

    Characters are counted as pdfminer renders them (readers/pdf_limits.py), not here.
    """
    tables = page.find_tables({"explicit_horizontal_lines": _open_table_ends(page)})
    items: list[tuple[float, str, object]] = []
    for t in tables:
        items.append((t.bbox[1], "table", _table_rows(t)))
    boxes = [t.bbox for t in tables]
    for ln in page.extract_text_lines(return_chars=False):
        cx, cy = (ln["x0"] + ln["x1"]) / 2, (ln["top"] + ln["bottom"]) / 2
        if any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            continue
        if _PAGE_NUMBER.match(ln["text"]):
            continue
        items.append((ln["top"], "line", ln))
    items.sort(key=lambda it: it[0])
    return [(kind, obj) for _, kind, obj in items]


def _open_table_ends(page) -> list[dict]:
    """Rules closing a table row cut by the page break, where the printer drew none.

    A row split across pages (Chromium does this; so do offices' PDFs) has its cell borders
    run down to the bottom of the page, and up from the top of the next one, with no rule
    across: pdfplumber then finds no cells there and the fragments fall out of the table as
    loose lines (5 of the seed's 10 new-media rows kept, issue 22 item 10). Where the lowest
    (highest) vertical border of the page ends (starts) with no horizontal rule within
    snapping distance, a rule is added across the borders' width; the fragment becomes a row
    and _continue_table joins the two halves.
    """
    v = [e for e in page.edges if e["orientation"] == "v"]
    if len(v) < 2:
        return []
    x0, x1 = min(e["x0"] for e in v), max(e["x1"] for e in v)
    # rules across the borders' width (printers draw them cell by cell): without one there is no
    # ruled table to extend
    h = [e for e in page.edges if e["orientation"] == "h"]
    rules = [y for y in {round(e["top"]) for e in h} if _covered(h, y, x0, x1) >= 0.9 * (x1 - x0)]
    if not rules:
        return []
    top, bottom = min(e["top"] for e in v), max(e["bottom"] for e in v)
    ends = [y for y, open_end in ((top, top < min(rules) - 3), (bottom, bottom > max(rules) + 3)) if open_end]
    return [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "object_type": "line"}
            for y in ends]


def _covered(h: list[dict], y: float, x0: float, x1: float) -> float:
    """Length of [x0, x1] covered by the horizontal edges within 3 pt of y."""
    spans = sorted((max(e["x0"], x0), min(e["x1"], x1)) for e in h if abs(e["top"] - y) <= 3)
    total, end = 0.0, x0
    for a, b in spans:
        if b > end:
            total += b - max(a, end)
            end = b
    return total


def _table_rows(table) -> Rows:
    """Rows of a pdfplumber table; a cell merged down (None below it) takes the text above."""
    texts = table.extract()
    rows: Rows = [[_join_cell(c) for c in r] for r in texts]
    grid = [r.cells for r in table.rows]
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            if v is not None or i == 0:
                continue
            # find the cell covering (column j, row i): merged down when it starts above in column j
            xs = next(((g[j][0], g[j][2]) for g in grid if j < len(g) and g[j] is not None), None)
            row_box = table.rows[i].bbox
            if xs is None:
                continue
            cx, cy = (xs[0] + xs[1]) / 2, (row_box[1] + row_box[3]) / 2
            for k in range(i - 1, -1, -1):
                box = grid[k][j] if j < len(grid[k]) else None
                if box is not None:
                    if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                        r[j] = rows[k][j]
                    break
    return [[c or None for c in r] for r in rows]


def _join_pages(pages: list[list[tuple[str, object]]]) -> list[Block]:
    """Blocks of the whole document: wrapped lines joined, tables continued across pages merged."""
    blocks: list[Block] = []
    right = max((obj["x1"] for pg in pages for k, obj in pg if k == "line"), default=0.0)  # type: ignore[index]
    para: list[str] = []
    prev_line: dict | None = None

    def end_para() -> None:
        if para:
            blocks.append("".join(para))
            para.clear()

    for pi, pg in enumerate(pages):
        for idx, (kind, obj) in enumerate(pg):
            if kind == "table":
                end_para()
                rows: Rows = obj  # type: ignore[assignment]
                first_on_page = idx == 0
                cont = first_on_page and pi > 0 and blocks and isinstance(blocks[-1], list) and prev_line is None
                if not (cont and _continue_table(blocks[-1], rows)):  # type: ignore[arg-type]
                    blocks.append(rows)
                prev_line = None
                continue
            ln: dict = obj  # type: ignore[assignment]
            text = ln["text"].strip()
            full = prev_line is not None and _wraps_into(prev_line, text, right)
            if para and full and not _PARA_START.match(text) and not para[-1].endswith(("。", "：", ":")):
                sep = " " if para[-1][-1:].isascii() and text[:1].isascii() and not _CJK.search(para[-1][-1:]) else ""
                para.append(sep + text)
            else:
                end_para()
                para.append(text)
            prev_line = ln
        if pg and pg[-1][0] == "table":
            prev_line = None  # a table ending the page may go on at the top of the next one
    end_para()
    return blocks


_LEADING_WORD = re.compile(r"^[^\s\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")


def _wraps_into(prev: dict, text: str, right: float) -> bool:
    """Whether the line prev was wrapped into text: it reaches the right margin, or the word
    text starts with (97.95%, a URL) would not have fitted in the space left on it."""
    cw = _char_width(prev)
    if prev["x1"] >= right - 2 * cw:
        return True
    word = _LEADING_WORD.match(text)
    return word is not None and prev["x1"] + 0.6 * cw * len(word.group()) >= right - cw


def _char_width(ln: dict) -> float:
    n = max(len(ln["text"]), 1)
    return (ln["x1"] - ln["x0"]) / n


def _continue_table(prev: Rows, rows: Rows) -> bool:
    """Append a table that continues the previous page's table (same width) to it; False if
    it is a different table (another number of columns)."""
    if not rows or not prev:
        return False
    if max(len(r) for r in rows) != max(len(r) for r in prev):
        return False
    header = next((r for r in prev if any(r)), None)
    if header is not None and [c for c in rows[0]] == header:
        rows = rows[1:]  # the header repeated on the new page
    if rows and prev and not rows[0][0] and any(rows[0]):
        # a row split across the page break: its first cell (序号) is empty; join it to the last row
        last = prev[-1]
        for j, c in enumerate(rows[0]):
            if c and j < len(last):
                last[j] = clean_cell((last[j] or "") + c)
        rows = rows[1:]
    prev.extend(rows)
    return True
