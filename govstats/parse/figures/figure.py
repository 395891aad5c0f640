"""The figure record and the figure keys (DESIGN §4): what every other module of the reader produces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One stated figure with its provenance (original characters and offsets)."""

    measure: str  # key, e.g. newmedia_pass_rate
    value: float  # counts as whole numbers, rates in percent (97.95)
    unit: str  # "count" | "pct"
    precision: int | None  # printed decimals for rates; None for counts
    stated_text: str  # as printed in the original text
    sentence: str  # the sentence it came from, original characters
    span_start: int  # offsets into the original text
    span_end: int
    breakdown: str | None = None  # printed label of a breakdown item (微信公众号)
    # why this figure must not ground an error (another reading is possible), e.g. a sub-population
    # of the checked set is stated; checks then say "could not verify" instead of flagging
    ambiguous: str | None = None


class FigureList(list):  # type: ignore[type-arg]
    """The figures of a bulletin (a plain list of Figure) plus `abstained`: (reason, sentence) pairs
    for numbers the extractor read but did not attribute because two readings were possible."""

    abstained: list[tuple[str, str]]


#: Figure keys of DESIGN §4, in display order (plus the breakdowns).
FIGURE_KEYS = (
    "website_total",
    "website_checked",
    "website_unqualified",
    "website_qualified",
    "website_with_problems",
    "website_pass_rate",
    "website_coverage_rate",
    "newmedia_total",
    "newmedia_checked",
    "newmedia_unqualified",
    "newmedia_qualified",
    "newmedia_prominent_problems",
    "newmedia_pass_rate",
    "newmedia_unrectified",
    "annual_report_rate",
)


BREAKDOWN_KEYS = ("newmedia_by_platform",)


#: Extension beyond §4: the new-media check/sample ratio (检查率/抽查比例). Bulletins print it and
#: sometimes get it wrong (商洛 2020 Q4), so it feeds a coverage check; corpus facts file it under `other`.
EXTRA_KEYS = ("newmedia_coverage_rate",)


WEB, NM = "website", "newmedia"


_ZH = {WEB: "政府网站", NM: "政务新媒体"}
