"""Rebuild the seed bulletin (咸阳市 2025Q1) in the formats offices publish, for the reader tests.

    python tests/data/formats/make_fixtures.py        (needs python-docx, openpyxl, chromium, soffice)

Writes, next to this script:
  seed.docx    body paragraphs + both annex tables; the new-media table's title is a row merged
               across the table, header cells hold two paragraphs (检查 / 结果)
  seed.pdf     an HTML rendering printed by headless Chromium; the new-media table runs over a
               page break without repeating its header, cells wrap
  folder/      the page as HTML without tables (page.html) + 附件1.xls (websites, converted by
               LibreOffice from an openpyxl workbook) + 附件2.docx (new media)
Every table is built from the seed's own parsed annex rows, so the tests can compare the
figures and rows read back from each format with `govstats extract --json` of the seed.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
sys.path.insert(0, str(ROOT))

WEB_COLS = ["seq", "site_name", "url", "site_code", "problem", "rectification_raw"]
NM_COLS = ["seq", "account_name", "operator", "platform_raw", "result_raw", "problem", "rectification_raw"]


def seed_parts():
    """(body lines, [(title, header, rows)] for websites and new media) from the seed."""
    from govstats import load_bulletin
    from govstats.readers import read_raw

    raw = read_raw(SEED)
    b = load_bulletin(SEED)
    titles = [g.title for g in raw.grids]
    headers = [g.header for g in raw.grids]
    body = [ln for ln in raw.text.split("\n") if ln.strip() and ln.strip() not in titles and "扫一扫" not in ln]

    def rows(records, cols):
        return [["" if r.get(c) is None else str(r[c]) for c in cols] for r in records]

    tables = [(titles[0], headers[0], rows(b.raw_records("websites"), WEB_COLS)),
              (titles[1], headers[1], rows(b.raw_records("new_media"), NM_COLS))]
    return body, tables


def write_docx(path: Path, body: list[str], tables, title_row_merged: tuple[bool, ...] = (False, True)) -> None:
    import docx

    doc = docx.Document()
    for line in body:
        doc.add_paragraph(line)
    for (title, header, rows), merged in zip(tables, title_row_merged):
        if not merged:
            doc.add_paragraph(title)
        elif doc.element.body[-2].tag.endswith("}tbl"):
            doc.add_paragraph("")  # Word keeps a paragraph between two tables; adjacent ones would merge
        t = doc.add_table(rows=0, cols=len(header))
        t.style = "Table Grid"
        if merged:
            cells = t.add_row().cells
            cells[0].merge(cells[-1]).text = title
        hdr = t.add_row().cells
        for c, h in zip(hdr, header):
            parts = h.split()  # 检查 结果: one paragraph per word, as Word wraps a narrow header
            c.text = parts[0] if parts else ""
            for p in parts[1:]:
                c.add_paragraph(p)
        for r in rows:
            for c, v in zip(t.add_row().cells, r):
                c.text = v
    doc.save(str(path))


def page_html(body: list[str], tables) -> str:
    paras = "\n".join(f"<p>{html.escape(x)}</p>" for x in body)
    out = []
    for title, header, rows in tables:
        head = "".join(f"<td><b>{html.escape(h)}</b></td>" for h in header)
        trs = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in r) + "</tr>" for r in rows)
        out.append(f"<p class=t>{html.escape(title)}</p><table><tr>{head}</tr>{trs}</table>")
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>通报</title><style>
body {{ font-family: 'WenQuanYi Zen Hei', sans-serif; font-size: 15pt; margin: 0; }}
p {{ margin: 0 0 6pt 0; line-height: 1.5; }}
p.t {{ margin-top: 14pt; font-weight: bold; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13pt; }}
td {{ border: 1px solid #000; padding: 4pt; vertical-align: top; }}
tr {{ break-inside: avoid; }}
td:nth-child(2) {{ width: 4.5em; }}
</style></head><body>{paras}{''.join(out)}</body></html>"""


def write_pdf(path: Path, body: list[str], tables) -> None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if exe is None:
        raise SystemExit("chromium is needed to print the PDF fixture")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "seed.html"
        src.write_text(page_html(body, tables), encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp}/profile", f"--print-to-pdf={path}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)


def write_xls(path: Path, title: str, header: list[str], rows) -> None:
    """An .xls written by LibreOffice from an openpyxl workbook (title row merged across)."""
    from openpyxl import Workbook

    exe = shutil.which("soffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is needed to write the .xls fixture")
    with tempfile.TemporaryDirectory() as tmp:
        wb = Workbook()
        ws = wb.active
        ws.title = "附件1"
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append(header)
        for r in rows:
            ws.append(r)
            for c in ws[ws.max_row]:
                c.number_format = "@"  # codes stay text, as offices type them
        src = Path(tmp) / "annex.xlsx"
        wb.save(src)
        subprocess.run([exe, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "xls",
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        shutil.copyfile(Path(tmp) / "annex.xls", path)


def main() -> None:
    body, tables = seed_parts()
    write_docx(HERE / "seed.docx", body, tables)
    write_pdf(HERE / "seed.pdf", body, tables)
    folder = HERE / "folder"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text(page_html(body, []), encoding="utf-8")
    write_xls(folder / "附件1.xls", *tables[0])
    write_docx(folder / "附件2.docx", [], tables[1:], title_row_merged=(False,))
    for p in sorted(HERE.rglob("*")):
        if p.is_file() and p.suffix != ".py":
            print(f"{p.relative_to(HERE)}: {p.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
