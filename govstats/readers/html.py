"""Reader for a bulletin's HTML page: the article's text plus its <table> annexes.

Navigation, headers, footers, scripts and link lists are dropped: the article is the
element holding most of the page's non-link text.
"""

from __future__ import annotations

import re
from pathlib import Path

from govstats.errors import BulletinError
from govstats.readers.base import Grid, RawBulletin, read_bytes, sha256_of
from govstats.readers.flattext import with_line_shapes
from govstats.readers.limits import MAX_EXPANDED_CELLS, MAX_HTML_ELEMENTS, MAX_SPAN, too_many_cells
from govstats.textnorm import clean_cell, decode_bytes

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select", "button")
_BOILERPLATE = re.compile(r"(^|[-_ ])(nav|menu|footer|header|breadcrumb|crumb|sidebar|share|topbar|bottom|copyright|links?)([-_ ]|$)", re.I)
_BLOCK = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
    "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "body",
}
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


def _decode_html(data: bytes, path: str) -> str:
    m = _CHARSET.search(data[:4096])
    if m:
        enc = m.group(1).decode("ascii").lower()
        enc = "gb18030" if enc in ("gb2312", "gbk", "gb18030") else enc
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(data, path)


def read_html(path: Path) -> RawBulletin:
    """Read an HTML bulletin page."""

    data = read_bytes(path)
    source = _decode_html(data, str(path))
    doc = _parse(path, source)
    title_hint = _title_hint(doc)
    for el in list(doc.iter(*_DROP_TAGS)):
        _drop(el)
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
        if el.tag not in ("html", "body") and _BOILERPLATE.search(attrs):
            _drop(el)
    body = doc.find("body")
    body = body if body is not None else doc
    # Annex tables may sit outside the article's element: take them from the whole page
    # (layout tables that contain other tables are skipped), then read the article's text.
    budget = [MAX_EXPANDED_CELLS]
    try:
        grids = [_grid(t, budget) for t in body.iter("table") if not list(t.iter("table"))[1:]]
    except _TooLarge:
        raise BulletinError(
            path, f"tables expand past {MAX_EXPANDED_CELLS:,} cells through colspan/rowspan; not a bulletin page"
        ) from None
    grids = [g for g in grids if g.header and g.rows]
    for t in [t for t in body.iter("table") if not list(t.iter("table"))[1:]]:
        _drop(t)
    text = _text(_article(body))
    text, grids = with_line_shapes(text, grids)
    if not text.strip() and not grids:
        raise BulletinError(path, "HTML page has no text or tables")
    return RawBulletin(path=str(path), format="html", text=text, grids=grids, title_hint=title_hint, sha256=sha256_of(data))


def _parse(path: Path, source: str):
    """The page parsed as lxml.html.document_fromstring parses it, elements counted as they arrive.

    lxml.html's own parser, fed in pieces through a pull parser: a page of 1.7M empty <p> (5 MB)
    built a 400 MB tree that the walks below then took 18 s over; the read stops at
    MAX_HTML_ELEMENTS instead (a real bulletin page holds a few thousand).
    """
    import lxml.html
    from lxml import etree

    parser = etree.HTMLPullParser(events=("start",))
    parser.set_element_class_lookup(lxml.html.HtmlElementClassLookup())
    n = 0
    try:
        for i in range(0, len(source), 1 << 18):
            parser.feed(source[i:i + (1 << 18)])
            n += sum(1 for _ in parser.read_events())
            if n > MAX_HTML_ELEMENTS:
                raise too_many_cells(path, MAX_HTML_ELEMENTS, "HTML elements")
        doc = parser.close()
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise BulletinError(path, f"not a readable HTML page ({exc})") from None
    if doc is None:
        raise BulletinError(path, "not a readable HTML page (Document is empty)")
    return doc


def _drop(el) -> None:
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


def _title_hint(doc) -> str | None:
    for tag in ("h1", "title"):
        el = doc.find(f".//{tag}")
        if el is not None:
            t = " ".join(el.text_content().split())
            if t:
                return t
    return None


def _own_text_len(el) -> int:
    """Length of text in el that is not inside links (link lists are navigation)."""
    total = len("".join(el.itertext()).strip())
    links = sum(len("".join(a.itertext()).strip()) for a in el.iter("a"))
    return total - 2 * links


def _article(root):
    """The smallest element holding at least 80 % of the best-scoring element's text."""
    best, best_score = root, _own_text_len(root)
    candidates = [el for el in root.iter("div", "article", "section", "td", "main") if isinstance(el.tag, str)]
    scored = [(el, _own_text_len(el)) for el in candidates]
    top = max([best_score] + [s for _, s in scored])
    if top <= 0:
        return root
    fitting = [(el, s) for el, s in scored if s >= 0.8 * top]
    if fitting:
        best = min(fitting, key=lambda es: len("".join(es[0].itertext())))[0]
    return best


def _text(root) -> str:
    """Text with a line break at every block element (lxml's text_content() loses them)."""
    parts: list[str] = []

    def walk(el) -> None:
        if not isinstance(el.tag, str):
            if el.tail:
                parts.append(el.tail)
            return
        block = el.tag in _BLOCK
        if block:
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = [" ".join(ln.split()) for ln in "".join(parts).split("\n")]
    return "\n".join(ln for ln in lines if ln)


class _TooLarge(Exception):
    """A page's tables expand past MAX_EXPANDED_CELLS."""


def _grid(table, budget: list[int]) -> Grid:
    """Cell grid of a <table>, expanding colspan/rowspan; the first row with text is the header.

    A leading row that spans the whole table is its title (常见: 附件标题 merged across).
    Spans are capped (MAX_SPAN columns, the rows left in the table) and every expanded cell
    counts against budget[0], shared by the page's tables: raises _TooLarge when it runs out,
    so a page of huge spans fails in milliseconds instead of allocating gigabytes.
    """
    rows: list[list[str | None]] = []
    pending: dict[int, tuple[str | None, int]] = {}  # column -> (text, rows left) from rowspans
    trs = list(table.iter("tr"))
    for i_tr, tr in enumerate(trs):
        rows_left = len(trs) - i_tr
        row: list[str | None] = []
        col = 0
        cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
        for cell in cells:
            while col in pending:
                row.append(_take(pending, col))
                col += 1
            text = clean_cell(" ".join("".join(cell.itertext()).split()))
            span = _int(cell.get("colspan"))
            rspan = min(_int(cell.get("rowspan")), rows_left)
            budget[0] -= span * rspan
            if budget[0] < 0:
                raise _TooLarge
            for k in range(span):
                row.append(text if k == 0 else None)
                if rspan > 1:
                    pending[col] = (text if k == 0 else None, rspan - 1)
                col += 1
        while col in pending:
            row.append(_take(pending, col))
            col += 1
        budget[0] -= 1  # an empty <tr> costs too, so a million of them cannot run on for free
        if any(row):
            rows.append(row)
    title = None
    if rows and sum(1 for c in rows[0] if c) == 1 and len(rows) > 1 and len(rows[0]) >= 1:
        width = max(len(r) for r in rows)
        if len(rows[0]) == 1 or width > 1:
            title = next(c for c in rows[0] if c)
            rows = rows[1:]
    if not rows:
        return Grid(title=title, header=[], rows=[])
    header = [c or "" for c in rows[0]]
    if title is None:
        cap = table.find("caption")
        title = clean_cell(cap.text_content()) if cap is not None else _preceding_title(table)
    return Grid(title=title, header=header, rows=rows[1:])


def _take(pending: dict[int, tuple[str | None, int]], col: int) -> str | None:
    text, left = pending[col]
    if left <= 1:
        del pending[col]
    else:
        pending[col] = (text, left - 1)
    return text


def _int(v: str | None) -> int:
    try:
        return max(1, min(int(v or 1), MAX_SPAN))
    except ValueError:
        return 1


def _preceding_title(table) -> str | None:
    """The short text line just before a table (附件 titles usually sit there)."""
    prev = table.getprevious()
    steps = 0
    while prev is not None and steps < 3:
        t = " ".join("".join(prev.itertext()).split()) if isinstance(prev.tag, str) else ""
        if t:
            return t if len(t) <= 60 else None
        prev = prev.getprevious()
        steps += 1
    return None
