"""A corpus: every bulletin at once, as five concatenated tables with small selectors.

    import govstats
    c = govstats.load_corpus()                 # data/processed/ (run `govstats ingest` first)
    c = govstats.load_corpus("data/raw")       # or parse a folder of raw bulletins in memory
    c.quarter("2025Q1").region("咸阳市")        # selectors return a new Corpus
    c.errors()                                 # every inconsistent figure, with its sentence

Each table keeps its registry columns and dtypes; the bulletin's context is appended at the
end of every row so a table can be filtered or grouped on its own (see JOINED_COLUMNS).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from govstats import paths, registry
from govstats.checks import failed_mask
from govstats.errors import GovstatsError, ParameterError
from govstats.quarter import Quarter
from govstats.registry import severity_rank

if TYPE_CHECKING:
    import pandas as pd

    from govstats.bulletin import Bulletin

TABLE_NAMES = registry.TABLE_NAMES

# Columns appended to each table: (corpus column, bulletins column it comes from).
# The registry wins on a clash: bulletins already has region/region_code (same meaning) and an
# integer `quarter` (1-4), whose period string is its `period` column; websites/new_media have
# their own `region_code` (the level running the site or account), so the bulletin's code is
# appended there as `bulletin_region_code`.
JOINED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "bulletins": (),
    "figures": (("region", "region"), ("region_code", "region_code"), ("quarter", "period")),
    "websites": (("region", "region"), ("bulletin_region_code", "region_code"), ("quarter", "period")),
    "new_media": (("region", "region"), ("bulletin_region_code", "region_code"), ("quarter", "period")),
    "checks": (("region", "region"), ("region_code", "region_code"), ("quarter", "period")),
}

ERROR_SEVERITIES = ("error", "warning")
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "新区", "省", "市", "州", "盟", "县", "区", "旗")


def default_processed_dir() -> Path:
    """data/processed of the project (govstats.paths.processed_dir)."""
    return paths.processed_dir()


@dataclass
class Corpus:
    """Many bulletins as concatenated tables (bulletins, figures, websites, new_media, checks).

    Build one with load_corpus() or Corpus.from_tables(); selectors return new Corpus objects
    and never modify this one. `skipped` lists (path, reason) for raw files that could not be read.
    """

    bulletins: pd.DataFrame
    figures: pd.DataFrame
    websites: pd.DataFrame
    new_media: pd.DataFrame
    checks: pd.DataFrame
    source: str | None = None
    skipped: list[tuple[str, str]] = field(default_factory=list)
    _objects: dict[str, Bulletin] = field(default_factory=dict, repr=False)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_tables(
        cls,
        tables: dict[str, pd.DataFrame],
        source: str | None = None,
        skipped: list[tuple[str, str]] | None = None,
        objects: dict[str, Bulletin] | None = None,
    ) -> Corpus:
        """A Corpus from registry tables (as ingest.collect or load_processed return them)."""
        frames = {n: registry.coerce(tables[n], n) if n in tables else registry.empty_frame(n) for n in TABLE_NAMES}
        meta = frames["bulletins"]
        if meta["bulletin_id"].duplicated().any():
            dups = sorted(meta.loc[meta["bulletin_id"].duplicated(), "bulletin_id"].unique())
            raise GovstatsError(f"duplicate bulletin ids in the corpus: {', '.join(dups)}")
        joined = {n: _join_context(frames[n], meta, JOINED_COLUMNS[n]) for n in TABLE_NAMES}
        return cls(**joined, source=source, skipped=list(skipped or []), _objects=dict(objects or {}))

    def _subset(self, ids: Iterable[str]) -> Corpus:
        keep = set(ids)
        frames = {n: _rows_of(getattr(self, n), keep) for n in TABLE_NAMES}
        objects = {k: v for k, v in self._objects.items() if k in keep}
        return Corpus(**frames, source=self.source, skipped=list(self.skipped), _objects=objects)

    # -- what is inside -----------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.bulletins)

    @property
    def ids(self) -> list[str]:
        """Bulletin ids, in table order."""
        return [str(v) for v in self.bulletins["bulletin_id"]]

    @property
    def quarters(self) -> list[Quarter]:
        """Sorted distinct quarters (bulletins with a monthly or yearly period are not listed)."""
        out = set()
        for p in self.bulletins["period"].dropna().unique():
            try:
                out.add(Quarter(str(p)))
            except ParameterError:
                continue
        return sorted(out)

    @property
    def regions(self) -> list[str]:
        """Distinct region names, ordered by region code."""
        pairs = self._region_pairs()
        return [name for _, name in pairs if name]

    def _region_pairs(self) -> list[tuple[str, str]]:
        df = self.bulletins[["region_code", "region"]].drop_duplicates()
        pairs = {(_s(code), _s(name)) for code, name in df.itertuples(index=False, name=None)}
        return sorted(pairs, key=lambda p: (p[0] or "~", p[1]))

    # -- selectors ----------------------------------------------------------------------------

    def quarter(self, quarter: str | Quarter) -> Corpus:
        """Bulletins of one quarter ("2025Q1" or Quarter); ParameterError names the valid quarters."""
        q = quarter if isinstance(quarter, Quarter) else Quarter(str(quarter))
        periods = self.bulletins["period"]
        ids = self.bulletins.loc[(periods == str(q)).fillna(False).astype(bool), "bulletin_id"]
        if ids.empty:
            valid = ", ".join(str(x) for x in self.quarters) or "none"
            raise ParameterError(f"quarter {q} is not in this corpus; valid quarters: {valid}")
        return self._subset(ids)

    def region(self, region: str) -> Corpus:
        """Bulletins about one region, by 6-digit code (610400) or name (咸阳市, or 咸阳 if unique).

        Matches the bulletin's own region exactly: region("610000") does not include its cities.
        """
        want = str(region).strip()
        pairs = self._region_pairs()
        hits = [(c, n) for c, n in pairs if want and want in (c, n)]
        if not hits and want and _bare(want) == want:  # 咸阳 -> 咸阳市, only when unambiguous
            hits = [(c, n) for c, n in pairs if n and _bare(n) == want]
            hits = hits if len(hits) == 1 else []
        if not hits:
            valid = ", ".join(f"{c or '?'} {n or '?'}" for c, n in pairs) or "none"
            raise ParameterError(f"region {region!r} is not in this corpus; valid regions: {valid}")
        codes = [c for c, _ in hits if c]
        names = [n for c, n in hits if n and not c]
        b = self.bulletins
        mask = b["region_code"].isin(codes).fillna(False) | b["region"].isin(names).fillna(False)
        return self._subset(b.loc[mask.astype(bool), "bulletin_id"])

    def errors(self, severities: Iterable[str] = ERROR_SEVERITIES) -> pd.DataFrame:
        """Failed checks of the given severities (default error and warning): one row per
        inconsistent figure with region, quarter, stated vs computed, message and sentence."""
        sev = set(severities)
        c = self.checks
        failed = c[failed_mask(c) & c["severity"].isin(sev).fillna(False).astype(bool)]
        cols = ["region", "quarter", "bulletin_id", "check", "severity", "stated", "computed", "precision",
                "message", "sentence", "region_code"]
        out = failed[cols].copy()
        order = out["severity"].map(severity_rank)
        out = out.assign(_q=out["quarter"], _s=order).sort_values(["_q", "region", "bulletin_id", "_s", "check"])
        return out.drop(columns=["_q", "_s"]).reset_index(drop=True)

    def bulletin(self, bulletin_id: str) -> Bulletin:
        """One bulletin as a Bulletin (from Parquet its .raw and .narrative are None)."""
        if bulletin_id in self._objects:
            return self._objects[bulletin_id]
        if bulletin_id not in set(self.ids):
            raise ParameterError(f"bulletin {bulletin_id!r} is not in this corpus; valid ids: {', '.join(self.ids)}")
        from govstats.bulletin import Bulletin

        keep = {bulletin_id}
        parts = {
            n: registry.coerce(_rows_of(getattr(self, n), keep).drop(columns=_joined_names(n)), n)
            for n in TABLE_NAMES
        }
        return Bulletin(
            bulletin_id=bulletin_id,
            meta=parts["bulletins"],
            figures=parts["figures"],
            websites=parts["websites"],
            new_media=parts["new_media"],
            checks=parts["checks"],
            raw=None,  # type: ignore[arg-type]  # the processed tables keep no raw text
            narrative=None,  # type: ignore[arg-type]
        )

    # -- display ------------------------------------------------------------------------------

    def __repr__(self) -> str:
        qs = self.quarters
        span = "no quarters" if not qs else (str(qs[0]) if len(qs) == 1 else f"{qs[0]}..{qs[-1]}")
        errs = self.errors()
        n_err = int((errs["severity"] == "error").sum())
        n_warn = int((errs["severity"] == "warning").sum())
        skipped = f", {len(self.skipped)} file(s) skipped" if self.skipped else ""
        return (
            f"<Corpus {len(self)} bulletins, {len(self.regions)} regions, {span}: "
            f"{len(self.figures)} figures, {len(self.websites)} websites, {len(self.new_media)} accounts; "
            f"{n_err} errors, {n_warn} warnings{skipped}>"
        )

    def _repr_html_(self) -> str:
        from govstats.report.display import corpus_html

        return corpus_html(self)


def load_corpus(path: str | Path | None = None, workers: int | None = None) -> Corpus:
    """All bulletins as one Corpus.

    path None: data/processed/ of the project (govstats.paths; run `govstats ingest` first).
    A folder holding processed Parquet tables is read as is; any other folder (or a single file)
    is treated as raw bulletins and parsed in memory, skipping unreadable files (see .skipped).
    """
    from govstats.store import read_tables

    if path is None:
        d = default_processed_dir()
        if not _is_processed(d):
            raise GovstatsError(
                f"{d}: no processed tables; run `govstats ingest` first, or load_corpus('data/raw') to parse in memory"
            )
        return Corpus.from_tables(read_tables(d), source=str(d))
    p = Path(path)
    if not p.exists():
        raise ParameterError(f"{p}: no such file or folder")
    if p.is_dir() and _is_processed(p):
        return Corpus.from_tables(read_tables(p), source=str(p))
    return _parse_raw(p, workers)


def _parse_raw(raw: Path, workers: int | None) -> Corpus:
    """Parse raw bulletins in memory, with the same rules as `govstats ingest` (checksums, duplicates)."""
    from govstats.ingest import load_raw

    loaded = load_raw(raw, workers, keep_objects=True)
    return Corpus.from_tables(loaded.tables, source=str(raw), skipped=loaded.skipped, objects=loaded.bulletins)


def _is_processed(d: Path) -> bool:
    """A processed folder (even with a table missing, which read_tables then names), not raw bulletins."""
    from govstats.store import CURRENT, TABLE_NAMES

    return (d / CURRENT).is_symlink() or any((d / f"{n}.parquet").exists() for n in TABLE_NAMES)


def _join_context(df: pd.DataFrame, meta: pd.DataFrame, joins: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """df with the bulletin's context columns appended (string dtype), looked up by bulletin_id."""
    if not joins:
        return df.reset_index(drop=True)
    lookup = meta.set_index("bulletin_id")
    new = {out: df["bulletin_id"].map(lookup[src]).astype("string") for out, src in joins}
    return df.assign(**new).reset_index(drop=True)


def _joined_names(table: str) -> list[str]:
    return [out for out, _ in JOINED_COLUMNS[table]]


def _rows_of(df: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    return df[df["bulletin_id"].isin(ids).fillna(False).astype(bool)].reset_index(drop=True)


def _s(v: object) -> str:
    return "" if v is None or registry._isna(v) else str(v)


def _bare(name: str) -> str:
    """咸阳市 -> 咸阳: the name without its administrative suffix, for lenient matching."""
    for suf in _ADMIN_SUFFIXES:
        if name.endswith(suf) and len(name) > len(suf) + 1:
            return name[: -len(suf)]
    return name
