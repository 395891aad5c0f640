"""Assemble one bulletin's canonical records: annex rows normalized, figures in long form.

Called by :mod:`govstats.bulletin` once the readers, parsers and normalizers have run; the
region a bulletin covers is found by :func:`govstats.normalize.region.bulletin_region`.

Unknown values are never dropped: the raw text stays beside the normalized value and each
kind of unmapped value is flagged once per bulletin as an info/warning check row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.parse.annex import parse_grid
from govstats.readers.base import Grid

if TYPE_CHECKING:
    import pandas as pd

    from govstats.parse.figures import Figure


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


def annex_frames(
    grids: list[Grid], bulletin_id: str, region_code: str | None
) -> tuple[pd.DataFrame, pd.DataFrame, list[dict[str, Any]]]:
    """(websites, new_media, notes) from the bulletin's cell grids, as registry-typed DataFrames."""
    web, nm, notes = annex_records(grids, bulletin_id, region_code)
    return _frame(web, "websites"), _frame(nm, "new_media"), notes


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
    from govstats.normalize.rectification import normalize_rectification
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
    from govstats.normalize.platform import normalize_platform
    from govstats.normalize.problems import classify_problem
    from govstats.normalize.rectification import normalize_rectification
    from govstats.normalize.region import resolve_unit
    from govstats.normalize.result import normalize_result

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
