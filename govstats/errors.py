"""Typed errors: every failure on bad input names the file and says what is wrong in one line."""

from __future__ import annotations

import re

# Control characters (C0, DEL, C1), line/paragraph separators and bidi overrides: printed raw,
# a file name holding one splits the error line, rewrites the terminal (ESC sequences) or
# reorders what the reader sees.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    return _NAMED.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")


def one_line(text: object) -> str:
    """text as one printable line: control characters and line breaks escaped (\\n, \\x1b, \\u2028)."""
    return _UNPRINTABLE.sub(_escape, str(text))


class GovstatsError(Exception):
    """Base class for errors govstats reports to users (CLI: one stderr line, exit 2)."""


class BulletinError(GovstatsError):
    """A bulletin file cannot be read or parsed."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = one_line(path)  # a file name may hold a newline or an escape sequence
        self.reason = one_line(" ".join(str(reason).split()))  # always one line
        super().__init__(f"{self.path}: {self.reason}")


class ParameterError(GovstatsError):
    """A command or notebook parameter is invalid (quarter 2025Q5, unknown region)."""
