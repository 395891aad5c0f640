"""Typed errors: every failure on bad input names the file and says what is wrong in one line."""

from __future__ import annotations


class GovstatsError(Exception):
    """Base class for errors govstats reports to users (CLI: one stderr line, exit 2)."""


class BulletinError(GovstatsError):
    """A bulletin file cannot be read or parsed."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{self.path}: {self.reason}")


class ParameterError(GovstatsError):
    """A command or notebook parameter is invalid (quarter 2025Q5, unknown region)."""
