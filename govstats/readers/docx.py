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
from govstats.readers.limits import (
    MAX_CELLS,
    MAX_EXPANDED_CELLS,
    MAX_SPAN,
    MAX_UNZIPPED_BYTES,
    MAX_XML_ELEMENTS,
    member_chunks,
    open_zip,
    too_many_cells,
)
from govstats.readers.shapes import Block, blocks_to_bulletin_parts, table_grid
from govstats.textnorm import clean_cell

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> RawBulletin:
    """Read a .docx file: body paragraphs as text, tables as Grids titled by the paragraph above."""
    data = read_bytes(path)
    with open_zip(path, data, "docx document") as zf:
        if "word/document.xml" not in zf.namelist():
            raise BulletinError(path, "not a docx document (no word/document.xml in the archive)")
        root = _parse_document(path, zf)
    body = root.find(_W + "body") if root.tag == _W + "document" else None
    if body is None:
        raise BulletinError(path, "not a docx document (word/document.xml holds no w:body)")
    blocks = _blocks(path, body)
    text, grids = blocks_to_bulletin_parts(blocks)
    if not text.strip() and not grids:
        raise BulletinError(path, "docx document has no text or tables")
    return RawBulletin(path=str(path), format="docx", text=text, grids=grids, sha256=sha256_of(data))


def _parse_document(path: Path, zf):
    """word/document.xml parsed as it is inflated, elements counted as they arrive (issue 22).

    python-docx's own Document() inflates the member whole and builds the whole tree before
    anything can be counted (10M empty paragraphs: 1.3 GB). Here the member is fed in chunks to
    an lxml pull parser with python-docx's element classes and options (so CT_P.text is the
    same), and the read stops at MAX_XML_ELEMENTS elements or MAX_CELLS paragraphs and cells.
    """
    import docx  # noqa: F401  (registers python-docx's element classes on its lookup)
    from docx.oxml.parser import element_class_lookup
    from lxml import etree

    parser = etree.XMLPullParser(events=("start",), remove_blank_text=True, resolve_entities=False,
                                 no_network=True)
    parser.set_element_class_lookup(element_class_lookup)
    counted = (_W + "p", _W + "tc")
    n_elements = n_cells = 0
    try:
        for chunk in member_chunks(path, zf, "word/document.xml", [MAX_UNZIPPED_BYTES], "docx document"):
            parser.feed(chunk)
            for _, el in parser.read_events():
                n_elements += 1
                if el.tag in counted:
                    n_cells += 1
                    if n_cells > MAX_CELLS:
                        raise too_many_cells(path, MAX_CELLS, "paragraphs and cells")
            if n_elements > MAX_XML_ELEMENTS:
                raise too_many_cells(path, MAX_XML_ELEMENTS, "XML elements")
        return parser.close()
    except etree.XMLSyntaxError as exc:
        raise BulletinError(path, f"not a readable docx document (word/document.xml: {exc.msg})") from None


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
    """A paragraph's text: runs joined, tabs and breaks as spaces (python-docx's CT_P.text rules)."""
    return p.text


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
