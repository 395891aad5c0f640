"""What reading left out becomes a warning check (issue 22.11, 22.3): an announced annex that is
in the file but yields no row, an attachment of a bulletin folder that cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "咸阳市" / "2025Q1" / "xianyang-2025q1.txt"
NM_HEADING = "咸阳市2025年第一季度政务新媒体检查结果"


def _load(tmp_path: Path, text: str, name: str = "xianyang-2025q1.txt"):
    from govstats.bulletin import load_bulletin

    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return load_bulletin(p)


def _warnings(b, check: str) -> list[str]:
    c = b.checks
    rows = c[c["check"] == check]
    assert set(rows["severity"]) <= {"warning"}
    return list(rows["message"])


def _run_together(text: str) -> str:
    """The new-media annex as LibreOffice gives a .doc table it could not keep: the heading, then
    each row's cells run together into one paragraph (no cell separators)."""
    head, _, table = text.rpartition(NM_HEADING + "\n")  # the heading, not the announcement
    cells = [ln.strip().rstrip("|").strip() for ln in table.split("\n")]
    cells = [c for c in cells if c and c != "扫一扫在手机打开当前页"]
    rows = [cells[i : i + 7] for i in range(0, len(cells), 7)]
    return head + NM_HEADING + "\n" + "\n".join("".join(r) for r in rows) + "\n"


def test_announced_annex_present_but_unread_is_a_warning_naming_it(tmp_path):
    b = _load(tmp_path, _run_together(SEED.read_text(encoding="utf-8")))
    assert len(b.new_media) == 0 and len(b.websites) == 5  # the website annex is still read
    msgs = _warnings(b, "annex_announced_unread")
    assert len(msgs) == 1, msgs
    assert "附件2" in msgs[0] and NM_HEADING in msgs[0] and "政务新媒体" in msgs[0]


def test_announced_annex_cut_from_the_text_is_silent(tmp_path):
    """Most corpus texts stop before their annexes ([...]): announced, not in the file, no alarm."""
    text = SEED.read_text(encoding="utf-8")
    cut = text[: text.index("咸阳市2025年第一季度政府网站检查结果\n序号")] + "[...]\n"
    b = _load(tmp_path, cut)
    assert len(b.new_media) == 0 and len(b.websites) == 0
    assert _warnings(b, "annex_announced_unread") == []


def test_read_annexes_and_no_annexes_are_silent(tmp_path):
    assert _warnings(_load(tmp_path, SEED.read_text(encoding="utf-8")), "annex_announced_unread") == []
    no_annex = SEED.read_text(encoding="utf-8").split("附件:1.")[0]
    assert _warnings(_load(tmp_path, no_annex, "other.txt"), "annex_announced_unread") == []


@pytest.mark.parametrize("title", ["2020年第三季度市政府网站信息采用情况排名表", "政务新媒体检查得分统计表"])
def test_annexes_that_list_no_sites_or_accounts_are_not_expected_to_give_rows(tmp_path, title):
    """A ranking or a score sheet is not a list of problem sites: it yields no rows by design."""
    text = f"关于检查情况的通报\n现将情况通报如下。\n附件1:{title}\n某某办公室\n2020年10月12日\n附件1\n{title}\n排名 |\n单位 |\n1 |\n甲 |\n"
    assert _warnings(_load(tmp_path, text, "rank.txt"), "annex_announced_unread") == []


def test_unreadable_attachment_keeps_the_folder_and_is_named(tmp_path):
    """A folder (page + attachments) lost everything when one attachment failed; now the page and
    the good annexes are read and a warning names the failed file."""
    from govstats.bulletin import load_bulletin

    text = SEED.read_text(encoding="utf-8")
    unit = tmp_path / "xianyang-2025q1"
    unit.mkdir()
    (unit / "page.txt").write_text(text, encoding="utf-8")
    (unit / "附件3.xlsx").write_bytes(b"PK\x03\x04 this is no workbook")
    b = load_bulletin(unit)
    assert len(b.new_media) == 10 and len(b.websites) == 5
    msgs = _warnings(b, "attachment_unreadable")
    assert len(msgs) == 1 and "附件3.xlsx" in msgs[0], msgs
