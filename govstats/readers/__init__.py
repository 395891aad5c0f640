"""Readers: a file (or a folder of files) to a RawBulletin, whatever its format."""

from __future__ import annotations

from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes

__all__ = ["Grid", "RawBulletin", "read_raw", "BULLETIN_SUFFIXES", "ANNEX_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
DOCX_SUFFIXES = {".docx"}
PDF_SUFFIXES = {".pdf"}
XLS_SUFFIXES = {".xls"}
LEGACY_SUFFIXES = {".doc", ".wps", ".et"}  # converted by LibreOffice when it is installed
BODY_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# Files that sit beside a page as its attachments (a folder = one body page + these).
ANNEX_SUFFIXES = XLSX_SUFFIXES | DOCX_SUFFIXES | PDF_SUFFIXES | XLS_SUFFIXES | LEGACY_SUFFIXES
BULLETIN_SUFFIXES = BODY_SUFFIXES | ANNEX_SUFFIXES

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(path: Path) -> str:
    """Format by suffix, else by the first bytes (zip -> docx/xlsx, %PDF, OLE2, <html, else text)."""
    suffix = path.suffix.lower()
    for fmt, suffixes in (("text", TEXT_SUFFIXES), ("html", HTML_SUFFIXES), ("xlsx", XLSX_SUFFIXES),
                          ("docx", DOCX_SUFFIXES), ("pdf", PDF_SUFFIXES), ("xls", XLS_SUFFIXES),
                          ("legacy", LEGACY_SUFFIXES)):
        if suffix in suffixes:
            return fmt
    data = read_bytes(path)
    head = data[:1024]
    if head.startswith(b"PK"):
        return "docx" if b"word/" in data[:65536] else "xlsx"
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_OLE):
        raise BulletinError(path, "legacy Office file without a suffix: name it .doc, .xls, .wps or .et")
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "html"
    return "text"


def read_file(path: Path) -> RawBulletin:
    """Read one file with the reader for its format (readers import their libraries lazily)."""
    fmt = sniff_format(path)
    if fmt == "text":
        from govstats.readers.flattext import read_flat_text as reader
    elif fmt == "html":
        from govstats.readers.html import read_html as reader
    elif fmt == "xlsx":
        from govstats.readers.xlsx import read_xlsx as reader
    elif fmt == "docx":
        from govstats.readers.docx import read_docx as reader
    elif fmt == "pdf":
        from govstats.readers.pdf import read_pdf as reader
    elif fmt == "xls":
        from govstats.readers.xls import read_xls as reader
    else:
        from govstats.readers.convert import read_legacy as reader
    return reader(path)


def read_raw(path: str | Path) -> RawBulletin:
    """Read a bulletin file, or a folder: one page (text/HTML) plus attachments in any format.

    A folder without a page is read from its documents alone. Each table keeps the name of
    the file it came from (Grid.source).
    """
    path = Path(path)
    if not path.exists():
        raise BulletinError(path, "file does not exist")
    if not path.is_dir():
        return read_file(path)
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in BULLETIN_SUFFIXES
                   and not p.name.startswith("."))
    if not files:
        raise BulletinError(path, "folder holds no bulletin file (.txt, .html, .docx, .pdf, .xls, .xlsx, ...)")
    bodies = [p for p in files if p.suffix.lower() in BODY_SUFFIXES]
    if len(bodies) > 1:
        raise BulletinError(path, f"folder holds {len(bodies)} body files; expected one text or HTML file")
    ordered = bodies + [p for p in files if p not in bodies]
    # one unreadable attachment (a .doc LibreOffice cannot convert) must not lose the page and the
    # other annexes: it is left out and named (a warning check); an unreadable page is still fatal
    parts, failed = [], []
    for p in ordered:
        try:
            parts.append(read_file(p))
        except BulletinError as exc:
            if p in bodies:
                raise
            failed.append((p.name, exc.reason))
    if not parts:
        raise BulletinError(path, "no file of the folder could be read: " + "; ".join(f"{n}: {r}" for n, r in failed))
    ordered = [p for p in ordered if p.name not in {n for n, _ in failed}]
    for p, part in zip(ordered, parts):
        if p not in bodies and part.text:
            # an attachment is an annex from its first line: a heading list needs no 附件 line there
            from govstats.readers.shapes import lines_to_grids

            kept, found, _ = lines_to_grids([ln.strip() for ln in part.text.split("\n") if ln.strip()], True)
            if found:
                part.text, part.grids = "\n".join(kept), part.grids + found
        for g in part.grids:
            g.source = g.source or p.name
    main = parts[0]
    import hashlib

    h = hashlib.sha256("".join(p.sha256 for p in parts).encode()).hexdigest()
    text = main.text if bodies else "\n".join(p.text for p in parts if p.text.strip())
    return RawBulletin(
        path=str(path),
        format="folder",
        text=text,
        grids=[g for p in parts for g in p.grids],
        title_hint=main.title_hint,
        sha256=h,
        failed=failed,
    )
