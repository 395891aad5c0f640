"""Assemble one bulletin's canonical records: annex rows normalized, figures in long form.

Called by :mod:`govstats.bulletin` once the readers, parsers and normalizers have run; the
region a bulletin covers is found by :func:`govstats.normalize.region.bulletin_region`.

Unknown values are never dropped: the raw text stays beside the normalized value and each
kind of unmapped value is flagged once per bulletin as an info/warning check row.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.normalize.platform import normalize_platform
from govstats.normalize.rectification import normalize_rectification
from govstats.normalize.result import normalize_result
from govstats.parse.annex import parse_grid
from govstats.readers.base import Grid
from govstats.textnorm import to_simplified

if TYPE_CHECKING:
    import pandas as pd

    from govstats.parse.figures import Figure
    from govstats.readers.base import RawBulletin


def _frame(rows: list[dict[str, Any]], table: str) -> pd.DataFrame:
    """Registry-typed DataFrame of records (empty frame with the right dtypes when there are none)."""
    import pandas as pd

    return registry.coerce(pd.DataFrame(rows), table) if rows else registry.empty_frame(table)


def figure_records(
    bulletin_id: str, figs: list[Figure], analyst: set[tuple[str, str | None]] | frozenset = frozenset()
) -> list[dict[str, Any]]:
    """FIGURES rows; `analyst` holds the (measure, breakdown) pairs entered in the bulletin's
    .figures.yml (govstats.overrides), whose source is "analyst" rather than "text"."""
    return [
        {
            "bulletin_id": bulletin_id,
            "measure": f.measure,
            "breakdown": f.breakdown,
            "value": f.value,
            "unit": f.unit,
            "precision": f.precision,
            "stated_text": f.stated_text,
            "sentence": f.sentence,
            "span_start": f.span_start,
            "span_end": f.span_end,
            "source": "analyst" if (f.measure, f.breakdown) in analyst else "text",
        }
        for f in figs
    ]


def _note(check: str, message: str, severity: str = "info") -> dict[str, Any]:
    return {"check": check, "ok": False, "severity": severity, "stated": None, "computed": None,
            "precision": None, "message": message, "sentence": None}


def annex_records(
    grids: list[Grid], bulletin_id: str, region_code: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(websites, new_media, notes) from the bulletin's cell grids, as plain records.

    Records keep loading a single bulletin cheap: DataFrames are built once per batch.
    """
    web_rows: list[dict[str, Any]] = []
    nm_rows: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for g in grids:
        t = parse_grid(g)
        if t is None:
            continue
        notes.extend(_note(check, message) for check, message in t.notes)
        if t.unknown_columns:
            notes.append(_note("annex_unknown_columns",
                               f"annex {t.title or t.kind}: columns not in the schema kept out: {'、'.join(t.unknown_columns)}"))
        target = web_rows if t.kind == "websites" else nm_rows
        for i, r in enumerate(t.rows, start=len(target) + 1):
            target.append({**r, "seq": _seq(r.get("seq"), i)})
    websites = _normalize_websites(web_rows, bulletin_id, region_code)
    new_media, nm_notes = _normalize_new_media(nm_rows, bulletin_id, region_code)
    notes.extend(nm_notes)
    for name, rows in (("websites", websites), ("new_media", new_media)):
        seqs = [r["seq"] for r in rows]
        if len(set(seqs)) < len(seqs):
            notes.append(_note(f"{name}_seq_unique", f"annex {name}: duplicated row numbers", "warning"))
        missing = sum(1 for r in rows if r["region_code"] is None)
        if missing:
            notes.append(_note(f"{name}_region", f"annex {name}: {missing} row(s) with no region code resolved"))
    return websites, new_media, notes


def _seq(v: str | None, fallback: int) -> int:
    try:
        return int(v) if v is not None else fallback
    except ValueError:
        return fallback


def _normalize_websites(rows: list[dict[str, Any]], bulletin_id: str, within: str | None) -> list[dict[str, Any]]:
    from govstats.normalize.problems import classify_problem
    from govstats.normalize.region import from_site_code, resolve_unit

    out = []
    for r in rows:
        region = from_site_code(r.get("site_code")) or resolve_unit(r.get("site_name"), within)
        out.append(
            {
                "bulletin_id": bulletin_id,
                "seq": r["seq"],
                "site_name": r.get("site_name"),
                "url": r.get("url"),
                "site_code": r.get("site_code"),
                "problem": r.get("problem"),
                "problem_categories": classify_problem(r.get("problem"), "web"),
                "rectification": normalize_rectification(r.get("rectification_raw")),
                "rectification_raw": r.get("rectification_raw"),
                "region_code": region.code if region else None,
                "region_name": region.name if region else None,
            }
        )
    return out


def _normalize_new_media(
    rows: list[dict[str, Any]], bulletin_id: str, within: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    from govstats.normalize.problems import classify_problem
    from govstats.normalize.region import resolve_unit

    out = []
    unmapped: dict[str, set[str]] = {"platform": set(), "result": set(), "rectification": set()}
    for r in rows:
        platform, subtype = normalize_platform(r.get("platform_raw"))
        result = normalize_result(r.get("result_raw"))
        rect = normalize_rectification(r.get("rectification_raw"))
        for key, raw, norm in (("platform", r.get("platform_raw"), platform), ("result", r.get("result_raw"), result),
                               ("rectification", r.get("rectification_raw"), None if rect == "unknown" else rect)):
            if raw and norm is None:
                unmapped[key].add(raw)
        region = resolve_unit(r.get("operator"), within) or resolve_unit(r.get("account_name"), within)
        out.append(
            {
                "bulletin_id": bulletin_id,
                "seq": r["seq"],
                "account_name": r.get("account_name"),
                "operator": r.get("operator"),
                "platform": platform,
                "platform_subtype": subtype,
                "platform_raw": r.get("platform_raw"),
                "result": result,
                "result_raw": r.get("result_raw"),
                "problem": r.get("problem"),
                "problem_categories": classify_problem(r.get("problem"), "nm"),
                "rectification": rect,
                "rectification_raw": r.get("rectification_raw"),
                "region_code": region.code if region else None,
                "region_name": region.name if region else None,
            }
        )
    notes = [
        _note(f"{key}_vocabulary", f"{len(vals)} {key} value(s) not in the vocabulary, kept raw: {'、'.join(sorted(vals))}",
              "warning")
        for key, vals in unmapped.items()
        if vals
    ]
    return out, notes


# ------------------------------------------------------------------------------ what reading left out

_ANNEX_LINE = re.compile(r"^附件\s*(\d{1,2})?\s*[:：.．、]?\s*(.*)$")
_LIST_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(.+)$")
_NM_TITLE = re.compile(r"新媒体|公众号|账号|微博")
_WEB_TITLE = re.compile(r"网站")
# an annex that lists sites or accounts one per row (not a score sheet, a ranking, a statistics table)
_LIST_TITLE = re.compile(r"检查结果|检测结果|抽查结果|存在问题|问题清单|问题汇总|不合格|名单|清单|整改情况")
_NOT_LIST = re.compile(r"统计|排名|得分|评分|采用|报送|指标|告知")
_KEY_DROP = re.compile(r"[\s《》<>“”\"'‘’:：()（）]")
_ANNEX_PREFIX = re.compile(r"^附件\d{0,2}[.．、]?")


def _key(s: str) -> str:
    return _ANNEX_PREFIX.sub("", _KEY_DROP.sub("", s))


def announced_annexes(text: str) -> list[tuple[str, str, str, int]]:
    """(number, title, kind, line after the announcement) of each list annex a text announces:
    "附件：1. …政府网站检查结果 / 2. …政务新媒体检查结果" or "附件2：…". text is normalized
    (simplified characters); kind is websites or new_media."""
    lines = [ln.strip(" \t•·") for ln in text.split("\n")]
    found: list[tuple[str, str, int]] = []
    i = 0
    while i < len(lines):
        m = _ANNEX_LINE.match(lines[i])
        # a bare "附件" / "附件1" line not followed by a numbered list is an annex heading, not an announcement
        if m is None or not m.group(2) and i + 1 < len(lines) and not _LIST_ITEM.match(lines[i + 1]):
            i += 1
            continue
        items, j = [], i + 1
        first = m.group(2)
        if first:
            sub = _LIST_ITEM.match(first)
            items.append((sub.group(1), sub.group(2)) if sub else (m.group(1) or "", first))
        while j < len(lines) and (sub := _LIST_ITEM.match(lines[j])):  # the list goes on: "2. …"
            items.append((sub.group(1), sub.group(2)))
            j += 1
        found += [(n, t, j) for n, t in items]
        i = j
    out = []
    for num, title, after in found:
        if not _LIST_TITLE.search(title) or _NOT_LIST.search(title) or len(_key(title)) < 6:
            continue
        kind = "new_media" if _NM_TITLE.search(title) else "websites" if _WEB_TITLE.search(title) else None
        if kind:
            out.append((num, title.strip(), kind, after))
    return out


def source_notes(raw: RawBulletin, text: str, websites: list[dict[str, Any]],
                 new_media: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Warning checks for parts of the bulletin that were in its files but could not be read.

    attachment_unreadable: a file of a bulletin folder the readers refused (the rest was read).
    annex_announced_unread (issue 22.11): the text announces an annex listing websites or
    accounts, its title is printed again as a heading (or a table carries it), yet no row of
    that kind was read: say so, instead of treating the bulletin as one without annexes. An
    annex the text only announces (most corpus texts are cut before their annexes) is silent.
    """
    notes = [_note("attachment_unreadable", f"附件文件 {name} 无法读取，其余文件已读取：{reason}", "warning")
             for name, reason in raw.failed]
    rows = {"websites": len(websites), "new_media": len(new_media)}
    lines = [_key(ln) for ln in text.split("\n")]
    grid_titles = [_key(to_simplified(g.title)) for g in raw.grids if g.title]
    for num, title, kind, after in announced_annexes(text):
        if rows[kind]:
            continue
        k = _key(title)
        heading = any(ln == k or (k in ln and len(ln) <= len(k) + 8) for ln in lines[after:])
        if heading or any(k in t for t in grid_titles):
            label = f"附件{num}《{title}》" if num else f"附件《{title}》"
            what = "政务新媒体" if kind == "new_media" else "政府网站"
            notes.append(_note("annex_announced_unread",
                               f"通报列出{label}，文件中有该附件，但未能从中读出任何{what}行（附件格式无法识别）",
                               "warning"))
    return notes
