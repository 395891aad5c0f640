"""What a draft is made from: counts, annex rows and context of one region and quarter.

`DraftInput` holds the counts the bulletin states (checked, total, …) and the annex rows.
Counts that the annex rows can give (problem websites, unqualified and unrectified accounts)
are always taken from the rows, so the draft agrees with its own annexes by construction;
rates with counts are recomputed by `figures()` at the printed precision, rounded half-up
with the same function the consistency checks use. A rate the source printed with no counts
to recompute it from is printed as printed, unless the source's own checks reject it (issue 19:
every figure the source states is in the draft). `corrections()`, `omitted()` and `copied()`
say which figures differ from the source and why (stderr and the review copies).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govstats.checks import is_failed, pct, round_half_up, truncate
from govstats.errors import GovstatsError
from govstats.quarter import Quarter
from govstats.registry import CHECK_LABELS_ZH, FIGURE_LABELS_ZH

if TYPE_CHECKING:
    import pandas as pd

#: Counts a draft may state, in the order the sentences use them.
COUNT_KEYS = (
    "website_total", "website_checked", "website_with_problems", "website_unqualified", "website_qualified",
    "newmedia_total", "newmedia_checked", "newmedia_unqualified", "newmedia_qualified",
    "newmedia_prominent_problems", "newmedia_unrectified",
)
#: Rates a draft may state. Coverage and pass rates are recomputed from counts; a rate whose counts
#: the source never stated (and annual_report_rate, which has none) is printed as the source printed it.
RATE_KEYS = ("website_coverage_rate", "website_pass_rate", "newmedia_coverage_rate", "newmedia_pass_rate",
             "annual_report_rate")
#: Every figure of a draft, in reading order.
FIGURE_ORDER = (
    "website_total", "website_checked", "website_coverage_rate", "website_with_problems", "website_unqualified",
    "website_qualified", "website_pass_rate", "annual_report_rate",
    "newmedia_total", "newmedia_checked", "newmedia_coverage_rate", "newmedia_unqualified", "newmedia_qualified",
    "newmedia_prominent_problems", "newmedia_pass_rate", "newmedia_unrectified",
)
DEFAULT_PRECISION = 2


class Reason(str):
    """Why a figure is what the draft prints: English for stderr, `.zh` for the review copy an office reads."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Reason:
        obj = super().__new__(cls, en)
        obj.zh = zh
        return obj


COPIED = Reason("printed as the source printed it: no counts to recompute it from", "原通报未给出可复算的计数，照录原值")


@dataclass
class Correction:
    """A figure the draft states differently from its source, and why (said on stderr and in the review copy)."""

    key: str
    stated: tuple[Decimal, int | None]
    drafted: tuple[Decimal, int | None]
    reason: str

    def __str__(self) -> str:
        label = FIGURE_LABELS_ZH.get(self.key) or CHECK_LABELS_ZH.get(self.key, self.key)
        return f"{label} ({self.key}): the source printed {_show(*self.stated)}, the draft prints " \
               f"{_show(*self.drafted)}: {self.reason}"


def _show(value: Decimal, precision: int | None) -> str:
    return f"{value:.{precision}f}%" if precision is not None else f"{value:f}"


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
    #: every plain figure the source printed {key: (value, precision or None)}; empty for a workbook
    stated: dict[str, tuple[Decimal, int | None]] = field(default_factory=dict)
    #: the source's own issue date: with feedback_deadline it gives the deadline's offset
    source_issue_date: dt.date | None = None
    doc_number: str | None = None  # 文号 the source printed, the default of the draft's
    derived: set[str] = field(default_factory=set)  # counts taken from the annex rows (rows_override)
    #: {figure key: message} of the source's own checks that failed (warning or error) on that figure
    doubtful: dict[str, str] = field(default_factory=dict)

    def rows_override(self) -> None:
        """Replace counts the annex rows can give by what the rows give (the corrections say so)."""
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
        self.counts.update(derived)
        self.derived = set(derived)
        for ch in ("website", "newmedia"):  # qualified = checked - unqualified whenever both are known
            checked, unq = self.counts.get(f"{ch}_checked"), self.counts.get(f"{ch}_unqualified")
            if f"{ch}_qualified" in self.counts and checked is not None and unq is not None and unq <= checked:
                self.counts[f"{ch}_qualified"] = checked - unq

    def figures(self) -> dict[str, tuple[Decimal, int | None]]:
        """Every figure of the draft: {key: (value, printed decimals or None for counts)}.

        Rates come from counts; a rate whose counts are missing is printed as the source stated it
        (annual_report_rate always); a rate whose counts are impossible is left out.
        """
        return {k: (v, p) for k, (v, p, _) in self._figures().items()}

    def _figures(self) -> dict[str, tuple[Decimal, int | None, Reason]]:
        """figures() with, for each, how it was obtained (the reason a correction gives)."""
        c = self.counts
        derived = self.derived
        out: dict[str, tuple[Decimal, int | None, Reason]] = {}
        for k in COUNT_KEYS:
            if k in c:
                why = Reason("counted from the annex rows", f"按附件所列行数计：{c[k]}") if k in derived else \
                    Reason("stated count", "原通报所列数")
                if k.endswith("_qualified") and k not in derived:
                    ch = k.split("_")[0]
                    if f"{ch}_unqualified" in c and f"{ch}_checked" in c:
                        checked, unq = c[f"{ch}_checked"], c[f"{ch}_unqualified"]
                        why = Reason(f"checked {checked} - unqualified {unq}", f"检查数{checked}−不合格数{unq}")
                out[k] = (Decimal(c[k]), None, why)
        for ch in ("website", "newmedia"):
            checked, total, unq = c.get(f"{ch}_checked"), c.get(f"{ch}_total"), c.get(f"{ch}_unqualified")
            qual = c.get(f"{ch}_qualified")
            if unq is not None and checked is not None:
                qual = checked - unq
            elif f"{ch}_pass_rate" not in self.stated:
                qual = None  # a pass rate from a stated qualified count only where the source printed one
            if checked is not None and total and checked <= total:
                out[f"{ch}_coverage_rate"] = self._rate(f"{ch}_coverage_rate", checked, total)
            if checked and qual is not None and 0 <= qual <= checked:
                out[f"{ch}_pass_rate"] = self._rate(f"{ch}_pass_rate", qual, checked)
        for k in RATE_KEYS:
            if k not in out and k in self.stated and self._counts_missing(k) and k not in self.doubtful:
                v, p = self.stated[k]
                out[k] = (v, p, COPIED)
        return {k: out[k] for k in FIGURE_ORDER if k in out}

    def _counts_missing(self, key: str) -> bool:
        """True when the draft has no counts for this rate at all (not when its counts are impossible)."""
        if key == "annual_report_rate":
            return True
        ch, kind = key.split("_", 1)
        c = self.counts
        if kind == "coverage_rate":
            return f"{ch}_checked" not in c or not c.get(f"{ch}_total")
        return not c.get(f"{ch}_checked") or (f"{ch}_unqualified" not in c and f"{ch}_qualified" not in c)

    def _rate(self, key: str, num: int, den: int) -> tuple[Decimal, int, Reason]:
        exact = pct(num, den)
        p = self.precision.get(key)
        if p is None:  # nothing printed before: whole percentages plainly, others to 2 decimals
            p = 0 if exact == exact.to_integral_value() else DEFAULT_PRECISION
        value = round_half_up(exact, p)
        why = Reason(f"its counts give {num}/{den} = {exact:.4f}%, rounded half-up to {p} decimal place(s)",
                     f"按计数复算：{num}/{den} = {exact:.4f}%，四舍五入保留{p}位小数")
        stated = self.stated.get(key)
        if stated is not None and stated[0] == truncate(exact, p) and stated[0] != value:
            why = Reason(f"the source truncated {num}/{den} = {exact:.4f}%; the draft rounds half-up (as the checks do)",
                         f"原通报为截断值（{num}/{den} = {exact:.4f}%），本稿四舍五入")
        return value, p, why

    def corrections(self) -> list[Correction]:
        """Every figure the source printed that the draft prints differently, with the reason."""
        out = []
        for k, (v, p, why) in self._figures().items():
            st = self.stated.get(k)
            if st is not None and st[0] != v:
                out.append(Correction(k, st, (v, p), why))
        return out

    def omitted(self) -> dict[str, Reason]:
        """Figures the source printed that the draft leaves out, with the reason: a rate with no counts to
        recompute it from, which the source's own checks found inconsistent (copying it would repeat the error)."""
        figs = self.figures()
        return {k: Reason(f"no counts to recompute it from, and the source's checks reject it: {self.doubtful.get(k, '')}",
                          f"无可复算的计数，且原通报数值未通过核验：{self.doubtful.get(k, '')}")
                for k in self.stated if k not in figs}

    def copied(self) -> list[str]:
        """Keys of the rates printed as the source printed them (no counts to check them against)."""
        return [k for k, (_, _, why) in self._figures().items() if why is COPIED]

    def deadline_for(self, issue_date: dt.date) -> dt.date | None:
        """The feedback deadline of a draft signed on issue_date: the source's deadline moved by as many
        days as the source's own signing date moved (a source signed 2-21 asking by 2-28 gives +7 days).

        None when the source gave no deadline or no date to take the offset from.
        """
        if self.feedback_deadline is None:
            return None
        if self.source_issue_date is None:
            return self.feedback_deadline  # a workbook's deadline is explicit
        return issue_date + (self.feedback_deadline - self.source_issue_date)


def _int_or_none(v: object) -> int | None:
    if v is None or type(v).__name__ == "NAType" or (isinstance(v, float) and v != v):
        return None
    return int(v)  # type: ignore[call-overload]


def _float_or_none(v: object) -> float | None:
    if v is None or type(v).__name__ == "NAType":
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if f != f or f in (float("inf"), float("-inf")) else f


def _str_or_none(v: object) -> str | None:
    if v is None or type(v).__name__ == "NAType" or (isinstance(v, float) and v != v):
        return None
    s = str(v).strip()
    return s or None


def _date_or_none(v: object) -> dt.date | None:
    if v is None or type(v).__name__ in ("NAType", "NaTType") or (isinstance(v, float) and v != v):
        return None
    return v.date() if isinstance(v, dt.datetime) else v if isinstance(v, dt.date) else None


def _is(column: pd.Series, value: str) -> pd.Series:
    """column == value as plain booleans: a missing value (NA: a bulletin with no recognised region)
    matches nothing, where `==` would give NA and break the mask (issue 19)."""
    return column.astype("object").eq(value).fillna(False).astype(bool)


def from_tables(tables: dict[str, pd.DataFrame], region: str, quarter: Quarter | str,
                with_previous: bool = True) -> DraftInput:
    """The DraftInput of one region and quarter from the processed tables (store.read_tables).

    Raises GovstatsError naming the region and quarter when the tables hold no bulletin for them.
    """
    q = Quarter(str(quarter))
    meta = tables["bulletins"]
    ours = _is(meta["region"], region)
    mine = meta[ours & _is(meta["period"], str(q))]
    if not len(mine):
        have = sorted({f"{r} {p}" for r, p in zip(meta.loc[ours, "region"], meta.loc[ours, "period"])})
        hint = f"; {region} has: {', '.join(have)}" if have else f"; no bulletin of {region} at all"
        raise GovstatsError(f"no bulletin for {region} {q} in the processed tables{hint}")
    # several bulletins of one region and quarter: the one with the most annex rows, then the latest
    mine = mine.assign(_rows=mine["website_rows"].fillna(0) + mine["new_media_rows"].fillna(0))
    row = mine.sort_values(["_rows", "issue_date", "bulletin_id"], ascending=False, na_position="last").iloc[0]
    bid = row["bulletin_id"]
    d = DraftInput(region=region, quarter=q, region_code=_str_or_none(row["region_code"]),
                   issuer=_str_or_none(row["issuer"]), feedback_deadline=_date_or_none(row["feedback_deadline"]),
                   source_issue_date=_date_or_none(row["issue_date"]), doc_number=_str_or_none(row.get("doc_number")))
    figs = tables["figures"]
    figs = figs[_is(figs["bulletin_id"], bid) & figs["breakdown"].isna()]
    for measure, value, precision in zip(figs["measure"], figs["value"], figs["precision"]):
        p = _int_or_none(precision)
        if measure in COUNT_KEYS and measure not in d.counts and _int_or_none(value) is not None:
            d.counts[measure] = int(value)
            d.stated.setdefault(measure, (Decimal(int(value)), None))
        elif measure in RATE_KEYS and p is not None and _float_or_none(value) is not None:
            d.precision.setdefault(measure, p)
            d.stated.setdefault(measure, (Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-p)), p))
    if "checks" in tables:
        chk = tables["checks"]
        chk = chk[_is(chk["bulletin_id"], bid)]
        for name, ok, sev, msg in zip(chk["check"], chk["ok"], chk["severity"], chk["message"]):
            if is_failed(ok) and str(sev) in ("warning", "error") and name in RATE_KEYS:
                d.doubtful.setdefault(name, str(msg))
    web = tables["websites"]
    for r in web[_is(web["bulletin_id"], bid)].sort_values("seq").to_dict("records"):
        d.websites.append({c: (_int_or_none(r.get(c)) if c == "seq" else _str_or_none(r.get(c)))
                           for c in WEBSITE_COLUMNS})
    nm = tables["new_media"]
    for r in nm[_is(nm["bulletin_id"], bid)].sort_values("seq").to_dict("records"):
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
    if not (_is(meta["region"], region) & _is(meta["period"], str(prev))).any():
        return None
    return from_tables(tables, region, prev, with_previous=False)

