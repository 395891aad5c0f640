"""What a draft is made from: counts, annex rows and context of one region and quarter.

`DraftInput` holds the counts the bulletin states (checked, total, …) and the annex rows.
Counts that the annex rows can give (problem websites, unqualified and unrectified accounts)
are always taken from the rows, so the draft agrees with its own annexes by construction;
rates are never taken from anywhere: `figures()` recomputes them from the counts at the
printed precision, rounded half-up with the same function the consistency checks use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govstats.checks import pct, round_half_up
from govstats.errors import GovstatsError
from govstats.quarter import Quarter

if TYPE_CHECKING:
    import pandas as pd

#: Counts a draft may state, in the order the sentences use them.
COUNT_KEYS = (
    "website_total", "website_checked", "website_with_problems", "website_unqualified",
    "newmedia_total", "newmedia_checked", "newmedia_unqualified", "newmedia_prominent_problems",
    "newmedia_unrectified",
)
#: Rates a draft may state: (key, numerator, denominator) where the numerator is a count key
#: or (checked key, minus key) for "checked minus unqualified".
RATE_KEYS = ("website_coverage_rate", "website_pass_rate", "newmedia_coverage_rate", "newmedia_pass_rate")
DEFAULT_PRECISION = 2

WEBSITE_COLUMNS = ("seq", "site_name", "url", "site_code", "problem", "rectification")
NEW_MEDIA_COLUMNS = ("seq", "account_name", "operator", "platform", "platform_subtype", "result", "problem",
                     "rectification")


@dataclass
class DraftInput:
    """Everything one draft states: context, counts, printed precisions, annex rows, previous quarter."""

    region: str
    quarter: Quarter
    region_code: str | None = None
    issuer: str | None = None
    feedback_deadline: dt.date | None = None
    counts: dict[str, int] = field(default_factory=dict)
    precision: dict[str, int] = field(default_factory=dict)
    websites: list[dict[str, Any]] = field(default_factory=list)
    new_media: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    previous: DraftInput | None = None

    def rows_override(self) -> None:
        """Replace counts the annex rows can give by what the rows give; note each disagreement."""
        derived: dict[str, int] = {}
        if self.websites:
            derived["website_with_problems"] = len(self.websites)
        if any(r.get("result") for r in self.new_media):
            derived["newmedia_unqualified"] = sum(r.get("result") == "unqualified" for r in self.new_media)
            derived["newmedia_prominent_problems"] = sum(
                r.get("result") == "qualified" and bool(r.get("problem")) for r in self.new_media
            )
        if any(r.get("rectification") not in (None, "unknown") for r in self.new_media):
            derived["newmedia_unrectified"] = sum(r.get("rectification") == "not_rectified" for r in self.new_media)
        for key in ("newmedia_prominent_problems", "newmedia_unrectified"):
            if derived.get(key) == 0 and key not in self.counts:
                del derived[key]  # "0 accounts with prominent problems" is not said unless the source said it
        for key, n in derived.items():
            stated = self.counts.get(key)
            if stated is not None and stated != n:
                self.notes.append(f"{key}: the source states {stated}, its annex rows give {n}; the draft uses {n}")
            self.counts[key] = n

    def figures(self) -> dict[str, tuple[Decimal, int | None]]:
        """Every figure of the draft: {key: (value, printed decimals or None for counts)}.

        Rates come only from counts; a rate whose counts are missing or impossible is left out.
        """
        c = self.counts
        out: dict[str, tuple[Decimal, int | None]] = {k: (Decimal(c[k]), None) for k in COUNT_KEYS if k in c}
        for ch in ("website", "newmedia"):
            checked, total, unq = c.get(f"{ch}_checked"), c.get(f"{ch}_total"), c.get(f"{ch}_unqualified")
            if checked is not None and total and checked <= total:
                out[f"{ch}_coverage_rate"] = self._rate(f"{ch}_coverage_rate", checked, total)
            if checked and unq is not None and unq <= checked:
                out[f"{ch}_pass_rate"] = self._rate(f"{ch}_pass_rate", checked - unq, checked)
        return {k: out[k] for k in (*COUNT_KEYS[:4], RATE_KEYS[0], RATE_KEYS[1], *COUNT_KEYS[4:], *RATE_KEYS[2:])
                if k in out}

    def _rate(self, key: str, num: int, den: int) -> tuple[Decimal, int]:
        exact = pct(num, den)
        p = self.precision.get(key)
        if p is None:  # nothing printed before: whole percentages plainly, others to 2 decimals
            p = 0 if exact == exact.to_integral_value() else DEFAULT_PRECISION
        return round_half_up(exact, p), p


def _int_or_none(v: object) -> int | None:
    if v is None or type(v).__name__ == "NAType" or (isinstance(v, float) and v != v):
        return None
    return int(v)  # type: ignore[call-overload]


def _str_or_none(v: object) -> str | None:
    if v is None or type(v).__name__ == "NAType" or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def _date_or_none(v: object) -> dt.date | None:
    if v is None or type(v).__name__ in ("NAType", "NaTType") or (isinstance(v, float) and v != v):
        return None
    return v.date() if isinstance(v, dt.datetime) else v if isinstance(v, dt.date) else None


def from_tables(tables: dict[str, pd.DataFrame], region: str, quarter: Quarter | str,
                with_previous: bool = True) -> DraftInput:
    """The DraftInput of one region and quarter from the processed tables (store.read_tables).

    Raises GovstatsError naming the region and quarter when the tables hold no bulletin for them.
    """
    q = Quarter(str(quarter))
    meta = tables["bulletins"]
    mine = meta[(meta["region"] == region) & (meta["period"] == str(q))]
    if not len(mine):
        have = sorted({f"{r} {p}" for r, p in zip(meta["region"], meta["period"]) if r == region})
        hint = f"; {region} has: {', '.join(have)}" if have else f"; no bulletin of {region} at all"
        raise GovstatsError(f"no bulletin for {region} {q} in the processed tables{hint}")
    # several bulletins of one region and quarter: the one with the most annex rows, then the latest
    mine = mine.assign(_rows=mine["website_rows"].fillna(0) + mine["new_media_rows"].fillna(0))
    row = mine.sort_values(["_rows", "issue_date", "bulletin_id"], ascending=False, na_position="last").iloc[0]
    bid = row["bulletin_id"]
    d = DraftInput(region=region, quarter=q, region_code=_str_or_none(row["region_code"]),
                   issuer=_str_or_none(row["issuer"]), feedback_deadline=_date_or_none(row["feedback_deadline"]))
    figs = tables["figures"]
    figs = figs[(figs["bulletin_id"] == bid) & figs["breakdown"].isna()]
    for measure, value, precision in zip(figs["measure"], figs["value"], figs["precision"]):
        if measure in COUNT_KEYS and measure not in d.counts and _int_or_none(value) is not None:
            d.counts[measure] = int(value)
        elif measure in RATE_KEYS and _int_or_none(precision) is not None:
            d.precision.setdefault(measure, int(precision))
    web = tables["websites"]
    for r in web[web["bulletin_id"] == bid].sort_values("seq").to_dict("records"):
        d.websites.append({c: (_int_or_none(r.get(c)) if c == "seq" else _str_or_none(r.get(c)))
                           for c in WEBSITE_COLUMNS})
    nm = tables["new_media"]
    for r in nm[nm["bulletin_id"] == bid].sort_values("seq").to_dict("records"):
        d.new_media.append({c: (_int_or_none(r.get(c)) if c == "seq" else _str_or_none(r.get(c)))
                            for c in NEW_MEDIA_COLUMNS})
    d.rows_override()
    if with_previous:
        d.previous = previous_from_tables(tables, region, q)
    return d


def previous_from_tables(tables: dict[str, pd.DataFrame], region: str, quarter: Quarter) -> DraftInput | None:
    """The previous quarter's DraftInput of the region when the tables hold it, else None."""
    prev = quarter.previous()
    meta = tables["bulletins"]
    if not ((meta["region"] == region) & (meta["period"] == str(prev))).any():
        return None
    return from_tables(tables, region, prev, with_previous=False)

