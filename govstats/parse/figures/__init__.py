"""Narrative figures of a bulletin (counts and rates with their provenance).

`vocab` holds the words (platforms, check verbs, census and outcome cues) as data; `grammar`
reads sentences → clauses → counts and rates with their roles. Import from here.
"""

from govstats.parse.figures.grammar import (
    BREAKDOWN_KEYS,
    EXTRA_KEYS,
    FIGURE_KEYS,
    Figure,
    extract_figures,
    figures_dict,
    split_sentences,
)
from govstats.parse.figures.vocab import PLATFORM_RE_SRC as _PLATFORM

__all__ = [
    "BREAKDOWN_KEYS",
    "EXTRA_KEYS",
    "FIGURE_KEYS",
    "Figure",
    "_PLATFORM",
    "extract_figures",
    "figures_dict",
    "split_sentences",
]
