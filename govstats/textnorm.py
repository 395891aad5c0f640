"""Text decoding and normalization shared by every reader and parser.

Real bulletins arrive in UTF-8, UTF-8 with BOM or GB18030; in traditional characters; with
pinyin glosses inside words (網(wǎng)站), full-width digits and stray spaces. Parsers work
on a normalized copy (NFKC, simplified, glosses removed) and map every match back to the
original characters through an offset table, so provenance always quotes the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from govstats.errors import BulletinError

# A pinyin gloss: a parenthesised run of latin letters with at least one tone mark,
# written right after a CJK character: 網(wǎng)站, 個(gè).
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-z{_TONED}]*[{_TONED}][a-z{_TONED}]*[)）]")
# A thousands separator inside a number (1,234个): dropped so the number reads as one.
_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}(?!\d))")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NON_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a text file's bytes: BOM, then strict UTF-8, then GB18030 (which covers GBK).

    Raises BulletinError when the bytes are not text in any of these encodings.
    """
    if not data.strip():
        raise BulletinError(path, "file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BulletinError(path, "binary data, not a text bulletin")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as exc:
                raise BulletinError(path, f"invalid {enc} text at byte {exc.start}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_like_text(text):
        return text
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _looks_like_text(text):
            return text
    raise BulletinError(path, "not text in UTF-8, GB18030/GBK or another known encoding")


def _looks_like_text(text: str) -> bool:
    """Reject decodings that are mostly control characters (binary junk decoded by luck)."""
    sample = text[:20_000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\r\n\t\f")
    return bad / len(sample) < 0.01


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Characters OpenCC would "simplify" although they are already simplified in place names
# (乾县 in 咸阳 must not become 干县).
_KEEP = frozenset("乾")


def _t2s_keep(text: str) -> str:
    conv = _t2s().convert(text)
    if len(conv) != len(text):  # a phrase changed length: convert char by char instead
        conv = "".join(c2 if len(c2 := _t2s().convert(c)) == 1 else c for c in text)
    if _KEEP.isdisjoint(text):
        return conv
    return "".join(a if a in _KEEP else b for a, b in zip(text, conv))


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Every CJK character that OpenCC t2s changes on its own, 乾 excepted (built once, ~50 ms).

    Converting each character separately (newline-separated, so no phrase forms) gives a
    set lookup for script detection instead of an OpenCC call per text.
    """
    chars = [chr(c) for c in range(0x3400, 0xA000)]  # CJK extension A and the unified block
    conv = _t2s().convert("\n".join(chars)).split("\n")
    return frozenset(a for a, b in zip(chars, conv) if a != b and a not in _KEEP)


def t2s(text: str) -> str:
    """Traditional -> simplified whatever the script detection says (cells, names, phrases).

    Keeps 乾 (乾县); makes no OpenCC call when the text holds no character that would change.
    """
    if not text or text.isascii() or (max(text) <= "\u9fff" and _traditional_chars().isdisjoint(text)):
        return text
    return _t2s_keep(text)


def is_traditional(text: str) -> bool:
    """True when CJK characters change under traditional-to-simplified conversion.

    Long texts need a few changed characters (a stray variant is not a traditional text);
    a short cell or name needs only one.
    """
    # the CJK characters of the first 20,000, up to 800 (enough to decide); one C-level sub
    # instead of a findall that builds a string per character
    sample = _NON_CJK.sub("", text[:20_000])[:800]
    if not sample:
        return False
    trad = _traditional_chars()
    changed = 0 if trad.isdisjoint(sample) else sum(1 for c in sample if c in trad)
    if len(sample) < 20:
        return changed >= 1
    return changed >= 3 and changed / len(sample) >= 0.02


@dataclass(frozen=True)
class NormText:
    """A normalized copy of a text with a map from each normalized char to the original."""

    text: str
    original: str
    offsets: Sequence[int]  # offsets[i] = index in original of normalized char i; len = len(text)+1
    traditional: bool

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of normalized [start, end)."""
        s = self.offsets[start]
        e = self.offsets[end - 1] + 1 if end > start else s
        return s, e

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.span(start, end)
        return self.original[s:e]


_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]{0,10}(?:\s[^<>\n]{0,200})?/?>|&(?:nbsp|ensp|emsp|#160|#12288);")


def normalize(original: str) -> NormText:
    """NFKC, strip pinyin glosses, thousands separators and stray inline markup, convert traditional to simplified.

    Keeps an offset map so every match can be quoted in the original characters.
    """
    traditional = is_traditional(original)
    # a gloss needs a parenthesis, a thousands separator a comma: skip the scans without one
    glosses = list(_GLOSS.finditer(original)) if ("(" in original or "（" in original) else []
    if "," in original or "，" in original:
        glosses += _THOUSANDS.finditer(original)
    if "<" in original or "&" in original:
        # stray inline markup and space entities of a copied web page (<span>35</span>家, &nbsp;120&nbsp;个)
        glosses += _MARKUP.finditer(original)
    if not glosses and unicodedata.is_normalized("NFKC", original):
        # fast path (most bulletins): nothing changes length, offsets are the identity
        text = original
        offs: list[int] | range = range(len(original) + 1)
    else:
        keep = bytearray(b"\x01") * len(original)
        for m in glosses:
            keep[m.start() : m.end()] = b"\x00" * (m.end() - m.start())
        chars: list[str] = []
        offs = []
        for i, ch in enumerate(original):
            if not keep[i]:
                continue
            n = ch if ord(ch) < 128 else unicodedata.normalize("NFKC", ch)
            for c in n:
                chars.append(c)
                offs.append(i)
        offs.append(len(original))
        text = "".join(chars)
    if traditional:
        text = _t2s_keep(text)
    # a range (identity) stays a range: no per-character tuple for the common case
    return NormText(text=text, original=original, offsets=offs if isinstance(offs, range) else tuple(offs),
                    traditional=traditional)


def strip_glosses(text: str) -> str:
    """Remove pinyin glosses (網(wǎng)站 -> 網站) but keep the characters as written."""
    return _GLOSS.sub("", text)


def to_simplified(text: str) -> str:
    """Normalize a short string (a cell, a name) the same way as bulletin text.

    Short strings are memoized: annex cells and unit names repeat across rows and bulletins
    (已整改, 微信公众号, header cells), and each call otherwise pays for NFKC plus OpenCC.
    """
    if not text:
        return text
    return _to_simplified_short(text) if len(text) <= _MEMO_LEN else normalize(text).text


_MEMO_LEN = 200  # longer strings (whole texts) are not worth keeping in a cache


@lru_cache(maxsize=65536)
def _to_simplified_short(text: str) -> str:
    return normalize(text).text


_SPACE_IN_CJK = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


_SPACES = re.compile(r"\s+")
#: Bidi controls (LRE..RLO, LRI..PDI, LRM/RLM/ALM) and zero-width characters (ZWSP, ZWNJ, ZWJ, word
#: joiner, BOM): invisible, yet an RLO shows a name reversed on a page and a ZWSP makes two equal
#: names differ (issue 22.9). Every annex cell passes through clean_cell, so names lose them here.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]")


def clean_cell(text: str | None) -> str | None:
    """Trim a table cell, drop spaces between CJK chars (咸阳市公安局 交警支队) and invisible
    bidi/zero-width characters; empty -> None."""
    if text is None:
        return None
    text = str(text)
    return _clean_cell_short(text) if len(text) <= _MEMO_LEN else _clean_cell(text)


def _clean_cell(text: str) -> str | None:
    # Already clean (most cells): no whitespace at all (every whitespace character other than
    # " " is non-printable) and NFKC-normal, so none of the steps below would change it.
    if text.isprintable() and " " not in text and unicodedata.is_normalized("NFKC", text):
        return text or None
    s = unicodedata.normalize("NFKC", text).replace("\u3000", " ")
    s = _INVISIBLE.sub("", s)
    s = _SPACE_IN_CJK.sub("", s).strip()
    s = _SPACES.sub(" ", s)
    return s or None


_clean_cell_short = lru_cache(maxsize=65536)(_clean_cell)  # cells repeat across rows and bulletins


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral (两, 十二, 一百零三, 二〇二五) or ASCII digits to int; None if not a number."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _CN_DIGITS for c in s) and len(s) > 1:  # digit-by-digit: 二〇二五
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total, section, num = 0, 0, 0
    for c in s:
        if c in _CN_DIGITS:
            num = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            unit = _CN_UNITS[c]
            if unit == 10000:
                section = (section + num) * unit
                total += section
                section = 0
            else:
                section += (num or 1) * unit
            num = 0
        else:
            return None
    return total + section + num
