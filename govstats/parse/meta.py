"""Bulletin metadata: title, document number, issuer, dates, period and region.

Each field is read from where bulletins put it (the signature block, the page header, the
title, annex titles) and left null when the text does not say it: a guess is worse than a gap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from govstats.textnorm import NormText, cn_to_int

_CN_Q = "一二三四1234"
_YEAR_QUARTER = re.compile(rf"((?:19|20)\d{{2}})\s*年\s*(?:度)?\s*(?:第)?([{_CN_Q}])\s*季度")
_QUARTER_ONLY = re.compile(rf"(?:第)?([{_CN_Q}])\s*季度")
_YEAR_MONTH_TITLE = re.compile(r"((?:19|20)\d{2})\s*年\s*(1[0-2]|0?[1-9]|[一二三四五六七八九十]{1,2})\s*月份?")
_DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_PAGE_DATE = re.compile(r"(?<!归档)(?:发布时间|发布日期|发文日期|成文日期|生成日期|日期|时间)\s*[::]\s*")
_LEADING_DATETIME = re.compile(r"^((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\s+\d{1,2}:\d{2}")
_YEAR_ORDINAL = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:度)?\s*第[一二三四五六七八九十\d]{1,3}次")
_YEAR_MONTH_BODY = re.compile(
    r"((?:19|20)\d{2})\s*年\s*(1[0-2]|0?[1-9])\s*月份?(?!\s*\d{1,2}\s*日)[^。,;]{0,24}(?:检查|抽查|监管|自查|监测)"
)
_TITLE_NOISE = re.compile(r"位置|首页|>|»|当前|/|\|")
_TITLE_PREFIX = re.compile(r"^(?:[•·●\-\s]+|\d{1,2}[.、]\s*|标题\s*[::]|名\s*称\s*[::])+")
_ISSUER_IN_TITLE = re.compile(r"^(.{4,40}?(?:办公室|办公厅|政府|局|委员会|中心|小组))关于")
_DOC_NO = re.compile(r"^[\u4e00-\u9fff]{1,10}[〔\[(﹝【]\s*(?:19|20)\d{2}\s*[〕\])﹞】]\s*\d{1,4}\s*号$")
_ORG_SUFFIX = re.compile(r"(办公室|办公厅|政府|局|委员会|委|中心|小组|办|厅|部)$")
_TITLE_WORDS = re.compile(r"通报|情况|报告|函")
_SOURCE = re.compile(r"(?:来源|发布机构|信息来源|发文机关|发布单位)\s*[::]\s*([^\s::]{3,30})")
_DEADLINE = re.compile(r"(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:之前|前)")


@dataclass
class Meta:
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issue_date: dt.date | None = None
    year: int | None = None
    quarter: int | None = None
    month: int | None = None
    feedback_deadline: dt.date | None = None

    @property
    def period(self) -> str | None:
        if self.year and self.quarter:
            return f"{self.year}Q{self.quarter}"
        if self.year and self.month:
            return f"{self.year}M{self.month:02d}"
        return str(self.year) if self.year else None


def _date(y: str | int, m: str | int, d: str | int) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def find_title(lines: list[str], hint: str | None) -> str | None:
    """The bulletin's title: an HTML title hint, else an early line that reads like one.

    A title split over two lines (…关于2023年第二季度 / 全市…情况的通报) is joined.
    """
    candidates = ([hint] if hint else []) + lines[:25]
    for k, raw in enumerate(candidates):
        c = _TITLE_PREFIX.sub("", raw.strip())
        if not (8 <= len(c) <= 90 and _TITLE_WORDS.search(c) and re.search(r"网站|新媒体", c)):
            continue
        if _TITLE_NOISE.search(c) or re.match(r"^[(（]?[一二三四五六七八九十\d]+[)）、.]", c):
            continue
        if c.endswith((":", "：", "。", ",", "，")) or c.startswith(("各", "根据", "按照", "为", "现将")):
            continue
        prev = candidates[k - 1].strip() if k > 0 else ""
        if prev and "关于" in prev and not re.search(r"通报|[。:：,，]$", prev) and len(prev) + len(c) <= 90:
            c = _TITLE_PREFIX.sub("", prev) + c
        return re.sub(r"\s+", "", c)
    return None


def issuer_from_title(title: str | None) -> str | None:
    """'宝鸡市人民政府办公室关于…的通报' -> '宝鸡市人民政府办公室'."""
    m = _ISSUER_IN_TITLE.match(title or "")
    return m.group(1) if m else None


def find_signature(lines: list[str]) -> tuple[str | None, dt.date | None]:
    """(issuer, date) from a signature block: an org line followed by a date line."""
    for i in range(len(lines) - 1, 0, -1):
        m = _DATE_CN.fullmatch(lines[i])
        if not m:
            continue
        prev = re.sub(r"\s+", "", lines[i - 1])
        issuer = prev if len(prev) <= 40 and _ORG_SUFFIX.search(prev) else None
        return issuer, _date(*m.groups())
    return None, None


def find_page_date(text: str) -> dt.date | None:
    """A page-header date (发布时间: 2022-05-23 16:07)."""
    for m in _PAGE_DATE.finditer(text[:3000]):
        tail = text[m.end() : m.end() + 30]
        d = _DATE_ISO.match(tail) or _DATE_CN.match(tail)
        if d:
            return _date(*d.groups())
    for ln in _lines(text[:3000])[:20]:
        d = _LEADING_DATETIME.match(ln)
        if d:
            return _date(*d.groups())
    return None


def find_period(titles: list[str], body: str, issue_date: dt.date | None) -> tuple[int | None, int | None, int | None]:
    """(year, quarter, month) of the inspection period, from the titles first, then the body.

    A year is only taken from the same phrase as the quarter or month (2025年第一季度), or
    from the issue date; never from another year the text happens to mention.
    """
    sources = [*titles, body]
    for s in sources:
        m = _YEAR_QUARTER.search(s)
        if m:
            return int(m.group(1)), _quarter(m.group(2)), None
    for s in titles:
        m = _YEAR_MONTH_TITLE.search(s)
        if m and re.search(r"检查|抽查|监管|通报|自查|报告|情况", s):
            month = int(m.group(2)) if m.group(2).isdigit() else cn_to_int(m.group(2))
            if month and 1 <= month <= 12:
                return int(m.group(1)), None, month
    for s in sources:
        m = _QUARTER_ONLY.search(s)
        if m:
            q = _quarter(m.group(1))
            return _year_from_issue(q, issue_date), q, None
    m = _YEAR_MONTH_BODY.search(body)
    if m:
        return int(m.group(1)), None, int(m.group(2))
    for s in sources:
        m = _YEAR_ORDINAL.search(s)
        if m:
            return int(m.group(1)), None, None
    return None, None, None


def _quarter(ch: str) -> int:
    return int(ch) if ch.isdigit() else "一二三四".index(ch) + 1


def _year_from_issue(q: int, issue_date: dt.date | None) -> int | None:
    if issue_date is None:
        return None
    # a Q4 bulletin is often issued in the first months of the next year
    return issue_date.year - 1 if q == 4 and issue_date.month <= 3 else issue_date.year


def find_feedback_deadline(text: str, issue_date: dt.date | None) -> dt.date | None:
    """The date by which units must report rectification in writing (于2025年2月28日前…书面报…)."""
    for sent in re.split(r"[。\n]", text):
        if not (re.search(r"整改", sent) and re.search(r"报|反馈|提交|报送", sent)):
            continue
        m = _DEADLINE.search(sent)
        if not m:
            continue
        y, mo, d = m.groups()
        if y is None:
            if issue_date is None:
                continue
            y = issue_date.year + (1 if int(mo) < issue_date.month - 6 else 0)
        return _date(y, mo, d)
    return None


def find_doc_number(lines: list[str]) -> str | None:
    for ln in lines[:30]:
        s = re.sub(r"\s+", "", ln)
        if _DOC_NO.match(s):
            return s
    return None


def parse_meta(nt: NormText, title_hint: str | None = None, table_titles: list[str] | None = None) -> Meta:
    """Read the metadata of a bulletin from its normalized body text and annex titles."""
    text = nt.text
    lines = _lines(text)
    meta = Meta()
    meta.title = find_title(lines, title_hint)
    meta.doc_number = find_doc_number(lines)
    meta.issuer, meta.issue_date = find_signature(lines)
    if meta.issue_date is None:
        meta.issue_date = find_page_date(text)
    if meta.issuer is None:
        meta.issuer = issuer_from_title(meta.title) or issuer_from_title(title_hint)
    if meta.issuer is None:
        m = _SOURCE.search(text[:3000])
        if m and _ORG_SUFFIX.search(m.group(1)):
            meta.issuer = m.group(1)
    titles = [s for s in [meta.title, title_hint, *(table_titles or [])] if s]
    meta.year, meta.quarter, meta.month = find_period(titles, text[:2000], meta.issue_date)
    meta.feedback_deadline = find_feedback_deadline(text, meta.issue_date)
    return meta
