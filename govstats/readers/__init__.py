"""Readers: a file (or a folder of files) to a RawBulletin, whatever its format."""

from __future__ import annotations

from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes

__all__ = ["Grid", "RawBulletin", "read_raw", "BULLETIN_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
BULLETIN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | XLSX_SUFFIXES


def sniff_format(path: Path) -> str:
    """Format by suffix, else by the first bytes (PK zip -> xlsx, <html -> html, else text)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    head = read_bytes(path)[:1024]
    if head.startswith(b"PK"):
        return "xlsx"
    if b"<html" in head.lower() or b"<!doctype html" in head.lower():
        return "html"
    return "text"


def read_file(path: Path) -> RawBulletin:
    from govstats.readers.flattext import read_flat_text
    from govstats.readers.html import read_html
    from govstats.readers.xlsx import read_xlsx

    fmt = sniff_format(path)
    return {"text": read_flat_text, "html": read_html, "xlsx": read_xlsx}[fmt](path)


def read_raw(path: str | Path) -> RawBulletin:
    """Read a bulletin file, or a folder holding one body file (text/HTML) plus xlsx annexes."""
    path = Path(path)
    if not path.exists():
        raise BulletinError(path, "file does not exist")
    if not path.is_dir():
        return read_file(path)
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in BULLETIN_SUFFIXES)
    if not files:
        raise BulletinError(path, "folder holds no bulletin file (.txt, .html or .xlsx)")
    bodies = [p for p in files if p.suffix.lower() not in XLSX_SUFFIXES]
    if len(bodies) > 1:
        raise BulletinError(path, f"folder holds {len(bodies)} body files; expected one text or HTML file")
    parts = [read_file(p) for p in bodies + [p for p in files if p not in bodies]]
    main = parts[0]
    import hashlib

    h = hashlib.sha256("".join(p.sha256 for p in parts).encode()).hexdigest()
    return RawBulletin(
        path=str(path),
        format="folder",
        text=main.text,
        grids=[g for p in parts for g in p.grids],
        title_hint=main.title_hint,
        sha256=h,
    )
