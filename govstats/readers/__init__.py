"""Readers: a file (or a folder of files) to a RawBulletin, whatever its format."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes

__all__ = ["Grid", "RawBulletin", "read_raw", "FORMATS", "Format", "BULLETIN_SUFFIXES", "ANNEX_SUFFIXES"]


@dataclass(frozen=True)
class Format:
    """One format govstats reads: how it is recognised and which function reads it.

    reader is "module:function", imported only when a file of the format is read (the format
    libraries stay out of `import govstats`). role "body" is a page (text or HTML: one per
    folder); "annex" files sit beside it as attachments. magic recognises the format from a
    file's first 64 kB when its suffix is not in the table. converts_to names the format
    LibreOffice converts a legacy file to before it is read (readers/convert.py).
    """

    name: str
    suffixes: tuple[str, ...]
    reader: str
    role: str
    magic: Callable[[bytes], bool] | None = None
    converts_to: str | None = None


def _zip_with(prefix: bytes, present: bool) -> Callable[[bytes], bool]:
    return lambda head: head.startswith(b"PK") and (prefix in head) == present


# Adding a format: a reader module with one function (path -> RawBulletin) and one line here.
FORMATS: tuple[Format, ...] = (  # magic is tried in this order: binary signatures before markup
    Format("xlsx", (".xlsx", ".xlsm"), "govstats.readers.xlsx:read_xlsx", "annex", magic=_zip_with(b"word/", False)),
    Format("docx", (".docx",), "govstats.readers.docx:read_docx", "annex", magic=_zip_with(b"word/", True)),
    Format("pdf", (".pdf",), "govstats.readers.pdf:read_pdf", "annex", magic=lambda head: head.lstrip().startswith(b"%PDF")),
    Format("xls", (".xls",), "govstats.readers.xls:read_xls", "annex"),
    Format("doc", (".doc",), "govstats.readers.convert:read_legacy", "annex", converts_to="docx"),
    Format("wps", (".wps",), "govstats.readers.convert:read_legacy", "annex", converts_to="docx"),
    Format("et", (".et",), "govstats.readers.convert:read_legacy", "annex", converts_to="xlsx"),
    Format("html", (".html", ".htm", ".shtml"), "govstats.readers.html:read_html", "body",
           magic=lambda head: b"<html" in head[:1024].lower() or b"<!doctype html" in head[:1024].lower()),
    Format("text", (".txt", ".text", ".md"), "govstats.readers.flattext:read_flat_text", "body"),
)
_BY_SUFFIX = {suffix: f for f in FORMATS for suffix in f.suffixes}
_TEXT = _BY_SUFFIX[".txt"]  # what a file is when no magic recognises it

# Files that sit beside a page as its attachments (a folder = one body page + these).
BODY_SUFFIXES = frozenset(s for f in FORMATS if f.role == "body" for s in f.suffixes)
ANNEX_SUFFIXES = frozenset(s for f in FORMATS if f.role == "annex" for s in f.suffixes)
BULLETIN_SUFFIXES = BODY_SUFFIXES | ANNEX_SUFFIXES

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def format_of_suffix(suffix: str) -> Format | None:
    """The format a file suffix (".pdf", any case) names, or None."""
    return _BY_SUFFIX.get(suffix.lower())


def sniff_format(path: Path) -> Format:
    """Format by suffix, else by the first bytes (each format's magic; text when none matches)."""
    fmt = format_of_suffix(path.suffix)
    if fmt is not None:
        return fmt
    head = read_bytes(path)[:65536]
    if head.startswith(_OLE):  # .doc, .xls, .wps and .et share the container: the suffix must say which
        raise BulletinError(path, "legacy Office file without a suffix: name it .doc, .xls, .wps or .et")
    return next((f for f in FORMATS if f.magic is not None and f.magic(head)), _TEXT)


def read_file(path: Path) -> RawBulletin:
    """Read one file with the reader its format names (readers import their libraries lazily)."""
    module, func = sniff_format(path).reader.split(":")
    reader: Callable[[Path], RawBulletin] = getattr(importlib.import_module(module), func)
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
