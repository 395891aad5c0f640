"""Write a composed Draft as .docx (GB/T 9704 layout), Markdown and HTML.

The .docx follows the official-document layout of GB/T 9704-2012: A4, margins 37/35/28/26 mm,
title in 2号 方正小标宋, body in 3号 仿宋 with fixed 28.95 pt lines and a 2-character indent,
level-1 headings in 黑体, level-2 leads in 楷体, issuer and date to the right, page numbers
"— 1 —" in the footer, each 附件 on its own page with its label, title and table. The HTML
is the same text in the form govstats' own HTML reader reads (tables with <caption> titles),
so a draft can be read back and checked.
"""

from __future__ import annotations

import html
from pathlib import Path

from govstats.draft.compose import Draft
from govstats.report.html import render_template

FONT_TITLE, FONT_BODY, FONT_H1, FONT_H2 = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
SIZE_TITLE, SIZE_BODY, SIZE_TABLE = 22, 16, 10.5  # pt: 2号, 3号, 五号
LINE_PITCH = 28.95  # pt: 22 lines on the GB/T 9704 type area


def docx_document(draft: Draft):
    """A python-docx Document of the draft (not saved)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _page_number_footer(sec)

    def para(text: str = "", font: str = FONT_BODY, size: float = SIZE_BODY, align=None, indent: bool = False,
             bold: bool = False):
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(LINE_PITCH)
        fmt.space_before = fmt.space_after = Pt(0)
        if indent:
            fmt.first_line_indent = Pt(2 * size)
        if align is not None:
            p.alignment = align
        if text:
            _run(p, text, font, size, bold)
        return p

    for pa in draft.paragraphs:
        if pa.style == "title":
            p = para(pa.text, FONT_TITLE, SIZE_TITLE, WD_ALIGN_PARAGRAPH.CENTER)
            p.paragraph_format.line_spacing = Pt(SIZE_TITLE * 1.6)
            para()  # one blank line between title and 主送
        elif pa.style == "addressee":
            para(pa.text)
        elif pa.style == "h1":
            para(pa.text, FONT_H1, indent=True)
        elif pa.style == "signature":
            para()
            p = para(pa.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(4 * SIZE_BODY)
        elif pa.style == "date":
            p = para(pa.text, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(4 * SIZE_BODY)
        elif pa.style == "attachments":
            first, *rest = pa.text.split("\n")
            para()
            para(pa.lead + first, indent=True)
            for line in rest:
                p = para(line, indent=True)
                p.paragraph_format.first_line_indent = Pt(5 * SIZE_BODY)  # aligned under the first item
        else:
            p = para(indent=True)
            if pa.lead:
                _run(p, pa.lead, FONT_H2, SIZE_BODY)
            _run(p, pa.text, FONT_BODY, SIZE_BODY)

    for annex in draft.annexes:
        if annex.number == 1:  # annex pages are landscape: the tables have 6-7 columns
            new = doc.add_section(WD_SECTION.NEW_PAGE)
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Mm(297), Mm(210)
            new.top_margin, new.bottom_margin, new.left_margin, new.right_margin = Mm(28), Mm(26), Mm(37), Mm(35)
        else:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        para(f"附件{annex.number}", FONT_H1)
        p = para(annex.title, FONT_TITLE, SIZE_TITLE - 4, WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.line_spacing = Pt((SIZE_TITLE - 4) * 1.8)
        table = doc.add_table(rows=1, cols=len(annex.header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, annex.header):
            _cell(cell, text, FONT_H1, bold=False)
        for row in annex.rows:
            for cell, text in zip(table.add_row().cells, row):
                _cell(cell, text, FONT_BODY)
        _repeat_header(table.rows[0])
    return doc


def _run(p, text: str, font: str, size: float, bold: bool = False):
    from docx.oxml.ns import qn
    from docx.shared import Pt

    r = p.add_run(text)
    r.font.name = font
    r.font.size = Pt(size)
    r.font.bold = bold
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return r


def _cell(cell, text: str, font: str, bold: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER if len(text) <= 8 else WD_ALIGN_PARAGRAPH.LEFT
    _run(p, text, font, SIZE_TABLE, bold)


def _repeat_header(row) -> None:
    """Repeat the header row on every page of a long annex table."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _page_number_footer(section) -> None:
    """Footer "— N —" with a PAGE field, centered (GB/T 9704 puts page numbers at the foot)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "— ", FONT_BODY, 14)
    r = _run(p, "", FONT_BODY, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._element.append(el)
    _run(p, " —", FONT_BODY, 14)


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown: title, paragraphs, then each annex as a table."""
    out: list[str] = []
    for pa in draft.paragraphs:
        if pa.style == "title":
            out.append(f"# {pa.text}")
        elif pa.style == "h1":
            out.append(f"## {pa.text}")
        elif pa.style in ("signature", "date"):
            out.append(f'<p align="right">{html.escape(pa.text)}</p>')
        elif pa.style == "attachments":
            lines = pa.text.split("\n")
            out.append(pa.lead + "  \n".join(lines))
        elif pa.lead:
            out.append(f"**{pa.lead}**{pa.text}")
        else:
            out.append(pa.text)
    for a in draft.annexes:
        out.append(f"附件{a.number}")
        out.append(f"### {a.title}")
        rows = [a.header, ["---"] * len(a.header), *a.rows]
        out.append("\n".join("| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows))
    return "\n\n".join(out) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_html(draft: Draft) -> str:
    """The draft as one HTML page (template report/templates/draft.html.j2); annex tables carry <caption>."""
    return render_template("draft.html.j2", draft=draft)


def write_draft(draft: Draft, out_dir: str | Path, stem: str) -> dict[str, Path]:
    """Write stem.docx, stem.md and stem.html into out_dir, each atomically; returns their paths.

    Everything is rendered in memory first, so a failure leaves no file behind.
    """
    import io

    from govstats.store import atomic_path

    out_dir = Path(out_dir)
    buf = io.BytesIO()
    docx_document(draft).save(buf)
    texts = {"md": to_markdown(draft), "html": to_html(draft)}
    paths = {k: out_dir / f"{stem}.{k}" for k in ("docx", "md", "html")}
    with atomic_path(paths["docx"]) as tmp:
        tmp.write_bytes(buf.getvalue())
    for k, text in texts.items():
        with atomic_path(paths[k]) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return paths
