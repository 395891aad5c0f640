"""Annex tables: map a Grid's header to canonical fields and realign ragged rows by content.

A row is taken positionally only when every cell fits its column (a 10-digit 网站标识码 is
not a URL). Otherwise typed cells (sequence number, URL, site code, result, rectification)
are placed by what they hold and the remaining text cells fill the text columns in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from govstats.normalize.platform import normalize_platform, split_platform
from govstats.normalize.rectification import normalize_rectification
from govstats.normalize.result import normalize_result
from govstats.readers.base import Grid
from govstats.textnorm import clean_cell, to_simplified

# (field, header pattern) in priority order; matched on the simplified header text.
_HEADER_FIELDS: list[tuple[str, re.Pattern[str]]] = [
    (f, re.compile(p, re.IGNORECASE))
    for f, p in [
        ("seq", r"^(序号|编号|no\.?)$"),
        ("site_code", r"标识码|网站代码"),
        ("url", r"网址|网站地址|域名|url|首页地址|链接地址|访问地址"),
        ("platform_raw", r"账号类型|帐号类型|新媒体类型|媒体类型|平台类型|账号平台|所属平台|平台"),
        ("account_name", r"账号名称|帐号名称|新媒体名称|公众号名称|^账号$|^帐号$"),
        ("site_name", r"网站名称|站点名称|网站$"),
        ("operator", r"开设主体|主办单位|开办主体|开办单位|运营主体|运营单位|运维单位|责任单位|主管单位|开设单位|所属单位|单位名称|主体"),
        ("platform_raw", r"类型|渠道"),
        ("result_raw", r"检查结果|检测结果|是否合格|合格情况|结果"),
        ("rectification_raw", r"整改"),
        ("problem", r"问题|不合格原因|原因|扣分"),
        ("name", r"名称"),
    ]
]

WEBSITE_FIELDS = ("seq", "site_name", "url", "site_code", "problem", "rectification_raw")
NEW_MEDIA_FIELDS = ("seq", "account_name", "operator", "platform_raw", "result_raw", "problem", "rectification_raw")

_URL = re.compile(r"^(https?://\S+|(www\.)?[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+(/\S*)?)$", re.IGNORECASE)
_SITE_CODE = re.compile(r"^(\d{10}|bm\d{8})$", re.IGNORECASE)
_SEQ = re.compile(r"^\d{1,4}$")


@dataclass
class AnnexTable:
    """A recognized annex: its kind, rows as dicts of canonical fields, and what was not understood."""

    kind: str  # "websites" | "new_media"
    title: str | None
    rows: list[dict[str, str | None]]
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (check name, message), reported as info checks


def header_fields(header: list[str]) -> list[str | None]:
    """Canonical field of each header cell (None for a column we do not know)."""
    used: set[str] = set()
    out: list[str | None] = []
    for h in header:
        h2 = to_simplified(clean_cell(h) or "")
        found = None
        for f, pat in _HEADER_FIELDS:
            if f not in used and pat.search(h2):
                found = f
                break
        if found:
            used.add(found)
        out.append(found)
    return out


def table_kind(grid: Grid, fields: list[str | None]) -> str | None:
    """websites, new_media, or None for tables that list neither (summaries, score sheets)."""
    title = to_simplified(grid.title or "")
    if re.search(r"新媒体|公众号|账号|微博", title):
        return "new_media"
    fs = set(fields)
    if fs & {"account_name", "platform_raw", "result_raw", "operator"} and not fs & {"site_code", "url"}:
        return "new_media"
    if fs & {"site_code", "url", "site_name"}:
        return "websites"
    if "网站" in title and fs & {"name", "problem"}:
        return "websites"
    return None


def parse_grid(grid: Grid) -> AnnexTable | None:
    """Turn one Grid into an AnnexTable, or None when it is not a website/new-media list."""
    fields = header_fields(grid.header)
    kind = table_kind(grid, fields)
    if kind is None:
        return None
    name_field = "site_name" if kind == "websites" else "account_name"
    fields = [name_field if f == "name" else f for f in fields]
    if kind == "websites":
        fields = [None if f in ("account_name", "operator", "platform_raw", "result_raw") else f for f in fields]
    else:
        fields = [None if f in ("site_code", "url", "site_name") else f for f in fields]
    unknown = [h for h, f in zip(grid.header, fields) if f is None and h]
    label = grid.title or kind
    if grid.source:
        label = f"{label} ({grid.source})"
    notes = [("annex_reader_note", f"annex {label}: {n}") for n in grid.notes]
    data = [[c or None for c in cells] for cells in grid.rows if any(c for c in cells)]  # readers clean cells
    cut = _cut_row(data, len(fields))
    if cut is not None:
        data = data[:-1]
        shown = " | ".join(c for c in cut if c)
        notes.append(("annex_table_cut", f"annex {label}: table cut off mid-row after {len(data)} complete row(s); "
                                         f"the incomplete row ({shown}) was left out"))
    rows = []
    prev: dict[str, str | None] | None = None
    for cells in data:
        r = align_row(cells, fields, prev)
        if kind == "new_media":
            _platform_from_name(r)
        rows.append(r)
        prev = r
    return AnnexTable(kind=kind, title=grid.title, rows=rows, unknown_columns=unknown, notes=notes)


def _cut_row(rows: list[list[str | None]], ncols: int) -> list[str | None] | None:
    """The last row when the table was cut off inside it, else None.

    Cut: the last row fills fewer than ncols - 2 cells while every other row fills at least
    that many (ragged tables, where short rows are normal, are never cut).
    """
    if len(rows) < 2 or ncols < 4:
        return None
    need = ncols - 2
    filled = [sum(1 for c in r if c) for r in rows]
    if filled[-1] < need and min(filled[:-1]) >= need:
        return rows[-1]
    return None


def _platform_from_name(r: dict[str, str | None]) -> None:
    """Move a platform printed inside the account name into platform_raw (when that is empty)."""
    name = r.get("account_name")
    if name and not r.get("platform_raw"):
        bare, platform = split_platform(name)
        if platform:
            r["account_name"] = bare
            r["platform_raw"] = platform


def _fits(f: str | None, v: str | None) -> bool:
    if v is None or f is None:
        return True
    if f == "seq":
        return bool(_SEQ.match(v))
    if f == "url":
        return bool(_URL.match(v)) and not _SITE_CODE.match(v)
    if f == "site_code":
        return bool(_SITE_CODE.match(v))
    if f == "result_raw":
        return _is_result(v)
    return not (_SITE_CODE.match(v) or (_URL.match(v) and "." in v and f not in ("site_name", "account_name")))


def _fits_text(f: str, v: str) -> bool:
    """Whether v is recognizably a value of text field f (only platforms are recognizable)."""
    if f == "platform_raw":
        return normalize_platform(v)[0] is not None
    return False


def _is_result(v: str) -> bool:
    # only cells that say 合格/不合格 themselves: a bare 是/否 could be any yes/no column
    return len(v) <= 8 and "合格" in v and normalize_result(v) is not None


def _is_rectification(v: str) -> bool:
    return len(v) <= 30 and normalize_rectification(v) != "unknown"


# Columns whose merged cell is printed only once for several rows (one 开设主体 for many accounts).
FILL_DOWN = ("operator",)


def align_row(
    cells: list[str | None], fields: list[str | None], prev: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    """Place a row's cells into canonical fields, by position when they fit, else by content.

    With prev (the row above), a fill-down column left empty takes the value above: by
    position when the row has every column, by content when it is exactly one text cell short.
    """
    # Trailing empty cells are padding (the seed's '已整改 | |').
    while len(cells) > len(fields) and cells and cells[-1] is None:
        cells = cells[:-1]
    if len(cells) == len(fields) and all(_fits(f, v) for f, v in zip(fields, cells)):
        out = {f: v for f, v in zip(fields, cells) if f}
        if prev is not None:
            for f in FILL_DOWN:
                if f in out and out[f] is None and prev.get(f) and any(out.get(g) for g in out if g != "seq"):
                    out[f] = prev[f]
        return out
    return _align_by_content([c for c in cells if c is not None], fields, prev)


def _align_by_content(
    cells: list[str], fields: list[str | None], prev: dict[str, str | None] | None = None
) -> dict[str, str | None]:
    out: dict[str, str | None] = {f: None for f in fields if f}
    rest: list[str] = []
    for i, v in enumerate(cells):
        if "seq" in out and out["seq"] is None and i == 0 and _SEQ.match(v):
            out["seq"] = v
        elif "site_code" in out and out["site_code"] is None and _SITE_CODE.match(v):
            out["site_code"] = v
        elif "url" in out and out["url"] is None and _URL.match(v):
            out["url"] = v
        elif "result_raw" in out and out["result_raw"] is None and _is_result(v):
            out["result_raw"] = v
        elif "rectification_raw" in out and out["rectification_raw"] is None and i >= 2 and _is_rectification(v):
            out["rectification_raw"] = v
        else:
            rest.append(v)
    typed = {"seq", "site_code", "url", "result_raw", "rectification_raw"}
    text_fields = [f for f in fields if f and f not in typed]
    if prev is not None and len(rest) == len(text_fields) - 1 and len(rest) >= 2:
        # One text cell short, and the cell that would land in a fill-down column is what the
        # next column holds (a platform where 开设主体 should be): the merged cell was printed
        # only once, so it is filled from the row above.
        for f in FILL_DOWN:
            k = text_fields.index(f) if f in text_fields else -1
            if 0 <= k < len(rest) and k + 1 < len(text_fields) and prev.get(f) \
                    and _fits_text(text_fields[k + 1], rest[k]):
                out[f] = prev[f]
                text_fields.remove(f)
                break
    for f, v in zip(text_fields, rest):
        out[f] = v
    if len(rest) > len(text_fields) and text_fields:  # extra text: keep it, never drop
        last = text_fields[-1]
        out[last] = ";".join(x for x in [out[last], *rest[len(text_fields) :]] if x)
    return out
