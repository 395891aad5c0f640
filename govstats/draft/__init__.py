"""Draft the next bulletin from the tables, consistent by construction.

    from govstats.draft import draft_from_processed
    paths = draft_from_processed("咸阳市", "2025Q1", "data/processed", "reports/drafts")

The inputs are the processed tables (or a filled results workbook, see `workbook`); every
rate is recomputed from counts (model), the text is composed once (compose) and written as
.docx, Markdown and HTML (render). Heavy imports (python-docx, openpyxl, pandas) happen inside
the functions that use them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from govstats.draft.model import DraftInput, from_tables

__all__ = ["DraftInput", "draft_from_input", "draft_from_processed"]


def draft_from_input(d: DraftInput, out_dir: str | Path, issue_date: dt.date | None = None,
                     addressees: str | None = None, issuer: str | None = None) -> dict[str, Path]:
    """Compose and write the draft of one DraftInput; returns {"docx"|"md"|"html": path}."""
    from govstats.draft.compose import compose
    from govstats.draft.render import write_draft

    draft = compose(d, issue_date or dt.date.today(), addressees=addressees, issuer=issuer)
    return write_draft(draft, Path(out_dir), f"{d.region}-{d.quarter}-draft")


def draft_from_processed(region: str, quarter: str, data_dir: str | Path | None, out_dir: str | Path,
                         issue_date: dt.date | None = None, addressees: str | None = None,
                         issuer: str | None = None) -> tuple[DraftInput, dict[str, Path]]:
    """Draft region/quarter from the processed tables in data_dir (previous quarter compared if there)."""
    from govstats.store import read_tables

    d = from_tables(read_tables(data_dir), region, quarter)
    return d, draft_from_input(d, out_dir, issue_date, addressees, issuer)
