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
from typing import TYPE_CHECKING

from govstats.draft.model import DraftInput, from_tables

if TYPE_CHECKING:
    from govstats.draft.office import Office

__all__ = ["DraftInput", "draft_from_input", "draft_from_processed"]


def draft_from_input(d: DraftInput, out_dir: str | Path, issue_date: dt.date | None = None,
                     addressees: str | None = None, issuer: str | None = None, *, office: Office | None = None,
                     deadline: dt.date | None = None, review: bool = True, pdf: bool = False) -> dict[str, Path]:
    """Compose and write the draft of one DraftInput; returns {"docx"|"md"|"html"[|"review_docx"|
    "review_html"|"pdf"]: path}.

    The review copies (stem-review.docx/.html) are written when the draft prints a figure differently
    from its source, leaves one out or copies one unchecked: they carry a note at each such figure.
    pdf=True converts the .docx with LibreOffice (render.docx_to_pdf). The file stem is built from the
    region and quarter through paths.safe_component, so no data can steer it out of out_dir.
    """
    from govstats.draft.compose import compose
    from govstats.draft.render import write_draft
    from govstats.paths import safe_component

    draft = compose(d, issue_date or dt.date.today(), addressees=addressees, issuer=issuer, office=office,
                    deadline=deadline)
    stem = safe_component(f"{d.region}-{d.quarter}-draft")
    return write_draft(draft, Path(out_dir), stem, review=review, pdf=pdf)


def draft_from_processed(region: str, quarter: str, data_dir: str | Path | None, out_dir: str | Path,
                         issue_date: dt.date | None = None, addressees: str | None = None,
                         issuer: str | None = None, **options) -> tuple[DraftInput, dict[str, Path]]:
    """Draft region/quarter from the processed tables in data_dir (previous quarter compared if there);
    options as for draft_from_input."""
    from govstats.store import read_tables

    d = from_tables(read_tables(data_dir), region, quarter)
    return d, draft_from_input(d, out_dir, issue_date, addressees, issuer, **options)
