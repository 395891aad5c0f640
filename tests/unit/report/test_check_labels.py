"""Every check name govstats.checks can emit has a Chinese label, so reports never show an English id."""

from __future__ import annotations

import re
from pathlib import Path

import govstats.checks as checks
from govstats.report.labels import MEASURE_LABELS_ZH


def _emitted_names() -> set[str]:
    """Check names as written in checks.py, with {ch}/{key}/{part}/{kind} expanded."""
    src = Path(checks.__file__).read_text(encoding="utf-8")
    names = set(re.findall(r'Check\(\s*f?"([a-z_{}\'"? =]+?)"', src))
    names |= set(re.findall(r'_annex_count\(\s*"([a-z_]+)"', src))
    names |= {f"named_in_annex_{k}" for k in ("newmedia", "websites")}
    out = set()
    parts = ("unqualified", "qualified", "with_problems", "prominent_problems", "unrectified")
    for n in names:
        for ch in ("website", "newmedia"):
            for key in (f"{ch}_pass_rate", f"{ch}_coverage_rate"):
                for part in parts:
                    m = n.replace("{ch}", ch).replace("{key}", key).replace("{part}", part)
                    m = m.replace("{'checked' if checked is not None else 'total'}", "checked")
                    if "{" not in m:
                        out.add(m)
    out |= {f"{ch}_{p}_le_{w}" for ch in ("website", "newmedia") for p in parts for w in ("total", "checked")}
    return {n for n in out if "{" not in n and "kind" not in n}


def test_every_check_name_has_a_chinese_label() -> None:
    names = _emitted_names()
    assert "figures_not_attributed" in names and "website_pass_rate_range" in names
    missing = sorted(n for n in names if n not in MEASURE_LABELS_ZH)
    assert not missing


def test_labels_are_chinese() -> None:
    assert all(re.search(r"[\u4e00-\u9fff]", v) for v in MEASURE_LABELS_ZH.values())


def test_annex_notes_have_chinese_labels() -> None:
    """The annex notes of govstats.assemble and the readers (issue 18: labels on pages, ledger and notes)."""
    src = (Path(checks.__file__).parent / "assemble.py").read_text(encoding="utf-8")
    src += (Path(checks.__file__).parent / "parse" / "annex.py").read_text(encoding="utf-8")
    names = set(re.findall(r'_note\(\s*"([a-z_]+)"', src)) | set(re.findall(r'\(\s*"(annex_[a-z_]+)"', src))
    names |= {f"{t}_{k}" for t in ("websites", "new_media") for k in ("seq_unique", "region")}
    names |= {f"{k}_vocabulary" for k in ("platform", "result", "rectification")}
    assert {"annex_table_cut", "annex_unknown_columns"} <= names
    assert not sorted(n for n in names if n not in MEASURE_LABELS_ZH)


def test_notes_on_pages_are_chinese() -> None:
    from govstats.report.labels import check_label, note_zh

    assert note_zh("annex_table_cut", "annex websites: table cut after row 12") == "附件表格不完整（截断）"
    assert note_zh("newmedia_pass_rate", "无法核验：通报未给出检查数").startswith("政务新媒体合格率：无法核验")
    assert check_label("some_new_check").startswith("其他核验")
