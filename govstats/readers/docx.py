"""Reader for Word .docx bulletins and attachments (python-docx).

Paragraphs and tables are read in document order. Merged cells are resolved from the
table XML: a cell spanning columns (gridSpan) keeps its text in its first column, so a
title row merged across the width is one cell and becomes the table's title; a cell
merged down (vMerge, e.g. one 开设主体 for several accounts) applies to each of its rows.
"""

from __future__ import annotations

from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.limits import MAX_CELLS, MAX_EXPANDED_CELLS, MAX_SPAN, open_zip, too_many_cells
from govstats.readers.shapes import Block, blocks_to_bulletin_parts, table_grid
from govstats.textnorm import clean_cell

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> RawBulletin:
    """Read a .docx file: body paragraphs as text, tables as Grids titled by the paragraph above."""
    import io

    data = read_bytes(path)
    zf = open_zip(path, data, "docx document")
    names = set(zf.namelist())
    zf.close()
    if "word/document.xml" not in names:
        raise BulletinError(path, "not a docx document (no word/document.xml in the archive)")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises assorted errors on corrupt parts; one line
        raise BulletinError(path, f"not a readable docx document ({type(exc).__name__})") from None
    blocks = _blocks(path, document.element.body)
    text, grids = blocks_to_bulletin_parts(blocks)
    if not text.strip() and not grids:
        raise BulletinError(path, "docx document has no text or tables")
    return RawBulletin(path=str(path), format="docx", text=text, grids=grids, sha256=sha256_of(data))


def _blocks(path: Path, body) -> list[Block]:
    """Paragraph lines and table row lists, in document order (content controls and one-column
    layout tables opened, so a body or an annex table laid out inside a frame table is found)."""
    out: list[Block] = []
    budget = [MAX_CELLS, MAX_EXPANDED_CELLS]

    def walk(el) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                budget[0] -= 1
                if budget[0] < 0:
                    raise too_many_cells(path, MAX_CELLS, "paragraphs and cells")
                out.append(_para_text(child))
            elif tag == _W + "tbl":
                trs = list(child.iterchildren(_W + "tr"))
                if trs and all(len(list(tr.iterchildren(_W + "tc"))) == 1 for tr in trs):
                    for tr in trs:  # a one-column layout table around the text: read what it holds
                        for tc in tr.iterchildren(_W + "tc"):
                            walk(tc)
                else:
                    out.append(_table_rows(path, child, budget))
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                walk(child)

    walk(body)
    return out


def _para_text(p) -> str:
    """A paragraph's text: runs joined, tabs and breaks as spaces (python-docx's own rules)."""
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def _cell_text(tc) -> str | None:
    """A cell's paragraphs joined by line breaks, then cleaned (不合\\n格 -> 不合格)."""
    paras = [_para_text(p) for p in tc.iter(_W + "p")]
    return clean_cell("\n".join(paras))


def _val(el, name: str) -> str | None:
    found = el.find(f"{_W}tcPr/{_W}{name}") if el.tag == _W + "tc" else el.find(f"{_W}trPr/{_W}{name}")
    if found is None:
        return None
    return found.get(_W + "val", "")


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), MAX_SPAN))
    except ValueError:
        return 1


def _table_rows(path: Path, tbl, budget: list[int]) -> list[list[str | None]]:
    """The table's rows with merges resolved (see module docstring); nested tables read as text."""
    rows: list[list[str | None]] = []
    prev: list[str | None] = []
    for tr in tbl.iterchildren(_W + "tr"):
        col = _int(_val(tr, "gridBefore")) if _val(tr, "gridBefore") else 0
        row: list[str | None] = [None] * col
        for tc in tr.iterchildren(_W + "tc"):
            span = _int(_val(tc, "gridSpan"))
            vmerge = _val(tc, "vMerge")
            budget[0] -= 1
            budget[1] -= span
            if budget[0] < 0 or budget[1] < 0:
                raise too_many_cells(path, MAX_CELLS)
            if vmerge is not None and vmerge != "restart":  # continuation of the cell above
                text = prev[col] if col < len(prev) else None
            else:
                text = _cell_text(tc)
            row.extend([text] + [None] * (span - 1))
            col += span
        rows.append(row)
        prev = row
    return rows


__all__ = ["read_docx", "table_grid", "Grid"]
