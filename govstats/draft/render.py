"""Write a composed Draft as .docx (GB/T 9704 layout), Markdown and HTML.

The .docx follows the official-document layout of GB/T 9704-2012: A4, margins 37/35/28/26 mm,
title in 2号 方正小标宋, body in 3号 仿宋 with fixed 28.95 pt lines and a 2-character indent,
level-1 headings in 黑体, level-2 leads in 楷体, issuer and date to the right, page numbers
"— 1 —" in 4号 宋体 on the outer side (right on odd pages, left on even: w:evenAndOddHeaders), the red
版头 (发文机关标志 in red, 文号, the red rule) above the title, each 附件 on its own landscape page with
its label, title and table, and the 版记 (抄送, 印发机关 and 印发日期 between rules) last. The HTML
is the same text in the form govstats' own HTML reader reads (tables with <caption> titles),
so a draft can be read back and checked.
"""

from __future__ import annotations

import html
from pathlib import Path

from govstats.draft.compose import Draft, DraftError, fmt_date
from govstats.report.html import render_template

FONT_TITLE, FONT_BODY, FONT_H1, FONT_H2 = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
FONT_PAGE = "宋体"
SIZE_TITLE, SIZE_BODY, SIZE_TABLE, SIZE_PAGE = 22, 16, 10.5, 14  # pt: 2号, 3号, 五号, 4号
RED = "FF0000"  # 发文机关标志 and the 版头 rule (GB/T 9704: 红色)
TYPE_AREA_PT = 156 / 25.4 * 72  # width of the type area: 210 - 28 - 26 mm
LINE_PITCH = 28.95  # pt: 22 lines on the GB/T 9704 type area


def docx_document(draft: Draft):
    """A python-docx Document of the draft (not saved)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
    from docx.shared import Mm, Pt, RGBColor

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    doc.settings.odd_and_even_pages_header_footer = True  # w:evenAndOddHeaders: page numbers on the outer side
    _page_number_footer(sec.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

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

    # 版头: the issuing office's mark in red, centered, as large as fits the type area (at most 42 pt)
    mark_size = min(42.0, TYPE_AREA_PT / max(len(draft.mark), 1) * 0.95)
    p = para(draft.mark, FONT_TITLE, mark_size, WD_ALIGN_PARAGRAPH.CENTER)
    p.paragraph_format.line_spacing = Pt(mark_size * 1.3)
    p.runs[0].font.color.rgb = RGBColor.from_string(RED)
    para()
    p = para(draft.doc_number or "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(p, "bottom", RED, 12, space=11)  # the red rule, 4 mm under the 文号, across the type area
    para()

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
        if annex.weights:  # the grid's column widths over the landscape type area (297 - 37 - 35 mm)
            table.autofit = False
            total = sum(annex.weights)
            for col, w in zip(table.columns, annex.weights):
                col.width = Mm(225 * w / total)
            for cell, w in zip(table.rows[0].cells, annex.weights):
                cell.width = Mm(225 * w / total)
    if draft.annexes:  # the 版记 closes the document on a portrait page after the landscape annexes
        last = doc.add_section(WD_SECTION.NEW_PAGE)
        last.orientation = WD_ORIENT.PORTRAIT
        last.page_width, last.page_height = Mm(210), Mm(297)
        last.top_margin, last.bottom_margin, last.left_margin, last.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    _imprint(doc, draft, own_page=bool(draft.annexes))
    return doc


IMPRINT_PT = 130  # room kept for the 版记 at the foot of its own page: rules, a 抄送 of up to 3 lines, 印发


def _imprint(doc, draft: Draft, own_page: bool) -> None:
    """版记: thick rule, 抄送 (when set), thin rule, 印发机关 left and 印发日期 right, thick rule; 4号 仿宋,
    indented one character each side (GB/T 9704-2012 7.4). On its own page (after the annexes) it is
    pushed to the foot of the type area, where the standard puts it."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm, Pt

    if not own_page:
        doc.add_paragraph()
    rows = []
    if draft.cc:
        p = doc.add_paragraph()
        _run(p, f"抄送：{draft.cc}", FONT_BODY, SIZE_PAGE)
        rows.append(p)
    p = doc.add_paragraph()
    _run(p, draft.printer, FONT_BODY, SIZE_PAGE)
    _run(p, "\t" + (f"{fmt_date(draft.print_date)}印发" if draft.print_date else "印发"), FONT_BODY, SIZE_PAGE)
    p.paragraph_format.tab_stops.add_tab_stop(Pt(TYPE_AREA_PT - SIZE_PAGE), WD_TAB_ALIGNMENT.RIGHT)
    rows.append(p)
    for q in rows:
        fmt = q.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(SIZE_PAGE)
        fmt.space_before = fmt.space_after = Pt(4)
        fmt.keep_with_next = q is not rows[-1]
    if own_page:  # type area 297 - 37 - 35 mm high; the block takes at most IMPRINT_PT of it
        rows[0].paragraph_format.space_before = Pt(Mm(297 - 37 - 35).pt - IMPRINT_PT)
    _border(rows[0], "top", "000000", 8)  # 0.35 mm
    if len(rows) > 1:
        _border(rows[0], "bottom", "000000", 6)  # 0.25 mm between 抄送 and 印发
    _border(rows[-1], "bottom", "000000", 8)


def _border(p, side: str, color: str, size: int, space: int = 1) -> None:
    """A rule on one side of paragraph p: size in eighths of a point, space in points (w:pBdr)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
        el.set(qn(f"w:{k}"), v)
    bdr.append(el)


def _run(p, text: str, font: str, size: float, bold: bool = False):
    """A run of text in font (Latin and East Asian) at size pt. The run properties are built once per
    (font, size, bold) and copied: python-docx's property setters cost ~0.5 ms a run, which made a
    2,000-row annex take seconds (issue 22.7)."""
    import copy

    from docx.oxml.ns import qn
    from docx.shared import Pt

    r = p.add_run(text)
    key = (font, size, bold)
    rpr = _RPR.get(key)
    if rpr is None:
        r.font.name = font
        r.font.size = Pt(size)
        r.font.bold = bold
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        _RPR[key] = copy.deepcopy(r._element.rPr)
    else:
        r._element.insert(0, copy.deepcopy(rpr))
    return r


_RPR: dict[tuple[str, float, bool], object] = {}


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


def _page_number_footer(footer, align) -> None:
    """Footer "— N —" with a PAGE field in 4号 宋体, one character in from the outer edge (GB/T 9704 7.5)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.alignment = align
    if align == WD_ALIGN_PARAGRAPH.RIGHT:
        p.paragraph_format.right_indent = Pt(SIZE_PAGE)
    else:
        p.paragraph_format.left_indent = Pt(SIZE_PAGE)
    _run(p, "— ", FONT_PAGE, SIZE_PAGE)
    r = _run(p, "", FONT_PAGE, SIZE_PAGE)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        r._element.append(el)
    _run(p, " —", FONT_PAGE, SIZE_PAGE)


def to_markdown(draft: Draft) -> str:
    """The draft as Markdown: 版头, title, paragraphs, each annex as a table, 版记.

    Every text from the data is escaped (md_text): raw HTML, links and emphasis from a results
    workbook come out as the literal characters, never as markup (issue 22).
    """
    e = md_text
    out: list[str] = [f'<p align="center"><font color="red"><b>{html.escape(draft.mark)}</b></font></p>']
    if draft.doc_number:
        out.append(f'<p align="center">{html.escape(draft.doc_number)}</p>')
    out.append("---")
    for pa in draft.paragraphs:
        if pa.style == "title":
            out.append(f"# {e(pa.text)}")
        elif pa.style == "h1":
            out.append(f"## {e(pa.text)}")
        elif pa.style in ("signature", "date"):
            out.append(f'<p align="right">{html.escape(pa.text)}</p>')
        elif pa.style == "attachments":
            lines = pa.text.split("\n")
            out.append(e(pa.lead) + "  \n".join(e(x) for x in lines))
        elif pa.lead:
            out.append(f"**{e(pa.lead)}**{e(pa.text)}")
        else:
            out.append(e(pa.text))
    for a in draft.annexes:
        out.append(f"附件{a.number}")
        out.append(f"### {e(a.title)}")
        rows = [a.header, ["---"] * len(a.header), *a.rows]
        out.append("\n".join("| " + " | ".join(c if c == "---" and r is rows[1] else _md_cell(c) for c in r) + " |"
                             for r in rows))
    out.append("---")
    if draft.cc:
        out.append(f"抄送：{e(draft.cc)}")
    when = f"{fmt_date(draft.print_date)}印发" if draft.print_date else "印发"
    out.append(f"{e(draft.printer)}　　{when}")
    return "\n\n".join(out) + "\n"


_MD_SPECIAL = set("\\`*_{}[]()#!|~")


def md_text(text: str) -> str:
    """Text as literal Markdown: HTML characters escaped (&lt;script&gt;), Markdown punctuation backslashed
    (no link, image, emphasis or heading can be made from data), line breaks as spaces."""
    text = html.escape(" ".join(text.split("\n")), quote=False)
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def _md_cell(text: str) -> str:
    return md_text(text)


def to_html(draft: Draft, review: bool = False) -> str:
    """The draft as one HTML page (template report/templates/draft.html.j2); annex tables carry <caption>.

    review=True puts the review note block (every figure that differs from the source, and why) first.
    """
    return render_template("draft.html.j2", draft=draft, review=review)


def review_docx(draft: Draft):
    """The .docx with a Word comment at each figure the review lists (at the title when no paragraph shows it)."""
    doc = docx_document(draft)
    body = [p for p in doc.paragraphs if p.runs]
    title = next(p for p in body if p.text == draft.title)
    for n in draft.review:
        # the paragraph stating it: its value after its keyword (合格率…96.89%), else its channel's paragraph
        ch = "政府网站" if n.key.startswith("website") else "政务新媒体"
        at = next((p for p in body if n.keyword and n.keyword in p.text and n.drafted in p.text.split(n.keyword, 1)[1]
                   and p is not title), None) or next((p for p in body if p.text.startswith("（") and ch in p.text[:12]),
                                                     title)
        doc.add_comment(at.runs, text=f"{n.label}：原通报 {n.stated}，本稿 {n.drafted}。{n.why}", author="govstats",
                        initials="GS")
    return doc


def write_draft(draft: Draft, out_dir: str | Path, stem: str, review: bool = True,
                pdf: bool = False) -> dict[str, Path]:
    """Write stem.docx, stem.md and stem.html into out_dir, each atomically; returns their paths.

    With review (and something to review): stem-review.docx (Word comments) and stem-review.html (a
    note block). With pdf: stem.pdf converted from the .docx by LibreOffice. Everything is rendered in
    memory first, so a failure leaves no file behind; every target is checked to stay inside out_dir.
    """
    import io

    from govstats.paths import ensure_under, safe_component
    from govstats.store import atomic_path

    out_dir = Path(out_dir)
    stem = safe_component(stem)
    docs = {"docx": docx_document(draft)}
    texts = {"md": to_markdown(draft), "html": to_html(draft)}
    if review and draft.review:
        docs["review_docx"] = review_docx(draft)
        texts["review_html"] = to_html(draft, review=True)
    blobs = {}
    for k, doc in docs.items():
        buf = io.BytesIO()
        doc.save(buf)
        blobs[k] = buf.getvalue()
    pdf_bytes = docx_to_pdf(blobs["docx"], out_dir / f"{stem}.docx") if pdf else None
    names = {"docx": f"{stem}.docx", "md": f"{stem}.md", "html": f"{stem}.html",
             "review_docx": f"{stem}-review.docx", "review_html": f"{stem}-review.html", "pdf": f"{stem}.pdf"}
    paths = {k: out_dir / names[k] for k in (*blobs, *texts)}
    if pdf_bytes is not None:
        paths["pdf"] = out_dir / names["pdf"]
    for p in paths.values():
        ensure_under(p, out_dir)
    for k, data in {**blobs, **({"pdf": pdf_bytes} if pdf_bytes is not None else {})}.items():
        with atomic_path(paths[k]) as tmp:
            tmp.write_bytes(data)
    for k, text in texts.items():
        with atomic_path(paths[k]) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return paths


def docx_to_pdf(docx: bytes, name: Path) -> bytes:
    """The PDF of a .docx, by LibreOffice headless in a throwaway profile (readers.convert.run_soffice).

    DraftError (one line) when LibreOffice is missing, fails or exceeds the time limit.
    """
    import tempfile

    from govstats.readers.convert import run_soffice, soffice
    from govstats.readers.limits import CONVERT_TIMEOUT

    if soffice() is None:
        raise DraftError(f"{name.with_suffix('.pdf')}: --pdf needs LibreOffice (soffice) on PATH; "
                         "install libreoffice-writer (make test-tools) or print the .docx to PDF by hand")
    with tempfile.TemporaryDirectory(prefix="govstats-pdf-") as tmp:
        src = Path(tmp) / "draft.docx"
        src.write_bytes(docx)
        try:
            run_soffice(["--convert-to", "pdf", "--outdir", str(Path(tmp) / "out"), str(src)], Path(tmp),
                        CONVERT_TIMEOUT, env=_font_env())
        except TimeoutError:
            raise DraftError(f"{name.with_suffix('.pdf')}: LibreOffice did not write the PDF within "
                             f"{CONVERT_TIMEOUT} s") from None
        except OSError as exc:
            raise DraftError(f"{name.with_suffix('.pdf')}: cannot run LibreOffice ({exc.strerror or exc})") from None
        out = Path(tmp) / "out" / "draft.pdf"
        if not out.is_file() or out.stat().st_size == 0:
            raise DraftError(f"{name.with_suffix('.pdf')}: LibreOffice wrote no PDF from the draft")
        return out.read_bytes()


def _font_env() -> dict[str, str]:
    """FONTCONFIG_FILE for LibreOffice: templates/draft-fonts.conf maps the GB/T 9704 font names to faces
    of their kind when the real fonts are missing (else fontconfig gives one sans for all); the machine's
    own configuration is included first, and an explicit FONTCONFIG_FILE of the user is kept."""
    import os

    if os.environ.get("FONTCONFIG_FILE"):
        return {}
    return {"FONTCONFIG_FILE": str(Path(__file__).resolve().parents[1] / "report" / "templates" / "draft-fonts.conf")}
