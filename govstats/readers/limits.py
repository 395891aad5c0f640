"""Limits every reader enforces before doing the work, so hostile or broken files fail fast.

A real bulletin with its annexes is a few hundred kB and a few thousand cells; the limits
sit two orders of magnitude above that. Each one, when exceeded, is a one-line BulletinError.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from govstats.errors import BulletinError

# Decompressed size of all members of an xlsx/docx zip (declared sizes: Python's zipfile
# stops inflating a member at its declared size, so a member cannot lie its way past this).
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024
# Non-empty cells (or paragraphs) read from one file: real annexes hold a few thousand.
MAX_CELLS = 200_000
# Cells a table may expand to through colspan/rowspan/gridSpan merges (per file).
MAX_EXPANDED_CELLS = 400_000
# Largest colspan/rowspan honoured for one cell (wider spans are layout, not data).
MAX_SPAN = 50
MAX_PDF_PAGES = 200
MAX_PDF_CHARS_PER_PAGE = 60_000
MAX_XLS_BYTES = 20 * 1024 * 1024
# Seconds LibreOffice may take to convert one .doc/.wps/.et file.
CONVERT_TIMEOUT = 120


def open_zip(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip archive in data, refused when it is not a zip or inflates past MAX_UNZIPPED_BYTES."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise BulletinError(path, f"not an {kind} file (not a zip archive)") from None
    total = sum(max(i.file_size, 0) for i in zf.infolist())
    if total > MAX_UNZIPPED_BYTES:
        zf.close()
        raise BulletinError(
            path, f"{kind} inflates to {total / 1e6:.0f} MB, more than the {MAX_UNZIPPED_BYTES // 2**20} MB limit"
        )
    return zf


def too_many_cells(path: Path, n: int, what: str = "cells") -> BulletinError:
    """The error for a file holding more than n cells (or paragraphs): n is the limit in force."""
    return BulletinError(path, f"holds more than {n:,} {what}; not a bulletin annex")
