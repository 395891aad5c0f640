"""Limits every reader enforces while it reads, so hostile or broken files fail fast.

A real bulletin with its annexes is a few hundred kB and a few thousand cells; the limits
sit two orders of magnitude above that. Each one, when exceeded, is a one-line BulletinError.
They are checked as the bytes are inflated and as the elements are parsed, never after the
work: the goal (issue 22) is under 20 s and 700 MB peak on any input, measured by
benchmarks/reader_limits.py and recorded in docs/readers.md.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from govstats.errors import BulletinError

# Decompressed size of all members of an xlsx/docx zip. The declared sizes are checked first
# (a cheap refusal of honest bombs); then every member is inflated in CHUNK-sized steps and the
# bytes actually produced are counted. Python's zipfile alone is not enough: ZipFile.read()
# inflates up to 2 GB in one call before it compares the result with the declared size.
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
CHUNK = 1 << 20
# XML elements parsed from one document part (docx word/document.xml): a real bulletin holds
# some tens of thousands; each costs libxml2 memory, so they are counted as they are parsed.
MAX_XML_ELEMENTS = 2_000_000
# Bytes of a text bulletin: real ones are a few kB (the largest of data/raw is 6.6 kB); 49 MB of
# text took the parsers over 60 s and 2 GB, 2 MB takes them a few seconds.
MAX_TEXT_BYTES = 2 * 1024 * 1024
# Elements of an HTML page, counted as it is parsed: a government page with its navigation holds
# a few thousand.
MAX_HTML_ELEMENTS = 100_000
# Markup ("<") in one part of an xlsx workbook, counted as it is inflated: openpyxl builds the
# elements of a row, and of every part but the worksheets' rows, whole before anything could be
# counted (one row of 1.9M empty cells: 650 MB). A real annex sheet holds some tens of thousands.
MAX_XML_TAGS = 1_000_000
# The same for the other parts (styles, workbook, relationships): real ones hold hundreds to a few
# thousand; 990,000 empty cell formats in styles.xml took openpyxl 14 s and 580 MB.
MAX_XML_TAGS_OTHER = 200_000
# Elements a worksheet lists besides its rows (merged ranges, hyperlinks, validations, conditional
# rules, column widths): openpyxl makes an object of each at once (2M merged ranges in 48 MB:
# 37 s and 1.3 GB). Real sheets hold a few hundred.
MAX_SHEET_LISTS = 50_000
_SHEET_LIST_TAGS = (b"mergeCell", b"hyperlink", b"dataValidation", b"cfRule", b"<col ", b":col ")
# Non-empty cells (or paragraphs) read from one file: real annexes hold a few thousand.
MAX_CELLS = 200_000
# Cells a table may expand to through colspan/rowspan/gridSpan merges (per file).
MAX_EXPANDED_CELLS = 400_000
# Largest colspan/rowspan honoured for one cell (wider spans are layout, not data).
MAX_SPAN = 50
MAX_PDF_PAGES = 200
MAX_PDF_CHARS_PER_PAGE = 60_000
# Characters of a whole PDF: one content-stream token can show thousands of them, so the token
# budget below does not bound them (600,000 took 14.5 s); a real bulletin has some tens of thousands.
MAX_PDF_CHARS = 300_000
# Bytes a PDF's streams may decode to, all streams of one document together (content streams,
# fonts, object streams); counted while pdfminer decodes them (see readers/pdf.py).
MAX_PDF_DECODED_BYTES = 64 * 1024 * 1024
# Form XObjects a page may draw (each draw replays the form's content stream, so nested forms
# multiply: 100 x 100 x 100 is a million replays from a 2 kB file).
MAX_PDF_FORM_DRAWS = 10_000
# Content-stream tokens (operands and operators) pdfminer parses, per page and per document:
# pdfminer handles some 50,000 a second; a Chromium page of the seed holds 5,000, a Word page
# that places every character on its own some 30,000.
MAX_PDF_TOKENS_PER_PAGE = 300_000
MAX_PDF_TOKENS = 800_000
# Paths painted (lines, rectangles, curves), per page and per document: each becomes an object,
# and table finding costs more than linearly in them (20,000 ruled lines on a page: 9 s). A
# ruled table page of the seed paints under 200.
MAX_PDF_PATHS_PER_PAGE = 20_000
MAX_PDF_PATHS = 60_000
MAX_XLS_BYTES = 20 * 1024 * 1024
# Seconds LibreOffice may take to convert one .doc/.wps/.et file.
CONVERT_TIMEOUT = 120


def _mb(n: int) -> str:
    return f"{n // 2**20} MB"


def open_zip(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip archive in data, refused when it is not a zip or declares more than MAX_UNZIPPED_BYTES.

    The declared sizes may lie: read members through member_chunks (or verified_zip), which
    count the bytes actually inflated.
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BulletinError(path, f"not an {kind} file (not a zip archive)") from None
    total = sum(max(i.file_size, 0) for i in zf.infolist())
    if total > MAX_UNZIPPED_BYTES:
        zf.close()
        raise BulletinError(
            path, f"{kind} inflates to {total / 1e6:.0f} MB, more than the {_mb(MAX_UNZIPPED_BYTES)} limit"
        )
    return zf


def member_chunks(path: Path, zf: zipfile.ZipFile, name: str, budget: list[int], kind: str) -> Iterator[bytes]:
    """A zip member's inflated bytes, CHUNK at a time, taken from budget[0] as they come.

    zipfile inflates at most the requested size per read and stops at the declared size, then
    checks the CRC: a member that lies about its size ends as a damaged-member error after at
    most its declared size (already within the limit), never after gigabytes.
    """
    try:
        with zf.open(name) as f:
            while True:
                chunk = f.read(CHUNK)
                if not chunk:
                    return
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise BulletinError(path, f"{kind} inflates past the {_mb(MAX_UNZIPPED_BYTES)} limit")
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method
        why = "does not match its size or checksum in the zip directory" if isinstance(exc, zipfile.BadZipFile) \
            else f"cannot be inflated ({type(exc).__name__})"
        raise BulletinError(path, f"damaged {kind}: member {name} {why}") from None


def verified_zip(path: Path, data: bytes, kind: str) -> io.BytesIO:
    """The archive rewritten uncompressed after inflating every member within the byte budget.

    For libraries that read members whole (openpyxl reads the shared strings with ZipFile.read):
    they get an archive whose sizes are true, so no member can inflate past what was counted.
    """
    budget = [MAX_UNZIPPED_BYTES]
    out = io.BytesIO()
    with open_zip(path, data, kind) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as new:
        last = {i.filename: i for i in zf.infolist() if not i.is_dir()}  # ZipFile reads the last of duplicates
        for name in last:
            counter = _MarkupCounter(path, name, kind)
            with new.open(zipfile.ZipInfo(name), "w", force_zip64=True) as w:
                for chunk in member_chunks(path, zf, name, budget, kind):
                    if name.endswith(".xml"):
                        counter.feed(chunk)
                    w.write(chunk)
    out.seek(0)
    return out


class _MarkupCounter:
    """Counts the markup of one XML part chunk by chunk (patterns cut by a chunk boundary included)."""

    def __init__(self, path: Path, name: str, kind: str) -> None:
        self.path, self.name, self.kind = path, name, kind
        self.tags = self.lists = 0
        self.tail = b""
        self.sheet = name.startswith("xl/worksheets/")
        self.cap = MAX_XML_TAGS if self.sheet or name == "xl/sharedStrings.xml" else MAX_XML_TAGS_OTHER

    def feed(self, chunk: bytes) -> None:
        self.tags += chunk.count(b"<")
        if self.tags > self.cap:
            raise BulletinError(self.path, f"{self.kind}: {self.name} holds more than {self.cap:,} XML tags")
        if self.sheet:
            both = self.tail + chunk
            self.lists += sum(both.count(t) - self.tail.count(t) for t in _SHEET_LIST_TAGS)
            self.tail = both[-16:]
            if self.lists > MAX_SHEET_LISTS:
                raise BulletinError(self.path, f"{self.kind}: {self.name} lists more than {MAX_SHEET_LISTS:,} "
                                               f"merged ranges, links, validations or column formats")


def too_many_cells(path: Path, n: int, what: str = "cells") -> BulletinError:
    """The error for a file holding more than n cells (or paragraphs): n is the limit in force."""
    return BulletinError(path, f"holds more than {n:,} {what}; not a bulletin annex")
