"""The numbers of a page: which bulletins have a dashboard, and one summary row per bulletin.

Shared by the dashboards (headline, trend), the index page and the ledger's summary sheet, so
the three always agree. Pass rates are recomputed with the reconciliation module's functions
(:func:`govstats.checks.pct`, :func:`govstats.checks.round_half_up`): one rounding rule.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from govstats import registry
from govstats.checks import failed_mask, pct, round_half_up
from govstats.errors import ParameterError
from govstats.normalize.region import match_name
from govstats.quarter import Quarter
from govstats.registry import severity_rank
from govstats.report.labels import SUMMARY_LABELS_ZH

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "EXTRA_COLUMNS",
    "UNRECTIFIED",
    "annex_cell",
    "available",
    "failed_measures",
    "bulletin_quarter",
    "require_available",
    "figure_index",
    "recomputed_pass_rate",
    "resolve_region",
    "summary_frame",
    "unplaceable",
    "validate_params",
]

_PERIOD_Q = re.compile(r"^\d{4}Q[1-4]$")
#: Rectification statuses that count as "not rectified" in every count of a page.
UNRECTIFIED = ("not_rectified", "in_progress", "not_reported")


def bulletin_quarter(row: Any) -> str | None:
    """The 2025Q1 label of a bulletins row: its period when quarterly, else year + quarter."""
    period = row.get("period") if isinstance(row, dict) else getattr(row, "period", None)
    if isinstance(period, str) and _PERIOD_Q.match(period):
        return period
    year = row.get("year") if isinstance(row, dict) else getattr(row, "year", None)
    q = row.get("quarter") if isinstance(row, dict) else getattr(row, "quarter", None)
    if registry._isna(year) or registry._isna(q):
        return None
    return f"{int(year)}Q{int(q)}"


def available(bulletins: pd.DataFrame) -> pd.DataFrame:
    """(region, quarter, bulletin_id) of every bulletin that can have a dashboard.

    Bulletins with no region or no quarterly period are left out; :func:`unplaceable` lists them.
    """
    import pandas as pd

    rows = []
    for r in bulletins.itertuples(index=False):
        q = bulletin_quarter(r)
        if q is not None and not registry._isna(r.region):
            rows.append({"region": str(r.region), "quarter": q, "bulletin_id": r.bulletin_id})
    return pd.DataFrame(rows, columns=["region", "quarter", "bulletin_id"])


def failed_measures(checks: pd.DataFrame) -> dict[tuple[str, str], tuple[str, float | None, str]]:
    """{(bulletin_id, figure key): (severity, computed, check id)} of stated figures that failed a check.

    A figure fails when an error or warning check is named after it (``newmedia_pass_rate``) or
    starts with its key (``newmedia_unrectified_rows``); "could not verify" notes (info) never
    flag a figure: a false flag tells an office its bulletin is wrong when it is not. The
    recomputed value is given only for the check named after the figure itself, the one that
    recomputes that same number (first the most serious, by checks.severity_rank).
    """
    failed = checks[failed_mask(checks) & checks["severity"].isin(("error", "warning"))]
    out: dict[tuple[str, str], tuple[str, float | None, str]] = {}
    rows = sorted(zip(failed["bulletin_id"], failed["check"], failed["severity"], failed["computed"]),
                  key=lambda r: (severity_rank(r[2]), len(str(r[1]))))  # most serious first, exact name first
    for bid, check, sev, computed in rows:
        check = str(check)
        for m in _FLAGGABLE:
            if check != m and not check.startswith(m + "_"):
                continue
            key = (str(bid), m)
            value = None if check != m or registry._isna(computed) else float(computed)
            if key not in out:
                out[key] = (str(sev), value, check)
            elif value is not None and out[key][1] is None:  # keep the severity, add the recomputed value
                out[key] = (out[key][0], value, out[key][2])
    return out


#: Figure keys a page shows on its own (cards, rate columns): the ones failed_measures flags.
_FLAGGABLE = ("website_checked", "newmedia_checked", "website_pass_rate", "newmedia_pass_rate",
              "website_unqualified", "newmedia_unqualified", "newmedia_unrectified", "website_with_problems",
              "newmedia_prominent_problems", "website_coverage_rate", "newmedia_coverage_rate")


def annex_cell(rows: int, other_rows: int, stated: float | None = None) -> str:
    """What a page shows for one channel's annex rows: the count, or why there is none.

    Rows > 0: the count. No row, while the text states that channel's count as 0: "0" (nothing
    to list). No row while the other channel's annex has rows: "未列出" (the annex does not list
    this channel). No row at all: "无附件" (the bulletin was read without its annex: zero rows
    would read as "no problems", which nobody knows).
    """
    if rows:
        return str(int(rows))
    if stated is not None and not registry._isna(stated) and float(stated) == 0:
        return "0"
    return "未列出" if other_rows else "无附件"


def unplaceable(bulletins: pd.DataFrame) -> list[tuple[str, str]]:
    """(bulletin_id, reason) of bulletins that cannot be placed in a (region, quarter)."""
    out = []
    for r in bulletins.itertuples(index=False):
        if registry._isna(r.region):
            out.append((r.bulletin_id, "no region recognized"))
        elif bulletin_quarter(r) is None:
            out.append((r.bulletin_id, f"period {r.period if not registry._isna(r.period) else '?'} is not a quarter"))
    return out


def validate_params(region: str, quarter: str, bulletins: pd.DataFrame) -> Quarter:
    """Check region and quarter against the data; ParameterError naming the valid choices."""
    return require_available(region, quarter, available(bulletins))


def require_available(region: str, quarter: str, av: pd.DataFrame) -> Quarter:
    """validate_params on an :func:`available` frame already built (region: its exact name, see resolve_region)."""
    region = resolve_region(region, av)
    quarters = sorted(av.loc[av["region"] == region, "quarter"].unique())
    try:
        q = Quarter(quarter)
    except ParameterError as exc:
        raise ParameterError(f"{exc}; quarters with data for {region}: {', '.join(quarters)}") from None
    if str(q) not in quarters:
        raise ParameterError(f"no bulletin for {region} {q}; quarters with data for {region}: {', '.join(quarters)}")
    return q


def resolve_region(region: str, av: pd.DataFrame) -> str:
    """The region with data that --region means: exact, or a unique short name (咸阳 -> 咸阳市);
    ParameterError with "did you mean 咸阳市?" otherwise (govstats.normalize.region.match_name)."""

    return match_name(str(region), set(av["region"]), "region")


# ---------------------------------------------------------------- summary (index, ledger, trend)


def figure_index(figures: pd.DataFrame) -> dict[tuple[str, str], tuple[float | None, int | None]]:
    """{(bulletin_id, measure): (value, precision)} of the plain (non-breakdown) figures, first wins.

    Built once per frame: filtering the long table per lookup costs ~10 ms each in pandas.
    """
    plain = figures[figures["breakdown"].isna()]
    out: dict[tuple[str, str], tuple[float | None, int | None]] = {}
    for bid, m, v, p in zip(plain["bulletin_id"], plain["measure"], plain["value"], plain["precision"]):
        out.setdefault((bid, m), (None if registry._isna(v) else float(v), None if registry._isna(p) else int(p)))
    return out


def analyst_figures(figures: pd.DataFrame) -> set[tuple[str, str]]:
    """{(bulletin_id, measure)} of the plain figures an analyst entered (figures.source == analyst;
    tables written before that column existed have none)."""
    if "source" not in figures.columns:
        return set()
    a = figures[figures["source"].eq("analyst").fillna(False).astype(bool) & figures["breakdown"].isna()]
    return set(zip(a["bulletin_id"], a["measure"]))


def checks_index(checks: pd.DataFrame) -> dict[tuple[str, str], float | None]:
    """{(bulletin_id, check): computed} of the pass-rate checks, first row wins (NA as None).

    Built once per frame for :func:`recomputed_pass_rate`: filtering the checks table per
    bulletin costs ~1.5 ms a lookup, minutes for a national index of 10,000 bulletins.
    """
    pr = checks[checks["check"].isin(("website_pass_rate", "newmedia_pass_rate"))]
    out: dict[tuple[str, str], float | None] = {}
    for bid, check, v in zip(pr["bulletin_id"], pr["check"], pr["computed"]):
        out.setdefault((bid, check), None if registry._isna(v) else float(v))
    return out


def recomputed_pass_rate(tables: dict[str, pd.DataFrame], bid: str, kind: str,
                         fig: dict[tuple[str, str], tuple[float | None, int | None]] | None = None,
                         computed: dict[tuple[str, str], float | None] | None = None) -> float | None:
    """Pass rate recomputed from the stated counts, at the printed precision (half-up).

    The checks table's own recomputation wins when present (it knows more breakdowns);
    otherwise (checked - unqualified) / checked, with qualified/checked as a fallback, computed
    and rounded by the reconciliation module's own pct / round_half_up (one rounding rule).
    """
    computed = computed if computed is not None else checks_index(tables["checks"])
    from_checks = computed.get((bid, f"{kind}_pass_rate"))
    if from_checks is not None:
        return from_checks
    fig = fig if fig is not None else figure_index(tables["figures"])

    def val(m: str) -> float | None:
        return fig.get((bid, m), (None, None))[0]

    checked, unq, qual = val(f"{kind}_checked"), val(f"{kind}_unqualified"), val(f"{kind}_qualified")
    if not checked:
        return None
    if unq is not None:
        rate = pct(Decimal(repr(checked - unq)), Decimal(repr(checked)))
    elif qual is not None:
        rate = pct(Decimal(repr(qual)), Decimal(repr(checked)))
    else:
        return None
    prec = fig.get((bid, f"{kind}_pass_rate"), (None, None))[1]
    return float(round_half_up(rate, 2 if prec is None else prec))


def summary_frame(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per bulletin: region, quarter, key figures stated vs recomputed, annex and check counts."""
    import pandas as pd

    b, w, n, ch = tables["bulletins"], tables["websites"], tables["new_media"], tables["checks"]
    fig = figure_index(tables["figures"])
    computed = checks_index(ch)
    unrect = pd.concat([w[["bulletin_id", "rectification"]], n[["bulletin_id", "rectification"]]])
    unrect_n = unrect[unrect["rectification"].isin(UNRECTIFIED)]["bulletin_id"].value_counts().to_dict()
    w_n, n_n = w["bulletin_id"].value_counts().to_dict(), n["bulletin_id"].value_counts().to_dict()
    failed = ch[failed_mask(ch)]  # ok null (a check that could not be made) is no failure
    err_n = failed[failed["severity"].eq("error").fillna(False)]["bulletin_id"].value_counts().to_dict()
    warn_n = failed[failed["severity"].eq("warning").fillna(False)]["bulletin_id"].value_counts().to_dict()
    flags = failed_measures(ch)
    rows = []
    for r in b.itertuples(index=False):
        bid = r.bulletin_id

        def v(m: str, bid: str = bid) -> float | None:
            return fig.get((bid, m), (None, None))[0]

        def prec(kind: str, bid: str = bid) -> int | None:
            """Printed decimals of the stated rate; the recomputed one is rounded (and shown) the same way."""
            stated, p = fig.get((bid, f"{kind}_pass_rate"), (None, None))
            return p if p is not None else (None if stated is not None else 2)

        w_rows, n_rows = int(w_n.get(bid, 0)), int(n_n.get(bid, 0))

        rows.append(
            {
                "bulletin_id": bid,
                "region": None if registry._isna(r.region) else r.region,
                "quarter": bulletin_quarter(r),
                "title": None if registry._isna(r.title) else r.title,
                "website_checked": v("website_checked"),
                "website_unqualified": v("website_unqualified"),
                "website_with_problems": v("website_with_problems"),
                "website_pass_rate": v("website_pass_rate"),
                "website_pass_rate_computed": recomputed_pass_rate(tables, bid, "website", fig, computed),
                "newmedia_checked": v("newmedia_checked"),
                "newmedia_unqualified": v("newmedia_unqualified"),
                "newmedia_pass_rate": v("newmedia_pass_rate"),
                "newmedia_pass_rate_computed": recomputed_pass_rate(tables, bid, "newmedia", fig, computed),
                "newmedia_unrectified": v("newmedia_unrectified"),
                "annex_unrectified": int(unrect_n.get(bid, 0)),
                "website_rows": w_rows,
                "new_media_rows": n_rows,
                "failed_errors": int(err_n.get(bid, 0)),
                "failed_warnings": int(warn_n.get(bid, 0)),
                "feedback_deadline": r.feedback_deadline,
                "website_pass_rate_precision": prec("website"),
                "newmedia_pass_rate_precision": prec("newmedia"),
                "website_pass_rate_flag": flags.get((bid, "website_pass_rate"), (None,))[0],
                "newmedia_pass_rate_flag": flags.get((bid, "newmedia_pass_rate"), (None,))[0],
                "website_annex": annex_cell(w_rows, n_rows, v("website_with_problems")),
                "new_media_annex": annex_cell(n_rows, w_rows, v("newmedia_unqualified")),
            }
        )
    cols = list(SUMMARY_LABELS_ZH) + list(EXTRA_COLUMNS)
    return pd.DataFrame(rows, columns=cols)


#: Columns of summary_frame after the labelled ones: how to print a row, not figures of their own
#: (the ledger turns them into number formats and cells, the pages into markup).
EXTRA_COLUMNS: dict[str, str] = {
    "website_pass_rate_precision": "printed decimals of the website pass rate (the recomputed one uses the same)",
    "newmedia_pass_rate_precision": "printed decimals of the new-media pass rate",
    "website_pass_rate_flag": "severity of the failed check of the stated website pass rate (error, warning) or None",
    "newmedia_pass_rate_flag": "the same for the new-media pass rate",
    "website_annex": "website annex rows as shown: the count, 无附件 (no annex read) or 未列出",
    "new_media_annex": "the same for the new-media annex",
}
