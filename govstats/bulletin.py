"""Load one bulletin: read -> parse -> normalize -> reconcile, into registry-typed DataFrames.

    b = load_bulletin("data/raw/咸阳市/2025Q1/xianyang-2025q1.txt")
    b.meta          # one-row DataFrame (table "bulletins")
    b.figures       # narrative figures, long form, with their sentences
    b.websites      # website annex
    b.new_media     # new-media annex
    b.checks        # reconciliation: stated vs recomputed
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govstats import assemble, registry
from govstats.readers import RawBulletin, read_raw
from govstats.textnorm import NormText, normalize, strip_glosses

if TYPE_CHECKING:
    import pandas as pd

    from govstats.overrides import Overrides


_TABLE_OF = {"meta": "bulletins", "figures": "figures", "websites": "websites", "new_media": "new_media",
             "checks": "checks"}


class Bulletin:
    """A parsed bulletin: metadata, figures, annex tables and consistency checks.

    The tables are held as records and turned into registry-typed DataFrames on first
    access, so extracting thousands of bulletins to JSON never pays for pandas.
    """

    def __init__(
        self,
        bulletin_id: str,
        meta: pd.DataFrame | list[dict[str, Any]],
        figures: pd.DataFrame | list[dict[str, Any]],
        websites: pd.DataFrame | list[dict[str, Any]],
        new_media: pd.DataFrame | list[dict[str, Any]],
        checks: pd.DataFrame | list[dict[str, Any]],
        raw: RawBulletin | None = None,
        narrative: NormText | None = None,
        abstained: list[tuple[str, str]] | None = None,
    ) -> None:
        self.bulletin_id = bulletin_id
        self.raw = raw
        self.narrative = narrative
        #: (reason, sentence) of each number the figure reader read but left out (two readings)
        self.abstained: list[tuple[str, str]] = list(abstained or [])
        self._data: dict[str, Any] = {"meta": meta, "figures": figures, "websites": websites,
                                      "new_media": new_media, "checks": checks}

    def _frame(self, name: str) -> pd.DataFrame:
        v = self._data[name]
        if isinstance(v, list):
            v = self._data[name] = assemble._frame(v, _TABLE_OF[name])
        return v

    def raw_records(self, name: str) -> list[dict[str, Any]] | None:
        """Rows of one table as the loader made them (Python values), or None once a DataFrame."""
        v = self._data[name]
        return v if isinstance(v, list) else None

    def records(self, name: str) -> list[dict[str, Any]]:
        """Rows of one table (meta, figures, websites, new_media, checks) as JSON-ready dicts."""
        v = self._data[name]
        if not isinstance(v, list):
            return _records(v)
        dates = _DATE_COLUMNS[name]
        if not dates:  # loader records hold only JSON types outside date columns
            return [dict(r) for r in v]
        return [{**r, **{c: _jsonable(r.get(c)) for c in dates}} for r in v]

    meta = property(lambda self: self._frame("meta"), doc="One-row DataFrame (table bulletins).")
    figures = property(lambda self: self._frame("figures"), doc="Narrative figures, long form.")
    websites = property(lambda self: self._frame("websites"), doc="Website annex rows.")
    new_media = property(lambda self: self._frame("new_media"), doc="New-media annex rows.")
    checks = property(lambda self: self._frame("checks"), doc="Reconciliation checks.")

    @property
    def info(self) -> dict[str, Any]:
        """The metadata row as a plain dict."""
        return self.records("meta")[0]

    def figure(self, measure: str) -> float | None:
        """Value of one plain figure (website_checked, newmedia_pass_rate, ...), or None."""
        for r in self.records("figures"):
            if r["measure"] == measure and r["breakdown"] is None:
                return r["value"]
        return None

    def failed_checks(self) -> pd.DataFrame:
        """Checks that were made and failed (ok False); ok null (could not be made) is left out."""
        from govstats.checks import failed_mask

        return self.checks[failed_mask(self.checks)]

    def to_json_dict(self) -> dict[str, Any]:
        """The `govstats extract --json` object for this bulletin (the contract: docs/formats.md)."""
        return {
            "bulletin": self.info,
            "figures": figures_flat(self.records("figures")),
            "websites": self.records("websites"),
            "new_media": self.records("new_media"),
            "checks": [
                {k: r[k] for k in ("check", "ok", "severity", "stated", "computed", "message", "sentence")}
                for r in self.records("checks")
            ],
        }

    def __repr__(self) -> str:
        i = self.info
        checks = self.records("checks")
        failed = sum(1 for c in checks if c["ok"] is False)
        return (
            f"<Bulletin {self.bulletin_id}: {i.get('region') or '?'} {i.get('period') or '?'}, "
            f"{len(self.records('figures'))} figures, {len(self.records('websites'))} websites, "
            f"{len(self.records('new_media'))} accounts, {failed} failed checks>"
        )

    def _repr_html_(self) -> str:
        from govstats.report.display import bulletin_html

        return bulletin_html(self)


def figures_flat(figures: pd.DataFrame | list[dict[str, Any]]) -> dict[str, Any]:
    """Flat {key: number} form; breakdowns become {label: count} under their key."""
    out: dict[str, Any] = {}
    for r in figures if isinstance(figures, list) else _records(figures):
        v = r["value"]
        if v is not None and r["unit"] == "count" and float(v).is_integer():
            v = int(v)
        if r["breakdown"] is None:
            out.setdefault(r["measure"], v)
        else:
            out.setdefault(r["measure"], {})
            if isinstance(out[r["measure"]], dict):
                out[r["measure"]].setdefault(r["breakdown"], v)
    return out


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.date().isoformat()  # YYYY-MM-DD; isoformat is ~5x cheaper than strftime
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v != v:
        return None
    return v


_DATE_COLUMNS = {
    attr: [c.name for c in registry.TABLES[table].columns if c.dtype == "date"] for attr, table in _TABLE_OF.items()
}


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NA -> None, dates -> YYYY-MM-DD, numpy scalars -> Python."""
    import pandas as pd

    out = []
    cols = list(df.columns)
    for row in df.itertuples(index=False, name=None):
        rec: dict[str, Any] = {}
        for c, v in zip(cols, row):
            if isinstance(v, list):
                rec[c] = list(v)
                continue
            if v is None or (not isinstance(v, (list, tuple)) and pd.isna(v)):
                rec[c] = None
            elif isinstance(v, (pd.Timestamp, dt.datetime)):
                rec[c] = v.strftime("%Y-%m-%d")
            elif isinstance(v, dt.date):
                rec[c] = v.isoformat()
            elif hasattr(v, "item"):
                rec[c] = v.item()
            else:
                rec[c] = v
        out.append(rec)
    return out


def load_bulletin(path: str | Path, bulletin_id: str | None = None, root: Path | None = None) -> Bulletin:
    """Read and parse one bulletin file (text, HTML, xlsx) or a folder with body + xlsx annexes.

    Raises govstats.errors.BulletinError (naming the file and the reason) on unreadable input.
    """
    from govstats.overrides import read_overrides

    raw = read_raw(path)
    overrides = read_overrides(path)  # the analyst's <file>.figures.yml, when there is one
    return parse_raw(raw, bulletin_id=bulletin_id or Path(path).stem, root=root, overrides=overrides)


def parse_raw(
    raw: RawBulletin, bulletin_id: str, root: Path | None = None, overrides: Overrides | None = None
) -> Bulletin:
    """Turn a RawBulletin into a Bulletin (the part of loading that does not touch the disk).

    overrides: the analyst's figures (govstats.overrides), applied before the checks run.
    """
    from govstats.checks import check_records, reconcile
    from govstats.normalize.region import bulletin_region, named_outside_table, zone_in_title
    from govstats.parse.figures import extract_figures
    from govstats.parse.meta import parse_meta

    nt = normalize(raw.text)
    table_titles = [g.title for g in raw.grids if g.title]
    meta = parse_meta(nt, raw.title_hint, table_titles)
    title = _original_line(nt, meta.title) if meta.title else None
    hint_region, hint_period = _path_hints(Path(raw.path), raw.format == "folder")
    region = bulletin_region(meta.issuer, [meta.title, raw.title_hint, *table_titles], nt.text, hint_region)
    named = named_outside_table(hint_region)  # the analyst's folder, a name without a GB/T 2260 code
    if named is None and region is None:  # else a zone the title or issuer names (金普新区关于…的通报)
        named = zone_in_title([meta.title, raw.title_hint, meta.issuer])
    if meta.year is None and hint_period:
        meta.year, meta.quarter, meta.month = hint_period
    issuer = _complete_issuer(meta.issuer, region.name if region else None)
    figs = extract_figures(nt)
    analyst: set[tuple[str, str | None]] = set()
    if overrides is not None:
        from govstats.overrides import apply_overrides

        figs, analyst = apply_overrides(figs, overrides)
    websites, new_media, notes = assemble.annex_records(raw.grids, bulletin_id, region.code if region else None)
    checks = reconcile(figs, websites, new_media, nt) + notes + assemble.source_notes(raw, nt.text, websites, new_media)
    source = raw.path
    if root is not None:
        try:
            source = str(Path(raw.path).resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    meta_rows = [
                {
                    "bulletin_id": bulletin_id,
                    "source_file": source,
                    "source_sha256": raw.sha256,
                    "title": title,
                    "doc_number": meta.doc_number,
                    "issuer": issuer,
                    "region": named or (region.name if region else None),
                    "region_code": None if named else (region.code if region else None),
                    "year": meta.year,
                    "quarter": meta.quarter,
                    "period": meta.period,
                    "issue_date": meta.issue_date,
                    "feedback_deadline": meta.feedback_deadline,
                    "is_traditional": nt.traditional,
                    "website_rows": len(websites),
                    "new_media_rows": len(new_media),
                }
    ]
    return Bulletin(
        bulletin_id=bulletin_id,
        meta=meta_rows,
        figures=assemble.figure_records(bulletin_id, figs, analyst),
        websites=websites,
        new_media=new_media,
        checks=check_records(bulletin_id, checks),
        raw=raw,
        narrative=nt,
        abstained=getattr(figs, "abstained", None),
    )


_PERIOD_DIR = re.compile(r"^((?:19|20)\d{2})(?:Q([1-4])|M(0[1-9]|1[0-2]))?$")


def _path_hints(
    path: Path, is_dir: bool | None = None
) -> tuple[str | None, tuple[int, int | None, int | None] | None]:
    """(region, (year, quarter, month)) from a data/raw/<region>/<period>/ layout, if the path has it.

    Used only where the text itself does not say (an excerpt without its title or signature).
    is_dir: whether path is a bulletin folder, when the caller knows (saves a stat per file).
    """
    folder = path if (path.is_dir() if is_dir is None else is_dir) else path.parent
    parts = folder.parts
    for i in range(len(parts) - 1, 0, -1):
        m = _PERIOD_DIR.match(parts[i])
        if m:
            y, q, mo = m.groups()
            return parts[i - 1], (int(y), int(q) if q else None, int(mo) if mo else None)
    return None, None


def _original_line(nt: NormText, s: str) -> str:
    """The original characters of a normalized line (titles keep traditional characters)."""
    i = nt.text.find(s)
    if i < 0:
        return s
    return strip_glosses("".join(nt.original_slice(i, i + len(s)).split()))


def _complete_issuer(issuer: str | None, region_name: str | None) -> str | None:
    """'市人民政府办公室' in a bulletin about 咸宁市 -> '咸宁市人民政府办公室' (the page omits the place)."""
    if not issuer or not region_name:
        return issuer
    if issuer[0] in "省市州区县" and region_name.endswith(issuer[0]) and not issuer.startswith(region_name):
        return region_name[:-1] + issuer
    return issuer
