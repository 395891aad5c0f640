"""Error lines stay one line whatever a file name holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st


@given(st.text())
def test_one_line_has_no_line_break_or_control_character(s):
    from govstats.errors import one_line

    out = one_line(s)
    assert len(out.splitlines()) <= 1
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or c in "\u2028\u2029" for c in out)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cf", "Cs"))))
def test_one_line_leaves_printable_text_alone(s):
    from govstats.errors import one_line

    assert one_line(s) == s


def test_bulletin_error_escapes_the_file_name():
    from govstats.errors import BulletinError

    e = BulletinError("a\nb\x1b[2J.txt", "bad\nthing")
    assert str(e) == "a\\nb\\x1b[2J.txt: bad thing"
