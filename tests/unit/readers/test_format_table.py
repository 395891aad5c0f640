"""Issue 21 item 4: one table from suffix and magic bytes to reader (govstats.readers.FORMATS)."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest

from govstats.errors import BulletinError
from govstats.readers import (
    ANNEX_SUFFIXES,
    BULLETIN_SUFFIXES,
    FORMATS,
    format_of_suffix,
    read_raw,
    sniff_format,
)

ROOT = Path(__file__).resolve().parents[3]
FORMATS_DIR = ROOT / "tests" / "data" / "formats"


def test_every_format_names_an_existing_reader_and_unique_suffixes() -> None:
    seen: set[str] = set()
    for f in FORMATS:
        module, func = f.reader.split(":")
        assert callable(getattr(importlib.import_module(module), func)), f.reader
        assert f.role in ("body", "annex")
        assert not seen & set(f.suffixes), f"{f.name}: a suffix is claimed twice"
        seen |= set(f.suffixes)
        assert f.converts_to is None or format_of_suffix(f".{f.converts_to}") is not None
    assert seen == BULLETIN_SUFFIXES
    assert {".doc", ".wps", ".et", ".xls", ".pdf", ".docx", ".xlsx"} <= ANNEX_SUFFIXES
    assert ".txt" not in ANNEX_SUFFIXES and ".html" not in ANNEX_SUFFIXES


@pytest.mark.parametrize(("source", "expected"), [
    ("seed.docx", "docx"), ("seed.pdf", "pdf"), ("folder/page.html", "html"), ("folder/附件1.xls", None),
])
def test_files_without_a_suffix_are_recognised_by_their_bytes(tmp_path: Path, source: str, expected: str | None) -> None:
    """The same reader reads a renamed file (downloads often lose their suffix), and gives the
    same tables as under its own name; OLE2 files must say which legacy format they are."""
    p = tmp_path / "download"
    shutil.copyfile(FORMATS_DIR / source, p)
    if expected is None:
        with pytest.raises(BulletinError, match="legacy Office file without a suffix"):
            sniff_format(p)
        return
    assert sniff_format(p).name == expected
    assert [g.rows for g in read_raw(p).grids] == [g.rows for g in read_raw(FORMATS_DIR / source).grids]


def test_suffix_decides_over_content_and_is_case_blind(tmp_path: Path) -> None:
    p = tmp_path / "SEED.PDF"
    shutil.copyfile(FORMATS_DIR / "seed.pdf", p)
    assert sniff_format(p).name == "pdf"
    q = tmp_path / "notes"
    q.write_text("咸阳市政府网站检查情况通报\n共检查网站5个。", encoding="utf-8")
    assert sniff_format(q).name == "text"


def test_legacy_formats_take_their_conversion_target_from_the_table() -> None:
    assert {f.name: f.converts_to for f in FORMATS if f.converts_to} == {"doc": "docx", "wps": "docx", "et": "xlsx"}
