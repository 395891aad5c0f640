"""The figure record and the figure keys (their one home is govstats.registry.MEASURES): what every other module of the reader produces."""

from __future__ import annotations

from dataclasses import dataclass

from govstats import registry


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


#: Extension beyond the figure vocabulary the corpus readers use: the new-media check/sample ratio
#: (检查率/抽查比例). Bulletins print it and sometimes get it wrong (商洛 2020 Q4), so it feeds a coverage
#: check; the corpus facts file it under `other`.
EXTRA_KEYS = ("newmedia_coverage_rate",)

#: The plain figure keys, in the registry's display order (registry.MEASURES is their one home).
FIGURE_KEYS = tuple(k for k in registry.measure_keys() if k not in EXTRA_KEYS)

#: Figures printed as one row per item (accounts per platform).
BREAKDOWN_KEYS = registry.measure_keys(breakdown=True)


WEB, NM = "website", "newmedia"


_ZH = registry.CHANNEL_LABELS_ZH
