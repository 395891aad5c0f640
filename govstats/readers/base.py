"""The raw structure every reader returns: metadata hints, body text, cell grids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from govstats.errors import BulletinError

# Refuse files that are far larger than any real bulletin: they are not bulletins and
# would only exhaust memory (a real bulletin with annexes is well under 5 MB).
MAX_BYTES = 50 * 1024 * 1024


@dataclass
class Grid:
    """One table as read: an optional title, a header row and ragged data rows of cell strings.

    Readers put every cell through textnorm.clean_cell (trimmed, no stray spaces between CJK
    characters, empty -> None), so parsers need not clean them again.
    """

    title: str | None
    header: list[str]
    rows: list[list[str | None]]
    source: str | None = None  # file name of the attachment the table came from (set for folders)
    notes: list[str] = field(default_factory=list)  # what the reader noticed, e.g. a table cut mid-row


@dataclass
class RawBulletin:
    """What a reader found in a file, before any interpretation."""

    path: str
    format: str  # "text" | "html" | "xlsx" | "xls" | "docx" | "pdf" | "folder"
    text: str  # body text, original characters ("" for an annex-only workbook)
    grids: list[Grid] = field(default_factory=list)
    title_hint: str | None = None  # e.g. an HTML <title> or <h1>
    sha256: str = ""
    # (file name, reason) of attachments of a folder that could not be read; the rest was read
    failed: list[tuple[str, str]] = field(default_factory=list)


def read_bytes(path: Path) -> bytes:
    """Read a file's bytes with clear errors for missing, unreadable or oversized files."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BulletinError(path, "file does not exist") from None
    except OSError as exc:
        raise BulletinError(path, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise BulletinError(path, "is a folder, not a file")
    if size > MAX_BYTES:
        raise BulletinError(path, f"file is {size / 2**20:.1f} MB, larger than the {MAX_BYTES / 2**20:g} MB limit")
    if size == 0:
        raise BulletinError(path, "file is empty")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BulletinError(path, f"cannot read: {exc.strerror or exc}") from None


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
